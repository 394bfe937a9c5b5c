"""The accessibility check: real .docx files built with python-docx, real PDFs exported by
LibreOffice, the example's generated documents, and the tracker page under axe-core."""

from __future__ import annotations

import struct
import subprocess
import zlib
from pathlib import Path
from typing import Any

import pikepdf
from docx import Document
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Cm

from pipeline.core.findings import Findings
from pipeline.publish.accessibility import check_docx
from pipeline.publish.pdfcheck import check_pdf

from .conftest import CHROMIUM, needs_chromium, needs_office, run


def png_bytes() -> bytes:
    """A real 2 x 2 pixel PNG."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    pixels = zlib.compress(b"\x00\xff\x00\x00\xff\x00\x00" * 2)
    header = struct.pack(">IIBBBBB", 2, 2, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


TODAY = "2026-11-26"


def where(findings: Findings) -> set[tuple[str, str]]:
    """(rule, place) of each finding, after checking every finding's code and part."""
    assert all(f.code == "accessibility" and f.sheet for f in findings), findings
    return {(f.field, f.value) for f in findings}


def good(tmp_path: Path, *, picture: bool = True) -> Any:
    """A small accessible document: titled, a language, headings in order, a described
    picture and a table with a header row."""
    doc = Document()
    doc.core_properties.title = "Learning review"
    doc.add_heading("Learning review", level=0)
    doc.add_heading("Background", level=1)
    doc.add_paragraph("The review found learning.")
    doc.add_heading("What happened", level=2)
    if picture:
        png = tmp_path / "chart.png"
        png.write_bytes(png_bytes())
        doc.add_picture(str(png), width=Cm(2))
        doc.inline_shapes[0]._inline.docPr.set("descr", "Timeline of the agencies' contacts")
    table = doc.add_table(rows=3, cols=2)
    for row, texts in zip(
        table.rows, [("Agency", "Events"), ("Police", "4"), ("GP", "2")], strict=True
    ):
        for cell, text in zip(row.cells, texts, strict=True):
            cell.text = text
    table.rows[0]._tr.get_or_add_trPr().append(parse_xml(f"<w:tblHeader {nsdecls('w')}/>"))
    return doc


def save(doc: Any, path: Path) -> Path:
    doc.save(str(path))
    return path


def shade(cell: Any, fill: str) -> None:
    cell._tc.get_or_add_tcPr().append(
        parse_xml(f'<w:shd {nsdecls("w")} w:val="clear" w:color="auto" w:fill="{fill}"/>')
    )


def link(paragraph: Any, text: str, url: str) -> None:
    """A real external hyperlink with its relationship."""
    rid = paragraph.part.relate_to(
        url, "http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink", True
    )
    paragraph._p.append(
        parse_xml(
            f'<w:hyperlink {nsdecls("w", "r")} r:id="{rid}"><w:r><w:t>{text}</w:t></w:r>'
            "</w:hyperlink>"
        )
    )


# ----------------------------------------------------------------------------- docx


def test_an_accessible_document_has_no_findings(tmp_path: Path) -> None:
    assert check_docx(save(good(tmp_path), tmp_path / "good.docx"), "good.docx") == []


def test_picture_heading_and_table_failures_name_their_place(tmp_path: Path) -> None:
    doc = Document()
    doc.core_properties.title = "Learning review"
    doc.add_heading("Background", level=1)
    doc.add_heading("Missed appointments", level=3)  # skips Heading 2
    png = tmp_path / "timeline.png"
    png.write_bytes(png_bytes())
    doc.add_picture(str(png))  # no alt text
    doc.add_picture(str(png))
    doc.inline_shapes[1]._inline.docPr.set("descr", "timeline.png")  # a file name
    table = doc.add_table(rows=2, cols=2)  # no header row
    table.cell(0, 0).text, table.cell(0, 1).text = "Agency", "Events"
    table.cell(1, 0).text, table.cell(1, 1).text = "Police", "4"
    findings = check_docx(save(doc, tmp_path / "bad.docx"), "report/final-report.docx")
    assert where(findings) == {
        ("heading order", "Missed appointments"),
        ("alt text", "Picture 1"),
        ("alt text", "Picture 2: timeline.png"),
        ("table header", "Agency"),
    }
    assert {f.file for f in findings} == {"report/final-report.docx"}
    assert {f.sheet for f in findings} == {"word/document.xml"}
    rules = {f.field: f.message for f in findings}
    assert "1.3.1" in rules["heading order"] and "PDF/UA-1 7.4" in rules["heading order"]
    assert "1.1.1" in rules["alt text"] and "PDF/UA-1 7.3" in rules["alt text"]
    assert "1.3.1" in rules["table header"] and "PDF/UA-1 7.5" in rules["table header"]
    assert all(f.severity == "error" and f.as_dict()["hint"] for f in findings)


