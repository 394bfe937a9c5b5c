"""What every workbook we write shares: the header style, agency bands, and cells written
as sheet XML (text always as text: a value beginning `=` never becomes a formula)."""

from __future__ import annotations

import re
from xml.sax.saxutils import escape

from .xml import NEEDS_CARE

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


def number_cell(ref: str, style: int, value: float) -> str:
    """A number cell as sheet XML (dates and times are numbers with a date style)."""
    return f'<c r="{ref}" s="{style}"><v>{value}</v></c>'


def string_cell(ref: str, style: int, value: str) -> str:
    """An inline string: text, never a formula, with control characters kept as Excel does."""
    safe = value
    if NEEDS_CARE.search(value):
        safe = escape(CONTROL.sub(lambda m: f"_x{ord(m.group()):04X}_", SURROGATES.sub("", value)))
    return f'<c r="{ref}" s="{style}" t="inlineStr"><is><t xml:space="preserve">{safe}</t></is></c>'


def header_text(text: str) -> str:
    """Page header text: '&' starts a header code in Excel, so double it."""
    return text.replace("&", "&&")
