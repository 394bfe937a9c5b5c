"""`cspr publish-pack` and the leak scan, over a corpus of planted reports."""

import hashlib
import io
import json
import re
import zipfile
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
import yaml
from docx import Document

from pipeline.case.load import load_case
from pipeline.core.findings import Findings
from pipeline.publish.leaks import Scanner, date_forms, nhs_valid, terms_for

from .conftest import EXAMPLE, needs_office, rewrite, run, to_pdf

W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
SECRET = "Riley Brennan"
NEUTRAL = "the child"


def report(body: str = "The review found learning.", **settings: str) -> bytes:
    """A small report; `settings` puts text in a header, footer, comment or property."""
    doc = Document()
    doc.add_heading("Review report", level=0)
    paragraph = doc.add_paragraph(body)
    if "table" in settings:
        doc.add_table(rows=1, cols=1).rows[0].cells[0].text = settings["table"]
    if "header" in settings:
        doc.sections[0].header.paragraphs[0].text = settings["header"]
    if "footer" in settings:
        doc.sections[0].footer.paragraphs[0].text = settings["footer"]
    if "comment" in settings:
        doc.add_comment(paragraph.runs, text=settings["comment"], author="Reviewer")
    if "author" in settings:
        doc.core_properties.author = settings["author"]
    if "picture" in settings:
        picture = io.BytesIO()
        from PIL import Image

        Image.new("RGB", (4, 4), "white").save(picture, format="PNG")
        doc.add_picture(picture)
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def in_body(xml_run: str) -> Callable[[str, bytes], bytes]:
    def change(name: str, body: bytes) -> bytes:
        if name != "word/document.xml":
            return body
        return body.replace(b"<w:sectPr", f"<w:p>{xml_run}</w:p><w:sectPr".encode(), 1)

    return change


def notes_part(kind: str, text: str) -> dict[str, bytes]:
    tag = kind[:-1]
    return {
        f"word/{kind}.xml": f'<w:{kind} {W}><w:{tag} w:id="1"><w:p><w:r><w:t>{text}</w:t>'
        f"</w:r></w:p></w:{tag}></w:{kind}>".encode()
    }


def embedded(text: str) -> dict[str, bytes]:
    return {"word/embeddings/oleObject1.docx": report(text)}


def alt_text(text: str) -> bytes:
    def change(name: str, body: bytes) -> bytes:
        if name == "word/document.xml":
            return re.sub(
                rb'(<wp:docPr [^>]*?)name="',
                rb'\1descr="' + text.encode() + rb'" name="',
                body,
                count=1,
            )
        return body

    return rewrite(report(picture="yes"), change)


