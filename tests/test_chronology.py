"""The multi-agency chronology: read back the real xlsx and docx it writes."""

import csv
from datetime import datetime
from pathlib import Path

import openpyxl
from docx import Document

from pipeline.case.returns import read_return
from pipeline.core.findings import Findings

from .conftest import (
    HEADER,
    base_case,
    chronology,
    event,
    needs_office,
    run,
    to_pdf,
    write_case,
    write_xlsx,
)

XLSX = "multi-agency-chronology.xlsx"
DOCX = "multi-agency-chronology.docx"


def build(folder: Path, out: Path, *args: str) -> tuple[list[tuple], object, object]:
    result = run("chronology", folder, "--out", out, "--today", "2026-11-22", *args)
    assert result.exit_code == 0, result.output
    book = openpyxl.load_workbook(out / folder.name / XLSX)
    rows = list(book["Chronology"].iter_rows(min_row=2, values_only=True))
    return rows, book, Document(str(out / folder.name / DOCX))


def provenance(rows: list[tuple]) -> list[tuple[str, int]]:
    return [(r[10], r[11]) for r in rows]


def test_nothing_lost_over_every_return_form(example: Path, tmp_path: Path) -> None:
    sent = []
    for file in sorted((example / "returns").iterdir()):
        ret = read_return(file, file.stem, f"returns/{file.name}", Findings())
        sent += [(r.file, r.row) for r in ret.rows]
    assert len(sent) >= 150
    rows, book, doc = build(example, tmp_path)  # review.yaml's scoping period applies
    outside = list(book["Outside period"].iter_rows(min_row=2, values_only=True))
    assert rows and outside
    assert sorted(provenance(rows) + provenance(outside)) == sorted(sent)  # once each, none new
    assert len(doc.tables[1].rows) - 1 == len(rows)
    counts = list(book["Agencies"].iter_rows(min_row=2, values_only=True))
    assert sum(c[2] for c in counts[:7]) == len(sent)
    assert counts[7][:3] == ("All agencies", None, len(sent))


def test_sorted_by_date_time_agency_with_uncertain_dates_marked(tmp_path: Path) -> None:
    folder = write_case(tmp_path, base_case(agencies=("police", "health")))
    write_xlsx(
        folder / "returns" / "police.xlsx",
        chronology(
            event("05/09/2026", "Late", time="15:00"),
            event("05/09/2026", "Early", time="09:00"),
            event("September 2026", "Sometime in September"),
            event("c. 03/09/2026", "Around the 3rd"),
        ),
    )
    write_xlsx(
        folder / "returns" / "health.xlsx",
        chronology(
            event("05/09/2026", "Health at nine", time="09:00"), event("02/09/2026", "Health first")
        ),
    )
    rows, book, doc = build(folder, tmp_path / "out")
    assert [r[4] for r in rows] == [
        "Sometime in September",
        "Health first",
        "Around the 3rd",
        "Health at nine",
        "Early",
        "Late",
    ]
    sheet = book["Chronology"]
    assert sheet["A2"].number_format == '"c. "mmmm yyyy'
    assert sheet["A4"].number_format == '"c. "dd/mm/yyyy'
    assert sheet["A3"].number_format == "dd/mm/yyyy"
    assert isinstance(sheet["A3"].value, datetime)
    assert "Uncertain date" in rows[0][9]
    texts = [row.cells[0].text for row in doc.tables[1].rows[1:]]
    assert texts[:3] == ["c. September 2026", "02/09/2026", "c. 03/09/2026"]


def test_joint_events_grouped_and_duplicates_flagged_never_dropped(tmp_path: Path) -> None:
    folder = write_case(tmp_path, base_case(agencies=("police", "health", "school")))
    write_xlsx(
        folder / "returns" / "police.xlsx",
        chronology(
            event("01/10/2026", "Strategy discussion with health"), event("01/10/2026", "Arrest")
        ),
    )
    write_xlsx(
        folder / "returns" / "health.xlsx",
        chronology(
            event("01/10/2026", "Attended strategy discussion"),
            event("01/10/2026", "Clinic"),
            event("01/10/2026", "Clinic"),
        ),
    )
    write_xlsx(
        folder / "returns" / "school.xlsx", chronology(event("01/10/2026", "Attended school"))
    )
    rows, _, _ = build(folder, tmp_path / "out")
    by_event = {}
    for r in rows:
        by_event.setdefault(r[4], []).append(r)
    assert len(rows) == 6
    joint = {
        r[8]
        for r in by_event["Strategy discussion with health"]
        + by_event["Attended strategy discussion"]
    }
    assert joint == {"J1 with Health", "J1 with Police"}
    assert by_event["Arrest"][0][8] is None and by_event["Attended school"][0][8] is None
    clinic = by_event["Clinic"]
    assert len(clinic) == 2
    assert [c[9] for c in clinic].count("Exact duplicate of row 3 in the return") == 1