def test_the_first_heading_must_be_level_one_and_title_counts_as_one(tmp_path: Path) -> None:
    doc = Document()
    doc.core_properties.title = "Letter"
    doc.add_heading("Actions", level=2)
    assert where(check_docx(save(doc, tmp_path / "a.docx"), "a")) == {("heading order", "Actions")}
    doc = Document()
    doc.core_properties.title = "Letter"
    doc.add_heading("Letter", level=0)  # Title
    doc.add_heading("Actions", level=2)  # Title -> Heading 2 is allowed
    doc.add_heading("Back up", level=1)  # going up any number of levels is fine
    assert check_docx(save(doc, tmp_path / "b.docx"), "b") == []


def test_layout_tables_are_exempt(tmp_path: Path) -> None:
    doc = good(tmp_path, picture=False)
    single = doc.add_table(rows=1, cols=2)  # one row
    single.cell(0, 0).text = "Signed"
    grid = doc.add_table(rows=2, cols=2)  # a first row without text
    grid.cell(1, 0).text = "Panel"
    marked = doc.add_table(rows=2, cols=2)  # marked as layout in its alt text
    marked.cell(0, 0).text, marked.cell(1, 0).text = "1 Background", "2 Why it matters"
    marked._tbl.tblPr.append(parse_xml(f'<w:tblCaption {nsdecls("w")} w:val="Layout"/>'))
    assert check_docx(save(doc, tmp_path / "layout.docx"), "layout") == []


def test_title_and_language_are_required(tmp_path: Path) -> None:
    doc = good(tmp_path, picture=False)
    doc.core_properties.title = ""
    for lang in doc.styles.element.iter(qn("w:lang")):
        lang.getparent().remove(lang)
    settings = doc.settings.element
    for lang in settings.iter(qn("w:themeFontLang")):
        settings.remove(lang)
    findings = check_docx(save(doc, tmp_path / "untitled.docx"), "untitled.docx")
    assert where(findings) == {("title", ""), ("language", "")}
    parts = {f.field: (f.sheet, f.message) for f in findings}
    assert parts["title"][0] == "docProps/core.xml" and "2.4.2" in parts["title"][1]
    assert parts["language"][0] == "word/styles.xml" and "3.1.1" in parts["language"][1]


def test_a_required_language_is_checked_when_given(tmp_path: Path) -> None:
    path = save(good(tmp_path, picture=False), tmp_path / "us.docx")  # python-docx: en-US
    assert check_docx(path, "us") == []
    assert where(check_docx(path, "us", language="en-GB")) == {("language", "en-US")}
    assert check_docx(path, "us", language="EN-us") == []


def test_bare_url_links_and_colour_alone(tmp_path: Path) -> None:
    doc = good(tmp_path, picture=False)
    link(doc.add_paragraph("Read "), "https://www.gov.uk/guidance", "https://www.gov.uk/guidance")
    link(doc.add_paragraph("Read "), "the Panel's guidance", "https://www.gov.uk/guidance")
    table = doc.add_table(rows=4, cols=2)
    for row, texts in zip(
        table.rows, [("Action", "RAG"), ("R1", ""), ("R2", "Red"), ("R3", "")], strict=True
    ):
        for cell, text in zip(row.cells, texts, strict=True):
            cell.text = text
    table.rows[0]._tr.get_or_add_trPr().append(parse_xml(f"<w:tblHeader {nsdecls('w')}/>"))
    shade(table.rows[0].cells[1], "00B050")  # a green header row: not a status
    shade(table.rows[1].cells[1], "FFC7CE")  # Excel's pale red, no word: a finding
    shade(table.rows[2].cells[1], "FF0000")  # red that says Red
    shade(table.rows[3].cells[1], "FFF8E5")  # a near-white tint is not a RAG colour
    findings = check_docx(save(doc, tmp_path / "links.docx"), "links")
    assert where(findings) == {("link text", "https://www.gov.uk/guidance"), ("colour", "R1")}
    message = {f.field: f.message for f in findings}
    assert "2.4.4" in message["link text"] and "1.4.1" in message["colour"]


def test_a_file_that_is_not_a_docx_is_a_finding_not_a_crash(tmp_path: Path) -> None:
    path = tmp_path / "broken.docx"
    path.write_bytes(b"not a zip")
    assert [f.field for f in check_docx(path, "broken.docx")] == ["readable"]