# place: (a report with `text` planted there, the part and place the hit must name)
CORPUS: dict[str, tuple[Callable[[str], bytes], str, str]] = {
    "body": (lambda t: report(f"We met {t} at home."), "word/document.xml", "body"),
    "split runs": (
        lambda t: rewrite(
            report(), in_body("".join(f"<w:r><w:t>{part}</w:t></w:r>" for part in (t[:3], t[3:])))
        ),
        "word/document.xml",
        "body",
    ),
    "table": (lambda t: report(table=t), "word/document.xml", "table"),
    "header": (lambda t: report(header=t), "word/header1.xml", "header"),
    "footer": (lambda t: report(footer=t), "word/footer1.xml", "footer"),
    "footnote": (
        lambda t: rewrite(report(), lambda n, b: b, notes_part("footnotes", t)),
        "word/footnotes.xml",
        "footnote",
    ),
    "endnote": (
        lambda t: rewrite(report(), lambda n, b: b, notes_part("endnotes", t)),
        "word/endnotes.xml",
        "endnote",
    ),
    "comment": (lambda t: report(comment=t), "word/comments.xml", "comment"),
    "tracked insertion": (
        lambda t: rewrite(
            report(),
            in_body(
                f'<w:ins w:id="9" w:author="A" w:date="2026-01-01T00:00:00Z">'
                f"<w:r><w:t>{t}</w:t></w:r></w:ins>"
            ),
        ),
        "word/document.xml",
        "tracked insertion",
    ),
    "tracked deletion": (
        lambda t: rewrite(
            report(),
            in_body(
                f'<w:del w:id="9" w:author="A" w:date="2026-01-01T00:00:00Z"><w:r><w:delText>{t}'
                "</w:delText></w:r></w:del>"
            ),
        ),
        "word/document.xml",
        "tracked deletion",
    ),
    "hidden text": (
        lambda t: rewrite(
            report(), in_body(f"<w:r><w:rPr><w:vanish/></w:rPr><w:t>{t}</w:t></w:r>")
        ),
        "word/document.xml",
        "hidden text",
    ),
    "text box": (
        lambda t: rewrite(
            report(),
            in_body(
                '<w:r><w:pict><v:shape xmlns:v="urn:schemas-microsoft-com:vml"><v:textbox>'
                f"<w:txbxContent><w:p><w:r><w:t>{t}</w:t></w:r></w:p></w:txbxContent></v:textbox>"
                "</v:shape></w:pict></w:r>"
            ),
        ),
        "word/document.xml",
        "text box",
    ),
    "alt text": (alt_text, "word/document.xml", "image alt text"),
    "embedded object": (
        lambda t: rewrite(report(), lambda n, b: b, embedded(f"Notes on {t}.")),
        "word/embeddings/oleObject1.docx!word/document.xml",
        "embedded object",
    ),
    "document properties": (lambda t: report(author=t), "docProps/core.xml", "document properties"),
}


def publish(case: Path, out: Path) -> tuple[int, list[dict[str, str]]]:
    """The exit code and the errors (the example's validation warnings left out)."""
    result = run("publish-pack", case, "--out", out, "--today", "2026-11-22", "--json")
    return result.exit_code, [f for f in json.loads(result.stdout) if f["severity"] == "error"]


@pytest.mark.parametrize("place", sorted(CORPUS))
def test_planted_identifier_is_refused_in_its_place_and_its_twin_accepted(
    example: Path, tmp_path: Path, place: str
) -> None:
    make, part, where = CORPUS[place]
    target = example / "report" / "final-report.docx"
    target.write_bytes(make(SECRET))
    code, findings = publish(example, tmp_path)
    assert code == 1
    leaks = [f for f in findings if f["code"] == "identifying-text"]
    assert any(
        f["sheet"] == part and f["field"] == where and f["value"] == SECRET for f in leaks
    ), leaks
    hits = json.loads((tmp_path / example.name / "leak-report.json").read_text())
    assert any(
        h["part"] == part and h["place"] == where and "child's name" in h["what"] for h in hits
    )
    assert not (tmp_path / example.name / "publish-pack").exists()
    twin = make(NEUTRAL)
    if place.startswith("tracked"):  # the twin: the change accepted, as plain text
        twin = report(f"We met {NEUTRAL} at home.")
    target.write_bytes(twin)
    code, findings = publish(example, tmp_path)
    assert code == 0, findings
    assert (tmp_path / example.name / "publish-pack" / "manifest.json").exists()


