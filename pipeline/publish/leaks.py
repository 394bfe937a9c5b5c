"""The leak scan: find identifying text anywhere in a file before it is published.

Reads every part of a .docx/.xlsx package (body, tables, headers, footers, footnotes,
endnotes, comments, tracked insertions and deletions, hidden text, text boxes, charts,
SmartArt, document properties and variables), every attribute value (alt text, hyperlink
tooltips, field codes, content control names and tags), every part's name and every
relationship target; HTML, SVG and MIME parts as text; UTF-8 and UTF-16 strings in
binary parts; and embedded packages, recursively. It looks, on text folded to a normal
form (see normalise.py), for: the child's and family's names and each part of them, dates
of birth in the forms people write them, addresses with their streets (abbreviated too)
and postcodes, the case's `identifiers`, and any UK postcode, NHS number (with a valid
check digit), National Insurance number, phone number or email address. It cannot read
text inside pictures. How each part is read, and where its text sits: parts.py.
"""

from __future__ import annotations

import io
import re
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import date
from pathlib import Path

from ..case.model import Case, LeakAllow
from ..core.findings import Findings
from .normalise import (
    ORDINARY,
    SPELLINGS,
    capitalised,
    date_forms,
    date_pattern,
    fold,
    name_pattern,
    phrase_pattern,
    postcode_pattern,
    words,
)
from .parts import JOIN, Piece, _base, _pieces

__all__ = ["Hit", "Scanner", "Term", "date_forms", "nhs_valid", "terms_for"]

STREET_WORDS = "|".join(sorted(SPELLINGS, key=len, reverse=True))
STREET = re.compile(rf"([A-Z][\w']+(?: [A-Z][\w']+)* (?:{STREET_WORDS}))\b\.?", re.I)
POSTCODE = re.compile(r"\b(?:GIR ?0AA|[A-PR-UWYZ][A-HK-Y]?\d[A-Z\d]? ?\d[ABD-HJLNP-UW-Z]{2})\b")
NHS = re.compile(r"(?<![\w-])(\d{3})[ -]?(\d{3})[ -]?(\d{4})(?![\w-])")  # not inside a hex hash
NI = re.compile(
    r"\b(?!BG|GB|NK|KN|TN|NT|ZZ)[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z] ?\d{2} ?\d{2} ?"
    r"\d{2} ?[A-D]\b"
)
PHONE = re.compile(
    r"(?<![\w+])(?:\+44\s?(?:\(0\)\s?)?|\(?0)\d{2,4}\)?[\s-]?\d{3,4}[\s-]?\d{3,4}"
    r"(?![\w])"
)
EMAIL = re.compile(r"\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b")


@dataclass(frozen=True)
class Term:
    """Something identifying to look for: `pattern` runs on the folded text (or, when not
    `folded`, on the text with only invisible characters removed and quotes and dashes
    plain); `accept`, given the text as found, may turn a match down. `needs` is text
    every match holds: where it is absent the pattern need not run."""

    pattern: re.Pattern[str]
    what: str  # e.g. "the child's surname"
    folded: bool = True
    accept: Callable[[str], bool] | None = None
    needs: str = ""
    generic: bool = False  # not this case's: a postcode, NHS number, phone number...


@dataclass
class Hit:
    file: str
    part: str
    place: str
    what: str
    text: str  # as found in the document
    context: str
    allowed: str = ""  # the reason, when an explicit allow entry covers it

    def as_dict(self) -> dict[str, str]:
        return asdict(self)

    def add_to(self, findings: Findings, code: str, where: str) -> None:
        """The hit as a finding `code`, found in `where`, naming its file, part and place."""
        findings.add(
            code,
            f"{self.what.capitalize()} in {where}: '...{self.context}...'",
            file=self.file,
            sheet=self.part,
            field=self.place,
            value=self.text,
        )


