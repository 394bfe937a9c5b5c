"""The tracker's calendar (`deadlines.ics`), written as iCalendar text (RFC 5545).

Written directly rather than through the icalendar package's object model: over 10,000
cases that took two thirds of the tracker's time. What is written is small: all-day
events with text that is escaped (backslash, `;`, `,`, new lines) and lines folded at 75
octets without splitting a character. The tests read it back with icalendar.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

from ..core.files import atomic_path
from ..core.wording import long_date
from .cases import Row


def write_ics(rows: list[Row], target: Path, today: date) -> None:
    """Every open deadline as an all-day event; the pseudonym only, never the child's name."""
    with atomic_path(target) as tmp:
        tmp.write_bytes("".join(_fold(line) for line in _lines(rows, today)).encode("utf-8"))


def _lines(rows: list[Row], today: date) -> Iterator[str]:
    yield "BEGIN:VCALENDAR"
    yield "VERSION:2.0"
    yield "PRODID:-//cspr case review pipeline//tracker//EN"
    yield "X-WR-CALNAME:Case review deadlines"
    stamp = f"{today:%Y%m%d}T000000Z"
    events = sorted(
        ((d, r) for r in rows for d in r.open),
        key=lambda x: (x[0].due or date.max, x[1].reference, x[0].rule),
    )
    for deadline, row in events:
        assert deadline.due is not None
        yield "BEGIN:VEVENT"
        yield f"SUMMARY:{_text(f'{row.reference} {row.pseudonym}: {deadline.title}')}"
        yield f"DTSTART;VALUE=DATE:{deadline.due:%Y%m%d}"
        yield f"DTEND;VALUE=DATE:{deadline.due + timedelta(days=1):%Y%m%d}"
        yield f"DTSTAMP:{stamp}"
        yield f"UID:{_text(f'{row.reference}-{deadline.rule}@cspr')}"  # stable: re-import updates
        yield f"CATEGORIES:{_text(deadline.status)}"
        description = (
            f"{deadline.basis} ({deadline.source}). Status on {long_date(today)}: "
            f"{deadline.status}."
        )
        yield f"DESCRIPTION:{_text(description)}"
        yield "TRANSP:TRANSPARENT"
        yield "END:VEVENT"
    yield "END:VCALENDAR"


def _text(value: str) -> str:
    """A TEXT value escaped (RFC 5545 3.3.11); control characters other than new lines
    are not allowed in a value, so they become spaces."""
    value = value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    value = value.replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\n")
    return "".join(" " if ord(ch) < 32 or ch == "\x7f" else ch for ch in value)


def _fold(line: str) -> str:
    """The line ended by CRLF, folded into lines of at most 75 octets (RFC 5545 3.1)."""
    if line.isascii():  # one octet a character
        if len(line) <= 75:
            return line + "\r\n"
        rest = [line[i : i + 74] for i in range(75, len(line), 74)]
        return "\r\n ".join([line[:75], *rest]) + "\r\n"
    parts: list[str] = []
    current: list[str] = []
    size, limit = 0, 75
    for ch in line:
        width = len(ch.encode("utf-8"))
        if size + width > limit:
            parts.append("".join(current))
            current, size, limit = [], 0, 74  # a continuation line starts with a space
        current.append(ch)
        size += width
    parts.append("".join(current))
    return "\r\n ".join(parts) + "\r\n"
