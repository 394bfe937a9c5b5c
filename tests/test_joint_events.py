"""Joint-event grouping: the fast bitmask grouping gives exactly the groups of the plain
definition (rows of different agencies linked by a joint-work word or three shared
words; groups are the connected rows), on generated days."""

from __future__ import annotations

from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.case.returns import ChronologyRow
from pipeline.chronology.merge import (
    JOINT_PHRASES,
    JOINT_WORDS,
    PUNCTUATION,
    STOP_WORDS,
    _components,
)
from pipeline.chronology.model import Entry
from pipeline.core.dates import parse_date

VOCABULARY = ["strategy", "meeting", "core group", "visit", "bruise", "nursery", "referral"]
VOCABULARY += ["assessment", "missed", "appointment", "letter", "with", "home", "s47", "plan"]


def entry(agency: str, event: str, n: int) -> Entry:
    day = parse_date(date(2026, 9, 1))
    row = ChronologyRow(
        agency, f"{agency}.xlsx", "Chronology", n, day, None, "", "", event, "", "", False
    )
    return Entry(row, agency.title(), day.earliest)


def plain_groups(day: list[Entry]) -> list[list[int]]:
    """The definition, pair by pair (what the pipeline did before the bitmasks)."""

    def words(e: Entry) -> tuple[set[str], set[str]]:
        text = e.row.event.lower()
        found = set(text.translate(PUNCTUATION).split())
        joint = found & JOINT_WORDS | {p for p in JOINT_PHRASES if p in text}
        return joint, {w for w in found if len(w) > 3} - STOP_WORDS

    sets = [words(e) for e in day]

    def linked(i: int, j: int) -> bool:
        if day[i].row.agency == day[j].row.agency:
            return False
        return bool(sets[i][0] & sets[j][0]) or len(sets[i][1] & sets[j][1]) >= 3

    groups: list[list[int]] = []
    for i in range(len(day)):
        hits = [g for g in groups if any(linked(i, j) for j in g)]
        groups = [g for g in groups if all(g is not h for h in hits)]
        groups.append([i, *(j for g in hits for j in g)])
    return [sorted(g) for g in groups if len({day[i].row.agency for i in g}) > 1]


rows = st.lists(
    st.tuples(
        st.sampled_from(["police", "gp", "school"]),
        st.lists(st.sampled_from(VOCABULARY), min_size=1, max_size=6),
    ),
    max_size=60,
)


@settings(max_examples=300, deadline=None)
@given(rows)
def test_grouping_is_the_definition(made: list[tuple[str, list[str]]]) -> None:
    day = [entry(agency, " ".join(words), n) for n, (agency, words) in enumerate(made, 2)]
    fast = [sorted(g) for g in _components(day, list(range(len(day))))]
    assert fast == plain_groups(day)


def test_a_day_of_a_thousand_rows_is_grouped() -> None:
    day = [entry(f"agency-{n % 20}", f"strategy meeting visit {n}", n) for n in range(1000)]
    groups = _components(day, list(range(len(day))))
    assert len(groups) == 1 and len(groups[0]) == 1000


@settings(max_examples=200, deadline=None)
@given(rows)
def test_both_ways_of_finding_links_agree(made: list[tuple[str, list[str]]]) -> None:
    from pipeline.chronology.merge import _links_counted, _links_pairwise

    agency = [a for a, _ in made]
    words = [set(w) for _, w in made]
    joints = [set(w) & JOINT_WORDS for _, w in made]
    assert _links_counted(agency, joints, words) == _links_pairwise(agency, joints, words)
