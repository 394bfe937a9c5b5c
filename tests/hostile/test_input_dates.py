"""Dates, times and cells an agency should not have sent, and formula cells without values
(issue 14.8, 14.11; issue 13).

"October 0000", 0001-01-01, 9999-12-31 (as text and as real date cells), a 5,000-digit
number, a date cell holding 0: each is `date-invalid` naming the cell, never exit 3 and
never a year -328657. A date cell with a time keeps its time when the Time cell is empty;
Excel day numbers in January and February 1900 read as the days Excel shows. A formula
saved without its value keeps its formula as its text, with a `formula-no-value`
warning naming the cell. And the date and time parsers raise nothing but DateError,
whatever they are given, and read back every real date they are given in either form.
"""

from __future__ import annotations

import json
import zipfile
from datetime import date, datetime, time, timedelta
from pathlib import Path

import openpyxl
import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from pipeline.case.returns import read_return
from pipeline.core.dates import DateError, parse_date, parse_time
from pipeline.core.findings import Findings

from ..conftest import chronology, event, run, text_of, write_case, write_xlsx
from .test_input_files import police, refused, validate

BAD_DATES = {
    "October 0000": "October 0000",
    "0001-01-01": "0001-01-01",
    "9999-12-31": "9999-12-31",
    "year 1 as a date cell": date(1, 1, 1),
    "9999 as a date cell": date(9999, 12, 31),
    "1899 as a date-time cell": datetime(1899, 6, 1, 10, 0),
    "5000 digits": "9" * 5000,
    "c. 0000": "c. 0000",
    "00/13/2025": "00/13/2025",
}


@pytest.mark.parametrize("case", sorted(BAD_DATES))
def test_an_impossible_date_is_a_finding_naming_its_cell(tmp_path: Path, case: str) -> None:
    folder = write_case(tmp_path)
    write_xlsx(folder / "returns" / "police.xlsx", chronology(event(), event(BAD_DATES[case])))
    found = refused(
        folder, tmp_path / "out", "date-invalid", file="returns/police.xlsx", cell="A3", row=3
    )
    assert len(found["message"]) < 200  # a 5,000-digit value is not written out whole


def test_a_5000_digit_number_in_any_cell_of_a_csv_is_no_crash(tmp_path: Path) -> None:
    digits = "9" * 5000
    content = f"Date,Time,Source,Event,Key event\n{digits},{digits},{digits},{digits},{digits}\n"
    folder = police(tmp_path, "police.csv", content.encode())
    found = refused(folder, tmp_path / "out", "date-invalid", cell="A2")
    assert len(found["message"]) < 200


def test_a_5000_digit_number_cell_in_an_xlsx_is_no_crash(tmp_path: Path) -> None:
    folder = write_case(tmp_path)
    path = write_xlsx(folder / "returns" / "police.xlsx", chronology(event(), event(12345)))
    with zipfile.ZipFile(path) as source:
        parts = {info.filename: source.read(info) for info in source.infolist()}
    sheet = next(n for n in parts if b"<v>12345</v>" in parts[n])
    parts[sheet] = parts[sheet].replace(b"<v>12345</v>", b"<v>" + b"9" * 5000 + b"</v>")
    with zipfile.ZipFile(path, "w") as target:
        for name, data in parts.items():
            target.writestr(name, data)
    refused(folder, tmp_path / "out", "date-invalid", file="returns/police.xlsx", cell="A3")


def test_a_date_cell_with_a_time_keeps_the_time(tmp_path: Path) -> None:
    folder = write_case(tmp_path)
    rows = [
        event(datetime(2026, 9, 1, 14, 35), time=""),  # the time in the date cell only
        event(datetime(2026, 9, 2, 9, 15), time="10:00"),  # the Time cell wins
        event(datetime(2026, 9, 3, 0, 0), time=""),  # midnight: a date alone
    ]
    write_xlsx(folder / "returns" / "police.xlsx", chronology(*rows))
    ret = read_return(folder / "returns" / "police.xlsx", "police", "x", Findings())
    assert [(r.date.earliest, r.time) for r in ret.rows if r.date] == [
        (date(2026, 9, 1), time(14, 35)),
        (date(2026, 9, 2), time(10, 0)),
        (date(2026, 9, 3), None),
    ]
    out = tmp_path / "out"
    result = run("chronology", folder, "--out", out, "--today", "2026-11-22")
    assert result.exit_code == 0, result.output
    docx = next((out / folder.name).glob("*.docx"))
    assert "14:35" in text_of(docx)


def test_excel_day_numbers_of_early_1900_read_as_excel_shows_them(tmp_path: Path) -> None:
    folder = write_case(tmp_path)
    path = write_xlsx(folder / "returns" / "police.xlsx", chronology(event(), event(), event()))
    book = openpyxl.load_workbook(path)
    for row, serial in ((2, 1), (3, 59), (4, 61)):
        cell = book["Chronology"].cell(row, 1)
        cell.value, cell.number_format = serial, "dd/mm/yyyy"
    book.save(path)
    ret = read_return(path, "police", "x", Findings())
    assert [r.date.earliest for r in ret.rows if r.date] == [
        date(1900, 1, 1),
        date(1900, 2, 28),
        date(1900, 3, 1),
    ]


