"""The accessibility check of what we publish: a .docx (its XML) and a PDF (with pikepdf).

Each rule mirrors a WCAG 2.2 success criterion and a PDF/UA-1 (ISO 14289-1) clause, named in
the finding's message. Every finding has the code `accessibility`, `file` the label given,
`sheet` the part (`word/document.xml`, `docProps/core.xml`, the PDF's `catalog`,
`structure tree`), `field` the rule and `value` the place (heading text, picture name, the
first cell of a table, the figure's page).

In a .docx (field: the check; what it mirrors):

- title: `dc:title` in the core properties, not empty nor a file name (WCAG 2.4.2; PDF/UA-1 7.1);
- language: `w:lang` of the Normal style or the default run properties, or else the
  settings' `themeFontLang` (WCAG 3.1.1; PDF/UA-1 7.2);
- heading order: Title and Heading 1 are level 1; the first heading is at level 1 and each
  one at most one level below the heading before it (WCAG 1.3.1; PDF/UA-1 7.4.2);
- alt text: every picture, chart or diagram (`wp:docPr`, a VML picture) in the body, headers,
  footers and notes has a description that is neither empty, a file name nor a placeholder
  ("Picture 3"), unless marked decorative; text boxes are read, not described (WCAG 1.1.1;
  PDF/UA-1 7.3);
- table header: a table's first row is a header row (`w:tblHeader`, Word's "Repeat as header
  row") (WCAG 1.3.1; PDF/UA-1 7.5);
- colour: a cell (outside header rows) shaded red, amber or green says a status in words
  (Red, Amber, Green, Overdue, Done...) (WCAG 1.4.1; PDF/UA-1 7.1);
- link text: a link's text (`w:hyperlink`, HYPERLINK fields) is not a bare address
  (`http...`, `www.`) (WCAG 2.4.4; PDF/UA-1 7.18.5).

Tables used only for layout are exempt from the header rule: a table of one row, a table whose
first row holds no text, and a table whose alt-text title or description
(`w:tblCaption`/`w:tblDescription`, Word's Table Properties > Alt Text) begins "Layout".

In a PDF: `/MarkInfo /Marked true` and a `/StructTreeRoot` (PDF/UA-1 7.1; WCAG 1.3.1), `/Lang`
(7.2; 3.1.1), `/ViewerPreferences /DisplayDocTitle true` and `dc:title` in the XMP metadata,
where PDF/UA-1 7.1 asks for it (LibreOffice writes XMP only in its PDF/UA export) (7.1;
2.4.2), every `/Figure` with `/Alt` or `/ActualText` (7.3; 1.1.1), and at least one `/TH` in
every `/Table` of more than one row (7.5; 1.3.1). Custom structure types are read through the
`/RoleMap`. A layout table in a .docx is still a `/Table` in LibreOffice's PDF.

What no automated check judges: whether alt text describes the picture well, whether
headings describe their sections, whether the reading order and the tags match what a reader
sees, whether a colour or a format (bold, red text, highlighting) carries meaning the words do
not, colour contrast, the plain English of the text, whether a link's words say where it goes,
and whether a table marked as layout really is.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ..core.findings import Findings
from ..office.xml import W_NS, W
from .a11y import CODE, RULES, _text, _val
from .tables_check import _check_tables

__all__ = ["check_docx"]  # a PDF: pdfcheck.check_pdf

MAIN = "word/document.xml"

WP = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}"
A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
WPS_URI = "http://schemas.microsoft.com/office/word/2010/wordprocessingShape"
WPG_URI = "http://schemas.microsoft.com/office/word/2010/wordprocessingGroup"
DECORATIVE_EXT = "{C183D7F6-B498-43B3-948B-1728B52AA6E4}"
V = "{urn:schemas-microsoft-com:vml}"
DC_TITLE = "{http://purl.org/dc/elements/1.1/}title"
REL = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
OFFICE_DOCUMENT = "/officeDocument"
CORE_PROPERTIES = "/metadata/core-properties"


FILE_NAME = re.compile(
    r"[^\s/\\]*\.(?:png|jpe?g|gif|bmp|tiff?|emf|wmf|svg|webp|heic|docx?|pdf)", re.I
)
PLACEHOLDER = re.compile(
    r"(?:picture|image|img|graphic|photo|figure|chart|diagram|drawing|object|"
    r"text ?box|shape|group|logo)?[\s_-]*\d*",
    re.I,
)
BARE_URL = re.compile(r"\s*(?:https?:|ftp:|mailto:|www\.)", re.I)
HEADING_NAME = re.compile(r"heading\s*([1-9])", re.I)
HEADING_ID = re.compile(r"heading([1-9])", re.I)
# words that say a status, so a red/amber/green cell does not rely on colour alone


# --------------------------------------------------------------------------- .docx


def check_docx(path: Path, label: str, *, language: str | None = None) -> Findings:
    """Accessibility findings for a .docx; `language` (e.g. "en-GB"), when given, is the
    language the document must declare."""
    findings = Findings()
    try:
        with zipfile.ZipFile(path) as package:
            names = set(package.namelist())
            main = _main_part(package, names)
            parts = {name: _xml(package, name) for name in _parts(names, main)}
    except (OSError, zipfile.BadZipFile, KeyError, ValueError) as exc:
        findings.add(
            CODE,
            f"The document cannot be read to check its accessibility ({exc}).",
            file=label,
            field="readable",
            value=path.name,
            hint="Open it in Word and save it as a .docx again.",
        )
        return findings
    document = parts.get(main)
    if document is None:
        findings.add(
            CODE,
            "The document has no readable body to check.",
            file=label,
            sheet=main,
            field="readable",
            hint="Open it in Word and save it as a .docx again.",
        )
        return findings
    styles = parts.get("word/styles.xml")
    _check_title(findings, label, parts.get("docProps/core.xml"))
    _check_language(findings, label, styles, parts.get("word/settings.xml"), language)
    _check_headings(findings, label, main, document, styles)
    for name, root in parts.items():
        if root is not None and name.startswith("word/"):
            _check_pictures(findings, label, name, root)
            _check_links(findings, label, name, root)
    _check_tables(findings, label, main, document)
    return findings


def _main_part(package: zipfile.ZipFile, names: set[str]) -> str:
    """The main document part, from the package relationships (word/document.xml usually)."""
    rels = _xml(package, "_rels/.rels") if "_rels/.rels" in names else None
    if rels is not None:
        for rel in rels.iter(REL):
            if (rel.get("Type") or "").endswith(OFFICE_DOCUMENT):
                target = (rel.get("Target") or "").lstrip("/")
                if target in names:
                    return target
    return MAIN


def _parts(names: set[str], main: str) -> list[str]:
    """The parts read: the body, headers, footers, notes, styles, settings, core properties."""
    wanted = re.compile(r"word/(?:header|footer)\d*\.xml|word/(?:foot|end)notes\.xml")
    extra = ["word/styles.xml", "word/settings.xml", "docProps/core.xml"]
    found = [main] + sorted(n for n in names if wanted.fullmatch(n) and n != main)
    return found + [n for n in extra if n in names]


def _xml(package: zipfile.ZipFile, name: str) -> Any:
    """A part's XML root, read without entities or the network; None when it is not XML."""
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True)
    try:
        return etree.fromstring(package.read(name), parser=parser)
    except etree.XMLSyntaxError:
        return None


