"""The leak scan: find identifying text anywhere in a file before it is published.

Looks in every part of a .docx/.xlsx package (body, tables, headers, footers,
footnotes, endnotes, comments, tracked insertions and deletions, hidden text,
text boxes, image alt text, embedded objects, document properties) and in
plain text files, for: the child's and family's names and each part of them,
dates of birth in the forms people write them, addresses with their streets and
postcodes, the case's `identifiers`, and any UK postcode, NHS number (with a
valid check digit), National Insurance number, phone number or email address.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import asdict, dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from ..case.model import Case, LeakAllow
from ..office.xml import W

STREET_WORDS = (
    "road|street|lane|avenue|close|drive|way|row|court|crescent|place|gardens|"
    "terrace|grove|hill|park|square|walk|mews|rise|view|green"
)
POSTCODE = re.compile(r"\b(?:GIR ?0AA|[A-PR-UWYZ][A-HK-Y]?\d[A-Z\d]? ?\d[ABD-HJLNP-UW-Z]{2})\b")
NHS = re.compile(r"(?<![\d-])(\d{3})[ -]?(\d{3})[ -]?(\d{4})(?![\d-])")
NI = re.compile(
    r"\b(?!BG|GB|NK|KN|TN|NT|ZZ)[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z] ?\d{2} ?\d{2} ?"
    r"\d{2} ?[A-D]\b"
)
PHONE = re.compile(
    r"(?<![\w+])(?:\+44\s?(?:\(0\)\s?)?|\(?0)\d{2,4}\)?[\s-]?\d{3,4}[\s-]?\d{3,4}"
    r"(?![\w])"
)
EMAIL = re.compile(r"\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b")
PLACES = {
    "header": "header",
    "footer": "footer",
    "footnotes": "footnote",
    "endnotes": "endnote",
    "comments": "comment",
    "document": "body",
    "sheet": "spreadsheet cell",
    "sharedStrings": "spreadsheet cell",
}


@dataclass(frozen=True)
class Term:
    """Something identifying to look for."""

    pattern: re.Pattern[str]
    what: str  # e.g. "the child's surname"


@dataclass
class Hit:
    file: str
    part: str
    place: str
    what: str
    text: str
    context: str
    allowed: str = ""  # the reason, when an explicit allow entry covers it

    def as_dict(self) -> dict[str, str]:
        return asdict(self)


@dataclass
class Scanner:
    terms: list[Term]
    allow: list[LeakAllow] = field(default_factory=list)

    def scan_file(self, path: Path, label: str) -> list[Hit]:
        """Every hit in one file: a .docx/.xlsx package part by part, else its text."""
        data = path.read_bytes()
        if path.suffix.lower() in {".docx", ".xlsx", ".docm", ".pptx"}:
            return self.scan_package(data, label)
        return self.scan_text(data.decode("utf-8", errors="replace"), label, "", "text")

    def scan_package(self, data: bytes, label: str, prefix: str = "") -> list[Hit]:
        """Every hit in a zip package's XML parts and, recursively, its embedded objects."""
        hits: list[Hit] = []
        try:
            package = zipfile.ZipFile(io.BytesIO(data))
        except zipfile.BadZipFile:
            return self.scan_text(_strings(data), label, prefix.rstrip("!"), "embedded object")
        with package:
            for name in package.namelist():
                part = f"{prefix}{name}"
                body = package.read(name)
                if name.endswith((".xml", ".rels")):
                    for place, text in _texts(name, body, bool(prefix)):
                        hits += self.scan_text(text, label, part, place)
                elif name.startswith(("word/embeddings/", "xl/embeddings/")):
                    hits += self.scan_package(body, label, f"{part}!")
        return hits

    def scan_text(self, text: str, label: str, part: str, place: str) -> list[Hit]:
        """Every hit in one piece of text, one per span (naming every term that matched);
        `allowed` carries the reason where a leak_allow entry covers it."""
        allowed = [
            (m.start(), m.end(), a.reason)
            for a in self.allow
            for m in re.finditer(re.escape(a.text), text, re.I)
        ]
        found: dict[tuple[int, int], Hit] = {}  # one hit per piece of text, naming every term
        for term in self.terms:
            for m in term.pattern.finditer(text):
                if term.what == "an NHS number" and not nhs_valid("".join(m.groups())):
                    continue
                if m.span() in found:
                    found[m.span()].what += f"; {term.what}"
                    continue
                reason = next((r for s, e, r in allowed if s <= m.start() and m.end() <= e), "")
                context = " ".join(text[max(0, m.start() - 40) : m.end() + 40].split())
                found[m.span()] = Hit(label, part, place, term.what, m.group(), context, reason)
        return list(found.values())


def nhs_valid(digits: str) -> bool:
    """An NHS number's modulus 11 check digit."""
    if len(digits) != 10 or len(set(digits)) == 1:
        return False
    total = sum(int(d) * w for d, w in zip(digits[:9], range(10, 1, -1), strict=True))
    check = 11 - total % 11
    return check != 10 and (check % 11) == int(digits[9])


