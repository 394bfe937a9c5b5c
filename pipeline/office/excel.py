"""What every workbook we write shares: the header style, agency bands, and cells written
as sheet XML (text always as text: a value beginning `=` never becomes a formula).

A cell holds at most 32,767 characters (Excel's limit, counted in UTF-16 units): longer
text is cut to fit with a note saying so (`fit_cell`), never written whole for Excel to
refuse or silently drop."""

from __future__ import annotations

import re

from .xml import NEEDS_CARE, escape

BANDS = [
    "#EAF1FB",
    "#FDF2E9",
    "#EAF7EE",
    "#F5EEF8",
    "#FEF9E7",
    "#E8F6F8",
    "#FBEEEE",
    "#F2F3F4",
    "#EEF6E2",
    "#FFF0F6",
]
HEADER_STYLE = {
    "bold": True,
    "bg_color": "#1F3864",
    "font_color": "white",
    "text_wrap": True,
    "valign": "top",
    "border": 1,
}  # every workbook's header row
CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")
SURROGATES = re.compile("[\ud800-\udfff\ufffe\uffff]")
ESCAPE_LIKE = re.compile("_(x[0-9A-Fa-f]{4}_)")  # text that Excel would read as an escape
CELL_MAX = 32767  # Excel's limit on the characters in a cell (UTF-16 units)
CUT_NOTE = " [... cut short: Excel holds at most 32,767 characters in a cell]"


def utf16_length(text: str) -> int:
    """The length Excel counts: characters outside the BMP take two units."""
    return len(text) + sum(1 for ch in text if ord(ch) > 0xFFFF)


def fit_cell(value: str, note: str = CUT_NOTE) -> tuple[str, bool]:
    """`value` cut to fit in a cell, ending with `note`, and whether it was cut."""
    if len(value) <= CELL_MAX // 2 or utf16_length(value) <= CELL_MAX:
        return value, False
    room = CELL_MAX - utf16_length(note)
    kept: list[str] = []
    used = 0
    for ch in value:
        used += 2 if ord(ch) > 0xFFFF else 1
        if used > room:
            break
        kept.append(ch)
    return "".join(kept) + note, True


def number_cell(ref: str, style: int, value: float) -> str:
    """A number cell as sheet XML (dates and times are numbers with a date style)."""
    return f'<c r="{ref}" s="{style}"><v>{value}</v></c>'


def string_cell(ref: str, style: int, value: str) -> str:
    """An inline string: text, never a formula, whatever it begins with (`=`, `+`, `-`,
    `@`, a tab); control characters kept as Excel does; `_x0041_` typed by an agency stays
    those seven characters; cut to Excel's limit (callers that report it use `fit_cell`)."""
    value = fit_cell(value)[0]
    safe = value
    if "_x" in value:
        safe = ESCAPE_LIKE.sub(r"_x005F_\1", safe)
    if NEEDS_CARE.search(value):
        safe = escape(CONTROL.sub(lambda m: f"_x{ord(m.group()):04X}_", SURROGATES.sub("", safe)))
    return f'<c r="{ref}" s="{style}" t="inlineStr"><is><t xml:space="preserve">{safe}</t></is></c>'


def header_text(text: str) -> str:
    """Page header text: '&' starts a header code in Excel, so double it."""
    return text.replace("&", "&&")