def test_example_pack_rescanned_finds_nothing(example: Path, tmp_path: Path) -> None:
    code, _ = publish(example, tmp_path)
    assert code == 0
    pack = tmp_path / example.name / "publish-pack"
    names = sorted(p.name for p in pack.iterdir())
    assert names == [
        "7-minute-briefing.docx",
        "7-minute-briefing.pdf",
        "action-plan.xlsx",
        "final-report.docx",
        "final-report.pdf",
        "manifest.json",
        "notice-to-national-bodies.docx",
        "nspcc-repository-submission.txt",
    ]
    case = load_case(example, Findings()).case
    scanner = Scanner(terms_for(case))
    hits = [h for p in pack.iterdir() for h in scanner.scan_file(p, p.name)]
    assert hits == []
    everything = b"".join(p.read_bytes() for p in pack.iterdir() if p.suffix in (".txt", ".json"))
    for secret in ("Riley", "Brennan", "Millbrook", "NT7 2LX", "14/03/2024", "Kayleigh"):
        assert secret.encode() not in everything
    manifest = json.loads((pack / "manifest.json").read_text())
    assert manifest["case_reference"] == "NS-2026-011" and manifest["built"] == "2026-11-22"
    assert manifest["leak_scan"]["result"] == "clean"
    for entry in manifest["files"]:
        data = (pack / entry["name"]).read_bytes()
        assert entry["bytes"] == len(data)
        assert entry["sha256"] == hashlib.sha256(data).hexdigest()


def test_final_report_is_cleaned(example: Path, tmp_path: Path) -> None:
    publish(example, tmp_path)
    with zipfile.ZipFile(tmp_path / example.name / "publish-pack" / "final-report.docx") as z:
        names = z.namelist()
        core = z.read("docProps/core.xml").decode()
        body = z.read("word/document.xml").decode()
        rels = z.read("word/_rels/document.xml.rels").decode()
        types = z.read("[Content_Types].xml").decode()
    assert not any("comment" in n for n in names)
    assert "Marlowe" not in core and "Draft 4" not in core
    assert "commentReference" not in body and "rsid" not in body
    assert "comments" not in rels and "comments" not in types
    doc = Document(str(tmp_path / example.name / "publish-pack" / "final-report.docx"))
    assert "The reviewer thanks everyone who took part." in [p.text for p in doc.paragraphs]


def test_tracked_changes_are_refused(example: Path, tmp_path: Path) -> None:
    make, _, _ = CORPUS["tracked insertion"]
    (example / "report" / "final-report.docx").write_bytes(make(NEUTRAL))
    code, findings = publish(example, tmp_path)
    assert code == 1
    assert [f["code"] for f in findings] == ["report-tracked-changes"]
    assert "1 insertions in word/document.xml" in findings[0]["message"]


def set_publication(case: Path, **values: object) -> None:
    path = case / "review.yaml"
    data = yaml.safe_load(path.read_text())
    data["publication"].update(values)
    path.write_text(yaml.safe_dump(data, sort_keys=False))


def test_report_sent_too_late_names_both_dates_and_the_earliest(
    example: Path, tmp_path: Path
) -> None:
    # Sent Thursday 25 March 2027; 7 working days on, over Easter, is Wednesday 7 April.
    set_publication(example, report_sent_to_panel=date(2027, 3, 25), planned_date=date(2027, 4, 6))
    code, findings = publish(example, tmp_path)
    assert code == 1
    message = next(f["message"] for f in findings if f["code"] == "publication-too-early")
    assert "25 March 2027" in message and "6 April 2027" in message
    assert "earliest allowed publication date is 7 April 2027" in message
    profile = example.parent / "partnership.yaml"  # BCP: 5 working days, so 6 April is fine
    profile.write_text(profile.read_text().replace("working_days: 7", "working_days: 5"))
    assert publish(example, tmp_path)[0] == 0


def test_an_explicit_reasoned_allow_entry_lets_a_hit_through(example: Path, tmp_path: Path) -> None:
    (example / "report" / "final-report.docx").write_bytes(
        report("The family often visited Brennan Park.")
    )
    code, findings = publish(example, tmp_path)
    assert code == 1 and findings[0]["value"] == "Brennan"
    with (example / "review.yaml").open("a") as f:
        f.write(
            "leak_allow:\n  - {text: Brennan Park, reason: 'A public park named after a "
            "19th-century mayor; not the family'}\n"
        )
    code, _ = publish(example, tmp_path)
    assert code == 0
    manifest = json.loads((tmp_path / example.name / "publish-pack" / "manifest.json").read_text())
    assert manifest["leak_scan"]["allowed"] == [
        {
            "text": "Brennan",
            "reason": "A public park named after a 19th-century mayor; not the family",
            "hits": 3,
        }
    ]  # the report, its copy and its PDF