def terms_for(case: Case) -> list[Term]:
    """What must never be published, for this case, then the generic patterns."""
    terms: list[Term] = []
    people: list[tuple[str, str, date | None, str]] = [
        ("the child", case.child.name, case.child.date_of_birth, case.child.address)
    ]
    people += [
        (f"a family member ({f.relationship or 'family'})", f.name, f.date_of_birth, f.address)
        for f in case.family
    ]
    for who, name, born, address in people:
        terms += _name_terms(who, name)
        if born:
            terms.append(Term(_any_of(date_forms(born)), f"{who}'s date of birth"))
        if address:
            terms += _address_terms(who, address)
    for text in case.identifiers:
        if text.strip():
            terms.append(Term(_literal(text), "an identifier listed in case.yaml"))
    terms += [
        Term(POSTCODE, "a UK postcode"),
        Term(NHS, "an NHS number"),
        Term(NI, "a National Insurance number"),
        Term(PHONE, "a phone number"),
        Term(EMAIL, "an email address"),
    ]
    return terms


def _name_terms(who: str, name: str) -> list[Term]:
    terms = [Term(_literal(name), f"{who}'s name")] if name.strip() else []
    parts = [p for p in re.split(r"[\s-]+", name) if len(p) >= 2]
    if len(parts) > 1:
        for part in parts:  # capitalised, as a name is written: not "foster care" for Foster
            terms.append(
                Term(
                    re.compile(rf"(?<!\w){re.escape(part)}(?!\w)"), f"part of {who}'s name ({part})"
                )
            )
    return terms


def _address_terms(who: str, address: str) -> list[Term]:
    terms = [Term(_literal(address), f"{who}'s address")]
    for code in POSTCODE.findall(address.upper()):
        terms.append(Term(_literal(code), f"{who}'s postcode"))
    for street in re.findall(
        rf"([A-Z][\w']+(?: [A-Z][\w']+)* (?:{STREET_WORDS}))\b", address, re.I
    ):
        terms.append(Term(_literal(street), f"{who}'s street"))
    return terms


def date_forms(day: date) -> list[str]:
    """A date as people write it: 14/03/2024, 14/3/24, 14.03.2024, 2024-03-14, 14 March 2024..."""
    d, m, y = day.day, day.month, day.year
    month, mon = day.strftime("%B"), day.strftime("%b")
    suffix = "th" if 11 <= d <= 13 else {1: "st", 2: "nd", 3: "rd"}.get(d % 10, "th")
    forms = {
        f"{d:02d}/{m:02d}/{y}",
        f"{d}/{m}/{y}",
        f"{d:02d}/{m:02d}/{y % 100:02d}",
        f"{d}/{m}/{y % 100:02d}",
        f"{d:02d}.{m:02d}.{y}",
        f"{d}.{m}.{y}",
        f"{d:02d}-{m:02d}-{y}",
        day.isoformat(),
        f"{d} {month} {y}",
        f"{d}{suffix} {month} {y}",
        f"{d} {mon} {y}",
        f"{month} {d}, {y}",
        f"{month} {d} {y}",
        f"{d}{suffix} of {month} {y}",
    }
    return sorted(forms, key=len, reverse=True)


def _literal(text: str) -> re.Pattern[str]:
    words = [re.escape(w) for w in text.split()]
    return re.compile(r"(?<!\w)" + r"\s+".join(words) + r"(?!\w)", re.I)


def _any_of(texts: list[str]) -> re.Pattern[str]:
    return re.compile(
        r"(?<![\w/.-])(?:" + "|".join(re.escape(t) for t in texts) + r")(?![\w/-])", re.I
    )


def _texts(name: str, body: bytes, embedded: bool) -> list[tuple[str, str]]:
    """(place, text) pieces of one XML part: each paragraph's runs joined, by where they sit."""
    from lxml import etree

    try:
        root = etree.fromstring(body, parser=etree.XMLParser(recover=True, huge_tree=True))
    except etree.XMLSyntaxError:
        return [("unreadable part", body.decode("utf-8", errors="replace"))]
    if root is None:
        return []
    stem = Path(name).stem.rstrip("0123456789")
    base = PLACES.get(stem, "document properties" if name.startswith("docProps/") else "other part")
    if embedded:
        base = "embedded object"
    pieces: list[tuple[str, str]] = []
    paragraphs = root.iter(f"{W}p") if root.tag.startswith(W) else []
    seen: set[Any] = set()
    for p in paragraphs:
        chunks: dict[str, list[str]] = {}
        for node in p.iter(f"{W}t", f"{W}delText", f"{W}instrText"):
            seen.add(node)
            chunks.setdefault(_place(node, base), []).append(node.text or "")
        pieces += [(place, "".join(texts)) for place, texts in chunks.items()]
    leftovers = [
        n.text
        for n in root.iter()
        if isinstance(n.tag, str) and n not in seen and n.text and n.text.strip()
    ]
    if leftovers:  # document properties, spreadsheet cells, relationships
        pieces.append((base, "\n".join(leftovers)))
    for node in root.iter():
        for attr in ("descr", "title", "name"):
            value = node.get(attr) if isinstance(node.tag, str) else None
            if value and node.tag.endswith(("docPr", "cNvPr")):
                pieces.append(("image alt text" if attr != "name" else "image name", value))
        target = node.get("Target") if isinstance(node.tag, str) else None
        if target and node.get("TargetMode") == "External":
            pieces.append(("link", target))
    return pieces


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
    if f"{W}tbl" in names and base == "body":
        return "table"
    return base


def _strings(data: bytes) -> str:
    """Readable text runs in a binary object, as `strings` finds them."""
    return "\n".join(m.group().decode("latin-1") for m in re.finditer(rb"[\x20-\x7e]{4,}", data))