def test_a_formula_without_its_value_keeps_its_text_with_a_warning(tmp_path: Path) -> None:
    folder = write_case(tmp_path)
    book = openpyxl.Workbook()
    book.active.title = "Summary"
    book["Summary"].append(["Agency", "Police"])
    sheet = book.create_sheet("Chronology")
    sheet.append(["Date", "Time", "Source", "Event"])
    sheet.append(["01/09/2026", "10:00", "PC 1", '=CONCATENATE("Home ","visit")'])
    sheet.append(["02/09/2026", "11:00", "PC 2", "Seen"])
    book.save(folder / "returns" / "police.xlsx")  # openpyxl saves no cached values
    code, findings = validate(folder, tmp_path / "out")
    assert code == 0, findings
    warned = [f for f in findings if f["code"] == "formula-no-value"]
    assert [(f["file"], f["sheet"], f["cell"], f["severity"]) for f in warned] == [
        ("returns/police.xlsx", "Chronology", "D2", "warning")
    ]
    assert "cell-empty" not in [f["code"] for f in findings]
    ret = read_return(folder / "returns" / "police.xlsx", "police", "x", Findings())
    assert [r.event for r in ret.rows] == ['=CONCATENATE("Home ","visit")', "Seen"]


def test_an_ods_formula_without_its_value_keeps_its_text(tmp_path: Path) -> None:
    content = (
        '<?xml version="1.0" encoding="UTF-8"?><office:document-content '
        'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.3">'
        '<office:body><office:spreadsheet><table:table table:name="Chronology">'
        + "".join(
            "<table:table-row>"
            + "".join(
                f'<table:table-cell office:value-type="string"><text:p>{v}</text:p>'
                "</table:table-cell>"
                for v in values
            )
            + extra
            + "</table:table-row>"
            for values, extra in (
                (["Date", "Source", "Event"], ""),
                (
                    ["01/09/2026", "GP"],
                    '<table:table-cell table:formula="of:=[.B2]&amp;&quot; visit&quot;"/>',
                ),
            )
        )
        + "</table:table></office:spreadsheet></office:body></office:document-content>"
    )
    folder = write_case(tmp_path)
    with zipfile.ZipFile(folder / "returns" / "police.ods", "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("content.xml", content)
        archive.writestr(
            "META-INF/manifest.xml",
            '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:'
            'names:tc:opendocument:xmlns:manifest:1.0"><manifest:file-entry manifest:full-path="/"'
            ' manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
            '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
            "</manifest:manifest>",
        )
    findings = Findings()
    ret = read_return(folder / "returns" / "police.ods", "police", "returns/police.ods", findings)
    assert [r.event for r in ret.rows] == ['=[.B2]&" visit"']
    assert [(f.code, f.cell) for f in findings if f.code == "formula-no-value"] == [
        ("formula-no-value", "C2")
    ]


# --- the parsers, over everything ---------------------------------------------------------

ANYTHING = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(),
    st.text(alphabet="0123456789/-.: ?c", max_size=20),
    st.text(alphabet="0123456789:.", min_size=4, max_size=6),
    st.from_regex(r"\A(c\. ?|\?)?\d{1,5}[/.\-]\d{1,3}[/.\-]\d{1,6}\??\Z"),
    st.from_regex(r"\A\d{1,6} [A-Za-z]{3,9},? \d{1,6}\Z"),
    st.from_regex(r"\A[A-Za-z]{3,9} \d{1,6}\Z"),
    st.from_regex(r"\A\d{1,4}-\d{1,2}-\d{1,2}([ T]\d{1,2}:\d{2})?\Z"),
    st.from_regex(r"\A\d{1,3}([:.]\d{1,3}){0,2} ?(am|pm|hrs|h)?\Z"),
    st.dates(),
    st.datetimes(),
    st.times(),
    st.timedeltas(),
)


@given(ANYTHING)
def test_parse_date_raises_nothing_but_date_error(value: object) -> None:
    try:
        parsed = parse_date(value)
    except DateError:
        return
    assert 1900 <= parsed.earliest.year <= parsed.latest.year <= 2100
    assert parsed.earliest <= parsed.latest


@given(ANYTHING)
@example("1::00")  # found by fuzzing: the quick hh:mm path took it for 1 and :00
@example("\u00b2\u00b9:00")  # superscript digits are digits to str.isdigit, not to int()
def test_parse_time_raises_nothing_but_date_error(value: object) -> None:
    try:
        parsed = parse_time(value)
    except DateError:
        return
    assert parsed is None or isinstance(parsed, time)


REAL = st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31))


@given(REAL)
def test_every_real_date_reads_back_day_first_and_iso(day: date) -> None:
    for text in (f"{day:%d/%m/%Y}", day.isoformat(), f"{day.day} {day:%B %Y}", f"{day:%d-%b-%Y}"):
        parsed = parse_date(text)
        assert (parsed.earliest, parsed.latest, parsed.uncertain) == (day, day, False), text
    assert parse_date(day).earliest == day
    assert parse_date(datetime.combine(day, time(13, 5))).earliest == day


@given(st.times())
def test_every_time_reads_back_as_written(moment: time) -> None:
    minute = moment.replace(second=0, microsecond=0)
    assert parse_time(f"{moment:%H:%M}") == minute
    assert parse_time(f"{moment:%H%M}") == minute
    assert parse_time(moment) == moment.replace(microsecond=0)
    fraction = (moment.hour * 60 + moment.minute) / 1440
    assert parse_time(fraction) == minute
    assert parse_time(timedelta(hours=moment.hour, minutes=moment.minute)) == minute


def test_validation_json_never_holds_an_impossible_year(tmp_path: Path) -> None:
    folder = write_case(tmp_path)
    write_xlsx(
        folder / "returns" / "police.xlsx",
        chronology(*[event(value) for value in BAD_DATES.values()]),
    )
    run("validate", folder, "--out", tmp_path / "out")
    report = (tmp_path / "out" / folder.name / "validation.json").read_text()
    assert "-328657" not in report
    assert all(f["code"] != "date-missing" for f in json.loads(report))
