from datetime import date, time
from pathlib import Path

import pytest

from pipeline.case.returns import COLUMNS, read_return
from pipeline.core.findings import Findings

from .conftest import EXAMPLE, HEADER, chronology, event, write_xlsx


def read(path: Path) -> tuple[object, Findings]:
    findings = Findings()
    return read_return(path, "police", f"returns/{path.name}", findings), findings


VARIANTS = [(canon, variant) for canon, names in COLUMNS.items() for variant in names]


@pytest.mark.parametrize(("canon", "variant"), VARIANTS, ids=[v for _, v in VARIANTS])
def test_each_header_variant_is_recognised(tmp_path: Path, canon: str, variant: str) -> None:
    header = list(HEADER)
    index = ["date", "time", "source", "event", "action", "significance", "key_event"].index(canon)
    header[index] = (
        f"  {variant.upper()} " if index % 2 else f"{variant}:"
    )  # case, spaces, punctuation
    row = ["03/10/2025", "14:30", "PC 1", "Visit", "Advice", "Low", "Y"]
    ret, findings = read(write_xlsx(tmp_path / "police.xlsx", chronology(row, header=header)))
    assert [f.code for f in findings if f.code.startswith("column")] == []
    got = ret.rows[0]
    values = {
        "date": got.date.earliest,
        "time": got.time,
        "source": got.source,
        "event": got.event,
        "action": got.action,
        "significance": got.significance,
        "key_event": got.key_event,
    }
    assert values == {
        "date": date(2025, 10, 3),
        "time": time(14, 30),
        "source": "PC 1",
        "event": "Visit",
        "action": "Advice",
        "significance": "Low",
        "key_event": True,
    }


def test_title_rows_blank_rows_and_extra_columns(tmp_path: Path) -> None:
    rows = [
        ["Northshire Police chronology"],
        ["OFFICIAL-SENSITIVE"],
        [],
        ["Date of event", "Details", "Source", "Police ref", "Officer notes"],
        ["01/09/2026", "First", "PC 1", "NP/1", "note a"],
        [],
        [None, None],
        ["02/09/2026", "Second", "PC 2", "NP/2", ""],
    ]
    ret, findings = read(write_xlsx(tmp_path / "police.xlsx", {"Chronology": rows}))
    assert [(r.row, r.event, r.extra) for r in ret.rows] == [
        (5, "First", {"Police ref": "NP/1", "Officer notes": "note a"}),
        (8, "Second", {"Police ref": "NP/2", "Officer notes": ""}),
    ]
    extra = [f for f in findings if f.code == "column-extra"]
    assert [(f.cell, f.field) for f in extra] == [("D4", "Police ref"), ("E4", "Officer notes")]


def test_sheet_names_ignore_case_and_spaces(tmp_path: Path) -> None:
    book = {" SUMMARY ": [["Agency", "Police"]], "chronology ": [HEADER, event()]}
    ret, findings = read(write_xlsx(tmp_path / "police.xlsx", book))
    assert len(ret.rows) == 1 and ret.summary.agency == "Police"
    assert not findings


def test_missing_required_column_names_it(tmp_path: Path) -> None:
    rows = [["Date", "Event", "Notes"], ["01/09/2026", "Visit", "x"]]
    _, findings = read(write_xlsx(tmp_path / "police.xlsx", {"Chronology": rows}))
    missing = [f for f in findings if f.code == "column-missing"]
    assert [f.field for f in missing] == ["Source"]
    assert missing[0].row == 1


def test_no_header_is_an_error(tmp_path: Path) -> None:
    book = {"Summary": [], "Chronology": [["just text"]]}
    _, findings = read(write_xlsx(tmp_path / "police.xlsx", book))
    assert [f.code for f in findings] == ["header-missing"]


def test_missing_sheets(tmp_path: Path) -> None:
    _, findings = read(write_xlsx(tmp_path / "police.xlsx", {"Sheet1": [HEADER, event()]}))
    assert [(f.code, f.severity) for f in findings] == [
        ("summary-missing", "warning"),
        ("sheet-missing", "error"),
    ]
    assert "Sheet1" in findings[1].message


