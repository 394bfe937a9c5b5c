"""Text as the leak scan compares it, and the patterns it compares it with.

A name is one thing however it is written: `fold` maps text to a normal form (Unicode
NFKC, case folded, accents off, zero-width and soft-hyphen characters gone, curly quotes
and dashes plain, %-escapes decoded) and remembers, for every character it makes, where it
came from, so a match is reported as the text was found. The pattern builders below work on
folded text: a name's parts joined by any separator (space, `_`, `-`, `.`, `/`, `+`), a date
in every common written form, a street with its usual abbreviations.
"""

from __future__ import annotations

import email
import html
import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

# Common English words that are also first names or surnames. A name part in this list is a
# leak only capitalised or in capitals ("Foster", "FOSTER"), never as the lower-case word
# ("foster care", "the dean of the school", "may be").
_ORDINARY = """
    ace amber angel april archer art ash aspen august autumn bailey baker banks barber bay
    beach bean bear beau bell berry best bill birch bird bishop black blade blaze bliss
    bloom blossom bond bone booth bowman brad brewer briar bridge bright brook brooks
    brown buck bud buddy bull bunny burns bush butcher butler cage cane cannon carol
    carpenter carter cash chalk chance chandler chapel chapman charity cherry chester
    chip church clay cliff coat cole colt constable cook cooper coral cotton crane crow
    crystal dale dance darling dash dawn day daisy dean destiny diamond dove drake
    draper drew duck duke dusty dyer eagle earl earnest east eden ember faith fairy fell
    fern field fields finch fish fisher fleming fletcher flint flood flora flower ford
    forest forester foster fowler fox frank freeman frost gale garland gates gay gem
    gill ginger glass glen glover gold good goose grace grant gray green grey grove guy
    hale hall hardy harmony harper hart hawk hay hazel heath heather heaven hedge hill
    hills holly honey hood hope horn house hunt hunter husband iris ivy jack jade
    jasmine jay jewel jolly joy june keen king kit kitty knight lamb lance lane lark
    laurel law lawn lee liberty lily lock long lord love low luck lucky major march mark
    marsh marshal mason may mayor meadow mellow melody mercer mercy miles mill miller
    mills misty moody moon moor moss myrtle nail nick noble north nurse oak oakley olive
    opal orchard page palmer park parker parks parson parsons patience pearl penny
    pepper petal pike pipe piper poet pool pope poppy porter potter power price prince
    prudence quick rain ram ray read red reed reign rich rider ring river rivers robin
    rock rocky rod rook root rose rosemary row rowan royal ruby rush rust rusty sable
    sage sailor saint salt sand sands sandy savage scarlet seal shepherd shield shore
    short silver skye sky slate slater small smart smith snow sonny south spark sparrow
    speed spring stag star steel sterling stone storm story street strong sugar summer
    sunny swan swift tanner teddy temple terry thatcher thorn tiger tower tree trinity
    trim tucker turner unity vale valentine victor vine violet wade wake walker wall
    ward warden warren waters watt weaver webb wells west wheeler white wild will willow
    winter wise wolf wood woods wren wright yeoman young
"""
ORDINARY = frozenset(_ORDINARY.split())

# Street words and their usual abbreviations: each spelling stands for all of them.
STREETS: dict[str, tuple[str, ...]] = {
    "road": ("road", "rd"),
    "street": ("street", "st"),
    "avenue": ("avenue", "ave", "av"),
    "close": ("close", "cl"),
    "crescent": ("crescent", "cres", "cresc"),
    "drive": ("drive", "dr", "drv"),
    "lane": ("lane", "ln"),
    "place": ("place", "pl"),
    "square": ("square", "sq"),
    "court": ("court", "ct"),
    "terrace": ("terrace", "terr", "tce"),
    "gardens": ("gardens", "gdns"),
    "grove": ("grove", "gro"),
    "park": ("park", "pk"),
    "green": ("green", "grn"),
    "walk": ("walk", "wlk"),
    "mews": ("mews",),
    "way": ("way",),
    "hill": ("hill",),
    "row": ("row",),
    "rise": ("rise",),
    "view": ("view",),
}
SPELLINGS = {s: forms for forms in STREETS.values() for s in forms}
SPELLINGS["st"] = ("street", "st", "saint")  # "St" is Saint as often as Street

SEP = r"(?:[\s_\-./+\\]+)"  # between the parts of a name: space, _, -, ., /, +, \
PHRASE_SEP = r"(?:[\s,_\-./+\\]+)"  # between the words of an address or identifier
LETTER = r"[^\W\d_]"  # in (?<!...) and (?!...): a word's edges
ALNUM = r"[^\W_]"

