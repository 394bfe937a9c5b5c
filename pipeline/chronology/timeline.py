"""The chronology's timeline picture: one lane per agency, each event a mark in its lane,
key events as red diamonds, months along the bottom. Drawn with Pillow."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from ..office.pictures import font, save_png
from .model import Chronology

KEY_COLOUR = "#C00000"
EVENT_COLOUR = "#1F3864"
GRID = "#DDDDDD"
DPI = 150
LEFT = 0.24  # of the width: the lanes' names


def draw_timeline(chron: Chronology, target: Path, width_in: float = 10.0) -> None:
    """A PNG of every entry as a mark in its agency's lane; key events as red diamonds."""
    from PIL import Image, ImageDraw

    lanes = [c.name for c in chron.counts]
    width = int(width_in * DPI)
    lane_h = int(0.32 * DPI)
    top, bottom = int(0.42 * DPI), int(0.45 * DPI)
    height = top + lane_h * max(len(lanes), 1) + bottom
    image = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(image)
    x0, x1 = int(width * LEFT), width - int(0.2 * DPI)
    days = [e.day for e in chron.entries] or [date.today()]
    first, last = min(days), max(days)
    span = max((last - first).days, 1)
    pad = max(span // 40, 1)

    def x(day: date) -> float:
        return x0 + (x1 - x0) * ((day - first).days + pad) / (span + 2 * pad)

    small, title = font(15), font(17)
    draw.text(
        (x0, int(0.12 * DPI)),
        "Timeline: each mark an event; red diamonds are key events",
        fill="black",
        font=title,
    )
    for tick in _ticks(first, last):
        tx = x(tick)
        draw.line([(tx, top), (tx, top + lane_h * len(lanes))], fill=GRID, width=1)
        draw.text((tx, height - bottom + 8), _label(tick), fill="black", font=small, anchor="mt")
    lane_of = {name: i for i, name in enumerate(lanes)}
    for i, name in enumerate(lanes):
        y = top + lane_h * i + lane_h / 2
        draw.text((x0 - 10, y), _short(name), fill="black", font=small, anchor="rm")
    plain: set[tuple[int, int]] = set()  # (lane, pixel column): a mark drawn once
    key: set[tuple[int, int]] = set()
    column: dict[date, int] = {}
    for e in chron.entries:
        day = e.day
        if (ex := column.get(day, -1)) < 0:
            ex = column[day] = round(x(day))
        (key if e.row.key_event else plain).add((lane_of[e.agency_name], ex))
    half = lane_h / 2
    columns: dict[int, bytearray] = {}  # each lane's marks as one row of a mask, 2 px each
    for lane, ex in plain:
        columns.setdefault(lane, bytearray(width))[max(ex - 1, 0) : ex + 1] = b"\xff\xff"
    mark = round(lane_h * 0.6)
    for lane, row in sorted(columns.items()):  # a lane's marks in one paste, not one by one
        y = round(top + lane_h * lane + half - mark / 2)
        mask = Image.frombytes("L", (width, 1), bytes(row)).resize(
            (width, mark), Image.Resampling.NEAREST
        )
        image.paste(EVENT_COLOUR, (0, y, width, y + mark), mask)
    r = lane_h * 0.22
    for lane, ex in sorted(key):
        ey = top + lane_h * lane + half
        draw.polygon([(ex, ey - r), (ex + r, ey), (ex, ey + r), (ex - r, ey)], fill=KEY_COLOUR)
    base = top + lane_h * len(lanes)
    draw.line([(x0, base), (x1, base)], fill="black", width=1)
    draw.line([(x0, top), (x0, base)], fill="black", width=1)
    save_png(image, target)


def _ticks(first: date, last: date) -> list[date]:
    """First days of months, every 1, 2, 3, 6 or 12 months: between 4 and 10 of them."""
    months = (last.year - first.year) * 12 + last.month - first.month + 1
    step = next((s for s in (1, 2, 3, 6, 12, 24) if months / s <= 10), 60)
    ticks: list[date] = []
    index = first.year * 12 + first.month  # the month after the first day's
    while True:
        year, month = divmod(index, 12)
        day = date(year, month + 1, 1)
        if day > last:
            return ticks
        if (month % step) == 0 or step == 1:
            ticks.append(day)
        index += 1


def _label(day: date) -> str:
    return f"{day:%Y}" if day.month == 1 else f"{day:%b}"


def _short(name: str, limit: int = 34) -> str:
    return name if len(name) <= limit else name[: limit - 1] + "\u2026"


def timeline_alt(chron: Chronology) -> str:
    """The timeline picture in words, from its data (its alt text)."""
    days = [e.day for e in chron.entries]
    keys = sum(1 for e in chron.entries if e.row.key_event)
    if not days:
        return "A timeline of the agencies' contacts: none recorded."
    return (
        f"A timeline of {len(days)} events recorded by {len(chron.counts)} agencies, one lane "
        f"each, from {min(days):%d/%m/%Y} to {max(days):%d/%m/%Y}; {keys} key events are "
        "marked as red diamonds. The chronology lists every event in words."
    )