def test_summary_sheet(tmp_path: Path) -> None:
    summary = [
        ["Rapid review agency summary"],
        ["Agency:", "Northshire Police"],
        ["DATE COMPLETED", "19/11/2026"],
        ["Known to agency (Yes/No)", "Yes"],
        ["Involvement from", date(2024, 3, 1)],
        ["Records secured", "N"],
        ["Summary of involvement", "Four calls & an arrest <2026>"],
        ["Still involved", "perhaps"],
        ["Favourite colour", "blue"],
    ]
    ret, findings = read(
        write_xlsx(tmp_path / "police.xlsx", {"Summary": summary, "Chronology": [HEADER, event()]})
    )
    s = ret.summary
    assert (
        s.agency,
        s.date_completed,
        s.known_to_agency,
        s.involvement_from,
        s.records_secured,
        s.summary_of_involvement,
        s.still_involved,
    ) == (
        "Northshire Police",
        date(2026, 11, 19),
        True,
        date(2024, 3, 1),
        False,
        "Four calls & an arrest <2026>",
        None,
    )
    assert {(f.code, f.cell) for f in findings} == {
        ("summary-value-invalid", "B8"),
        ("summary-label-unknown", "B9"),
    }


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1252"])
def test_csv_encodings(tmp_path: Path, encoding: str) -> None:
    text = (
        "Date,Source,Event\n03/10/2025,GP,Mother\u2019s appointment (\u00a39.90 charge)\n"
        "04/10/2025,GP,Caf\u00e9 visit\n"
    )
    path = tmp_path / "police.csv"
    path.write_bytes(text.encode(encoding))
    ret, findings = read(path)
    assert [r.event for r in ret.rows] == [
        "Mother\u2019s appointment (\u00a39.90 charge)",
        "Caf\u00e9 visit",
    ]
    assert ret.rows[0].sheet == "" and ret.rows[0].row == 2
    assert not findings


def test_csv_with_semicolons(tmp_path: Path) -> None:
    path = tmp_path / "police.csv"
    path.write_text("Date;Source;Event\n03/10/2025;GP;Seen, well\n04/10/2025;HV;Visit\n")
    ret, _ = read(path)
    assert [(r.source, r.event) for r in ret.rows] == [("GP", "Seen, well"), ("HV", "Visit")]


@pytest.mark.parametrize(("name", "rows"), [("health-visiting.ods", 26), ("hospital.xls", 15)])
def test_ods_and_xls_returns(name: str, rows: int) -> None:
    ret, findings = read(EXAMPLE / "returns" / name)
    assert len(ret.rows) == rows
    assert all(r.date is not None for r in ret.rows)
    assert ret.summary is not None and ret.summary.date_completed == date(2026, 11, 19)
    assert not findings.errors


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("police.xlsx", b"PK\x03\x04 this is not really a zip file"),
        ("police.xlsx", b"Date,Source,Event\n01/01/2026,a,b\n"),
        ("police.xls", b"\x00\x01\x02garbage"),
        ("police.ods", b""),
        ("police.csv", b"\x00\x00binary\x00"),
        ("police.csv", b"Date,Event\n\x81\x8d\x8f\x90\x9d\xff\xfe\n"),
    ],
)
def test_unreadable_files_are_errors_not_crashes(tmp_path: Path, name: str, content: bytes) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    ret, findings = read(path)
    assert [f.code for f in findings] == ["return-unreadable"]
    assert findings[0].file == f"returns/{name}"
    assert not ret.readable


def test_agency_text_is_kept_as_typed(tmp_path: Path) -> None:
    rows = [
        event(text="=SUM(A1:A9)"),
        event("02/09/2026", text="{{ child.name }} & <b>"),
        event("03/09/2026", text="+44 1632 960000"),
        event("04/09/2026", text="@mention"),
    ]
    ret, _ = read(write_xlsx(tmp_path / "police.xlsx", chronology(*rows)))
    assert [r.event for r in ret.rows] == [
        "=SUM(A1:A9)",
        "{{ child.name }} & <b>",
        "+44 1632 960000",
        "@mention",
    ]


def test_row_problems_name_the_cell(tmp_path: Path) -> None:
    rows = [
        event("31/02/2026"),
        event(""),
        event("?01/09/2026"),
        event(time="teatime"),
        event(key="maybe"),
        event(source=""),
        event("05/09/2026"),
        event("05/09/2026"),
    ]
    ret, findings = read(write_xlsx(tmp_path / "police.xlsx", chronology(*rows)))
    got = {(f.code, f.cell) for f in findings}
    assert got == {
        ("date-invalid", "A2"),
        ("date-missing", "A3"),
        ("date-uncertain", "A4"),
        ("time-invalid", "B5"),
        ("key-event-invalid", "G6"),
        ("cell-empty", "C7"),
        ("row-duplicate", "A9"),
    }
    assert len(ret.rows) == len(rows)  # nothing dropped, not even the bad rows
    assert ret.rows[3].time_text == "teatime"