def generated(example: Path, tmp_path: Path) -> list[Path]:
    out = tmp_path / "out"
    for command in ("summary", "panel-pack", "requests", "notices", "referral-form"):
        result = run(command, example, "--out", out, "--today", TODAY)
        assert result.exit_code == 0, result.output
    return sorted((out / example.name).rglob("*.docx"))


def test_the_example_documents_pass(example: Path, tmp_path: Path) -> None:
    """Every document the example case makes is titled, en-GB, has headings in order,
    described pictures, a header row on every table (label/value ones too) and no colour
    alone."""
    docs = generated(example, tmp_path)
    assert len(docs) > 20
    failures = {
        (doc.name, f.field, f.value)
        for doc in docs
        for f in check_docx(doc, doc.name, language="en-GB")
    }
    assert not failures, sorted(failures)


def test_label_value_tables_have_a_header_row(example: Path, tmp_path: Path) -> None:
    """The facts tables (Combined Summary, referral form, annex, chronology) start with a
    header row naming their two columns, and their facts follow it."""
    out = tmp_path / "out"
    for command in ("summary", "referral-form", "requests"):
        assert run(command, example, "--out", out, "--today", TODAY).exit_code == 0
    base = out / example.name
    firsts = {
        "combined-summary.docx": (("Item", "Detail"), "Case reference"),
        "referral-form.docx": (("Question", "Answer"), "Name"),
        "requests/police-annex.docx": (("Item", "Detail"), "Child"),
        "multi-agency-chronology.docx": (("Item", "Detail"), "Case reference"),
    }
    for name, (header, first) in firsts.items():
        table = Document(str(base / name)).tables[0]
        assert tuple(c.text for c in table.rows[0].cells) == header, name
        assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None, name
        assert table.rows[1].cells[0].text == first, name


def test_the_briefing_is_designed_without_a_layout_table(example: Path, tmp_path: Path) -> None:
    """The 7-minute briefing's seven parts are headings in panels of shaded paragraphs in two
    columns, not cells of a layout table (which a tagged PDF would give as a data table)."""
    template = Path(__file__).resolve().parents[1] / "templates" / "7-minute-briefing.docx"
    doc = Document(str(template))
    assert doc.tables == []
    columns = doc.sections[-1]._sectPr.find(qn("w:cols"))
    assert columns is not None and columns.get(qn("w:num")) == "2"
    parts = [p for p in doc.paragraphs if p.style.name == "Heading 1"]
    assert [p.text.split()[0] for p in parts] == [str(n) for n in range(1, 8)]
    for part in parts:  # each in a shaded panel with a coloured edge
        ppr = part._p.pPr
        assert ppr.find(qn("w:shd")) is not None and ppr.find(qn("w:pBdr")) is not None
    assert check_docx(template, "7-minute-briefing.docx", language="en-GB") == []


# ----------------------------------------------------------------------------- PDF


def export(docx: Path, outdir: Path, options: str = "") -> Path:
    """The document as LibreOffice exports it: plain, or with filter options."""
    target = "pdf" + (f":writer_pdf_Export:{options}" if options else "")
    outdir.mkdir(parents=True, exist_ok=True)
    profile = (outdir / "profile").as_uri()  # its own profile: parallel runs never clash
    subprocess.run(
        ["soffice", f"-env:UserInstallation={profile}", "--headless", "--convert-to", target]
        + ["--outdir", str(outdir), str(docx)],
        check=True,
        capture_output=True,
        timeout=300,
    )
    return outdir / f"{docx.stem}.pdf"


TAGGED = '{"UseTaggedPDF":{"type":"boolean","value":"true"}}'
PDF_UA = '{"PDFUACompliance":{"type":"boolean","value":"true"}}'


@needs_office
def test_untagged_and_tagged_pdfs(tmp_path: Path) -> None:
    docx = save(good(tmp_path), tmp_path / "review.docx")
    plain = check_pdf(export(docx, tmp_path / "plain"), "review.pdf")
    tagged = check_pdf(export(docx, tmp_path / "tagged", TAGGED), "review.pdf")
    ua = check_pdf(export(docx, tmp_path / "ua", PDF_UA), "review.pdf")
    assert {"marked", "tagged"} <= {f.field for f in plain}
    assert {f.field for f in tagged} == {"title"}, tagged  # tagged; the title not in XMP
    assert tagged[0].value == "Learning review"  # only in the document information
    assert ua == [], ua
    assert {f.sheet for f in plain if f.field in ("marked", "tagged")} == {"catalog"}
    assert all("PDF/UA-1 7.1" in f.message for f in plain)