QUOTES = dict.fromkeys("\u2018\u2019\u201a\u201b\u2032\u02bc\u02bb\u00b4\uff07", "'")
QUOTES |= dict.fromkeys("\u201c\u201d\u201e\u201f\u2033\uff02", '"')
DASHES = dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe63\uff0d\u2043", "-")
# letters Unicode does not decompose, and their plain spelling (accents off)
PLAIN = {"ø": "o", "Ø": "O", "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE", "đ": "d", "Đ": "D"}
PLAIN |= {"ł": "l", "Ł": "L", "ı": "i", "ð": "d", "Ð": "D", "þ": "th", "Þ": "Th"}
CHUNKS = re.compile(r"[\x00-\x24\x26-\x7f]+|(?:%[0-9A-Fa-f]{2})+|.", re.S)


@dataclass(frozen=True)
class Folded:
    """Folded text, and for each of its characters the span of the source it came from
    (None: the same as the source, character for character)."""

    text: str
    starts: list[int] | None = None
    ends: list[int] | None = None

    def source(self, start: int, end: int) -> tuple[int, int]:
        """The span of the source text that [start, end) of the folded text came from."""
        if self.starts is None or self.ends is None:
            return start, end
        if start >= end:  # empty: where it sits
            at = self.starts[start] if start < len(self.starts) else (self.ends or [0])[-1]
            return at, at
        return self.starts[start], self.ends[end - 1]


def fold(text: str, lower: bool = True) -> Folded:
    """`text` in normal form: NFKC, accents off, invisible characters gone, quotes and
    dashes plain, %-escapes decoded; case folded when `lower`."""
    if text.isascii() and "%" not in text:
        return Folded(text.lower() if lower else text)
    out: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    for m in CHUNKS.finditer(text):
        chunk, at = m.group(), m.start()
        if chunk.isascii() and chunk[0] != "%":
            out.append(chunk.lower() if lower else chunk)
            starts += range(at, at + len(chunk))
            ends += range(at + 1, at + len(chunk) + 1)
            continue
        if chunk[0] == "%" and len(chunk) > 1:
            chars = bytes.fromhex(chunk.replace("%", "")).decode("utf-8", errors="replace")
            spans = [(at, m.end())] * len(chars)
        else:
            chars, spans = chunk, [(at, at + 1)]
        for char, (start, end) in zip(chars, spans, strict=True):
            plain = _char(char, lower)
            if plain:
                out.append(plain)
                starts += [start] * len(plain)
                ends += [end] * len(plain)
            elif ends and unicodedata.combining(char):
                ends[-1] = end  # an accent belongs to the letter before it
    return Folded("".join(out), starts, ends)


@lru_cache(maxsize=8192)
def _char(char: str, lower: bool) -> str:
    if char in QUOTES or char in DASHES:
        return QUOTES.get(char) or DASHES[char]
    if unicodedata.category(char) == "Cf":  # zero-width characters, soft hyphen, BOM, bidi
        return ""
    plain = PLAIN.get(char) or unicodedata.normalize("NFKD", char)
    if lower:
        plain = plain.casefold()
    return "".join(c for c in plain if not unicodedata.combining(c))


def words(text: str) -> list[str]:
    """The folded words of a name or phrase, split at spaces, commas and separators."""
    return [w for w in re.split(r"[\s,_\-./+\\]+", fold(text).text) if w]


def capitalised(found: str) -> bool:
    """Every word of the text as found starts with a capital ("Dean Foster", "FOSTER")."""
    found = "".join(c for c in found if unicodedata.category(c) != "Cf")
    parts = [w for w in re.split(r"[^\w']+|_", found) if w and w[0].isalpha()]
    return bool(parts) and all(w[0].isupper() for w in parts)


def _word(word: str) -> str:
    """A folded word as a pattern: an apostrophe optional ("O'Brien", "OBrien")."""
    return "".join("['`]?" if c == "'" else re.escape(c) for c in word)


def bounded(body: str, parts: list[str]) -> str:
    """`body` as a whole word. Next to a digit still counts as a word ("riley2.jpg"),
    unless the word could be part of a hexadecimal number ("ed" in "00ed12ab")."""
    edge = ALNUM if all(re.fullmatch(r"[a-f']+", p) for p in parts) else LETTER
    return rf"(?<!{edge}){body}(?!{edge})"


