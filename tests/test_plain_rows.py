"""The quick reader of plain chronology rows (returns._plain_reader) against the careful
one (_make_row): wherever the quick one answers, the two read the same row and the careful
one finds nothing to say. Cell values are drawn from what readers hand us: dates, datetimes,
times, numbers, booleans, None and awkward text."""

from datetime import date, datetime, time

from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.case.returns import AgencyReturn, _make_row, _plain_reader
from pipeline.core.findings import Findings

COLUMNS = {
    0: "date",
    1: "time",
    2: "source",
    3: "event",
    4: "action",
    5: "significance",
    6: "key_event",
}
TEXT = st.one_of(
    st.text(max_size=12),
    st.sampled_from(
        [
            "",
            " ",
            "Yes",
            " y ",
            "N",
            "no",
            "maybe",
            "True",
            "09:30",
            "9:30",
            "24:00",
            "12:60",
            "0930",
        ]
    ),
)
VALUE = st.one_of(
    st.none(),
    TEXT,
    st.dates(min_value=date(1800, 1, 1), max_value=date(2200, 1, 1)),
    st.datetimes(min_value=datetime(1899, 12, 30), max_value=datetime(2100, 1, 1)),
    st.times(),
    st.floats(allow_nan=False, allow_infinity=False),
    st.integers(-5, 5),
    st.booleans(),
)
WORDS = st.text(st.sampled_from("ab &<\n=_x"), min_size=1, max_size=8)


USUAL = st.tuples(  # what a template gives
    st.dates(min_value=date(1800, 1, 1), max_value=date(2200, 1, 1)),
    st.sampled_from([None, "", "09:30", "17:05", " 9:30", "9:30 ", "25:00"]),
    WORDS,
    WORDS,
    st.one_of(st.none(), WORDS),
    st.one_of(st.none(), WORDS),
    st.sampled_from([None, "", "Yes", "y", " N ", "no", "Y", "yes please"]),
    WORDS,
)


@st.composite
def rows(draw: st.DrawFn) -> list[object]:
    """A usual row with up to two cells replaced by anything."""
    cells = list(draw(USUAL))
    for at in draw(st.lists(st.integers(0, 7), max_size=2)):
        cells[at] = draw(VALUE)
    return cells


ROW = rows()


@settings(max_examples=400, deadline=None)
@given(ROW, st.booleans(), st.integers(6, 8))
def test_the_quick_reader_agrees_with_the_careful_one(
    cells: list[object], voice: bool, width: int
) -> None:
    cells = cells[:width]
    columns = dict(COLUMNS) | ({7: "voice"} if voice else {})
    ret = AgencyReturn("police", "returns/police.xlsx")
    quick = _plain_reader(columns, {}, ret, "Chronology")(cells, 5)
    if quick is None:
        return
    findings = Findings()
    careful = _make_row(cells, 5, columns, {}, ret, "Chronology", findings)
    assert [f.code for f in findings] == []
    assert quick == careful


def test_the_usual_row_is_read_quickly() -> None:
    """A row as the template gives it is read by the quick reader (so the test above tests it)."""
    cells = [date(2026, 3, 2), "09:30", "GP", "Seen.", "", None, "Yes"]
    row = _plain_reader(COLUMNS, {}, AgencyReturn("gp", "returns/gp.xlsx"), "Chronology")(cells, 2)
    assert row is not None
    assert (row.time, row.key_event, row.action) == (time(9, 30), True, "")