def test_a_failed_build_removes_an_earlier_pack(example: Path, tmp_path: Path) -> None:
    assert publish(example, tmp_path)[0] == 0
    (example / "report" / "final-report.docx").write_bytes(report("Call 01632 960123."))
    code, findings = publish(example, tmp_path)
    assert code == 1 and findings[0]["value"] == "01632 960123"
    assert not (tmp_path / example.name / "publish-pack").exists()
    left = [p.name for p in (tmp_path / example.name).iterdir() if p.name.startswith(".")]
    assert left in ([], [".checked"])  # the case page's record of each return's check


@pytest.mark.parametrize(
    ("text", "what"),
    [
        ("NT7 2LX", "the child's postcode"),
        ("SW1A 1AA", "a UK postcode"),
        ("943 476 5919", "an NHS number"),
        ("AB 12 34 56 C", "a National Insurance number"),
        ("07700 900123", "a phone number"),
        ("+44 1632 960123", "a phone number"),
        ("someone@example.org", "an email address"),
        ("14th March 2024", "the child's date of birth"),
        ("2024-03-14", "the child's date of birth"),
        ("Millbrook Road", "the child's street"),
        ("Kayleigh", "part of a family member (mother)'s name (Kayleigh)"),
        ("Little Acorns", "an identifier listed in case.yaml"),
    ],
)
def test_generic_and_case_patterns(example: Path, text: str, what: str) -> None:
    case = load_case(example, Findings()).case
    hits = Scanner(terms_for(case)).scan_text(f"Notes: {text}.", "f", "p", "body")
    assert any(what in h.what.split("; ") for h in hits), hits


def test_no_false_alarm_on_ordinary_words(example: Path) -> None:
    case = load_case(example, Findings()).case
    text = (
        "The foster carer attended on 12 March 2025 at 10:30; case NS-2026-011, "
        "943 476 5910 is not an NHS number, and the dean of the school wrote."
    )
    assert Scanner(terms_for(case)).scan_text(text, "f", "p", "body") == []


def test_nhs_check_digit_and_date_forms() -> None:
    assert nhs_valid("9434765919") and not nhs_valid("9434765910")
    forms = date_forms(date(2024, 3, 4))
    for form in (
        "04/03/2024",
        "4/3/2024",
        "04/03/24",
        "4.3.2024",
        "2024-03-04",
        "4 March 2024",
        "4th March 2024",
        "4 Mar 2024",
        "March 4, 2024",
    ):
        assert form in forms


def pages(pdf: Path) -> int:
    return len(re.findall(rb"/Type\s*/Page[^s]", pdf.read_bytes()))


@needs_office
def test_pack_documents_open_and_the_briefing_fits_two_pages(example: Path, tmp_path: Path) -> None:
    assert publish(example, tmp_path)[0] == 0
    pack = tmp_path / example.name / "publish-pack"
    files = sorted(p for p in pack.iterdir() if p.suffix in (".docx", ".xlsx"))
    for pdf in to_pdf(files, tmp_path / "pdf"):
        assert pdf.stat().st_size > 3000, pdf.name
    assert 1 <= pages(tmp_path / "pdf" / "7-minute-briefing.pdf") <= 2


def test_a_hash_is_not_an_nhs_number() -> None:
    case = load_case(EXAMPLE, Findings()).case
    assert case is not None
    text = '"sha256": "160039f8e6a1488b1852902507d4250963d486766d135655fbd73f892721072c"'
    assert Scanner(terms_for(case)).scan_text(text, "manifest.json", "", "text") == []
    assert Scanner(terms_for(case)).scan_text("NHS number 185 290 2507", "x", "", "text")