def test_workbook_is_a_working_document(tmp_path: Path) -> None:
    folder = write_case(tmp_path)
    write_xlsx(
        folder / "returns" / "police.xlsx",
        chronology(
            event(key="Y", text="Key one"),
            event("02/09/2026", key="N", text="Plain"),
            header=[*HEADER, "Police ref"],
        )
        | {
            "Chronology": [
                [*HEADER, "Police ref"],
                event(key="Y", text="Key one") + ["NP/1"],
                event("02/09/2026", key="N", text="Plain") + ["NP/2"],
            ]
        },
    )
    rows, book, _ = build(folder, tmp_path / "out")
    sheet = book["Chronology"]
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref.startswith("A1:")
    assert sheet["E2"].font.b and not sheet["E3"].font.b
    assert sheet["E2"].alignment.wrap_text
    assert sheet["A2"].fill.fgColor.rgb != sheet["A1"].fill.fgColor.rgb
    assert [c.value for c in sheet[1]][-1] == "Police ref" and rows[0][-1] == "NP/1"
    agencies = book["Agencies"]
    assert [c.value for c in agencies[1]][:7] == [
        "Agency",
        "Return file",
        "Rows",
        "First contact",
        "Last contact",
        "Key events",
        "Uncertain dates",
    ]
    assert [c.value for c in agencies[2]][:6] == [
        "Police",
        "returns/police.xlsx",
        2,
        datetime(2026, 9, 1),
        datetime(2026, 9, 2),
        1,
    ]


AWKWARD = [
    "=SUM(A1:A3)",
    "+44 1632 960000",
    "-1 refused",
    "@everyone",
    "{{ child.name }}",
    "{% for x in y %}",
    "Tom & Jerry <script>",
    "tab\there\vvertical\x0bformfeed\x0c",
    "emoji \U0001f600 and \u202eRTL\u202c and e\u0301",
    "line one\nline two",
]


def test_agency_text_is_data_everywhere(tmp_path: Path) -> None:
    folder = write_case(tmp_path)
    with (folder / "returns" / "police.csv").open("w", newline="", encoding="utf-8") as f:
        out = csv.writer(f)
        out.writerow(HEADER)
        out.writerows(event(f"{i + 1:02d}/09/2026", text) for i, text in enumerate(AWKWARD))
    rows, book, doc = build(folder, tmp_path / "out")
    sheet = book["Chronology"]
    for r in range(2, 2 + len(AWKWARD)):
        assert sheet.cell(r, 5).data_type == "s"  # never a formula
    assert [r[4] for r in rows][:7] == AWKWARD[:7]
    texts = [row.cells[4].text for row in doc.tables[1].rows[1:]]
    assert texts[:7] == AWKWARD[:7]
    assert texts[7] == "tab\there\vverticalformfeed".replace("\v", "")
    assert texts[8] == AWKWARD[8]
    assert texts[9] == "line one\nline two"


def test_errors_write_nothing_and_remove_stale_files(example: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    build(example, out)
    assert (out / example.name / XLSX).exists()
    write_xlsx(example / "returns" / "police.xlsx", chronology(event("31/02/2026")))
    result = run("chronology", example, "--out", out)
    assert result.exit_code == 1
    assert "returns/police.xlsx" in result.output and "A2" in result.output
    assert not (out / example.name / XLSX).exists()
    assert not (out / example.name / DOCX).exists()
    left = [p.name for p in (out / example.name).iterdir() if p.name.startswith(".")]
    assert left in ([], [".checked"])  # the case page's record of each return's check


def test_review_period_from_options_and_review_yaml(example: Path, tmp_path: Path) -> None:
    rows, book, _ = build(example, tmp_path / "a", "--from", "2026-01-01", "--to", "2026-11-09")
    outside = list(book["Outside period"].iter_rows(min_row=2, values_only=True))
    assert rows and outside
    assert all(r[0] >= datetime(2026, 1, 1) for r in rows)
    assert len(rows) + len(outside) >= 150
    result = run("chronology", example, "--out", tmp_path / "a", "--from", "2026-01-01")
    assert f"{len(outside)} outside" in result.output or "outside" in result.output
    (example / "review.yaml").write_text("scoping_period: {from: 2026-01-01, to: 2026-11-09}\n")
    rows_b, _, _ = build(example, tmp_path / "b")
    assert len(rows_b) == len(rows)


def test_docx_layout_and_determinism(example: Path, tmp_path: Path) -> None:
    _, _, doc = build(example, tmp_path / "a")
    section = doc.sections[0]
    assert section.page_width > section.page_height  # landscape
    assert "OFFICIAL-SENSITIVE" in section.header.paragraphs[0].text
    facts = {row.cells[0].text: row.cells[1].text for row in doc.tables[0].rows}
    assert facts["Case reference"] == "NS-2026-011" and facts["Child"] == "Child R"
    assert facts["Date produced"] == "22 November 2026"
    header = doc.tables[1].rows[0]._tr
    assert header.xpath("./w:trPr/w:tblHeader")
    assert len(doc.inline_shapes) == 1  # the timeline picture
    assert "Riley" not in "\n".join(p.text for p in doc.paragraphs)
    build(example, tmp_path / "b")
    for name in (XLSX, DOCX):
        first = (tmp_path / "a" / example.name / name).read_bytes()
        assert first == (tmp_path / "b" / example.name / name).read_bytes(), name


@needs_office
def test_libreoffice_opens_both_files(example: Path, tmp_path: Path) -> None:
    build(example, tmp_path)
    files = [tmp_path / example.name / name for name in (DOCX, XLSX)]
    for pdf in to_pdf(files, tmp_path / "pdf"):
        assert pdf.stat().st_size > 5000, pdf.name
