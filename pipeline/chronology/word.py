"""Write the multi-agency chronology as a landscape Word document.

A title block, the timeline picture, then the table with a repeating header
row. The table rows are generated as WordprocessingML directly (a template loop
takes minutes for 60,000 rows; this takes seconds), every agency text escaped.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, time
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
from ..office.xml import W_NS, plain
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
    yield from _rows_xml(chron.entries, band)
    yield "</w:tbl>"


PLAIN = '<w:r><w:t xml:space="preserve">'  # a run of plain text, and of bold text
BOLD = '<w:r><w:rPr><w:b/></w:rPr><w:t xml:space="preserve">'
NEXT = "</w:t></w:r></w:p></w:tc><w:tc><w:p>"  # end a one-run cell, start the next
BREAK = "<w:r><w:br/></w:r>"


def _rows_xml(entries: list[Entry], band: dict[str, str]) -> Iterator[str]:
    """The table's rows. Most rows need no escaping: one check of all their text finds
    them, and they are written as one string; the others go cell by cell (run_xml)."""
    agency_cells: dict[tuple[str, str, bool], str] = {}
    files: dict[str, str] = {}
    days: dict[date, str] = {}
    times: dict[time, str] = {}
    for e in entries:
        row = e.row
        bold = row.key_event
        on = row.date
        assert on is not None
        if on.uncertain:
            day = on.display()
        elif (day := days.get(on.earliest, "")) == "":
            day = days[on.earliest] = on.display()
        when = row.time_text
        if row.time is not None and (when := times.get(row.time, "")) == "":
            when = times[row.time] = row.time.strftime("%H:%M")
        key = (row.agency, e.agency_name, bold)
        if (agency := agency_cells.get(key, "")) == "":
            fill = band.get(row.agency, "FFFFFF")
            agency = agency_cells[key] = (
                f'</w:p></w:tc><w:tc><w:tcPr><w:shd w:val="clear" w:color="auto" '
                f'w:fill="{fill}"/></w:tcPr><w:p>{run_xml(e.agency_name, bold)}'
                "</w:p></w:tc><w:tc><w:p>"
            )
        if (source := files.get(row.file, "")) == "":
            source = files[row.file] = Path(row.file).name
        notes = ""
        if e.joint:
            line = f"[Possible joint event {e.joint} with {e.joint_with}]"
            notes = BREAK + run_xml(line, italic=True)
        if e.flags:
            notes += "".join(BREAK + run_xml(f"[{flag}]", italic=True) for flag in e.flags)
        texts = (when, row.source, row.event, row.action, row.significance, source)
        if not plain("".join(texts)):
            yield _row_careful(day, texts, agency, notes, bold, row.row)
            continue
        run = BOLD if bold else PLAIN
        yield (
            f"<w:tr><w:trPr><w:cantSplit/></w:trPr><w:tc><w:p>{run}{day}</w:t></w:r>"
            f"</w:p></w:tc><w:tc><w:p>{run}{when}</w:t></w:r>{agency}"
            f"{run}{row.source}{NEXT}{run}{row.event}</w:t></w:r>{notes}"
            f"</w:p></w:tc><w:tc><w:p>{run}{row.action}{NEXT}{run}{row.significance}{NEXT}"
            f"{run}{'Yes' if bold else ''}{NEXT}{PLAIN}{source}</w:t><w:br/>"
            f'<w:t xml:space="preserve">row {row.row}</w:t></w:r></w:p></w:tc></w:tr>'
        )


def _row_careful(
    day: str, texts: tuple[str, ...], agency: str, notes: str, bold: bool, number: int
) -> str:
    """A row with text that needs escaping or line breaks, a cell at a time."""
    when, source, event, action, significance, file = texts
    cells = [
        run_xml(source, bold),
        run_xml(event, bold) + notes,
        run_xml(action, bold),
        run_xml(significance, bold),
        run_xml("Yes" if bold else "", bold),
        run_xml(f"{file}\nrow {number}"),
    ]
    return (
        f"<w:tr><w:trPr><w:cantSplit/></w:trPr><w:tc><w:p>{run_xml(day, bold)}</w:p></w:tc>"
        f"<w:tc><w:p>{run_xml(when, bold)}{agency}"
        + "</w:p></w:tc><w:tc><w:p>".join(cells)
        + "</w:p></w:tc></w:tr>"
    )
