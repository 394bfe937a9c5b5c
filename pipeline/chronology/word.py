"""Write the multi-agency chronology as a landscape Word document.

A title block, the timeline picture, then the table with a repeating header
row. The table rows are generated as WordprocessingML directly (a template loop
takes minutes for 60,000 rows; this takes seconds), every agency text escaped.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

from ..core.wording import long_date
from ..office.excel import BANDS
from ..office.word import (
    describe_pictures,
    run_xml,
    save_docx,
    set_language,
    setup_page,
)
from ..office.xml import W_NS
from .model import Chronology, Entry
from .timeline import timeline_alt

MARKER = "[[CHRONOLOGY-TABLE]]"
# (title, width in cm): 26.7 cm across a landscape A4 page with 1.5 cm margins
COLUMNS = [
    ("Date", 2.4),
    ("Time", 1.4),
    ("Agency", 2.8),
    ("Source", 2.9),  # wide enough for "Safeguarding" whole at 8 pt
    ("Event", 6.8),
    ("Action", 3.5),
    ("Significance", 3.3),
    ("Key", 1.1),
    ("From", 2.5),
]
TWIPS_PER_CM = 567


def write_docx(chron: Chronology, target: Path, produced: date, timeline: Path | None) -> None:
    """The chronology as a landscape .docx at `target`: title block, timeline, the table."""
    from docx import Document
    from docx.shared import Cm, Pt

    doc = Document()
    set_language(doc)
    doc.core_properties.title = f"Multi-agency chronology {chron.reference}"
    setup_page(doc, landscape=True, header_right=f"{chron.reference} {chron.pseudonym}")
    doc.styles["Normal"].font.name = "Arial"
    doc.styles["Normal"].font.size = Pt(10)
    table_style = doc.styles["Table Grid"]
    table_style.font.size = Pt(8)
    doc.add_heading("Multi-agency chronology", level=0)
    facts = doc.add_table(rows=1, cols=2)
    facts.style = "Table Grid"
    _header_row(facts, ("Item", "Detail"))
    for label, value in (
        ("Case reference", chron.reference),
        ("Child", chron.pseudonym),
        ("Date produced", long_date(produced)),
        ("Protective marking", "OFFICIAL-SENSITIVE"),
        ("Rows", chron.summary_line()),
    ):
        cells = facts.add_row().cells
        cells[0].text, cells[1].text = label, value
        cells[0].paragraphs[0].runs[0].bold = True
    facts.autofit = False
    for column, width in zip(facts.columns, (Cm(4.5), Cm(22.2)), strict=True):
        column.width = width
        for cell in column.cells:
            cell.width = width
    if chron.period:
        doc.add_paragraph(
            f"Review period: {long_date(chron.period[0])} to {long_date(chron.period[1])}."
        )
    if timeline:
        doc.add_picture(str(timeline), width=Cm(26.0))
        describe_pictures(doc, timeline_alt(chron))
    doc.add_paragraph(
        "Bold rows are key events. 'c.' marks an uncertain date, placed at its earliest "
        "possible day. 'From' gives the return file and row each entry came from."
    )
    doc.add_paragraph(MARKER)
    save_docx(doc, target, produced, insert=(MARKER, table_xml(chron)))


def _header_row(table: Any, headers: tuple[str, str]) -> None:
    """The table's first row as a repeating header row, white on navy as the main table's
    (WCAG 1.3.1; a tagged PDF gives its cells as TH)."""
    from docx.oxml import parse_xml
    from docx.shared import RGBColor

    for cell, text in zip(table.rows[0].cells, headers, strict=True):
        cell.text = text
        run = cell.paragraphs[0].runs[0]
        run.bold = True
        run.font.color.rgb = RGBColor(0xFF, 0xFF, 0xFF)
        cell._tc.get_or_add_tcPr().append(
            parse_xml(f'<w:shd xmlns:w="{W_NS}" w:val="clear" w:color="auto" w:fill="1F3864"/>')
        )
    table.rows[0]._tr.get_or_add_trPr().append(parse_xml(f'<w:tblHeader xmlns:w="{W_NS}"/>'))


def table_xml(chron: Chronology) -> Iterator[str]:
    """The chronology table as WordprocessingML (a w:tbl), a row at a time, every agency
    text escaped."""
    band = {c.key: BANDS[i % len(BANDS)].lstrip("#") for i, c in enumerate(chron.counts)}
    grid = "".join(f'<w:gridCol w:w="{round(w * TWIPS_PER_CM)}"/>' for _, w in COLUMNS)
    head = "".join(
        f'<w:tc><w:tcPr><w:shd w:val="clear" w:color="auto" w:fill="1F3864"/></w:tcPr>'
        f'<w:p><w:r><w:rPr><w:b/><w:color w:val="FFFFFF"/></w:rPr><w:t>{t}</w:t></w:r></w:p></w:tc>'
        for t, _ in COLUMNS
    )
    yield (
        '<w:tbl><w:tblPr><w:tblStyle w:val="TableGrid"/><w:tblW w:w="5000" w:type="pct"/>'
        '<w:tblLayout w:type="fixed"/></w:tblPr>'
        f"<w:tblGrid>{grid}</w:tblGrid>"
        f"<w:tr><w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>{head}</w:tr>"
    )
    for e in chron.entries:
        yield _row_xml(e, band.get(e.row.agency, "FFFFFF"))
    yield "</w:tbl>"


def _row_xml(e: Entry, fill: str) -> str:
    row = e.row
    bold = row.key_event
    assert row.date is not None
    when = row.time.strftime("%H:%M") if row.time else row.time_text
    notes = [f"Possible joint event {e.joint} with {e.joint_with}"] if e.joint else []
    notes += e.flags
    event = run_xml(row.event, bold) + "".join(
        "<w:r><w:br/></w:r>" + run_xml(f"[{n}]", italic=True) for n in notes
    )
    cells = [
        run_xml(row.date.display(), bold),
        run_xml(when, bold),
        run_xml(e.agency_name, bold),
        run_xml(row.source, bold),
        event,
        run_xml(row.action, bold),
        run_xml(row.significance, bold),
        run_xml("Yes" if bold else "", bold),
        run_xml(f"{Path(row.file).name}\nrow {row.row}"),
    ]
    shade = f'<w:tcPr><w:shd w:val="clear" w:color="auto" w:fill="{fill}"/></w:tcPr>'
    body = "".join(
        f"<w:tc>{shade if i == 2 else ''}<w:p>{cell}</w:p></w:tc>" for i, cell in enumerate(cells)
    )
    return f"<w:tr><w:trPr><w:cantSplit/></w:trPr>{body}</w:tr>"
