"""Merge the agencies' chronologies into one multi-agency chronology (LLR 8.4.3).

One entry per row an agency sent, sorted by date, time and agency; uncertain
dates sort at their earliest day and stay marked. Rows recorded by several
agencies on one day about the same thing are grouped as a possible joint
event, never merged away. Nothing is lost: rows outside the review period go to
their own list, and the counts prove rows in = rows out.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable
from datetime import date, time
from typing import TypeVar

from ..case.validate import Validation
from ..core.parallel import beside, worth_it
from .model import AgencyCount, Chronology, Entry

T = TypeVar("T")

JOINT_WORDS = {"strategy", "joint", "conference", "discussion", "meeting", "s47"}
JOINT_PHRASES = ("core group", "section 47")
MARKS = "!\"#$%&'()*+,./:;<=>?@[\\]^_`{|}~-"
PUNCTUATION = str.maketrans({c: " " for c in MARKS})
ASCII_PUNCTUATION = bytes.maketrans(MARKS.encode(), b" " * len(MARKS))
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
            assert row.date is not None  # rows without a date stop the stage
            entry = Entry(row, count.name, row.date.earliest)
            if row.duplicate_of:
                entry.flags = [f"Exact duplicate of row {row.duplicate_of} in the return"]
            entries.append(entry)
    entries.sort(key=_order)
    inside, outside = _mark_joint_events(entries, lambda: _split_count(entries, period, counts))
    pseudonym = folder.case.child.pseudonym if folder.case else ""
    return Chronology(folder.reference, pseudonym, inside, outside, counts, extras, period)


def _order(entry: Entry) -> tuple[date, time, str, str, int]:
    row = entry.row
    return (entry.day, row.time or time.min, entry.agency_name, row.file, row.row)


def _split_count(
    entries: list[Entry], period: tuple[date, date] | None, counts: list[AgencyCount]
) -> tuple[list[Entry], list[Entry]]:
    """The rows inside the period and outside it, each agency's counted (joint events
    play no part in either)."""
    inside, outside = _split(entries, period)
    _count(counts, inside, outside)
    return inside, outside


def _mark_joint_events(entries: list[Entry], meanwhile: Callable[[], T]) -> T:
    """Group rows of one exact day, from different agencies, that seem to be one event;
    what `meanwhile` gives, done while they are found. On big chronologies a second process
    finds the groups of the later days (a little over half: this one has `meanwhile` too)."""
    days = [e.day for e in entries]  # sorted: each day's rows run from its first to bisect
    spans: list[tuple[int, int]] = []
    start = 0
    while start < len(entries):
        end = bisect_right(days, days[start], start)
        if end - start > 1:
            spans.append((start, end))
        start = end
    cut = len(spans) * 9 // 20
    with beside(lambda: _groups(entries, spans[cut:]), worth_it(len(entries))) as later:
        groups = _groups(entries, spans[:cut])
        done = meanwhile()
        groups += later()
    for number, members in enumerate(groups, start=1):
        agencies = sorted({entries[i].agency_name for i in members})
        label = f"J{number}"
        others = {a: ", ".join(b for b in agencies if b != a) for a in agencies}
        for i in members:  # one string a group, and one an agency in it: shared
            entries[i].joint, entries[i].joint_with = label, others[entries[i].agency_name]
    return done


def _groups(entries: list[Entry], spans: list[tuple[int, int]]) -> list[list[int]]:
    """The joint-event groups of these days (first row, row after the last), in order, as
    positions in `entries`."""
    groups: list[list[int]] = []
    for start, end in spans:
        same_day = [i for i in range(start, end) if not entries[i].uncertain]
        if len({entries[i].row.agency for i in same_day}) > 1:
            groups += _components([entries[i] for i in same_day], same_day)
    return groups


def _components(day: list[Entry], positions: list[int]) -> list[list[int]]:
    """Groups of rows, across agencies, linked by a joint-work word or 3 shared words.

    Links are bitmasks over the day's rows (bit j: row j). A group is every row reachable
    through links, so each row is visited once; see `_links` for what finding links costs."""
    links = _links(day)
    groups: list[list[int]] = []
    seen = 0
    for i in range(len(day)):
        if seen >> i & 1 or not links[i]:
            continue
        members, reach, todo = 0, 0, 1 << i
        while todo:  # grow the group until no member links outside it
            members |= todo
            for j in _bits(todo):
                reach |= links[j]
            todo = reach & ~members
        seen |= members
        groups.append(_bits(members))
    groups.sort(key=max)  # numbered as rows last joined them, as before
    return [[positions[i] for i in g] for g in groups]


PAIRWISE_UP_TO = 40  # rows in a day; above it, words are counted per row instead


def _links(day: list[Entry]) -> list[int]:
    """Each row's links, as a bitmask of the rows it links to.

    Up to PAIRWISE_UP_TO rows, every pair is compared (set intersections in C: fastest for
    the usual few rows a day). Above, each row's shared words are counted with saturating
    bit-counters over an index of which rows use each word: about rows x words x rows/64
    machine words, so a day of 1,000 rows takes milliseconds, not a million comparisons."""
    joints: list[set[str]] = []
    words: list[set[str]] = []
    for e in day:
        text = e.row.event.lower()
        if text.isascii():  # bytes translate: twice as fast as str's
            found = set(text.encode().translate(ASCII_PUNCTUATION).decode().split())
        else:
            found = set(text.translate(PUNCTUATION).split())
        joint = found & JOINT_WORDS
        for phrase in JOINT_PHRASES:
            if phrase in text:
                joint.add(phrase)
        joints.append(joint)
        found -= STOP_WORDS
        words.append({w for w in found if len(w) > 3})
    agency = [e.row.agency for e in day]
    if len(day) <= PAIRWISE_UP_TO:
        return _links_pairwise(agency, joints, words)
    return _links_counted(agency, joints, words)


def _links_pairwise(agency: list[str], joints: list[set[str]], words: list[set[str]]) -> list[int]:
    links = [0] * len(agency)
    for i in range(len(agency)):
        for j in range(i):
            if agency[i] != agency[j] and (joints[i] & joints[j] or len(words[i] & words[j]) > 2):
                links[i] |= 1 << j
                links[j] |= 1 << i
    return links


def _links_counted(agency: list[str], joints: list[set[str]], words: list[set[str]]) -> list[int]:
    by_word: dict[str, int] = {}  # word -> the rows that use it
    by_joint: dict[str, int] = {}
    by_agency: dict[str, int] = {}
    for i in range(len(agency)):
        bit = 1 << i
        for w in words[i]:
            by_word[w] = by_word.get(w, 0) | bit
        for w in joints[i]:
            by_joint[w] = by_joint.get(w, 0) | bit
        by_agency[agency[i]] = by_agency.get(agency[i], 0) | bit
    links = []
    for i in range(len(agency)):
        ones = twos = threes = joint = 0
        for w in words[i]:
            rows = by_word[w]
            threes |= twos & rows
            twos |= ones & rows
            ones |= rows
        for w in joints[i]:
            joint |= by_joint[w]
        links.append((threes | joint) & ~by_agency[agency[i]])
    return links


def _bits(mask: int) -> list[int]:
    """The positions of the set bits of `mask`, lowest first."""
    out = []
    while mask:
        low = mask & -mask
        out.append(low.bit_length() - 1)
        mask ^= low
    return out


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
    for e in inside:  # in date order: an agency's first row is its first contact
        row = e.row
        c = by_key[row.agency]
        c.rows += 1
        c.key_events += row.key_event
        c.duplicates += bool(e.flags)
        day = e.day
        if row.date and row.date.uncertain:
            c.uncertain += 1
        if c.first is None:
            c.first = day
        c.last = day
    for e in outside:
        by_key[e.row.agency].rows += 1
        by_key[e.row.agency].outside += 1
