"""Identifying text written as people really write it (issue 14, item 1).

Each variant plants the example child's or family's name, date of birth, address or an
identifier in a real file (a .docx built with python-docx, a package with an odd part, a text
file), written in a way the old scan missed: in capitals or lower case, in a URL or a file path,
with a curly apostrophe, an accent added or dropped, an invisible character inside it, a date
in another form, a street abbreviated, split across runs of a chart or SmartArt, in an
attribute, in a part that is not XML, or in a part's name. The scan must refuse it, naming the
part, the place and the text as found; its clean twin (the same file with a look-alike that is
not identifying: "foster care", "Wileyriley", another street's "Rd", another date) must pass.
A representative subset goes through the real `cspr publish-pack`.
"""

from __future__ import annotations

import io
import json
import random
import shutil
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

import pytest
from docx import Document

from pipeline.case.load import load_case
from pipeline.case.model import LeakAllow
from pipeline.core.findings import Findings
from pipeline.publish.leaks import Hit, Scanner, terms_for

from ..conftest import EXAMPLE, rewrite, run

NS = (
    'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
    'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
    'xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office"'
)
# Relatives added to the example's family for the spellings it lacks: an accented name and
# an apostrophe (as case.yaml writes them), and an unaccented name a report may accent.
RELATIVES = (
    '  - {name: "Zoë O\'Brien", relationship: aunt, lives_with_child: no}\n'
    "  - {name: Jose Ortiz, relationship: uncle, lives_with_child: no}\n"
)


def copy_example(root: Path) -> Path:
    """A copy of the example case (and its partnership profile) under root/cases/."""
    case = root / "cases" / EXAMPLE.name
    shutil.copytree(EXAMPLE, case)
    shutil.copy(EXAMPLE.parent / "partnership.yaml", case.parent / "partnership.yaml")
    return case


def with_relatives(case: Path) -> Path:
    path = case / "case.yaml"
    text = path.read_text(encoding="utf-8")
    assert "\nagencies:\n" in text
    path.write_text(text.replace("\nagencies:\n", f"\n{RELATIVES}agencies:\n", 1), "utf-8")
    return case


# ---- the files a variant is planted in --------------------------------------------------


def docx(body: str = "The review found learning.") -> bytes:
    doc = Document()
    doc.add_heading("Review report", level=0)
    doc.add_paragraph(body)
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def in_part(part: str, before: str, xml: str) -> Callable[[str, bytes], bytes]:
    """Insert `xml` into `part` just before the first `before`."""

    def change(name: str, body: bytes) -> bytes:
        if name != part:
            return body
        assert before.encode() in body, (part, before)
        return body.replace(before.encode(), xml.encode() + before.encode(), 1)

    return change


def in_body(xml: str) -> bytes:
    """A report with one more paragraph of raw WordprocessingML (namespaces declared on it)."""
    return rewrite(docx(), in_part("word/document.xml", "<w:sectPr", f"<w:p {NS}>{xml}</w:p>"))


def body(text: str) -> bytes:
    return docx(f"Notes of the meeting: {text} was discussed.")


def tooltip(text: str) -> bytes:
    return in_body(
        f'<w:hyperlink w:anchor="notes" w:tooltip={quoteattr(text)}>'
        "<w:r><w:t>See the notes</w:t></w:r></w:hyperlink>"
    )


def field_code(text: str) -> bytes:
    return in_body(
        f"<w:fldSimple w:instr={quoteattr(f' AUTHOR  {text} ')}><w:r><w:t>Author</w:t></w:r>"
        "</w:fldSimple>"
    )


def doc_variable(text: str) -> bytes:
    xml = f'<w:docVars><w:docVar w:name="subject" w:val={quoteattr(text)}/></w:docVars>'
    return rewrite(docx(), in_part("word/settings.xml", "</w:settings>", xml))


def control(text: str, which: str) -> bytes:
    alias = quoteattr(text if which == "alias" else "Summary")
    tag = quoteattr(text if which == "tag" else "summary")
    return in_body(
        f"<w:sdt><w:sdtPr><w:alias w:val={alias}/><w:tag w:val={tag}/></w:sdtPr>"
        "<w:sdtContent><w:r><w:t>The summary</w:t></w:r></w:sdtContent></w:sdt>"
    )


