"""PDFs: LibreOffice's conversion with our metadata, the publication pack's PDFs, and the
leak scan of every place a PDF can hold text (issue 15, items 1, 2, 4 and 6)."""

from __future__ import annotations

import io
import json
from datetime import date
from pathlib import Path

import pikepdf
import pytest
import yaml
from docx import Document
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls
from docx.shared import Cm

from pipeline.case.load import load_case
from pipeline.case.validate import validate_case
from pipeline.core.findings import Findings
from pipeline.office.word import set_language
from pipeline.publish.leaks import Hit, Scanner, terms_for
from pipeline.publish.pdf import ToolMissing, convert_case, to_pdf
from pipeline.publish.pdfcheck import check_pdf

from .conftest import needs_office, run

SECRET = "Riley Brennan"
TODAY = "2027-03-01"
PEOPLE = ("Riley", "Brennan", "Kayleigh", "Dean Foster", "Lorraine", "Marlowe")


def publish(case: Path, out: Path) -> tuple[int, list[dict[str, str]]]:
    result = run("publish-pack", case, "--out", out, "--today", TODAY, "--json")
    return result.exit_code, [f for f in json.loads(result.stdout) if f["severity"] == "error"]


def scanner_for(example: Path) -> Scanner:
    case = load_case(example, Findings()).case
    assert case is not None
    return Scanner(terms_for(case))


def metadata_text(path: Path) -> str:
    with pikepdf.open(path) as pdf:
        info = " ".join(f"{k}={v}" for k, v in pdf.docinfo.items())
        return info + str(pdf.open_metadata())


# --- the publication pack's PDFs ---------------------------------------------------------------


@needs_office
def test_publish_pack_writes_tagged_titled_pdfs_without_names(
    example: Path, tmp_path: Path
) -> None:
    code, errors = publish(example, tmp_path)
    assert (code, errors) == (0, [])
    pack = tmp_path / example.name / "publish-pack"
    partnership = yaml.safe_load((example.parent / "partnership.yaml").read_text())["name"]
    manifest = json.loads((pack / "manifest.json").read_text())
    entries = {e["name"]: e for e in manifest["files"]}
    for name in ("final-report.pdf", "7-minute-briefing.pdf"):
        path = pack / name
        assert (pack / name).with_suffix(".docx").is_file()
        with pikepdf.open(path) as pdf:
            assert str(pdf.Root.Lang) == "en-GB"
            assert bool(pdf.Root.ViewerPreferences.DisplayDocTitle) is True
            assert bool(pdf.Root.MarkInfo.Marked) is True and "/StructTreeRoot" in pdf.Root
            assert str(pdf.docinfo.Author) == partnership
            assert str(pdf.docinfo.CreationDate) == "D:20270301000000Z"
            title = str(pdf.docinfo.Title)
            with pdf.open_metadata() as xmp:
                assert xmp["dc:title"] == title
                assert xmp["dc:creator"] == [partnership]
            pages = len(pdf.pages)
        meta = metadata_text(path)
        for person in PEOPLE:
            assert person not in meta, (name, person)
        assert entries[name]["pages"] == pages >= 1
        assert entries[name]["accessibility"] == {"result": "passed", "allowed": []}
        assert check_pdf(path, name) == []
        assert len(entries[name]["sha256"]) == 64
        assert f"publish-pack/{name}" in manifest["leak_scan"]["scanned"]
    with pikepdf.open(pack / "final-report.pdf") as pdf:
        assert str(pdf.docinfo.Title) == "Local child safeguarding practice review: Child R"
        assert len(pdf.open_outline().root) >= 3  # bookmarks from the headings
    with pikepdf.open(pack / "7-minute-briefing.pdf") as pdf:
        assert str(pdf.docinfo.Title) == "7-minute briefing: Who is living in the household?"
        assert [str(item.title)[:1] for item in pdf.open_outline().root][-7:] == list("1234567")
        assert len(pdf.pages) == 1
    assert "/Table" not in structure_types(pack / "7-minute-briefing.pdf")  # no layout table
    assert entries["final-report.docx"]["accessibility"]["result"] == "passed"
    assert scanner_for(example).scan_file(pack / "final-report.pdf", "final-report.pdf") == []