def name_pattern(parts: list[str], joined: bool = True) -> re.Pattern[str]:
    """A name's folded parts, in order, with any separator between them, or none at all
    ("rileybrennan") when `joined`."""
    alternatives = [SEP.join(_word(p) for p in parts)]
    if joined and len(parts) > 1:
        alternatives.append("".join(_word(p) for p in parts))
    return re.compile(bounded("(?:" + "|".join(alternatives) + ")", parts))


def phrase_pattern(text: str) -> re.Pattern[str] | None:
    """An address, street or identifier: its words in order, any separator or comma
    between them, each street word in any of its spellings ("Millbrook Rd")."""
    parts = words(text)
    if not parts:
        return None
    body = PHRASE_SEP.join(
        "(?:" + "|".join(SPELLINGS[p]) + r")\.?" if p in SPELLINGS else _word(p) for p in parts
    )
    return re.compile(rf"(?<!{ALNUM}){body}(?!{ALNUM})")


def postcode_pattern(code: str) -> re.Pattern[str]:
    """A postcode with or without its space: "NT7 2LX", "nt72lx", "NT7-2LX"."""
    out, inward = code.lower().split() if " " in code else (code[:-3].lower(), code[-3:].lower())
    return re.compile(rf"(?<!{ALNUM}){out}[\s\-_.]*{inward}(?!{ALNUM})")


_MONTHS = "january february march april may june july august september october november december"
MONTHS = _MONTHS.split()


def date_forms(day: date) -> list[str]:
    """A date as people write it: 14/03/2024, 14/3/24, 14.03.2024, 2024-03-14, 2024/03/14,
    20240314, 14 March 2024, 14-Mar-2024, Mar 14, 2024... (`date_pattern` finds them all)."""
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
        f"{d}.{m}.{y % 100:02d}",
        f"{d:02d}-{m:02d}-{y}",
        day.isoformat(),
        f"{y}/{m:02d}/{d:02d}",
        f"{y}.{m:02d}.{d:02d}",
        f"{y}{m:02d}{d:02d}",
        f"{d:02d}{m:02d}{y}",
        f"{d} {month} {y}",
        f"{d}{suffix} {month} {y}",
        f"{d} {mon} {y}",
        f"{d}-{mon}-{y}",
        f"{d:02d}-{mon}-{y % 100:02d}",
        f"{month} {d}, {y}",
        f"{month} {d} {y}",
        f"{mon} {d}, {y}",
        f"{d}{suffix} of {month} {y}",
        f"{y} {month} {d}",
    }
    if d > 12:  # month first, as in the US, only where it cannot be another day
        forms |= {f"{m:02d}/{d:02d}/{y}", f"{m}/{d}/{y}", f"{m}/{d}/{y % 100:02d}"}
    return sorted(forms, key=len, reverse=True)


def date_pattern(day: date) -> re.Pattern[str]:
    """Every form of `date_forms(day)` and their mixtures, on folded text: any of / . - or
    spaces between numbers, a day with or without its 0 or "th", a month in full or short
    ("Sept", "Mar."), a year in four digits or two."""
    d, m, y = day.day, day.month, day.year
    dd = rf"0?{d}" if d < 10 else str(d)
    mm = rf"0?{m}" if m < 10 else str(m)
    yy = rf"(?:{y}|'?{y % 100:02d})"
    num = r"(?:\s*[/.\-\\]\s*|\s+)"
    ordinal = rf"{dd}(?:st|nd|rd|th)?"
    name = MONTHS[m - 1]
    month = rf"(?:{name}|{name[:3]}{'|sept' if m == 9 else ''})\.?"
    gap = r"[\s,/.\-]*"
    numeric = [
        rf"{dd}{num}{mm}{num}{yy}",
        rf"{y}{num}{mm}{num}{dd}",
        f"{y}{m:02d}{d:02d}",
        f"{d:02d}{m:02d}{y}",
    ]
    if d > 12:
        numeric += [rf"{mm}{num}{dd}{num}{yy}", f"{m:02d}{d:02d}{y}"]
    spelled = [
        rf"(?:the\s+)?{ordinal}(?:\s+of)?{gap}{month}{gap}{yy}",
        rf"{month}{gap}(?:the\s+)?{ordinal}{gap}{yy}",
        rf"{y}{gap}{month}{gap}{ordinal}",
    ]
    before = r"(?<!\d)(?<!\d[/.\-])"
    after = r"(?!\d)(?![/.\-]\d)"
    return re.compile(
        rf"{before}(?:{'|'.join(numeric)}){after}|(?<!{ALNUM})(?<!\d[/.\-])"
        rf"(?:{'|'.join(spelled)}){after}"
    )