def vml(text: str, attribute: str) -> bytes:
    alt = f"alt={quoteattr(text)}" if attribute == "alt" else 'alt="A photograph"'
    title = f"o:title={quoteattr(text)}" if attribute == "o:title" else 'o:title="photo"'
    return in_body(
        f'<w:r><w:pict><v:shape style="width:10pt;height:10pt" {alt}>'
        f'<v:imagedata r:id="rId99" {title} '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"/>'
        "</v:shape></w:pict></w:r>"
    )


def half_hidden(text: str) -> bytes:
    """`text` with its second half in hidden runs: each half alone is no name."""
    cut = len(text) // 2
    return in_body(
        f"<w:r><w:t>{escape(text[:cut])}</w:t></w:r>"
        f"<w:r><w:rPr><w:vanish/></w:rPr><w:t>{escape(text[cut:])}</w:t></w:r>"
    )


def split_runs(text: str) -> str:
    """`text` as DrawingML runs, split inside a word."""
    cut = len(text) // 2 + 1
    return "".join(f"<a:r><a:t>{escape(t)}</a:t></a:r>" for t in (text[:cut], text[cut:]))


def chart(text: str) -> bytes:
    xml = (
        '<c:chartSpace xmlns:c="http://schemas.openxmlformats.org/drawingml/2006/chart" '
        f"{NS}><c:chart><c:title><c:tx><c:rich><a:bodyPr/><a:p>{split_runs(text)}</a:p>"
        "</c:rich></c:tx></c:title></c:chart></c:chartSpace>"
    )
    return rewrite(docx(), extra={"word/charts/chart1.xml": xml.encode()})


def smartart(text: str) -> bytes:
    xml = (
        '<dgm:dataModel xmlns:dgm="http://schemas.openxmlformats.org/drawingml/2006/diagram" '
        f'{NS}><dgm:ptLst><dgm:pt modelId="1"><dgm:t><a:bodyPr/><a:p>{split_runs(text)}</a:p>'
        "</dgm:t></dgm:pt></dgm:ptLst></dgm:dataModel>"
    )
    return rewrite(docx(), extra={"word/diagrams/data1.xml": xml.encode()})


def alt_chunk(text: str) -> bytes:
    cut = len(text) // 2
    html = f"<html><body><p>Seen by <b>{escape(text[:cut])}</b>{escape(text[cut:])}</p></body>"
    return rewrite(docx(), extra={"word/afchunk.htm": (html + "</html>").encode("cp1252")})


def alt_chunk_attribute(text: str) -> bytes:
    html = f'<html><body><img src="a.png" alt={quoteattr(text)}></body></html>'
    return rewrite(docx(), extra={"word/afchunk.htm": html.encode()})


def web_archive(text: str) -> bytes:
    """An altChunk as a web archive: quoted-printable, a soft line break inside the name."""
    cut = len(text) // 2
    mime = (
        'MIME-Version: 1.0\r\nContent-Type: multipart/related; boundary="b"\r\n\r\n--b\r\n'
        'Content-Type: text/html; charset="utf-8"\r\n'
        "Content-Transfer-Encoding: quoted-printable\r\nContent-Location: file:///C:/a.htm\r\n\r\n"
        f'<html><body><p class=3D"x">{text[:cut]}=\r\n{text[cut:]}</p></body></html>\r\n--b--\r\n'
    )
    return rewrite(docx(), extra={"word/afchunk.mht": mime.encode()})


def svg(text: str) -> bytes:
    cut = len(text) // 2
    image = (
        '<svg xmlns="http://www.w3.org/2000/svg"><text x="0" y="10"><tspan>'
        f"{escape(text[:cut])}</tspan><tspan>{escape(text[cut:])}</tspan></text></svg>"
    )
    return rewrite(docx(), extra={"word/media/image1.svg": image.encode()})


def noise(seed: int, size: int = 3000) -> bytes:
    return random.Random(seed).randbytes(size)


def binary(text: str, encoding: str) -> bytes:
    blob = noise(1) + b"\x00\x00" + text.encode(encoding) + b"\x00\x00" + noise(2)
    return rewrite(docx(), extra={"word/embeddings/oleObject1.bin": blob})


