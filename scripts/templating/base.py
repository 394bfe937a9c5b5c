"""What every template shares: page set-up, styles, tables, letters, a deterministic save."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Sequence
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import parse_xml
from docx.shared import Cm, Pt, RGBColor

from pipeline.office.word import set_language, setup_page
from pipeline.office.xml import W_NS

SHIPPED = Path(__file__).resolve().parents[2] / "templates"
OUT = SHIPPED  # where this run writes; a scratch folder with --check
MADE = date(2026, 1, 1)  # the fixed date saved in every template


def save(doc: Any, name: str) -> None:
    """Save with fixed dates and zip times (no print date: documents made from it add one)."""
    moment = datetime.combine(MADE, time())
    doc.core_properties.created = doc.core_properties.modified = moment
    buffer = io.BytesIO()
    doc.save(buffer)
    with zipfile.ZipFile(buffer) as src, zipfile.ZipFile(OUT / name, "w") as dst:
        for item in src.infolist():
            info = zipfile.ZipInfo(item.filename, date_time=(1980, 1, 1, 0, 0, 0))
            dst.writestr(info, src.read(item.filename), zipfile.ZIP_DEFLATED)


NAVY = RGBColor(0x1F, 0x38, 0x64)


def new_document(title: str, landscape: bool = False) -> Any:
    doc = Document()
    set_language(doc)  # en-GB (python-docx's blank document says en-US)
    setup_page(
        doc, landscape=landscape, marking="{{ marking }}", header_right="{{ partnership.name }}"
    )
    normal = doc.styles["Normal"]
    normal.font.name = "Arial"
    normal.font.size = Pt(10.5)
    normal.paragraph_format.space_after = Pt(4)
    for level in (1, 2, 3):
        style = doc.styles[f"Heading {level}"]
        style.font.name = "Arial"
        style.font.color.rgb = NAVY
        style.paragraph_format.keep_with_next = True
    doc.core_properties.title = title
    doc.core_properties.author = "{{ partnership.name }}"
    return doc


def title_block(doc: Any, title: str, subtitle: str = "") -> None:
    p = doc.add_paragraph()
    run = p.add_run("{{ partnership.name }}")
    run.bold = True
    run.font.color.rgb = NAVY
    heading = doc.add_heading(title, level=0)
    heading.runs[0].font.size = Pt(22)
    if subtitle:
        doc.add_paragraph(subtitle)


def facts_table(
    doc: Any,
    rows: Sequence[tuple[str, str]],
    widths: tuple[float, float] = (5.0, 12.0),
    headers: tuple[str, str] = ("Item", "Detail"),
) -> Any:
    """A label/value table under a header row (`headers`): a screen reader and a tagged
    PDF name each value's column (WCAG 1.3.1; PDF/UA-1 7.5)."""
    table = doc.add_table(rows=1, cols=2)
    table.style = "Table Grid"
    header_row(table, headers)
    for label, value in rows:
        cells = table.add_row().cells
        cells[0].text = label
        cells[0].paragraphs[0].runs[0].bold = True
        shade(cells[0], "EAF1FB")
        cells[1].text = value
    fix_widths(table, widths)
    no_split(table)
    return table


def header_row(table: Any, headers: Sequence[str]) -> None:
    """The table's first row as its header row: white on navy, repeated on each page."""
    for cell, text in zip(table.rows[0].cells, headers, strict=True):
        cell.text = text
        cell.paragraphs[0].runs[0].bold = True
        cell.paragraphs[0].runs[0].font.color.rgb = RGBColor(0xFF, 0xFF, 0xFF)
        shade(cell, "1F3864")
    table.rows[0]._tr.get_or_add_trPr().append(parse_xml(f'<w:tblHeader xmlns:w="{W_NS}"/>'))


def loop_table(
    doc: Any,
    headers: Sequence[str],
    loop: str,
    cells: Sequence[str],
    widths: Sequence[float],
    empty_rows: int = 0,
) -> Any:
    """A table whose middle row repeats `{%tr for ... %}` (or blank rows to fill in)."""
    table = doc.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    header_row(table, headers)
    if loop:
        table.add_row().cells[0].text = "{%tr " + loop + " %}"
        for cell, text in zip(table.add_row().cells, cells, strict=True):
            cell.text = text
        table.add_row().cells[0].text = "{%tr endfor %}"
    for _ in range(empty_rows):
        table.add_row()
    fix_widths(table, widths)  # rows may break across pages: LibreOffice drops the rows of a
    return table  # repeating-header table that cannot split


def shade(cell: Any, fill: str) -> None:
    cell._tc.get_or_add_tcPr().append(
        parse_xml(f'<w:shd xmlns:w="{W_NS}" w:val="clear" w:color="auto" w:fill="{fill}"/>')
    )


def fix_widths(table: Any, widths: Sequence[float]) -> None:
    table.autofit = False
    for column, width in zip(table.columns, widths, strict=True):
        column.width = Cm(width)
        for cell in column.cells:
            cell.width = Cm(width)


def no_split(table: Any) -> None:
    """Rows never break across pages."""
    for row in table.rows:
        row._tr.get_or_add_trPr().append(parse_xml(f'<w:cantSplit xmlns:w="{W_NS}"/>'))


def para(doc: Any, text: str, bold: bool = False, italic: bool = False) -> Any:
    p = doc.add_paragraph()
    run = p.add_run(text)
    run.bold, run.italic = bold, italic
    return p


def letter(
    name: str, title: str, addressee: list[str], subject: str, body: list[str], contact: bool = True
) -> None:
    """A letter; without `contact` it carries no address, email or phone (published packs)."""
    doc = new_document(title)
    head = doc.add_paragraph()
    head.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    run = head.add_run("{{ partnership.name }}")
    run.bold = True
    if contact:
        head.add_run("\n{{ partnership.letterhead|lines }}")
    doc.add_paragraph("{{ produced|long_date }}")
    doc.add_paragraph("\n".join(addressee))
    para(doc, subject, bold=True)
    for text in body:
        if text.startswith("{%p"):
            para(doc, text)
        else:
            doc.add_paragraph(text)
    doc.add_paragraph("Yours sincerely,")
    doc.add_paragraph("\n\n{{ partnership.signature|lines }}")
    save(doc, f"{name}.docx")