@dataclass
class Scanner:
    terms: list[Term]
    allow: list[LeakAllow] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._allowed = [(phrase_pattern(a.text), a.reason) for a in self.allow]

    def scan_file(self, path: Path, label: str) -> list[Hit]:
        """Every hit in one file: a package part by part, else its text; and its name."""
        data = path.read_bytes()
        hits = self.scan_text(path.name, label, "", "file name")
        if zipfile.is_zipfile(io.BytesIO(data)):
            return hits + self.scan_package(data, label)
        if is_pdf(data) or path.suffix.lower() == ".pdf":
            return hits + self.scan_pdf(data, label)
        return hits + self._scan_pieces(_pieces(path.name, data, "text"), label, "")

    def scan_pdf(self, data: bytes, label: str, prefix: str = "", depth: int = 0) -> list[Hit]:
        """Every hit in a PDF: document information, XMP, each page's text, annotations,
        bookmarks, form fields, the structure tree, every other string and name, and the
        attached files (scanned as packages, PDFs or text), each with its part (`pdf:info`,
        `pdf:page 3`, `pdf:annotation`, `pdf:outline`, `pdf:attachment name`...). A PDF
        that cannot be opened is a hit: it was not checked."""
        from .pdfread import Unreadable, pdf_pieces

        try:
            items = pdf_pieces(data)
        except Unreadable:
            part = f"{prefix}pdf"
            why = "a PDF that cannot be read (encrypted or damaged), so not checked"
            return [Hit(label, part, "unreadable part", why, part, part)]
        hits = []
        for item in items:
            part = f"{prefix}{item.part}"
            if item.data is None:
                hits += self.scan_text(item.piece.text, label, part, item.piece.place, item.piece)
                continue
            name, body = item.piece.text, item.data
            inner = f"{part} ({name})!"
            if body[:4] == b"PK\x03\x04":
                hits += self.scan_package(body, label, inner)
            elif is_pdf(body) and depth < 10:
                hits += self.scan_pdf(body, label, inner, depth + 1)
            else:
                hits += self._scan_pieces(_pieces(name, body, item.piece.place), label, part)
        return hits

    def scan_package(self, data: bytes, label: str, prefix: str = "") -> list[Hit]:
        """Every hit in a zip package: each part's name and content, and, recursively,
        the packages inside it. A part that cannot be read is a hit: it was not checked."""
        try:
            package = zipfile.ZipFile(io.BytesIO(data))
        except zipfile.BadZipFile:
            part = prefix.rstrip("!")
            return self._scan_pieces(_pieces(part, data, "embedded object"), label, part)
        hits: list[Hit] = []
        with package:
            for info in package.infolist():
                name, part = info.filename, f"{prefix}{info.filename}"
                hits += self.scan_text(name, label, part, "part name")
                try:
                    body = package.read(info)
                except (zipfile.BadZipFile, RuntimeError, NotImplementedError, zlib.error):
                    why = "a part that cannot be read (encrypted or damaged), so not checked"
                    hits.append(Hit(label, part, "unreadable part", why, name, name))
                    continue
                if body[:4] == b"PK\x03\x04":
                    hits += self.scan_package(body, label, f"{part}!")
                elif is_pdf(body):
                    hits += self.scan_pdf(body, label, f"{part}!")
                elif prefix:  # inside an embedded package, every place is the object
                    pieces = _pieces(name, body, "embedded object")
                    pieces = [p._replace(place="embedded object") for p in pieces]
                    hits += self._scan_pieces(pieces, label, part)
                else:
                    hits += self._scan_pieces(_pieces(name, body, _base(name)), label, part)
        return hits

    def _scan_pieces(self, pieces: list[Piece], label: str, part: str) -> list[Hit]:
        return [hit for p in pieces for hit in self.scan_text(p.text, label, part, p.place, p)]

    def scan_text(
        self, text: str, label: str, part: str, place: str, piece: Piece | None = None
    ) -> list[Hit]:
        """Every hit in one piece of text, one per span (naming every term that matched);
        `allowed` carries the reason where a leak_allow entry covers it. `piece` tells how
        to read it (see Piece)."""
        piece = piece or Piece(place, text)
        if not text or text.isspace():
            return []
        folded, plain = fold(text), fold(text, lower=False)
        allowed = [
            (*folded.source(*m.span()), reason)
            for pattern, reason in self._allowed
            if pattern is not None
            for m in pattern.finditer(folded.text)
        ]
        found: dict[tuple[int, int], Hit] = {}  # one hit per piece of text, naming every term
        for term in self.terms:
            view = folded if term.folded else plain
            if term.needs not in view.text or (term.generic and not piece.generic):
                continue
            for m in term.pattern.finditer(view.text):
                start, end = view.source(*m.span())
                if piece.noisy and end - start < 4:
                    continue
                if piece.seams and not any(start < seam < end for seam in piece.seams):
                    continue
                if term.accept is not None and not term.accept(text[start:end]):
                    continue
                if (start, end) in found:
                    if term.what not in found[(start, end)].what.split("; "):
                        found[(start, end)].what += f"; {term.what}"
                    continue
                reason = next((r for s, e, r in allowed if s <= start and end <= e), "")
                context = _context(text, start, end)
                found[(start, end)] = Hit(
                    label, part, place, term.what, text[start:end], context, reason
                )
        return list(found.values())