@needs_office
def test_pack_pdfs_are_the_same_bytes_when_made_again(example: Path, tmp_path: Path) -> None:
    digests = []
    for out in (tmp_path / "one", tmp_path / "two"):
        assert publish(example, out)[0] == 0
        manifest = json.loads((out / example.name / "publish-pack" / "manifest.json").read_text())
        digests.append({e["name"]: e["sha256"] for e in manifest["files"] if ".pdf" in e["name"]})
    assert digests[0] == digests[1] and len(digests[0]) == 2


@needs_office
def test_a_heading_naming_the_child_is_refused_in_the_pdf_too(
    example: Path, tmp_path: Path
) -> None:
    doc = Document()
    doc.add_heading("Review report", level=0)
    doc.add_heading(SECRET, level=1)
    doc.add_paragraph("The review found learning.")
    doc.save(str(example / "report" / "final-report.docx"))
    code, errors = publish(example, tmp_path)
    assert code == 1 and errors and {e["code"] for e in errors} == {"identifying-text"}
    assert not (tmp_path / example.name / "publish-pack").exists()
    hits = json.loads((tmp_path / example.name / "leak-report.json").read_text())
    in_pdf = {h["part"] for h in hits if h["file"] == "publish-pack/final-report.pdf"}
    assert {"pdf:page 1", "pdf:outline"} <= in_pdf, in_pdf


@needs_office
def test_the_docx_title_never_reaches_the_pdf_metadata(example: Path, tmp_path: Path) -> None:
    """clean_report keeps the core title and subject; LibreOffice would copy them into the
    PDF. The docx is refused for them, and the PDF carries our title alone."""
    doc = Document()
    doc.add_heading("Review report", level=0)
    doc.add_paragraph("The review found learning.")
    doc.core_properties.title = SECRET
    doc.core_properties.subject = f"About {SECRET}"
    doc.core_properties.keywords = SECRET
    doc.save(str(example / "report" / "final-report.docx"))
    assert publish(example, tmp_path)[0] == 1
    hits = json.loads((tmp_path / example.name / "leak-report.json").read_text())
    assert any(h["part"] == "docProps/core.xml" for h in hits)
    assert [h for h in hits if h["file"].endswith(".pdf")] == []
    target = tmp_path / "report.pdf"
    to_pdf(example / "report" / "final-report.docx", target, "A review", author="NSCP")
    assert SECRET not in metadata_text(target)
    assert scanner_for(example).scan_file(target, "report.pdf") == []


@needs_office
def test_convert_case_puts_pdfs_beside_the_case_documents(example: Path, tmp_path: Path) -> None:
    assert run("referral-form", example, "--out", tmp_path, "--today", TODAY).exit_code == 0
    folder = validate_case(example).folder
    outcome = convert_case(folder, tmp_path, date(2027, 3, 1), "referral-form")
    target = tmp_path / example.name / "referral-form.pdf"
    assert outcome.written == [target]
    with pikepdf.open(target) as pdf:
        assert str(pdf.docinfo.Title) == "Referral form: NS-2026-011"
        assert "Riley" not in metadata_text(target)  # the form names the child; not its title


def test_missing_libreoffice_names_the_install_command(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))  # a PATH with no soffice on it
    docx = tmp_path / "a.docx"
    Document().save(str(docx))
    with pytest.raises(ToolMissing, match="apt-get install libreoffice-writer-nogui"):
        to_pdf(docx, tmp_path / "a.pdf", "A title")
    assert not (tmp_path / "a.pdf").exists()


def structure_types(path: Path) -> set[str]:
    """Every structure type in a tagged PDF."""
    found: set[str] = set()
    with pikepdf.open(path) as pdf:
        stack = [pdf.Root.StructTreeRoot]
        while stack:
            node = stack.pop()
            if not isinstance(node, pikepdf.Dictionary):
                continue
            if "/S" in node:
                found.add(str(node.S))
            kids = node.get("/K")
            if kids is not None:
                stack += list(kids) if isinstance(kids, pikepdf.Array) else [kids]
    return found