@needs_office
def test_a_pdf_without_language_or_shown_title(tmp_path: Path) -> None:
    pdf_path = export(save(good(tmp_path), tmp_path / "review.docx"), tmp_path / "ua", PDF_UA)
    with pikepdf.open(pdf_path, allow_overwriting_input=True) as pdf:
        del pdf.Root["/Lang"]
        pdf.Root.ViewerPreferences.DisplayDocTitle = False
        pdf.save(pdf_path)
    assert where(check_pdf(pdf_path, "review.pdf")) == {("language", ""), ("display title", "")}


@needs_office
def test_figure_without_alt_and_table_without_header_in_a_tagged_pdf(tmp_path: Path) -> None:
    doc = good(tmp_path)
    doc.inline_shapes[0]._inline.docPr.attrib.pop("descr")
    doc.add_paragraph("Agencies asked:")  # two tables side by side would be one
    table = doc.add_table(rows=2, cols=2)
    table.cell(0, 0).text, table.cell(1, 0).text = "Agency", "Police"
    pdf_path = export(save(doc, tmp_path / "review.docx"), tmp_path / "ua", PDF_UA)
    findings = check_pdf(pdf_path, "review.pdf")
    assert where(findings) == {
        ("alt text", "figure 1 on page 1"),
        ("table header", "table 2 on page 1"),
    }
    assert {f.sheet for f in findings} == {"structure tree"}


def test_a_deep_structure_tree_and_role_map(tmp_path: Path) -> None:
    """5,000 nested elements (past Python's recursion limit), a loop, and a custom type
    mapped to Figure, all without a crash."""
    pdf = pikepdf.new()
    pdf.add_blank_page()
    root = pdf.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.StructTreeRoot))
    root.RoleMap = pikepdf.Dictionary(Chart=pikepdf.Name.Figure)
    parent = root
    for _ in range(5000):
        child = pdf.make_indirect(pikepdf.Dictionary(S=pikepdf.Name.Div, P=parent))
        parent.K = pikepdf.Array([child])
        parent = child
    chart = pdf.make_indirect(pikepdf.Dictionary(S=pikepdf.Name("/Chart"), P=parent))
    described = pdf.make_indirect(pikepdf.Dictionary(S=pikepdf.Name.Figure, Alt="A ring"))
    parent.K = pikepdf.Array([chart, described, root.K[0]])  # the last one loops back
    pdf.Root.StructTreeRoot = root
    pdf.Root.MarkInfo = pikepdf.Dictionary(Marked=True)
    pdf.Root.Lang = "en-GB"
    pdf.Root.ViewerPreferences = pikepdf.Dictionary(DisplayDocTitle=True)
    with pdf.open_metadata(set_pikepdf_as_editor=False) as meta:
        meta["dc:title"] = "Learning review"
    path = tmp_path / "deep.pdf"
    pdf.save(path)
    assert where(check_pdf(path, "deep.pdf")) == {("alt text", "figure 1")}


def test_a_file_that_is_not_a_pdf_is_a_finding(tmp_path: Path) -> None:
    path = tmp_path / "broken.pdf"
    path.write_bytes(b"%PDF-1.7 nothing else")
    assert [f.field for f in check_pdf(path, "broken.pdf")] == ["readable"]


# ----------------------------------------------------------------------------- HTML


@needs_chromium
def test_the_tracker_page_passes_axe(example: Path, tmp_path: Path) -> None:
    """axe-core (shipped inside axe-playwright-python: no network) finds no violation of any
    impact on the tracker page (its content in landmarks, a <main>), and its columns sort
    from the keyboard (each heading is a button)."""
    import playwright.sync_api as playwright
    from axe_playwright_python.sync_playwright import Axe

    result = run("tracker", example.parent, "--out", tmp_path, "--today", TODAY)
    assert result.exit_code == 0, result.output
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=str(CHROMIUM),
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        try:
            page = browser.new_page()
            page.goto((tmp_path / "tracker.html").as_uri())
            response = Axe().run(page).response
            page.focus("th button:text('Reference')")
            page.keyboard.press("Enter")
            sorted_by = page.locator("th[aria-sort]").all_inner_texts()
            order = page.get_attribute("th[aria-sort]", "aria-sort")
        finally:
            browser.close()
    assert response["testEngine"]["name"] == "axe-core"
    violations = [
        (v["id"], v["impact"], v["help"], [n["target"] for n in v["nodes"]])
        for v in response["violations"]
    ]
    assert not violations, violations
    assert (sorted_by, order) == (["Reference"], "ascending")
