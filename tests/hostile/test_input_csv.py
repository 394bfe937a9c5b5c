"""CSV returns: no row lost to a stray quote, no letter garbled unseen (issue 14.2, 14.11).

A quote that swallows line breaks is a `csv-rows-merged` error naming the line; a cell
that really holds line breaks (Excel's Alt+Enter) is kept whole. A file mixing UTF-8 and
Windows-1252 lines is read line by line with a `csv-encoding-mixed` warning naming the
lines. And over random returns, every row sent is a row read and a row in the chronology.
"""

from __future__ import annotations

import csv
import io
import tempfile
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.case.returns import read_return
from pipeline.case.validate import validate_case
from pipeline.chronology.merge import merge
from pipeline.core.findings import Findings

from ..conftest import base_case, write_case
from .test_input_files import police, refused, validate

ROWS = [f"{day:02d}/09/2026,GP,Contact {day},Advice,Low,N" for day in range(1, 9)]
HEAD = "Date,Source,Event,Action,Significance,Key event"


def lines(*rows: str) -> bytes:
    return ("\n".join([HEAD, *rows]) + "\n").encode()


# (the file's lines, the line the finding names, its cell)
STRAY = {
    "never closed": (lines(ROWS[0], '02/09/2026,GP,"Seen', *ROWS[2:]), 3, "C3"),
    "closed rows later": (
        lines(ROWS[0], '02/09/2026,GP,"Seen', *ROWS[2:5], '06/09/2026,GP,"Visit', *ROWS[6:]),
        3,
        "C3",
    ),
    "in the first column": (lines(ROWS[0], '"02/09/2026,GP,Seen', *ROWS[2:]), 3, "A3"),
    "semicolons": (
        "\n".join(
            [
                HEAD.replace(",", ";"),
                *(r.replace(",", ";") for r in ROWS[:2]),
                '03/09/2026;GP;"Seen',
                *(r.replace(",", ";") for r in ROWS[3:]),
            ]
        ).encode(),
        4,
        "C4",
    ),
    "windows line ends": (
        lines(ROWS[0], '02/09/2026,GP,"Seen', *ROWS[2:]).replace(b"\n", b"\r\n"),
        3,
        "C3",
    ),
}


@pytest.mark.parametrize("case", sorted(STRAY))
def test_a_stray_quote_is_an_error_naming_its_line(tmp_path: Path, case: str) -> None:
    content, line, cell = STRAY[case]
    folder = police(tmp_path, "police.csv", content)
    found = refused(
        folder, tmp_path / "out", "csv-rows-merged", file="returns/police.csv", row=line, cell=cell
    )
    assert f"Line {line} of returns/police.csv" in found["message"]


def test_a_quote_running_past_the_field_limit_is_named_too(tmp_path: Path) -> None:
    long_rows = [f"{d % 28 + 1:02d}/09/2026,GP,{'x' * 2000},,," for d in range(100)]
    content = lines(ROWS[0], '02/09/2026,GP,"Seen', *long_rows)
    folder = police(tmp_path, "police.csv", content)
    refused(folder, tmp_path / "out", "csv-rows-merged", file="returns/police.csv", row=3)


def test_cells_that_really_hold_line_breaks_are_kept_whole(tmp_path: Path) -> None:
    rows = [
        ["Date", "Source", "Event", "Action"],
        ["01/09/2026", "GP", "Seen.\nMother said, fine.\n03/10/2025 follow-up", "None"],
        ["02/09/2026", "HV", 'Visit "as planned"', "Letter,\nsent"],
        ["03/09/2026", "GP", 'Quote " at\nline start', ""],
    ]
    text = io.StringIO()
    csv.writer(text).writerows(rows)
    folder = police(tmp_path, "police.csv", text.getvalue().encode())
    code, findings = validate(folder, tmp_path / "out")
    assert code == 0, findings
    ret = read_return(folder / "returns" / "police.csv", "police", "x", Findings())
    assert [r.event for r in ret.rows] == [r[2] for r in rows[1:]]
    assert [r.row for r in ret.rows] == [2, 3, 4]


def test_utf8_and_windows_1252_lines_in_one_file_are_each_read_right(tmp_path: Path) -> None:
    content = (
        b"Date,Source,Event\n"
        + "01/09/2026,GP,Caf\u00e9 \u2013 seen\n".encode()
        + "02/09/2026,GP,Caf\u00e9 \u2013 seen again\n".encode("cp1252")
        + b"03/09/2026,GP,plain\n"
        + "04/09/2026,GP,\u00a39.90 fee\n".encode("cp1252")
    )
    folder = police(tmp_path, "police.csv", content)
    code, findings = validate(folder, tmp_path / "out")
    assert code == 0
    mixed = [f for f in findings if f["code"] == "csv-encoding-mixed"]
    assert [(m["file"], m["row"], m["severity"]) for m in mixed] == [
        ("returns/police.csv", 3, "warning")
    ]
    assert "lines 3, 5 in Windows-1252" in mixed[0]["message"]
    ret = read_return(folder / "returns" / "police.csv", "police", "x", Findings())
    assert [r.event for r in ret.rows] == [
        "Caf\u00e9 \u2013 seen",
        "Caf\u00e9 \u2013 seen again",
        "plain",
        "\u00a39.90 fee",
    ]


def test_a_line_in_neither_encoding_is_named(tmp_path: Path) -> None:
    folder = police(tmp_path, "police.csv", b"Date,Source,Event\n01/09/2026,GP,\x81\x8d\n")
    found = refused(folder, tmp_path / "out", "return-unreadable", file="returns/police.csv")
    assert "line 2" in found["message"]


# --- rows in = rows out over random returns ---------------------------------------------

CELL = st.text(
    st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=40
)
ROW = st.tuples(
    st.dates(min_value=date(2020, 1, 1), max_value=date(2026, 9, 30)),
    st.sampled_from(["", "09:30", "14:05"]),
    CELL,
    CELL,
    CELL,
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    rows=st.lists(ROW, min_size=1, max_size=25),
    delimiter=st.sampled_from([",", ";", "\t"]),
    encoding=st.sampled_from(["utf-8", "utf-8-sig", "utf-16"]),
    style=st.sampled_from([("\r\n", csv.QUOTE_MINIMAL), ("\n", csv.QUOTE_ALL)]),
)
def test_every_row_sent_is_read_and_in_the_chronology(
    rows: list[tuple[date, str, str, str, str]],
    delimiter: str,
    encoding: str,
    style: tuple[str, int],
) -> None:
    # Excel's CSV: lines end \r\n and a cell holding a line break or a quote is quoted
    line_end, quoting = style
    text = io.StringIO()
    writer = csv.writer(text, delimiter=delimiter, lineterminator=line_end, quoting=quoting)
    writer.writerow(["Date", "Time", "Source", "Event", "Action"])
    for day, time, source, what, action in rows:
        writer.writerow([f"{day:%d/%m/%Y}", time, source, what, action])
    with tempfile.TemporaryDirectory() as tmp:
        folder = write_case(Path(tmp), base_case())
        (folder / "returns" / "police.csv").write_bytes(text.getvalue().encode(encoding))
        result = validate_case(folder)
        assert result.ok, [(f.code, f.message) for f in result.findings.errors]
        ret = result.returns["police"]
        assert len(ret.rows) == len(rows)  # one row read for each row sent
        assert [r.event for r in ret.rows] == [what.strip() for _, _, _, what, _ in rows]
        assert [r.date.earliest for r in ret.rows if r.date] == [r[0] for r in rows]
        chron = merge(result)
        assert chron.rows_in == len(rows) == len(chron.entries) + len(chron.outside)
