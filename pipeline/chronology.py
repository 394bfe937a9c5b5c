"""Merge the agencies' chronologies into one multi-agency chronology (LLR 8.4.3).

One entry per row an agency sent, sorted by date, time and agency; uncertain
dates sort at their earliest day and stay marked. Rows recorded by several
agencies on one day about the same thing are grouped as a possible joint
event, never merged away. Nothing is lost: rows outside the review period go to
their own list, and the counts prove rows in = rows out.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, time
from pathlib import Path

from .outputs import remove_stale
from .returns import ChronologyRow
from .timing import Timings
from .validate import Validation, validate_case, write_report

JOINT_WORDS = {"strategy", "joint", "conference", "discussion", "meeting", "s47"}
JOINT_PHRASES = ("core group", "section 47")
PUNCTUATION = str.maketrans({c: " " for c in "!\"#$%&'()*+,./:;<=>?@[\\]^_`{|}~-"})
STOP_WORDS = set(
    [
        "with",
        "that",
        "this",
        "from",
        "have",
        "were",
        "been",
        "their",
        "there",
        "about",
        "after",
        "child",
        "mother",
        "father",
        "home",
        "seen",
        "said",
        "told",
        "into",
        "also",
        "when",
        "which",
        "would",
        "could",
    ]
)


@dataclass(slots=True)
class Entry:
    row: ChronologyRow
    agency_name: str
    joint: str = ""  # "J2" when part of a possible joint event
    joint_with: str = ""  # the other agencies in that group
    flags: list[str] = field(default_factory=list)

    @property
    def day(self) -> date:
        assert self.row.date is not None  # rows without a date stop the stage
        return self.row.date.earliest

    @property
    def uncertain(self) -> bool:
        return bool(self.row.date and self.row.date.uncertain)


@dataclass
class AgencyCount:
    key: str
    name: str
    file: str
    rows: int = 0
    key_events: int = 0
    uncertain: int = 0
    duplicates: int = 0
    outside: int = 0
    first: date | None = None
    last: date | None = None


@dataclass
class Chronology:
    reference: str
    pseudonym: str
    entries: list[Entry]
    outside: list[Entry]
    counts: list[AgencyCount]
    extra_columns: list[str]
    period: tuple[date, date] | None = None

    @property
    def rows_in(self) -> int:
        return sum(c.rows for c in self.counts)

    def summary_line(self) -> str:
        parts = ", ".join(f"{c.name} {c.rows}" for c in self.counts)
        line = f"{self.rows_in} rows in, {len(self.entries)} in the chronology"
        if self.period:
            line += (
                f", {len(self.outside)} outside {self.period[0]:%d/%m/%Y}-{self.period[1]:%d/%m/%Y}"
            )
        return f"{line} ({parts})."


def merge(result: Validation, period: tuple[date, date] | None = None) -> Chronology:
    """The merged chronology of a validated case (call only when it has no errors)."""
    folder = result.folder
    names = {a.key: a.name for a in folder.raw_agencies}
    entries: list[Entry] = []
    counts: list[AgencyCount] = []
    extras: list[str] = []
    for key, ret in result.returns.items():
        count = AgencyCount(key, names.get(key, key), ret.file)
        counts.append(count)
        extras += [c for c in ret.extra_columns if c not in extras]
        for row in ret.rows:
            entries.append(Entry(row, count.name))
    for e in entries:
        if e.row.duplicate_of:
            e.flags.append(f"Exact duplicate of row {e.row.duplicate_of} in the return")
    entries.sort(key=_order)
    _mark_joint_events(entries)
    inside, outside = _split(entries, period)
    _count(counts, inside, outside)
    pseudonym = folder.case.child.pseudonym if folder.case else ""
    return Chronology(folder.reference, pseudonym, inside, outside, counts, extras, period)


def _order(entry: Entry) -> tuple[date, time, str, str, int]:
    return (entry.day, entry.row.time or time.min, entry.agency_name, entry.row.file, entry.row.row)


def _mark_joint_events(entries: list[Entry]) -> None:
    """Group rows of one exact day, from different agencies, that seem to be one event."""
    group = 0
    start = 0
    while start < len(entries):
        end = start
        while end < len(entries) and entries[end].day == entries[start].day:
            end += 1
        same_day = [e for e in entries[start:end] if not e.uncertain]
        if len({e.row.agency for e in same_day}) > 1:
            for members in _components(same_day):
                group += 1
                agencies = sorted({e.agency_name for e in members})
                for e in members:
                    e.joint = f"J{group}"
                    e.joint_with = ", ".join(a for a in agencies if a != e.agency_name)
        start = end


def _components(day: list[Entry]) -> list[list[Entry]]:
    """Groups of rows, across agencies, linked by a joint-work word or 3 shared words."""
    joint: list[set[str]] = []
    words: list[set[str]] = []
    for e in day:
        text = e.row.event.lower()
        found = set(text.translate(PUNCTUATION).split())
        joint.append(found & JOINT_WORDS | {p for p in JOINT_PHRASES if p in text})
        words.append({w for w in found if len(w) > 3} - STOP_WORDS)
    agency = [e.row.agency for e in day]

    def linked(i: int, j: int) -> bool:
        if agency[i] == agency[j]:
            return False
        return bool(joint[i] & joint[j]) or len(words[i] & words[j]) >= 3

    groups: list[list[int]] = []
    for i in range(len(day)):  # join every group row i links to (stop at a group's first link)
        hits = [g for g in groups if any(linked(i, j) for j in g)]
        groups = [g for g in groups if all(g is not h for h in hits)]
        groups.append([i, *(j for g in hits for j in g)])
    return [[day[i] for i in g] for g in groups if len({agency[i] for i in g}) > 1]


def _split(
    entries: list[Entry], period: tuple[date, date] | None
) -> tuple[list[Entry], list[Entry]]:
    if period is None:
        return entries, []
    start, end = period
    inside: list[Entry] = []
    outside: list[Entry] = []
    for e in entries:
        assert e.row.date is not None
        overlaps = e.row.date.latest >= start and e.row.date.earliest <= end
        (inside if overlaps else outside).append(e)
    return inside, outside


def _count(counts: list[AgencyCount], inside: list[Entry], outside: list[Entry]) -> None:
    by_key = {c.key: c for c in counts}
    for e in inside:
        c = by_key[e.row.agency]
        c.rows += 1
        c.key_events += e.row.key_event
        c.uncertain += e.uncertain
        c.duplicates += bool(e.flags)
        c.first = min(c.first or e.day, e.day)
        c.last = max(c.last or e.day, e.day)
    for e in outside:
        by_key[e.row.agency].rows += 1
        by_key[e.row.agency].outside += 1


def review_period(
    result: Validation, start: date | None, end: date | None
) -> tuple[date, date] | None:
    """--from/--to, else the review's scoping period, else none."""
    review = result.folder.review
    scoping = review.scoping_period if review else None
    if start is None and end is None and scoping is None:
        return None
    return (
        start or (scoping.start if scoping else date.min),
        end or (scoping.end if scoping else date.max),
    )


def outputs(out: Path, reference: str) -> tuple[Path, Path, Path]:
    folder = out / reference
    return (
        folder / "multi-agency-chronology.xlsx",
        folder / "multi-agency-chronology.docx",
        folder / "timeline.png",
    )


def build(
    case: Path,
    out: Path,
    produced: date,
    start: date | None = None,
    end: date | None = None,
    timings: Timings | None = None,
) -> tuple[Validation, Chronology | None]:
    """Validate, merge and write the chronology; with any error write none, removing old ones."""
    from .spreadsheet import write_xlsx
    from .timeline import draw_timeline
    from .wordtable import write_docx

    timings = timings if timings is not None else Timings()
    result = validate_case(case, timings)
    files = outputs(out, result.folder.reference)
    if result.folder.case is not None or case.is_dir():
        write_report(result, out)
    if not result.ok:
        remove_stale(*files)
        return result, None
    xlsx, docx, picture = files
    with timings.stage("merge"):
        chron = merge(result, review_period(result, start, end))
    with timings.stage("write xlsx"):
        write_xlsx(chron, xlsx, produced)
    with timings.stage("timeline"):
        draw_timeline(chron, picture)
    with timings.stage("write docx"):
        write_docx(chron, docx, produced, picture)
    return result, chron
