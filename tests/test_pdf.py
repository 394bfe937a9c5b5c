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

from pipeline.case.load import load_case
from pipeline.case.validate import validate_case
from pipeline.core.findings import Findings
from pipeline.publish.leaks import Hit, Scanner, terms_for
from pipeline.publish.pdf import ToolMissing, convert_case, to_pdf

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
        assert entries[name]["accessibility"]["result"] in ("passed", "failed")  # checked
        assert len(entries[name]["sha256"]) == 64
        assert f"publish-pack/{name}" in manifest["leak_scan"]["scanned"]
    with pikepdf.open(pack / "final-report.pdf") as pdf:
        assert str(pdf.docinfo.Title) == "Local child safeguarding practice review: Child R"
        assert len(pdf.open_outline().root) >= 3  # bookmarks from the headings
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