def _check_title(findings: Findings, label: str, core: Any) -> None:
    title = ""
    if core is not None:
        element = core.find(DC_TITLE)
        title = " ".join((element.text or "").split()) if element is not None else ""
    if title and not FILE_NAME.fullmatch(title):
        return
    findings.add(
        CODE,
        f"The document has no title in its properties ({RULES['title']}): a reader hears "
        "the file name instead."
        if not title
        else f"The document's title is a file name ({RULES['title']}).",
        file=label,
        sheet="docProps/core.xml",
        field="title",
        value=title,
        hint="In Word: File > Info > Properties > Title; give the document's real title.",
    )


def _check_language(
    findings: Findings, label: str, styles: Any, settings: Any, wanted: str | None
) -> None:
    found = None
    if styles is not None:
        normal = styles.find("w:style[@w:styleId='Normal']", {"w": W_NS})
        found = _val(normal, "w:rPr/w:lang") or _val(
            styles, "w:docDefaults/w:rPrDefault/w:rPr/w:lang"
        )
    found = found or _val(settings, "w:themeFontLang")
    if not found:
        findings.add(
            CODE,
            f"The document does not say its language ({RULES['language']}): a screen reader "
            "may read it with the wrong voice.",
            file=label,
            sheet="word/styles.xml",
            field="language",
            hint="In Word: Review > Language > Set Proofing Language, on the Normal style.",
        )
    elif wanted and found.lower() != wanted.lower():
        findings.add(
            CODE,
            f"The document's language is {found}, not {wanted} ({RULES['language']}).",
            file=label,
            sheet="word/styles.xml",
            field="language",
            value=found,
            hint=f"Set the Normal style's language to {wanted} (Review > Language).",
        )