def part_name(text: str) -> bytes:
    jpeg = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + noise(3, 200) + b"\xff\xd9"
    return rewrite(docx(), extra={f"word/media/{text}.jpg": jpeg})


def link(text: str) -> bytes:
    rel = (
        '<Relationship Id="rId90" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        f'relationships/hyperlink" Target={quoteattr(text)} TargetMode="External"/>'
    )
    return rewrite(docx(), in_part("word/_rels/document.xml.rels", "</Relationships>", rel))


def xml_comment(text: str) -> bytes:
    return in_body(f"<!-- {text} --><w:r><w:t>Seen.</w:t></w:r>")


def custom_property(text: str) -> bytes:
    props = (
        '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-'
        'properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/'
        'docPropsVTypes"><property fmtid="{D5CDD505-2E9C-101B-9397-08002B2CF9AE}" pid="2" '
        f"name={quoteattr(text)}>"
        "<vt:lpwstr>yes</vt:lpwstr></property></Properties>"
    )
    return rewrite(docx(), extra={"docProps/custom.xml": props.encode()})


def workbook(text: str) -> bytes:
    """A minimal .xlsx whose shared string is rich text split inside the name."""
    cut = len(text) // 2 + 1
    runs = "".join(f"<r><t>{escape(t)}</t></r>" for t in (text[:cut], text[cut:]))
    strings = (
        '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" '
        f'uniqueCount="1"><si>{runs}</si></sst>'
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("xl/sharedStrings.xml", strings)
    return out.getvalue()


def broken_xml(text: str) -> bytes:
    """A part that is not well-formed, the name after the break."""
    xml = f"<w:document {NS}><w:body><w:p><w:r><w:t>Seen</w:t></w:r></w:p><w:p <w:t>{text}"
    return rewrite(docx(), extra={"word/notes.xml": xml.encode()})


def encrypted(text: str) -> bytes:
    """A package with a part flagged as encrypted, so it cannot be read (`text` is its name)."""
    data = bytearray(rewrite(docx(), extra={f"word/{text}.xml": b"<x>secret</x>"}))
    name = f"word/{text}.xml".encode()
    local = data.index(b"PK\x03\x04\x14\x00\x00\x00", data.index(b"PK\x03\x04"))
    while data[local + 30 : local + 30 + len(name)] != name:
        local = data.index(b"PK\x03\x04", local + 4)
    data[local + 6] |= 1
    central = data.index(b"PK\x01\x02")
    while data[central + 46 : central + 46 + len(name)] != name:
        central = data.index(b"PK\x01\x02", central + 4)
    data[central + 8] |= 1
    return bytes(data)


def text_file(encoding: str) -> Callable[[str], bytes]:
    def make(text: str) -> bytes:
        return f"Submission for the repository.\nSubject: {text}\n".encode(encoding)

    return make


# ---- the variants ----------------------------------------------------------------------


@dataclass(frozen=True)
class Plant:
    make: Callable[[str], bytes]
    part: str  # the part the hit must name ("" for a plain file)
    place: str
    file: str = "report.docx"


BODY = Plant(body, "word/document.xml", "body")
TOOLTIP = Plant(tooltip, "word/document.xml", "hyperlink tooltip")
FIELD = Plant(field_code, "word/document.xml", "field code")
DOCVAR = Plant(doc_variable, "word/settings.xml", "document variable")
ALIAS = Plant(lambda t: control(t, "alias"), "word/document.xml", "content control name")
TAG = Plant(lambda t: control(t, "tag"), "word/document.xml", "content control tag")
VML_ALT = Plant(lambda t: vml(t, "alt"), "word/document.xml", "VML alt text")
VML_TITLE = Plant(lambda t: vml(t, "o:title"), "word/document.xml", "VML alt text")
CHART = Plant(chart, "word/charts/chart1.xml", "chart")
SMARTART = Plant(smartart, "word/diagrams/data1.xml", "SmartArt")
ALTCHUNK = Plant(alt_chunk, "word/afchunk.htm", "HTML part")
ALTCHUNK_ATTR = Plant(alt_chunk_attribute, "word/afchunk.htm", "HTML part attribute")
MHT = Plant(web_archive, "word/afchunk.mht", "HTML part")
SVG = Plant(svg, "word/media/image1.svg", "SVG image")
UTF16 = Plant(lambda t: binary(t, "utf-16-le"), "word/embeddings/oleObject1.bin", "embedded object")
UTF16BE = Plant(
    lambda t: binary(t, "utf-16-be"), "word/embeddings/oleObject1.bin", "embedded object"
)
UTF8BIN = Plant(lambda t: binary(t, "utf-8"), "word/embeddings/oleObject1.bin", "embedded object")
LINK = Plant(link, "word/_rels/document.xml.rels", "link")
COMMENT = Plant(xml_comment, "word/document.xml", "body")
CUSTOM = Plant(custom_property, "docProps/custom.xml", "attribute name of property")
SHEET = Plant(workbook, "xl/sharedStrings.xml", "spreadsheet cell", "plan.xlsx")
HALF_HIDDEN = Plant(half_hidden, "word/document.xml", "body + hidden text")
BROKEN = Plant(broken_xml, "word/notes.xml", "other part")
PART_NAME = Plant(part_name, "word/media/riley_brennan.jpg", "part name")
TXT16 = Plant(text_file("utf-16"), "", "text", "submission.txt")
TXT1252 = Plant(text_file("cp1252"), "", "text", "submission.txt")


def named(file: str) -> Plant:
    return Plant(lambda t: b"Nothing to see.\n", "", "file name", file)


@dataclass(frozen=True)
class Variant:
    planted: str  # what is written into the file
    found: str  # the hit's text: as found
    twin: str  # a look-alike that identifies no one
    plant: Plant = BODY


V = Variant
CORPUS: dict[str, Variant] = {
    # names: case, separators, spelling
    "surname in capitals": V("Ms BRENNAN", "BRENNAN", "Ms BRENNAND"),
    "first name in lower case": V("riley", "riley", "Wileyriley"),
    "name in a URL": V(
        "https://example.org/riley-brennan/1", "riley-brennan", "https://example.org/child-r/1"
    ),
    "name in a file path": V(
        r"C:\photos\riley_brennan.jpg", "riley_brennan", r"C:\photos\child_r.jpg"
    ),
    "name %-escaped": V("riley%20brennan.pdf", "riley%20brennan", "child%20r.pdf"),
    "name with dots": V("riley.brennan", "riley.brennan", "r.b.notes"),
    "name run together": V("RileyBrennan", "RileyBrennan", "WileyBrennand"),
    "name beside a digit": V("riley2.jpg", "riley", "wiley2.jpg"),
    "zero-width space in a name": V("Ri\u200bley", "Ri\u200bley", "Wi\u200bley"),
    "soft hyphen in a name": V("Bren\u00adnan", "Bren\u00adnan", "Bren\u00addan"),
    "word joiner in a name": V("Kay\u2060leigh", "Kay\u2060leigh", "Kay\u2060la"),
    "full-width letters": V(
        "\uff32\uff49\uff4c\uff45\uff59",
        "\uff32\uff49\uff4c\uff45\uff59",
        "\uff37\uff49\uff4c\uff45\uff59",
    ),
    "mother's name in capitals": V("KAYLEIGH", "KAYLEIGH", "KAYLA"),
    "mother's name in lower case": V("kayleigh", "kayleigh", "kayla"),
    "grandmother in capitals": V("LORRAINE", "LORRAINE", "LORNA"),
    "possessive in lower case": V("brennan's", "brennan", "brennand's"),
    "surname first": V("Brennan, Riley", "Brennan", "Brenner, Rory"),
    "ordinary word capitalised": V("Dean said", "Dean", "the dean said"),
    "ordinary word in capitals": V("Mr FOSTER", "FOSTER", "foster care"),
    "ordinary names joined": V("dean_foster.jpg", "dean_foster", "dean_of_studies.jpg"),
    "curly apostrophe": V("Ms O\u2019Brien", "O\u2019Brien", "Ms O\u2019Brian"),
    "apostrophe dropped": V("Zoe OBRIEN", "Zoe OBRIEN", "Zola OBRIAN"),
    "accent dropped": V("Zoe", "Zoe", "Zoey"),
    "combining accent": V("Zoe\u0308", "Zoe\u0308", "Chloe\u0308"),
    "accent added": V("José", "José", "Josephine"),
    # dates of birth
    "date 14-Mar-2024": V("14-Mar-2024", "14-Mar-2024", "15-Mar-2024"),
    "date Mar 14, 2024": V("Mar 14, 2024", "Mar 14, 2024", "Mar 14, 2025"),
    "date 2024/03/14": V("2024/03/14", "2024/03/14", "2024/03/15"),
    "date 14.3.24": V("14.3.24", "14.3.24", "14.3.25"),
    "date 20240314": V("scan_20240314.pdf", "20240314", "scan_20240315.pdf"),
    "date 14032024": V("14032024", "14032024", "14032025"),
    "date 14th of March 2024": V(
        "the 14th of March 2024", "the 14th of March 2024", "the 14th of May 2024"
    ),
    "date March 14th 2024": V("March 14th 2024", "March 14th 2024", "March 14th 2023"),
    "date 14 March '24": V("14 March '24", "14 March '24", "14 March '25"),
    "date month first": V("03/14/2024", "03/14/2024", "03/14/2026"),
    "date in a timestamp": V("2024-03-14T08:00", "2024-03-14", "2025-03-14T08:00"),
    "date with en dashes": V("14 – 03 – 2024", "14 – 03 – 2024", "14 – 03 – 2021"),
    "date with a zero-width space": V("14/\u200b03/2024", "14/\u200b03/2024", "14/\u200b04/2024"),
    "mother's date 19/07/01": V("19/07/01", "19/07/01", "19/07/02"),
    "partner's date 2nd Feb 1996": V("2nd Feb. 1996", "2nd Feb. 1996", "2nd Feb. 1997"),
    # addresses and identifiers
    "street abbreviated": V("Millbrook Rd", "Millbrook Rd", "Millstone Rd"),
    "street in capitals": V("27 MILLBROOK ROAD", "MILLBROOK ROAD", "27 MILLSTONE ROAD"),
    "street in a URL": V("maps/millbrook-road", "millbrook-road", "maps/millstone-road"),
    "postcode without its space": V("nt72lx", "nt72lx", "nt72ly"),
    "postcode with a no-break space": V("NT7\u00a02LX", "NT7\u00a02LX", "NT7\u00a0area"),
    "identifier hyphenated": V("Little-Acorns", "Little-Acorns", "Little-Oaks"),
    "identifier in capitals": V(
        "EASTBRIDGE EARLY YEARS", "EASTBRIDGE EARLY YEARS", "EASTBRIDGE LIBRARY"
    ),
    # places in the package
    "hyperlink tooltip": V("Riley Brennan", "Riley Brennan", "Child R", TOOLTIP),
    "simple field code": V("Riley Brennan", "Riley Brennan", "Child R", FIELD),
    "document variable": V("Riley Brennan", "Riley Brennan", "Child R", DOCVAR),
    "content control name": V("riley brennan", "riley brennan", "child r", ALIAS),
    "content control tag": V("RILEY_BRENNAN", "RILEY_BRENNAN", "CHILD_R", TAG),
    "VML alt text": V("Photo of Riley", "Riley", "Photo of Wiley", VML_ALT),
    "VML title": V("riley_brennan", "riley_brennan", "child_r", VML_TITLE),
    "chart title split across runs": V("Riley Brennan", "Riley Brennan", "Child R", CHART),
    "SmartArt split across runs": V("Kayleigh", "Kayleigh", "Kaylee", SMARTART),
    "altChunk HTML part": V("Riley Brennan", "Riley Brennan", "Child R", ALTCHUNK),
    "altChunk HTML attribute": V("Riley Brennan", "Riley Brennan", "Child R", ALTCHUNK_ATTR),
    "altChunk web archive": V("Riley Brennan", "Riley Brennan", "Child R", MHT),
    "SVG text split across spans": V("Riley Brennan", "Riley Brennan", "Child R", SVG),
    "UTF-16 in an embedded binary": V("Riley Brennan", "Riley Brennan", "Child R", UTF16),
    "UTF-16BE in an embedded binary": V("Kayleigh", "Kayleigh", "Kaylee", UTF16BE),
    "UTF-8 accent in an embedded binary": V("Zoë O'Brien", "Zoë O'Brien", "Zola O'Brian", UTF8BIN),
    "date in an embedded binary": V("14/03/2024", "14/03/2024", "15/03/2024", UTF16),
    "part name": V("riley_brennan", "riley_brennan", "child_r", PART_NAME),
    "external link": V(
        "https://example.org/riley-brennan", "riley-brennan", "https://example.org/c", LINK
    ),
    "name half in hidden text": V("Riley", "Riley", "Wiley", HALF_HIDDEN),
    "XML comment": V("Riley Brennan", "Riley Brennan", "Child R", COMMENT),
    "custom property name": V("Riley Brennan", "Riley Brennan", "Child R", CUSTOM),
    "spreadsheet rich text": V("Riley Brennan", "Riley Brennan", "Child R", SHEET),
    "part not well-formed": V("Riley Brennan", "Riley Brennan", "Child R", BROKEN),
    "UTF-16 text file": V("riley brennan", "riley brennan", "child r", TXT16),
    "Windows-1252 text file": V("Zoë O’Brien", "Zoë O’Brien", "Zola O’Brian", TXT1252),
    "file name": V("", "riley-brennan", "", named("riley-brennan.txt")),
}
# the variants the real `cspr publish-pack` must refuse too: every kind the issue names
CLI = [
    "surname in capitals",
    "first name in lower case",
    "name in a URL",
    "name in a file path",
    "curly apostrophe",
    "combining accent",
    "accent dropped",
    "zero-width space in a name",
    "soft hyphen in a name",
    "date 14-Mar-2024",
    "date Mar 14, 2024",
    "date 2024/03/14",
    "date 14.3.24",
    "date 20240314",
    "street abbreviated",
    "chart title split across runs",
    "SmartArt split across runs",
    "hyperlink tooltip",
    "simple field code",
    "document variable",
    "content control name",
    "content control tag",
    "VML alt text",
    "altChunk HTML part",
    "SVG text split across spans",
    "UTF-16 in an embedded binary",
    "part name",
]


@pytest.fixture(scope="module")
def scanner(tmp_path_factory: pytest.TempPathFactory) -> Scanner:
    case = copy_example(tmp_path_factory.mktemp("case"))
    loaded = load_case(with_relatives(case), Findings()).case
    assert loaded is not None
    return Scanner(terms_for(loaded))


def scan(scanner: Scanner, plant: Plant, text: str, folder: Path) -> list[Hit]:
    path = folder / plant.file
    path.write_bytes(plant.make(text))
    return scanner.scan_file(path, "the file")


def file_for(variant: Variant, twin: bool = False) -> Plant:
    """The plant, with the file name itself carrying the text for the file-name variant."""
    if variant.plant.place != "file name":
        return variant.plant
    return Plant(variant.plant.make, "", "file name", "notes.txt" if twin else variant.plant.file)


def test_the_corpus_is_large_and_every_kind_the_issue_names_reaches_the_cli() -> None:
    assert len(CORPUS) >= 60
    assert len(CLI) >= 10 and set(CLI) <= set(CORPUS)


@pytest.mark.parametrize("name", sorted(CORPUS))
def test_variant_refused_and_its_twin_accepted(scanner: Scanner, tmp_path: Path, name: str) -> None:
    variant = CORPUS[name]
    plant = file_for(variant)
    hits = scan(scanner, plant, variant.planted, tmp_path)
    assert hits, f"{name}: nothing found"
    expected = (plant.part, plant.place, variant.found)
    assert expected in [(h.part, h.place, h.text) for h in hits if not h.allowed], hits
    twin = scan(scanner, file_for(variant, twin=True), variant.twin, tmp_path)
    assert twin == [], twin


def test_an_unreadable_part_is_refused_not_skipped(scanner: Scanner) -> None:
    hits = scanner.scan_package(encrypted("notes"), "the file")
    assert [(h.part, h.place) for h in hits] == [("word/notes.xml", "unreadable part")]
    assert scanner.scan_package(rewrite(docx(), extra={"word/notes.xml": b"<x/>"}), "f") == []


@pytest.mark.parametrize(
    ("allow", "text", "allowed"),
    [
        ("Brennan Park", "BRENNAN PARK", True),  # the allowed text, in capitals
        ("Brennan Park", "brennan-park", True),  # and in a URL
        ("Brennan Park", "Brennan\u200b Park", True),  # with an invisible character
        ("O'Brien Hall", "O\u2019Brien Hall", True),  # with a curly apostrophe
        ("Brennan Park", "Brennan Road", False),  # another text is not allowed
    ],
)
def test_allowed_text_matches_under_the_same_normalisation(
    tmp_path: Path, allow: str, text: str, allowed: bool
) -> None:
    case = load_case(with_relatives(copy_example(tmp_path)), Findings()).case
    assert case is not None
    scanner = Scanner(terms_for(case), [LeakAllow(allow, "a public place")])
    hits = scanner.scan_text(f"They walked in {text} daily.", "f", "p", "body")
    assert hits
    assert all(bool(h.allowed) is allowed for h in hits), hits


def test_the_formats_own_numbers_and_words_are_not_leaks(scanner: Scanner) -> None:
    """Attribute values are read, but a colour that looks like a postcode, a content
    control's id that passes the NHS check, fonts and revision ids are the format's own."""
    report = in_body(
        '<w:sdt><w:sdtPr><w:id w:val="9434765919"/></w:sdtPr><w:sdtContent><w:r><w:rPr>'
        '<w:rFonts w:ascii="Riley Sans"/><w:shd w:val="clear" w:fill="F5F8EE"/></w:rPr>'
        "<w:t>Seen.</w:t></w:r></w:sdtContent></w:sdt>"
    )
    assert scanner.scan_package(report, "f") == []
    assert scanner.scan_text("9434765919", "f", "p", "body")  # the same number as text is


def test_noise_in_a_binary_part_is_not_a_leak(tmp_path: Path) -> None:
    """Random bytes hold short 'words' and postcode-like strings by chance: a relative
    called Jo Ng must not be found in a photograph, nor a postcode in its pixels."""
    case = with_relatives(copy_example(tmp_path))
    yaml_path = case / "case.yaml"
    text = yaml_path.read_text(encoding="utf-8")
    yaml_path.write_text(text.replace("agencies:\n", "  - {name: Jo Ng}\nagencies:\n", 1))
    loaded = load_case(case, Findings()).case
    assert loaded is not None and loaded.family[-1].name == "Jo Ng"
    scanner = Scanner(terms_for(loaded))
    photo = rewrite(docx(), extra={"word/media/image1.png": noise(7, 2_000_000)})
    assert scanner.scan_package(photo, "f") == []
    planted = rewrite(docx(), extra={"word/media/image1.png": noise(7) + b" Jo Ng " + noise(8)})
    assert [h.text for h in scanner.scan_package(planted, "f")] == ["Jo Ng"]


def publish(case: Path, out: Path) -> tuple[int, list[dict[str, str]]]:
    result = run("publish-pack", case, "--out", out, "--today", "2026-11-22", "--json")
    return result.exit_code, [f for f in json.loads(result.stdout) if f["severity"] == "error"]


@pytest.mark.parametrize("name", CLI)
def test_publish_pack_refuses_the_variant(tmp_path: Path, name: str) -> None:
    variant = CORPUS[name]
    case = with_relatives(copy_example(tmp_path))
    report = case / "report" / "final-report.docx"
    report.write_bytes(variant.plant.make(variant.planted))
    code, findings = publish(case, tmp_path / "out")
    assert code == 1, findings
    folder = tmp_path / "out" / case.name
    hits = json.loads((folder / "leak-report.json").read_text())
    expected = {
        "file": "report/final-report.docx",
        "part": variant.plant.part,
        "place": variant.plant.place,
        "text": variant.found,
    }
    assert expected in [{k: h[k] for k in expected} for h in hits], hits
    assert any(
        f["code"] == "identifying-text"
        and f["file"] == expected["file"]
        and f["sheet"] == expected["part"]
        and f["field"] == expected["place"]
        and f["value"] == variant.found
        for f in findings
    ), findings
    assert not (folder / "publish-pack").exists()
    if variant.plant is BODY:
        return  # a twin in the body is plain text: the scanner's test above accepts it
    # the odd part's twin builds the pack: nothing else in the pipeline trips on the part
    report.write_bytes(variant.plant.make(variant.twin))
    code, findings = publish(case, tmp_path / "out")
    assert code == 0, findings
    assert (folder / "publish-pack" / "manifest.json").exists()
