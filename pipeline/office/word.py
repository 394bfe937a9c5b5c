"""Small helpers every generated Word document uses.

Page setup, a protective-marking header, "Page X of Y" footers, text made
safe for WordprocessingML, and a deterministic save (fixed zip timestamps and
document dates) so the same case gives byte-identical files.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterable
from datetime import date, datetime
from pathlib import Path
from typing import Any

from ..core.files import atomic_path
from .deflate import fast
from .xml import ILLEGAL_XML, NEEDS_CARE, W_NS, escape


def run_xml(text: str, bold: bool = False, italic: bool = False) -> str:
    """A w:r (or several lines of one) holding `text`; newlines become line breaks."""
    props = ("<w:b/>" if bold else "") + ("<w:i/>" if italic else "")
    rpr = f"<w:rPr>{props}</w:rPr>" if props else ""
    if not NEEDS_CARE.search(text):  # the common case, kept fast for big tables
        return f'<w:r>{rpr}<w:t xml:space="preserve">{text}</w:t></w:r>'
    lines = ILLEGAL_XML.sub("", text).replace("\r\n", "\n").split("\n")
    body = "<w:br/>".join(f'<w:t xml:space="preserve">{escape(line)}</w:t>' for line in lines)
    return f"<w:r>{rpr}{body}</w:r>"


def setup_page(
    doc: Any, landscape: bool = False, marking: str = "OFFICIAL-SENSITIVE", header_right: str = ""
) -> None:
    """A4, 2 cm margins, the marking in the header and page numbers in the footer."""
    from docx.enum.section import WD_ORIENT
    from docx.shared import Cm

    for section in doc.sections:
        section.page_width, section.page_height = Cm(21.0), Cm(29.7)
        if landscape:
            section.orientation = WD_ORIENT.LANDSCAPE
            section.page_width, section.page_height = Cm(29.7), Cm(21.0)
        for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
            setattr(section, side, Cm(1.5 if landscape else 2.0))
        header = section.header.paragraphs[0]
        header.text = ""
        head = header.add_run(marking)
        head.bold = True
        if header_right:
            header.add_run(" | " + header_right)
        footer = section.footer.paragraphs[0]
        footer.alignment = 1  # centre
        footer.text = ""
        _page_field(footer, "Page ", "PAGE")
        _page_field(footer, " of ", "NUMPAGES")


def set_language(doc: Any, language: str = "en-GB") -> None:
    """The document's language, on its default run properties (WCAG 3.1.1; a PDF made from
    it carries it too)."""
    from docx.oxml.ns import qn

    defaults = doc.styles.element.find(qn("w:docDefaults"))
    rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr")) if defaults is not None else None
    if rpr is None:
        return
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = rpr.makeelement(qn("w:lang"), {})
        rpr.append(lang)
    lang.set(qn("w:val"), language)


def describe_pictures(doc: Any, alt: str) -> None:
    """Alt text on every picture of the document that has none (WCAG 1.1.1)."""
    for shape in doc.inline_shapes:
        doc_pr = shape._inline.docPr
        if not doc_pr.get("descr"):
            doc_pr.set("descr", alt)


def _page_field(paragraph: Any, label: str, field: str) -> None:
    from docx.oxml import parse_xml

    paragraph.add_run(label)
    paragraph._p.append(
        parse_xml(
            f'<w:fldSimple xmlns:w="{W_NS}" w:instr="{field}"><w:r><w:t>1</w:t></w:r></w:fldSimple>'
        )
    )


def save_docx(
    doc: Any, target: Path, produced: date, insert: tuple[str, Iterable[str]] | None = None
) -> None:
    """Save with fixed dates. `insert` is (marker, parts): the paragraph holding the marker
    is replaced by the parts (e.g. a big table's rows), streamed into the zip a chunk at a
    time, so a table of any size never sits in memory as one string."""
    moment = datetime(produced.year, produced.month, produced.day)
    doc.core_properties.created = moment
    doc.core_properties.modified = moment
    doc.core_properties.last_printed = moment
    doc.core_properties.revision = 1
    buffer = io.BytesIO()
    doc.save(buffer)
    with (
        atomic_path(target) as tmp,
        zipfile.ZipFile(buffer) as src,
        zipfile.ZipFile(tmp, "w") as dst,
    ):
        for item in src.infolist():
            info = zipfile.ZipInfo(item.filename, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info._compresslevel = 1  # type: ignore[attr-defined]  # fast; size hardly differs
            data = src.read(item.filename)
            if insert and item.filename == "word/document.xml":
                _stream_into(dst, info, data.decode("utf-8"), *insert)
            else:
                dst.writestr(info, data)


def _stream_into(
    dst: zipfile.ZipFile, info: zipfile.ZipInfo, xml: str, marker: str, parts: Iterable[str]
) -> None:
    """Write `xml` as `info`, the whole w:p holding `marker` replaced by `parts`."""
    at = xml.index(marker)
    start = max(xml.rfind("<w:p>", 0, at), xml.rfind("<w:p ", 0, at))
    end = xml.index("</w:p>", at) + len("</w:p>")
    with fast(dst.open(info, "w", force_zip64=True)) as out:
        out.write(xml[:start].encode("utf-8"))
        batch: list[str] = []
        for part in parts:
            batch.append(part)
            if len(batch) == 500:
                out.write("".join(batch).encode("utf-8"))
                batch.clear()
        out.write("".join(batch).encode("utf-8"))
        out.write(xml[end:].encode("utf-8"))