def is_pdf(data: bytes) -> bool:
    """Whether bytes are a PDF: they begin with its header (after any white space)."""
    return data[:1024].lstrip(b"\x00\t\n\x0c\r ")[:5] == b"%PDF-"


def _context(text: str, start: int, end: int) -> str:
    """Up to 40 characters either side of a hit, within its own value or line."""
    before, after = text.rfind(JOIN, 0, start), text.find(JOIN, end)
    low = max(start - 40, before + len(JOIN) if before >= 0 else 0)
    high = min(end + 40, after if after >= 0 else len(text))
    return " ".join(text[low:high].split())


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
            year = f"{born.year % 100:02d}"  # in every form of the date
            terms.append(Term(date_pattern(born), f"{who}'s date of birth", needs=year))
        if address:
            terms += _address_terms(who, address)
    for text in case.identifiers:
        pattern = phrase_pattern(text)
        if pattern is not None:
            terms.append(Term(pattern, "an identifier listed in case.yaml", needs=_needs(text)))
    terms += [
        Term(POSTCODE, "a UK postcode", folded=False, generic=True),
        Term(NHS, "an NHS number", folded=False, accept=_nhs, generic=True),
        Term(NI, "a National Insurance number", folded=False, generic=True),
        Term(PHONE, "a phone number", folded=False, generic=True),
        Term(EMAIL, "an email address", folded=False, needs="@", generic=True),
    ]
    return terms


def _nhs(found: str) -> bool:
    return nhs_valid(re.sub(r"\D", "", found))


def _name_terms(who: str, name: str) -> list[Term]:
    """The whole name in any case, by any separator; each part as a word, in any case
    unless it is an ordinary English word (then capitalised or in capitals only)."""
    raw = [r for r in re.split(r"[\s,_\-./+\\]+", name) if fold(r).text]
    parts = [fold(r).text for r in raw]
    if not parts:
        return []
    ordinary = [p.replace("'", "") in ORDINARY for p in parts]
    if len(parts) == 1:
        accept = capitalised if ordinary[0] else None
    elif all(ordinary):  # "Dean Foster": capitalised, or joined as in "dean_foster.jpg"
        accept = _capitalised_or_joined
    else:
        accept = None
    terms = [Term(name_pattern(parts), f"{who}'s name", accept=accept, needs=_needs(name))]
    if len(parts) > 1:
        for part, written, plain in zip(parts, raw, ordinary, strict=True):
            if len(part) >= 2:
                terms.append(
                    Term(
                        name_pattern([part]),
                        f"part of {who}'s name ({written})",
                        accept=capitalised if plain else None,
                        needs=_needs(written),
                    )
                )
    return terms


def _capitalised_or_joined(found: str) -> bool:
    return capitalised(found) or not any(c.isspace() for c in found)


def _address_terms(who: str, address: str) -> list[Term]:
    terms: list[Term] = []
    whole = phrase_pattern(address)
    if whole is not None:
        terms.append(Term(whole, f"{who}'s address", needs=_needs(address)))
    for code in POSTCODE.findall(address.upper()):
        outward = code.split()[0] if " " in code else code[:-3]
        terms.append(Term(postcode_pattern(code), f"{who}'s postcode", needs=outward.lower()))
    for street in STREET.findall(address):
        pattern = phrase_pattern(street)
        if pattern is not None:
            terms.append(Term(pattern, f"{who}'s street", needs=_needs(street)))
    return terms


def _needs(text: str) -> str:
    """The longest folded word of a name or phrase that every match holds as it is."""
    pieces = [p for w in words(text) if w not in SPELLINGS for p in w.split("'")]
    return max(pieces, key=len, default="")
