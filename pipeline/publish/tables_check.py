"""Tables in a .docx, for the accessibility check: a header row on every table that is not
for layout (WCAG 1.3.1; PDF/UA-1 7.5), and a status said in words where a cell's colour says
it (WCAG 1.4.1)."""

from __future__ import annotations

import colorsys
import re
from typing import Any

from ..core.findings import Findings
from ..office.xml import W
from .a11y import CODE, OFF, RULES, _text, _val

STATUS_WORDS = re.compile(
    r"\b(?:red|amber|green|rag|overdue|late|due|on track|off track|done|complete[d]?|"
    r"closed|open|not started|in progress|started|delayed|at risk|risk|high|medium|low|"
    r"yes|no|met|not met|partly met|pass|fail(?:ed)?|ok|good|poor|urgent|achieved|"
    r"not achieved|blue)\b",
    re.I,
)


def _rows(table: Any) -> list[Any]:
    return list(table.iterfind(f"{W}tr"))


def _cells(row: Any) -> list[Any]:
    """A row's cells, inside content controls too."""
    return [c for c in row.iter(f"{W}tc") if _nearest(c, f"{W}tr") is row]


def _nearest(node: Any, tag: str) -> Any:
    parent = node.getparent()
    while parent is not None and parent.tag != tag:
        parent = parent.getparent()
    return parent


def _is_header(row: Any) -> bool:
    value = _val(row, "w:trPr/w:tblHeader")
    marked = row.find(f"{W}trPr/{W}tblHeader")
    return marked is not None and (value or "1").lower() not in OFF


def _layout(table: Any, rows: list[Any]) -> bool:
    """A table used only for layout: one row, a first row without text, or marked so."""
    if len(rows) < 2 or not _text(rows[0]):
        return True
    for tag in ("w:tblPr/w:tblCaption", "w:tblPr/w:tblDescription"):
        if (_val(table, tag) or "").strip().lower().startswith("layout"):
            return True
    return False


def _check_tables(findings: Findings, label: str, part: str, document: Any) -> None:
    for number, table in enumerate(document.iter(f"{W}tbl"), start=1):
        rows = _rows(table)
        if not rows:
            continue
        cells = _cells(rows[0])
        first = _text(cells[0]) if cells else ""
        place = first or f"table {number}"
        if not _is_header(rows[0]) and not _layout(table, rows):
            findings.add(
                CODE,
                f"Table {number} (first cell '{first}') has no header row "
                f"({RULES['table header']}).",
                file=label,
                sheet=part,
                field="table header",
                value=place,
                hint="In Word: select the first row > Table Properties > Row > 'Repeat as "
                "header row at the top of each page'. A table used only for layout: give it "
                "the alt-text title 'Layout'.",
            )
        for row in rows:
            if _is_header(row):
                continue
            row_cells = _cells(row)
            for cell in row_cells:
                colour = _rag(cell.find(f"{W}tcPr/{W}shd"))
                text = _text(cell)
                if colour and not STATUS_WORDS.search(text):
                    text = text or _text(row_cells[0]) or place  # the row it is in
                    findings.add(
                        CODE,
                        f"A cell of table {number} is shaded {colour} and does not say its "
                        f"status in words ({RULES['colour']}).",
                        file=label,
                        sheet=part,
                        field="colour",
                        value=text,
                        hint="Write the status in the cell too (Red, Amber, Green, Done).",
                    )


def _rag(shading: Any) -> str:
    """'red', 'amber' or 'green' for a cell shading of that hue and some strength
    (Excel's pale Bad/Neutral/Good fills count; near-white tints do not)."""
    if shading is None:
        return ""
    fill = (shading.get(f"{W}fill") or "").strip()
    if not re.fullmatch(r"[0-9A-Fa-f]{6}", fill):
        return ""
    r, g, b = (int(fill[i : i + 2], 16) / 255 for i in (0, 2, 4))
    hue, _light, _sat = colorsys.rgb_to_hls(r, g, b)
    strength = max(r, g, b) - min(r, g, b)
    if strength < 0.15:
        return ""
    degrees = hue * 360
    if degrees >= 330 or degrees < 20:
        return "red"
    if 20 <= degrees < 65:
        return "amber"
    if 75 <= degrees < 165:
        return "green"
    return ""
