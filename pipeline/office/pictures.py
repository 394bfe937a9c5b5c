"""Pictures drawn for documents with Pillow (the chronology's timeline is drawn by the
chronology). Pillow draws in a few milliseconds where importing matplotlib alone took
half a second of every command that made a picture."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

from ..core.files import atomic_path

RING = ["#1F3864", "#2E75B6", "#5B9BD5", "#70AD47", "#FFC000", "#ED7D31", "#A5A5A5"]
NAVY = "#1F3864"


def font(size: int, bold: bool = False) -> Any:
    """Pillow's own scalable font (no system fonts needed), at `size` pixels."""
    from PIL import ImageFont

    del bold  # Pillow's bundled font has one weight; size and colour carry the emphasis
    return ImageFont.load_default(size=size)


def save_png(image: Any, target: Path) -> None:
    """Write a picture atomically, with no timestamp in the file (the same case gives the
    same bytes)."""
    with atomic_path(target) as tmp:
        image.save(tmp, format="PNG", optimize=False, compress_level=1)  # flat colours: small


def briefing_graphic(target: Path, size: int = 480) -> None:
    """The seven parts as a ring of seven numbered segments, 'the 7-minute briefing' inside."""
    from PIL import Image, ImageDraw

    scale = 2  # drawn at twice the size, then reduced: smooth edges
    side = size * scale
    image = Image.new("RGBA", (side, side), (255, 255, 255, 0))
    draw = ImageDraw.Draw(image)
    outer, inner = side * 0.48, side * 0.27
    centre = side / 2
    box = (centre - outer, centre - outer, centre + outer, centre + outer)
    for i, colour in enumerate(RING):
        start = -90 + i * 360 / 7  # clockwise from the top, as a clock reads
        draw.pieslice(box, start, start + 360 / 7, fill=colour, outline="white", width=6)
    draw.ellipse((centre - inner, centre - inner, centre + inner, centre + inner), fill="white")
    label = font(int(side * 0.075))
    for i in range(7):
        angle = math.radians(-90 + (i + 0.5) * 360 / 7)
        radius = (outer + inner) / 2
        x, y = centre + radius * math.cos(angle), centre + radius * math.sin(angle)
        draw.text((x, y), str(i + 1), fill="white", font=label, anchor="mm")
    middle = font(int(side * 0.06))
    draw.text((centre, centre), "7-minute\nbriefing", fill=NAVY, font=middle, anchor="mm",
              align="center")  # fmt: skip
    save_png(image.resize((size, size), Image.Resampling.LANCZOS), target)
