"""Merge the agencies' chronologies into one multi-agency chronology (LLR 8.4.3).

One entry per row an agency sent, sorted by date, time and agency; uncertain
dates sort at their earliest day and stay marked. Rows recorded by several
agencies on one day about the same thing are grouped as a possible joint
event, never merged away. Nothing is lost: rows outside the review period go to
their own list, and the counts prove rows in = rows out.
"""

from __future__ import annotations

from datetime import date, time

from ..case.validate import Validation
from .model import AgencyCount, Chronology, Entry

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