def _heading_levels(styles: Any) -> dict[str, int]:
    """Each paragraph style's heading level (Title 1, Heading n n; an outline level n-1
    also makes n), following basedOn; styles that are not headings are absent."""
    if styles is None:
        return {}
    own: dict[str, int | None] = {}
    based: dict[str, str] = {}
    ns = {"w": W_NS}
    for style in styles.iterfind("w:style", ns):
        if style.get(f"{W}type") not in (None, "paragraph"):
            continue
        sid = style.get(f"{W}styleId") or ""
        name = (_val(style, "w:name") or "").strip()
        match = HEADING_NAME.fullmatch(name)
        outline = _val(style, "w:pPr/w:outlineLvl")
        if name.lower() == "title":
            own[sid] = 1
        elif match:
            own[sid] = int(match.group(1))
        elif outline is not None and outline.isdigit() and int(outline) < 9:
            own[sid] = int(outline) + 1
        else:
            own[sid] = None
        parent = _val(style, "w:basedOn")
        if parent:
            based[sid] = parent
    levels: dict[str, int] = {}
    for sid in own:
        seen: set[str] = set()
        current: str | None = sid
        while current is not None and current not in seen:
            seen.add(current)
            if own.get(current) is not None:
                levels[sid] = own[current]  # type: ignore[assignment]
                break
            current = based.get(current)
    return levels


def _paragraph_level(paragraph: Any, levels: dict[str, int]) -> int | None:
    outline = _val(paragraph, "w:pPr/w:outlineLvl")
    if outline is not None and outline.isdigit():
        return int(outline) + 1 if int(outline) < 9 else None
    style = _val(paragraph, "w:pPr/w:pStyle")
    if not style:
        return None
    if style in levels:
        return levels[style]
    if style.lower() == "title":
        return 1
    match = HEADING_ID.fullmatch(style)
    return int(match.group(1)) if match else None


def _check_headings(findings: Findings, label: str, part: str, document: Any, styles: Any) -> None:
    levels = _heading_levels(styles)
    previous = 0
    for paragraph in document.iter(f"{W}p"):
        level = _paragraph_level(paragraph, levels)
        if level is None:
            continue
        text = _text(paragraph)
        if not text:
            continue  # an empty heading paragraph is spacing, not a heading a reader meets
        if level > previous + 1:
            before = f"Heading {previous}" if previous else "no heading before it"
            findings.add(
                CODE,
                f"Heading level {level} '{text}' follows {before}: a level is skipped "
                f"({RULES['heading order']}).",
                file=label,
                sheet=part,
                field="heading order",
                value=text,
                hint=f"Make it Heading {previous + 1}, or add the missing level above it.",
            )
        previous = level