# Reading parts that are not Office XML: their bytes as text.

BOMS = (
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe\x00\x00", "utf-32"),
    (b"\x00\x00\xfe\xff", "utf-32"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
)
CONTROLS = re.compile("[\x00-\x08\x0e-\x1f\ufffd]")
ASCII_RUNS = re.compile(rb"(?:[\t\x20-\x7e]|[\xc2-\xf4][\x80-\xbf]{1,3}){4,}")
# UTF-16 in either byte order: Latin-1, general punctuation (curly quotes, zero-width
# characters, dashes) and combining accents
UTF16LE_RUNS = re.compile(rb"(?:[\t\x20-\x7e\xa0-\xff]\x00|[\x00-\x6f]\x20|[\x00-\x6f]\x03){4,}")
UTF16BE_RUNS = re.compile(rb"(?:\x00[\t\x20-\x7e\xa0-\xff]|\x20[\x00-\x6f]|\x03[\x00-\x6f]){4,}")
TAGS = re.compile(
    r"<!--(.*?)-->|<!\[CDATA\[(.*?)\]\]>|<(/?)([A-Za-z][\w:.-]*)((?:[^>\"']|\"[^\"]*\"|'[^']*')*)>"
    r"|<[!?][^>]*>",
    re.S,
)
VALUES = re.compile(r"""[\w:.-]+\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>"']+))""")
_INLINE = "a abbr b bdi bdo big cite code data dfn em font i kbd mark q s samp small span strike"
INLINE = frozenset(f"{_INLINE} strong sub sup time tt u var wbr tspan textpath o:p".split())


def decode(data: bytes) -> str | None:
    """Bytes as text (a BOM's encoding, UTF-16 without one, UTF-8, else Windows-1252), or
    None when they are not text."""
    text = next((data.decode(enc, "replace") for bom, enc in BOMS if data.startswith(bom)), None)
    if text is None:
        sample = data[:4096]
        if sample.count(0) > len(sample) // 4:
            odd = sample[1::2].count(0) > sample[0::2].count(0)
            text = data.decode("utf-16-le" if odd else "utf-16-be", "replace")
        else:
            try:
                text = data.decode("utf-8")
            except UnicodeDecodeError:
                text = data.decode("cp1252", "replace")
    return None if len(CONTROLS.findall(text)) > len(text) // 100 else text


def strings(data: bytes) -> list[str]:
    """Readable text in a binary part, as `strings` finds it: each different run of at
    least 4 characters of UTF-8, and of UTF-16 in either byte order."""
    runs = [m.group().decode("utf-8", "replace") for m in ASCII_RUNS.finditer(data)]
    runs += [m.group().decode("utf-16-le", "replace") for m in UTF16LE_RUNS.finditer(data)]
    runs += [m.group().decode("utf-16-be", "replace") for m in UTF16BE_RUNS.finditer(data)]
    return list(dict.fromkeys(runs))  # once each: UTF-16 after a 0 byte reads both ways


def markup_text(text: str) -> tuple[str, list[str]]:
    """HTML or SVG as its text (inline tags joined, others a line break; comments and
    entities read) and its attribute values."""
    out: list[str] = []
    values: list[str] = []
    at = 0
    for m in TAGS.finditer(text):
        out.append(text[at : m.start()])
        at = m.end()
        if m.group(1) is not None or m.group(2) is not None:
            out.append(f"\n{m.group(1) or m.group(2)}\n")
            continue
        tag = (m.group(4) or "").lower()
        out.append("" if tag in INLINE else "\n")
        values += [
            html.unescape(next(g for g in v.groups() if g is not None))
            for v in VALUES.finditer(m.group(5) or "")
        ]
    out.append(text[at:])
    return html.unescape("".join(out)), [v for v in values if v.strip()]


def mime_parts(data: bytes) -> list[tuple[str, bytes]]:
    """The decoded parts of a MIME file (a web archive, .mht): (name, bytes)."""
    message = email.message_from_bytes(data)
    parts: list[tuple[str, bytes]] = []
    for sub in message.walk():
        if sub.is_multipart():
            continue
        payload = sub.get_payload(decode=True)
        if not isinstance(payload, bytes):
            continue
        kind = sub.get_content_subtype()
        name = sub.get("Content-Location") or sub.get_filename() or f"part.{kind}"
        if kind == "html" and not name.lower().endswith((".htm", ".html")):
            name += ".html"
        parts.append((str(name), payload))
    return parts
