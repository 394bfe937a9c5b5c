"""What text a package part holds, and where it sits: a part's place by its name (body,
header, chart, SmartArt...), its text in pieces however it is stored (XML, HTML, SVG, a web
archive, text in any common encoding, the strings in a binary), each paragraph's runs joined
by where they sit (tracked changes, hidden text, text boxes, field codes, tables), and every
attribute value that is not the file format's own vocabulary. leaks.py scans the pieces.
"""

from __future__ import annotations

import re
from functools import lru_cache
from itertools import pairwise
from pathlib import Path
from typing import Any, NamedTuple

from ..office.xml import W
from .normalise import decode, markup_text, mime_parts, strings

PLACES = {
    "header": "header",
    "footer": "footer",
    "footnotes": "footnote",
    "endnotes": "endnote",
    "comments": "comment",
    "document": "body",
    "sheet": "spreadsheet cell",
    "sharedStrings": "spreadsheet cell",
    "settings": "document settings",
}
FOLDERS = {"charts": "chart", "diagrams": "SmartArt", "docProps": "document properties"}
NS = {
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
    "s": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
    "m": "http://schemas.openxmlformats.org/officeDocument/2006/math",
    "v": "urn:schemas-microsoft-com:vml",
    "o": "urn:schemas-microsoft-com:office:office",
}
DML, SML, MATH, VML, OFFICE = (f"{{{NS[k]}}}" for k in "asmvo")
# the paragraphs whose runs are joined, and what each text-bearing element adds to them
PARAGRAPHS = (f"{W}p", f"{DML}p", f"{SML}si", f"{SML}is", f"{SML}text")
TEXTS: dict[str, str | None] = {
    f"{W}t": None,
    f"{W}delText": None,
    f"{W}instrText": None,
    f"{DML}t": None,
}
TEXTS |= {f"{SML}t": None, f"{MATH}t": None, f"{W}tab": " ", f"{W}br": " ", f"{W}cr": " "}
TEXTS |= {f"{DML}br": " ", f"{W}noBreakHyphen": "-"}
ATTRIBUTES = {  # (element, attribute) by local name: the place a value sits
    ("hyperlink", "tooltip"): "hyperlink tooltip",
    ("fldSimple", "instr"): "field code",
    ("docVar", "name"): "document variable",
    ("docVar", "val"): "document variable",
    ("alias", "val"): "content control name",
    ("tag", "val"): "content control tag",
    ("docPr", "descr"): "image alt text",
    ("docPr", "title"): "image alt text",
    ("docPr", "name"): "image name",
    ("cNvPr", "descr"): "image alt text",
    ("cNvPr", "title"): "image alt text",
    ("cNvPr", "name"): "image name",
}
# values that are the file format's own vocabulary: font names, Word's built-in style list
SKIP = {("rFonts", "*"), ("font", "name"), ("altName", "val"), ("lsdException", "name")}
SKIP |= {("latin", "typeface"), ("ea", "typeface"), ("cs", "typeface"), ("font", "typeface")}
SKIP |= {("sym", "font"), ("panose1", "val"), ("*", "paraId"), ("*", "textId")}
SKIP |= {("*", "durableId"), ("id", "val")}  # ids: a content control's is a 10-digit number
LETTER = re.compile(r"[^\W\d_]")
# a colour, an id or a GUID: a hexadecimal number with letters and digits
MACHINE = re.compile(r"\{?(?=[\dA-Fa-f-]*[A-Fa-f])(?=[\dA-Fa-f-]*\d)[\dA-Fa-f-]+\}?")
JOIN = "\n|\n"  # between pieces scanned together: no name or date runs across it
# Strings in a binary part shorter than this are read for this case's terms only: in
# random bytes, a postcode or an email address turns up about once a megabyte in them.
LONG_RUN = 10


class Piece(NamedTuple):
    """A piece of a part's text and where it sits. `noisy`: strings found in a binary part,
    where chance makes short matches; `generic`: whether the generic patterns run on it;
    `seams`: where a paragraph's text changes place (body, hidden text...), when only what
    runs across a seam is wanted (the rest is found in each place's own piece)."""

    place: str
    text: str
    noisy: bool = False
    generic: bool = True
    seams: tuple[int, ...] = ()


def _base(name: str) -> str:
    """Where a part sits, by its name: body, header, chart, SmartArt..."""
    folders = name.split("/")[:-1]
    for folder in reversed(folders):
        if folder in FOLDERS:
            return FOLDERS[folder]
    if "embeddings" in folders:
        return "embedded object"
    return PLACES.get(Path(name).stem.rstrip("0123456789"), "other part")