def _decorative(doc_pr: Any) -> bool:
    for ext in doc_pr.iter(f"{A}ext"):
        if ext.get("uri") == DECORATIVE_EXT:
            return any((child.get("val") or "").lower() in {"1", "true"} for child in ext.iter())
    return False


def _is_text_box(doc_pr: Any) -> bool:
    """A shape (text box, group) rather than a picture: its text is read, not described."""
    container = doc_pr.getparent()
    if container is None:
        return False
    data = container.find(f"{A}graphic/{A}graphicData")
    return data is not None and data.get("uri") in (WPS_URI, WPG_URI)


def _bad_alt(alt: str) -> str:
    """Why alt text fails, or "" when it is a description."""
    if not alt:
        return "has no alt text"
    if FILE_NAME.fullmatch(alt):
        return "has a file name for its alt text"
    if PLACEHOLDER.fullmatch(alt):
        return "has a placeholder for its alt text"
    return ""


def _check_pictures(findings: Findings, label: str, part: str, root: Any) -> None:
    pictures: list[tuple[str, str]] = []  # (name, alt text)
    for doc_pr in root.iter(f"{WP}docPr"):
        if _decorative(doc_pr) or _is_text_box(doc_pr):
            continue
        alt = " ".join(((doc_pr.get("descr") or "") + " " + (doc_pr.get("title") or "")).split())
        pictures.append((doc_pr.get("name") or f"picture {doc_pr.get('id', '')}".strip(), alt))
    for shape in root.iter(f"{V}shape"):
        if shape.find(f"{V}imagedata") is not None:
            alt = " ".join((shape.get("alt") or "").split())
            pictures.append((shape.get("id") or "picture", alt))
    for name, alt in pictures:
        why = _bad_alt(alt)
        if why:
            findings.add(
                CODE,
                f"The picture '{name}' {why} ({RULES['alt text']}).",
                file=label,
                sheet=part,
                field="alt text",
                value=name if not alt else f"{name}: {alt}",
                hint="In Word: right-click the picture > View Alt Text; say what it shows, "
                "or mark it decorative.",
            )


def _links(root: Any) -> Iterator[tuple[str, str]]:
    """(target, text) of each link: w:hyperlink, simple and complex HYPERLINK fields."""
    for link in root.iter(f"{W}hyperlink"):
        yield link.get(f"{W}anchor") or "", _text(link)
    for field in root.iter(f"{W}fldSimple"):
        instr = field.get(f"{W}instr") or ""
        if instr.split()[:1] == ["HYPERLINK"]:
            yield instr, _text(field)
    # complex fields, nested: [instruction, result text, past the separator]
    fields: list[list[Any]] = []
    for node in root.iter(f"{W}fldChar", f"{W}instrText", f"{W}t"):
        kind = node.get(f"{W}fldCharType")
        if kind == "begin":
            fields.append(["", "", False])
        elif not fields:
            continue
        elif kind == "separate":
            fields[-1][2] = True
        elif kind == "end":
            instr, result, _ = fields.pop()
            if instr.split()[:1] == ["HYPERLINK"]:
                yield instr.strip(), " ".join(result.split())
        elif node.tag == f"{W}instrText" and not fields[-1][2]:
            fields[-1][0] += node.text or ""
        elif node.tag == f"{W}t" and fields[-1][2]:
            fields[-1][1] += node.text or ""


def _check_links(findings: Findings, label: str, part: str, root: Any) -> None:
    for _target, text in _links(root):
        if BARE_URL.match(text):
            findings.add(
                CODE,
                f"A link's text is a bare web address ({RULES['link text']}): a reader "
                "hears it spelt out and cannot tell where it goes.",
                file=label,
                sheet=part,
                field="link text",
                value=text,
                hint="Edit the link's text to say where it goes (e.g. 'the Panel's guidance').",
            )