def accessible_report(path: Path, *, flaws: bool = False, link: str = "") -> None:
    """A reviewer's report that passes the checks: titled, en-GB, headings in order, a table
    with a header row. With `flaws`: a skipped heading level, a picture without alt text and
    a table without a header row. With `link`: a hyperlink to that address."""
    from PIL import Image

    doc = Document()
    set_language(doc)
    doc.core_properties.title = "Learning review"
    doc.add_heading("Learning review", level=0)
    doc.add_heading("What happened", level=1)
    paragraph = doc.add_paragraph("The review found learning.")
    if link:
        rid = paragraph.part.relate_to(
            link,
            "http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink",
            is_external=True,
        )
        paragraph._p.append(
            parse_xml(
                f'<w:hyperlink {nsdecls("w", "r")} r:id="{rid}"><w:r><w:t>the photograph '
                "record</w:t></w:r></w:hyperlink>"
            )
        )
    table = doc.add_table(rows=2, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "Agency", "Events"
    table.cell(1, 0).text, table.cell(1, 1).text = "Police", "4"
    if not flaws:
        table.rows[0]._tr.get_or_add_trPr().append(parse_xml(f"<w:tblHeader {nsdecls('w')}/>"))
    else:
        doc.add_heading("Missed appointments", level=3)  # after Heading 1
        picture = io.BytesIO()
        Image.new("RGB", (40, 40), "navy").save(picture, format="PNG")
        doc.add_picture(picture, width=Cm(3))  # no alt text
    doc.save(str(path))


@needs_office
def test_a_report_failing_the_checks_gives_errors_naming_the_place_and_no_pack(
    example: Path, tmp_path: Path
) -> None:
    """Done when: an untagged picture, a skipped heading level and a table without a header
    row are accessibility errors, in the .docx and in its PDF, and no pack is built."""
    assert publish(example, tmp_path)[0] == 0  # an earlier pack: removed by the refusal
    accessible_report(example / "report" / "final-report.docx", flaws=True)
    code, errors = publish(example, tmp_path)
    assert code == 1
    assert {e["code"] for e in errors} == {"accessibility"}
    places = {(e["file"], e["field"], e["value"]) for e in errors}
    assert places == {
        ("final-report.docx", "heading order", "Missed appointments"),
        ("final-report.docx", "alt text", "Picture 1"),
        ("final-report.docx", "table header", "Agency"),
        ("final-report.pdf", "alt text", "figure 1 on page 1"),
        ("final-report.pdf", "table header", "table 1 on page 1"),
    }
    assert all(e["sheet"] and "WCAG 2.2" in e["message"] and e["hint"] for e in errors)
    assert not (tmp_path / example.name / "publish-pack").exists()
    result = run("publish-pack", example, "--out", tmp_path, "--today", TODAY)
    assert result.exit_code == 1
    assert "Missed appointments" in result.output and "Failed: 5 error(s)" in result.stderr


@needs_office
def test_a_reasoned_exception_lets_a_failed_check_through_and_the_manifest_shows_it(
    example: Path, tmp_path: Path
) -> None:
    doc = example / "report" / "final-report.docx"
    accessible_report(doc)
    table = Document(str(doc))
    header = table.tables[0].rows[0]._tr.trPr
    header.getparent().remove(header)  # the table loses its header row
    table.save(str(doc))
    code, errors = publish(example, tmp_path)
    assert code == 1 and {e["field"] for e in errors} == {"table header"}
    reason = "The reviewer's two-cell key; the author cannot be reached before publication"
    review = yaml.safe_load((example / "review.yaml").read_text())
    review["accessibility_allow"] = [
        {"rule": "table header", "file": "final-report.docx", "place": "Agency", "reason": reason},
        {"rule": "table header", "file": "final-report.pdf", "reason": reason},
    ]
    (example / "review.yaml").write_text(yaml.safe_dump(review, sort_keys=False))
    code, errors = publish(example, tmp_path)
    assert (code, errors) == (0, [])
    manifest = json.loads((tmp_path / example.name / "publish-pack" / "manifest.json").read_text())
    entries = {e["name"]: e["accessibility"] for e in manifest["files"] if "accessibility" in e}
    assert entries["final-report.docx"]["result"] == "passed with allowed exceptions"
    assert [
        (a["rule"], a["place"], a["reason"]) for a in entries["final-report.docx"]["allowed"]
    ] == [("table header", "Agency", reason)]
    assert entries["final-report.pdf"]["allowed"][0]["place"] == "table 1 on page 1"
    assert entries["7-minute-briefing.pdf"] == {"result": "passed", "allowed": []}
    result = run("publish-pack", example, "--out", tmp_path, "--today", TODAY)
    assert "Accessibility: 2 problem(s) let through" in result.output


def test_an_exception_must_name_a_rule_and_give_a_reason(example: Path, tmp_path: Path) -> None:
    with (example / "review.yaml").open("a") as f:
        f.write("accessibility_allow:\n  - {rule: contrast, reason: ''}\n")
    code, errors = publish(example, tmp_path)
    assert code == 1
    assert {(e["code"], e["field"]) for e in errors} == {
        ("value-invalid", "accessibility_allow[0].rule"),
        ("key-missing", "accessibility_allow[0].reason"),
    }


@needs_office
def test_a_report_linking_to_an_address_naming_the_child_is_refused(
    example: Path, tmp_path: Path
) -> None:
    """A link's address would be a PDF link annotation; it is caught in the report's
    relationships (LibreOffice 7.4 headless writes no link annotations: the scan of
    annotations is shown on planted PDFs below)."""
    accessible_report(
        example / "report" / "final-report.docx", link="https://example.org/riley-brennan.jpg"
    )
    code, errors = publish(example, tmp_path)
    assert code == 1 and {e["code"] for e in errors} == {"identifying-text"}
    assert {(e["file"], e["sheet"]) for e in errors} >= {
        ("report/final-report.docx", "word/_rels/document.xml.rels"),
        ("publish-pack/final-report.docx", "word/_rels/document.xml.rels"),
    }
    assert not (tmp_path / example.name / "publish-pack").exists()


# --- the panel pack's PDFs ----------------------------------------------------------------------


def panel_pack(example: Path, out: Path) -> tuple[int, str]:
    result = run("panel-pack", example, "--out", out, "--today", TODAY)
    return result.exit_code, result.stderr


@needs_office
def test_the_panel_pack_has_tagged_titled_pdfs_without_names(example: Path, tmp_path: Path) -> None:
    code, stderr = panel_pack(example, tmp_path)
    assert code == 0, stderr
    base = tmp_path / example.name
    documents = sorted(base.glob("*panel*.docx")) + sorted(base.glob("outcome-letters/*.docx"))
    assert len(documents) >= 4
    partnership = yaml.safe_load((example.parent / "partnership.yaml").read_text())["name"]
    for document in documents:
        pdf_path = document.with_suffix(".pdf")
        with pikepdf.open(pdf_path) as pdf:
            assert str(pdf.Root.Lang) == "en-GB"
            assert bool(pdf.Root.ViewerPreferences.DisplayDocTitle) is True
            assert str(pdf.docinfo.Author) == partnership
            assert str(pdf.docinfo.Title).endswith(": NS-2026-011")
        meta = metadata_text(pdf_path)
        for person in PEOPLE:
            assert person not in meta, (document.name, person)
        assert check_pdf(pdf_path, pdf_path.name) == [], pdf_path.name
    with pikepdf.open(base / "outcome-letters" / "police.pdf") as pdf:
        assert str(pdf.docinfo.Title) == (
            "Outcome of the rapid review (Northshire Police): NS-2026-011"
        )
    assert "accessibility" not in stderr  # every document and PDF passes
    # the Combined Summary's summary of events names the child: said once, for the .docx
    named = [line for line in stderr.splitlines() if "combined-summary-panel" in line]
    assert named and all(".pdf" not in line for line in named), named


def test_without_libreoffice_the_panel_pack_keeps_its_documents_and_says_why(
    example: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    base = tmp_path / example.name
    stale = base / "panel-covering-letter.pdf"
    stale.parent.mkdir(parents=True)
    stale.write_bytes(b"%PDF-1.7 from an earlier run")
    monkeypatch.setenv("PATH", str(tmp_path / "bin"))  # no soffice on it
    code, stderr = panel_pack(example, tmp_path)
    assert code == 0, stderr
    assert (base / "combined-summary-panel.docx").is_file()
    assert (base / "panel-covering-letter.docx").is_file()
    assert list(base.rglob("*.pdf")) == []  # none made, and the stale one gone
    assert "the PDFs were skipped" in stderr
    assert "apt-get install libreoffice-writer-nogui" in stderr


# --- the leak scan of a PDF's every place --------------------------------------------------------


def simple_pdf(text: str = "The review found learning.") -> pikepdf.Pdf:
    """A one-page PDF showing `text` in Helvetica, which pdftotext reads."""
    pdf = pikepdf.new()
    pdf.add_blank_page(page_size=(595, 842))
    font = pdf.make_indirect(
        pikepdf.Dictionary(
            Type=pikepdf.Name.Font,
            Subtype=pikepdf.Name.Type1,
            BaseFont=pikepdf.Name.Helvetica,
            Encoding=pikepdf.Name.WinAnsiEncoding,
        )
    )
    page = pdf.pages[0]
    page.obj.Resources = pikepdf.Dictionary(Font=pikepdf.Dictionary(F1=font))
    escaped = text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
    page.obj.Contents = pdf.make_stream(f"BT /F1 12 Tf 72 700 Td ({escaped}) Tj ET".encode())
    return pdf


def with_info(pdf: pikepdf.Pdf) -> None:
    pdf.docinfo.Subject = SECRET


def with_xmp(pdf: pikepdf.Pdf) -> None:
    with pdf.open_metadata(set_pikepdf_as_editor=False) as meta:
        meta["dc:description"] = f"Notes on {SECRET}"


def with_annotation(pdf: pikepdf.Pdf) -> None:
    annot = pikepdf.Dictionary(
        Type=pikepdf.Name.Annot,
        Subtype=pikepdf.Name.Text,
        Rect=[100, 100, 120, 120],
        Contents=pikepdf.String(f"Check with {SECRET}"),
        T=pikepdf.String("Reviewer"),
    )
    pdf.pages[0].obj.Annots = pdf.make_indirect(pikepdf.Array([pdf.make_indirect(annot)]))


def with_annotation_title(pdf: pikepdf.Pdf) -> None:
    annot = pikepdf.Dictionary(
        Type=pikepdf.Name.Annot,
        Subtype=pikepdf.Name.Text,
        Rect=[100, 100, 120, 120],
        Contents=pikepdf.String("Check this"),
        T=pikepdf.String(SECRET),  # the author of a comment
    )
    pdf.pages[0].obj.Annots = pikepdf.Array([pdf.make_indirect(annot)])


def with_link(pdf: pikepdf.Pdf) -> None:
    action = pikepdf.Dictionary(S=pikepdf.Name.URI, URI=pikepdf.String(
        "https://example.org/riley_brennan.jpg"
    ))  # fmt: skip
    annot = pikepdf.Dictionary(
        Type=pikepdf.Name.Annot, Subtype=pikepdf.Name.Link, Rect=[0, 0, 10, 10], A=action
    )
    pdf.pages[0].obj.Annots = pikepdf.Array([pdf.make_indirect(annot)])


def with_outline(pdf: pikepdf.Pdf) -> None:
    with pdf.open_outline() as outline:
        outline.root.append(pikepdf.OutlineItem("Introduction", 0))
        outline.root.append(pikepdf.OutlineItem(f"What happened to {SECRET}", 0))


def with_attachment_name(pdf: pikepdf.Pdf) -> None:
    pdf.attachments["notes.txt"] = pikepdf.AttachedFileSpec(
        pdf, b"Nothing here.", filename="riley-brennan.txt"
    )


def with_attachment(pdf: pikepdf.Pdf) -> None:
    doc = Document()
    doc.add_paragraph(f"Interview with {SECRET}")
    buffer = io.BytesIO()
    doc.save(buffer)
    pdf.attachments["notes.docx"] = pikepdf.AttachedFileSpec(
        pdf, buffer.getvalue(), filename="notes.docx"
    )


def with_text_attachment(pdf: pikepdf.Pdf) -> None:
    pdf.attachments["a.txt"] = pikepdf.AttachedFileSpec(
        pdf, f"Child: {SECRET}".encode(), filename="a.txt"
    )


def with_field(pdf: pikepdf.Pdf) -> None:
    field = pdf.make_indirect(
        pikepdf.Dictionary(
            FT=pikepdf.Name.Tx,
            T=pikepdf.String("child"),
            V=pikepdf.String(SECRET),
            Type=pikepdf.Name.Annot,
            Subtype=pikepdf.Name.Widget,
            Rect=[100, 600, 300, 620],
        )
    )
    pdf.pages[0].obj.Annots = pikepdf.Array([field])
    pdf.Root.AcroForm = pikepdf.Dictionary(Fields=pikepdf.Array([field]))


def with_alt_text(pdf: pikepdf.Pdf) -> None:
    figure = pdf.make_indirect(
        pikepdf.Dictionary(
            Type=pikepdf.Name.StructElem,
            S=pikepdf.Name.Figure,
            Alt=pikepdf.String(f"Photograph of {SECRET}"),
        )
    )
    root = pdf.make_indirect(
        pikepdf.Dictionary(Type=pikepdf.Name.StructTreeRoot, K=pikepdf.Array([figure]))
    )
    figure.P = root
    pdf.Root.StructTreeRoot = root


def with_page_text(pdf: pikepdf.Pdf) -> None:
    pdf.pages[0].obj.Contents = pdf.make_stream(
        f"BT /F1 12 Tf 72 650 Td ({SECRET} was seen at home.) Tj ET".encode()
    )


def with_named_destination(pdf: pikepdf.Pdf) -> None:
    dests = pikepdf.Dictionary()
    dests["/Riley_Brennan"] = pikepdf.Array([pdf.pages[0].obj, pikepdf.Name.Fit])
    pdf.Root.Dests = dests


PLANTS = {
    "document information": (with_info, "pdf:info"),
    "XMP": (with_xmp, "pdf:xmp"),
    "annotation contents": (with_annotation, "pdf:annotation"),
    "annotation author": (with_annotation_title, "pdf:annotation"),
    "link URI": (with_link, "pdf:annotation"),
    "bookmark": (with_outline, "pdf:outline"),
    "attachment name": (with_attachment_name, "pdf:attachment name"),
    "attached docx": (with_attachment, "pdf:attachment (notes.docx)!word/document.xml"),
    "attached text": (with_text_attachment, "pdf:attachment"),
    "form field": (with_field, "pdf:form field"),
    "alt text": (with_alt_text, "pdf:structure"),
    "page text": (with_page_text, "pdf:page 1"),
    "named destination": (with_named_destination, "pdf:names"),
}


@pytest.mark.parametrize("place", sorted(PLANTS))
def test_the_scan_finds_a_name_in_every_place_of_a_pdf(
    example: Path, tmp_path: Path, place: str
) -> None:
    plant, part = PLANTS[place]
    pdf = simple_pdf()
    plant(pdf)
    path = tmp_path / "report.pdf"
    pdf.save(path)
    hits = scanner_for(example).scan_file(path, "publish-pack/report.pdf")
    assert hits, place
    assert all(isinstance(h, Hit) and h.file == "publish-pack/report.pdf" for h in hits)
    assert part in {h.part for h in hits}, [(h.part, h.place, h.text) for h in hits]
    found = next(h for h in hits if h.part == part)
    assert found.place and ("Riley" in found.text or "riley" in found.text.lower())


def test_a_clean_pdf_has_no_hits(example: Path, tmp_path: Path) -> None:
    pdf = simple_pdf("Child R was seen at home by a health visitor.")
    with_outline_neutral(pdf)
    path = tmp_path / "clean.pdf"
    pdf.save(path)
    assert scanner_for(example).scan_file(path, "clean.pdf") == []


def with_outline_neutral(pdf: pikepdf.Pdf) -> None:
    with pdf.open_outline() as outline:
        outline.root.append(pikepdf.OutlineItem("Introduction", 0))


def test_a_pdf_that_cannot_be_opened_is_a_hit(example: Path, tmp_path: Path) -> None:
    path = tmp_path / "broken.pdf"
    pdf = simple_pdf()
    pdf.save(
        path,
        encryption=pikepdf.Encryption(owner="owner", user="secret", R=6),
    )
    hits = scanner_for(example).scan_file(path, "broken.pdf")
    assert [h.place for h in hits] == ["unreadable part"]


def test_a_pdf_inside_a_docx_is_read_as_a_pdf(example: Path, tmp_path: Path) -> None:
    pdf = simple_pdf()
    with_annotation(pdf)
    inner = io.BytesIO()
    pdf.save(inner)
    doc = Document()
    doc.add_paragraph("The review found learning.")
    buffer = io.BytesIO()
    doc.save(buffer)
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(buffer) as src, zipfile.ZipFile(out, "w") as dst:
        for name in src.namelist():
            dst.writestr(name, src.read(name))
        dst.writestr("word/embeddings/oleObject1.pdf", inner.getvalue())
    path = tmp_path / "report.docx"
    path.write_bytes(out.getvalue())
    hits = scanner_for(example).scan_file(path, "report.docx")
    assert "word/embeddings/oleObject1.pdf!pdf:annotation" in {h.part for h in hits}