def _pieces(name: str, body: bytes, base: str) -> list[Piece]:
    """The pieces of one part, however it is stored: XML, HTML, SVG, a web archive, text
    in any common encoding, or the strings in a binary."""
    suffix = Path(name).suffix.lower()
    head = (decode(body[:512]) or "").lstrip("\ufeff \t\r\n").lower()
    if suffix in {".mht", ".mhtml"} or head.startswith("mime-version"):
        inner = "HTML part" if base == "other part" else base
        return [piece for sub, data in mime_parts(body) for piece in _pieces(sub, data, inner)]
    place = base
    markup = True
    if suffix == ".svg" or (head.startswith(("<svg", "<?xml")) and "<svg" in head):
        place = "SVG image"
    elif suffix in {".htm", ".html", ".xhtml"} or head.startswith(("<!doctype html", "<html")):
        place = "HTML part" if base == "other part" else base
    elif suffix in {".xml", ".rels", ".vml"} or head.startswith("<"):
        pieces = _xml_pieces(body, base)
        if pieces is not None:
            return pieces  # else not well-formed: read as tagged text, losing nothing
    else:
        markup = False
    text = decode(body)
    if text is None:
        place = base if base != "other part" else "binary part"
        runs = strings(body)
        short = JOIN.join(r for r in runs if len(r) < LONG_RUN)
        long = JOIN.join(r for r in runs if len(r) >= LONG_RUN)
        return [Piece(place, short, True, generic=False), Piece(place, long, noisy=True)]
    if markup:
        content, values = markup_text(text)
        return [Piece(place, content), Piece(f"{place} attribute", JOIN.join(values))]
    return [Piece(base if base != "other part" else "text part", text)]


def _xml_pieces(body: bytes, base: str) -> list[Piece] | None:
    """(place, text) pieces of an XML part: each paragraph's runs joined, by where they
    sit; other element text; every attribute value. None when it is not well-formed."""
    from lxml import etree

    parser = etree.XMLParser(recover=True, huge_tree=True, resolve_entities=False)
    try:
        root = etree.fromstring(body, parser=parser)
    except etree.XMLSyntaxError:
        return None
    if root is None or len(parser.error_log):
        return None
    paragraphs: dict[Any, list[tuple[str, str]]] = {}  # each paragraph's (place, text) runs
    groups: dict[str, list[str]] = {}
    for node in root.iter():
        tag = node.tag
        if not isinstance(tag, str):  # a comment or processing instruction
            groups.setdefault(base, []).append(node.text or "")
            continue
        paragraph = next(node.iterancestors(*PARAGRAPHS), None) if tag in TEXTS else None
        if paragraph is not None:
            run = (_place(node, base), TEXTS[tag] or node.text or "")
            paragraphs.setdefault(paragraph, []).append(run)
        elif node.text and not node.text.isspace():
            groups.setdefault(base, []).append(node.text)
        if node.tail and not node.tail.isspace():
            groups.setdefault(base, []).append(node.tail)
        for key, value in node.attrib.items():
            if len(value) < 6 and not LETTER.search(value):
                continue  # too short to hold a name, a date or a number
            place = _attribute_place(tag, key)
            if place and not MACHINE.fullmatch(value):
                if place == "relationship target" and node.get("TargetMode") == "External":
                    place = "link"
                groups.setdefault(place, []).append(value)
    pieces = [p for runs in paragraphs.values() for p in _paragraph(runs)]
    return pieces + [Piece(place, JOIN.join(values)) for place, values in groups.items()]


def _paragraph(runs: list[tuple[str, str]]) -> list[Piece]:
    """A paragraph's text, place by place; and, where it changes place, the whole of it for
    what runs across a change (a name half in hidden text)."""
    places = list(dict.fromkeys(place for place, _ in runs))
    pieces = [Piece(p, "".join(t for place, t in runs if place == p)) for p in places]
    if len(places) > 1:
        seams, at = [], 0
        for (place, text), (following, _) in pairwise(runs):
            at += len(text)
            if following != place:
                seams.append(at)
        whole = "".join(t for _, t in runs)
        pieces.append(Piece(" + ".join(places), whole, seams=tuple(seams)))
    return pieces


@lru_cache(maxsize=4096)
def _attribute_place(tag: str, key: str) -> str:
    """Where an attribute value sits ("hyperlink tooltip"), or "" for one that is the
    format's own vocabulary (font names, Word's list of built-in styles, ids)."""
    element, attribute = tag.rpartition("}")[2], key.rpartition("}")[2]
    if (
        attribute.startswith("rsid")
        or {(element, "*"), ("*", attribute), (element, attribute)} & SKIP
    ):
        return ""
    if element == "Relationship" and attribute == "Target":
        return "relationship target"
    if (tag.startswith(VML) and attribute == "alt") or key == f"{OFFICE}title":
        return "VML alt text"
    return ATTRIBUTES.get((element, attribute), f"attribute {attribute} of {element}")


def _place(node: Any, base: str) -> str:
    """Where a piece of text sits, most telling first."""
    names = [a.tag for a in node.iterancestors()]
    run = next((a for a in node.iterancestors() if a.tag == f"{W}r"), None)
    if f"{W}ins" in names or f"{W}moveTo" in names:
        return "tracked insertion"
    if f"{W}del" in names or f"{W}moveFrom" in names or node.tag == f"{W}delText":
        return "tracked deletion"
    if run is not None and run.find(f"{W}rPr/{W}vanish") is not None:
        return "hidden text"
    if f"{W}txbxContent" in names:
        return "text box"
    if node.tag == f"{W}instrText":
        return "field code"
    if f"{W}tbl" in names and base == "body":
        return "table"
    return base
