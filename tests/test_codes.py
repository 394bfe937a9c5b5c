"""Every finding code in the catalogue is produced by a real case folder."""

import json
import shutil
from collections.abc import Callable
from datetime import date
from pathlib import Path

import openpyxl
import pytest
from docx import Document

from pipeline.core.findings import CODES
from pipeline.core.outcome import Outcome

from .conftest import (
    EXAMPLE,
    HEADER,
    base_case,
    base_meeting,
    chronology,
    event,
    run,
    write_case,
    write_xlsx,
)


def case_yaml(change: Callable[[str], str]) -> Callable[[Path], Path]:
    def make(root: Path) -> Path:
        folder = write_case(root)
        write_xlsx(folder / "returns" / "police.xlsx", chronology(event()))
        path = folder / "case.yaml"
        path.write_text(change(path.read_text()))
        return folder

    return make


def police(
    book: dict[str, list[list[object]]] | bytes, name: str = "police.xlsx"
) -> Callable[[Path], Path]:
    def make(root: Path) -> Path:
        folder = write_case(root)
        if isinstance(book, bytes):
            (folder / "returns" / name).write_bytes(book)
        else:
            write_xlsx(folder / "returns" / name, book)
        return folder

    return make


def data(change: Callable[[dict[str, object]], None]) -> Callable[[Path], Path]:
    def make(root: Path) -> Path:
        case = base_case()
        change(case)
        folder = write_case(root, case)
        write_xlsx(folder / "returns" / "police.xlsx", chronology(event()))
        return folder

    return make


def renamed(root: Path) -> Path:
    folder = case_yaml(lambda t: t.replace("TEST-1", "bad name!"))(root)
    return folder.rename(folder.parent / "bad name!")


def no_case_yaml(root: Path) -> Path:
    folder = write_case(root)
    (folder / "case.yaml").unlink()
    return folder


def two_returns(root: Path) -> Path:
    folder = police(chronology(event()))(root)
    (folder / "returns" / "police.csv").write_text("Date,Source,Event\n01/09/2026,a,b\n")
    return folder


def extra_file(name: str) -> Callable[[Path], Path]:
    def make(root: Path) -> Path:
        folder = police(chronology(event()))(root)
        (folder / "returns" / name).write_text("x")
        return folder

    return make


def bad_rule(root: Path) -> Path:
    folder = police(chronology(event()))(root)
    (folder.parent / "partnership.yaml").write_text("rules: wt1999\n")
    return folder


def agencies_twice(case: dict[str, object]) -> None:
    case["agencies"] = [{"key": "police", "name": "A"}, {"key": "police", "name": "B"}]


def aware_before_incident(case: dict[str, object]) -> None:
    case["became_aware"] = date(2026, 9, 1)


def meeting(change: dict[str, object]) -> Callable[[Path], Path]:
    def make(root: Path) -> Path:
        record = base_meeting() | change
        folder = write_case(root, meeting=record)
        write_xlsx(folder / "returns" / "police.xlsx", chronology(event()))
        return folder

    return make


def example_with(change: Callable[[Path], None]) -> Callable[[Path], Path]:
    """A copy of the example case, changed; checked with publish-pack."""

    def make(root: Path) -> Path:
        folder = root / "cases" / EXAMPLE.name
        shutil.copytree(EXAMPLE, folder)
        shutil.copy(EXAMPLE.parent / "partnership.yaml", folder.parent / "partnership.yaml")
        change(folder)
        return folder

    return make


def tracked_report(folder: Path) -> None:
    from .test_publish import CORPUS

    (folder / "report" / "final-report.docx").write_bytes(CORPUS["tracked insertion"][0]("x"))


def named_report(folder: Path) -> None:
    from .test_publish import report

    (folder / "report" / "final-report.docx").write_bytes(report("Riley was seen."))


def early(folder: Path) -> None:
    path = folder / "review.yaml"
    path.write_text(
        path.read_text().replace("planned_date: 2027-06-21", "planned_date: 2027-06-08")
    )


def hours_from_a_date(root: Path) -> Path:
    """A deadline in hours counted from a milestone recorded without its time."""
    data = base_case()
    data["milestones"] = {"referral-notified": "2026-10-05"}
    folder = write_case(root, data)
    (folder.parent / "partnership.yaml").write_text(
        "milestones:\n  referral-notified: {title: Referral made by phone}\n"
        "deadlines:\n  confirm:\n    title: Referral confirmed in writing\n"
        "    from: milestones.referral-notified\n    offset: {hours: 48}\n    source: test\n"
    )
    return folder


def linked_return(root: Path) -> Path:
    other = write_case(root / "elsewhere", base_case("OTHER-1"))
    write_xlsx(other / "returns" / "police.xlsx", chronology(event()))
    folder = write_case(root)
    (folder / "returns" / "police.xlsx").symlink_to(other / "returns" / "police.xlsx")
    return folder


def far_cell(root: Path) -> Path:
    """A cell at A250000: over the 200,000-row limit (and harmless if it were read)."""
    folder = write_case(root)
    path = write_xlsx(folder / "returns" / "police.xlsx", chronology(event()))
    book = openpyxl.load_workbook(path)
    book["Chronology"]["A250000"] = "x"
    book.save(path)
    return folder


def formula_without_value(root: Path) -> Path:
    folder = write_case(root)
    book = openpyxl.Workbook()
    assert book.active is not None
    book.active.title = "Chronology"
    book.active.append(HEADER)
    book.active.append(["01/09/2026", "10:00", "PC 1", '=UPPER("visit")', "", "", "N"])
    book.save(folder / "returns" / "police.xlsx")  # openpyxl stores no cached value
    return folder


def broken_template(root: Path) -> Path:
    """A partnership's own request letter with a field whose braces are not whole."""
    folder = write_case(root)
    doc = Document()
    doc.add_paragraph("Dear {{ agency.salutation },")
    (root / "cases" / "templates").mkdir()
    doc.save(root / "cases" / "templates" / "request-letter.docx")
    return folder


def skipped_heading_report(folder: Path) -> None:
    doc = Document(str(folder / "report" / "final-report.docx"))
    doc.add_heading("Skipped", level=3)
    doc.save(str(folder / "report" / "final-report.docx"))


def four_agencies(folder: Path) -> None:
    path = folder / "briefing.yaml"
    path.write_text(path.read_text().replace("Five agencies knew", "Four agencies knew"))


def unsigned(folder: Path) -> None:
    path = folder / "review.yaml"
    path.write_text(path.read_text().split("\nsign_off:")[0] + "\n")


def family_record(entry: dict[str, object]) -> Callable[[Path], Path]:
    """A case whose mother review.yaml records as `entry`."""

    def make(root: Path) -> Path:
        case = base_case()
        case["family"] = [{"name": "Dawn Example", "relationship": "mother"}]
        folder = write_case(root, case, review={"family": [entry]})
        write_xlsx(folder / "returns" / "police.xlsx", chronology(event()))
        return folder

    return make


def review_stage(
    requests: list[str], reply: list[list[object]] | None = None
) -> Callable[[Path], Path]:
    """A case whose review.yaml asks the police for each kind in `requests` (sent), with the
    police's information report in review-returns/ when `reply` gives its rows."""

    def make(root: Path) -> Path:
        asked = [
            {"agency": "police", "kind": kind, "sent": date(2026, 10, 20)} for kind in requests
        ]
        folder = write_case(root, review={"requests": asked})
        write_xlsx(folder / "returns" / "police.xlsx", chronology(event()))
        if reply is not None:
            path = folder / "review-returns" / "police-information-report.xlsx"
            write_xlsx(path, {"Report": reply})
        return folder

    return make


def reviewer_notice_to_two(folder: Path) -> None:
    settings = folder.parent / "partnership.yaml"
    settings.write_text(settings.read_text() + "notices:\n  reviewer-appointed: [panel, ofsted]\n")


PUBLISH_SCENARIOS: dict[str, Callable[[Path], Path]] = {
    "publication-incomplete": example_with(lambda f: (f / "briefing.yaml").unlink()),
    "publication-too-early": example_with(early),
    "report-tracked-changes": example_with(tracked_report),
    "identifying-text": example_with(named_report),
    "sign-off-missing": example_with(unsigned),
    "accessibility": example_with(skipped_heading_report),
}


SCENARIOS: dict[str, Callable[[Path], Path]] = {
    "template-invalid": broken_template,
    "case-file-empty": case_yaml(lambda t: "# to be filled in\n"),
    "link-outside-case": linked_return,
    "return-too-large": far_cell,
    "csv-rows-merged": police(
        b'Date,Source,Event\n01/09/2026,GP,"Seen\n02/09/2026,GP,Seen again\n', "police.csv"
    ),
    "csv-encoding-mixed": police(
        "Date,Source,Event\n01/09/2026,GP,Caf\u00e9\n".encode()
        + "02/09/2026,GP,Caf\u00e9\n".encode("cp1252"),
        "police.csv",
    ),
    "formula-no-value": formula_without_value,
    "date-in-future": data(lambda case: case.update(notification={"submitted": "2099-01-05"})),
    "dates-contradict": meeting({"date": date(2026, 10, 9)}),  # returns due 18 October
    "owner-unknown": meeting(
        {"immediate_actions": [{"action": "Review the plan", "owner": "Nobody's Service"}]}
    ),
    "time-missing": hours_from_a_date,
    "meeting-inquorate": meeting({"attendees": [{"name": "A", "agency": "LA"}]}),
    "decision-incomplete": meeting({"decision": {"outcome": "other-learning", "rationale": "x"}}),
    "theme-unmapped": meeting({"themes": ["Knitting circles"]}),
    "family-member-unknown": family_record({"member": "uncle"}),
    "family-reason-missing": family_record({"member": "mother", "response": "declined"}),
    "review-return-missing": review_stage(["information-report"]),
    "review-return-unrequested": review_stage([], [["Agency", "Police"]]),
    "review-return-incomplete": review_stage(["information-report"], [["Agency", "Police"]]),
    "case-folder-missing": lambda root: root / "cases" / "absent",
    "case-file-missing": no_case_yaml,
    "yaml-unreadable": case_yaml(lambda t: t + "\n  : : [\n"),
    "yaml-duplicate-key": case_yaml(lambda t: t + "route: notification\n"),
    "key-missing": case_yaml(lambda t: t.replace("route: notification\n", "")),
    "key-unknown": case_yaml(lambda t: t + "colour: blue\n"),
    "value-invalid": case_yaml(
        lambda t: t.replace("became_aware: 2026-10-05", "became_aware: 5/10/26")
    ),
    "reference-invalid": renamed,
    "reference-mismatch": case_yaml(lambda t: t.replace("reference: TEST-1", "reference: OTHER")),
    "agency-duplicate": data(agencies_twice),
    "case-date-order": data(aware_before_incident),
    "rule-invalid": bad_rule,
    "return-missing": lambda root: write_case(root),
    "return-unknown-agency": extra_file("school.csv"),
    "return-duplicate": two_returns,
    "return-unsupported": extra_file("notes.txt"),
    "return-unreadable": police(b"not a spreadsheet"),
    "sheet-missing": police({"Summary": [["Agency", "x"]]}),
    "summary-missing": police({"Chronology": [HEADER, event()]}),
    "header-missing": police({"Summary": [], "Chronology": [["no header here"]]}),
    "column-missing": police(
        {"Summary": [], "Chronology": [["Date", "Event"], ["01/09/2026", "x"]]}
    ),
    "column-extra": police(chronology(event() + ["x"], header=[*HEADER, "Ref"])),
    "date-missing": police(chronology(event(""))),
    "date-invalid": police(chronology(event("31/02/2026"))),
    "date-uncertain": police(chronology(event("c. 01/09/2026"))),
    "date-after-incident": police(chronology(event("03/10/2026"))),
    "date-before-birth": police(chronology(event("01/01/2018"))),
    "time-invalid": police(chronology(event(time="noon-ish"))),
    "cell-empty": police(chronology(event(text=""))),
    "key-event-invalid": police(chronology(event(key="maybe"))),
    "row-duplicate": police(chronology(event(), event())),
    "summary-label-unknown": police(
        {"Summary": [["Colour", "blue"]], "Chronology": [HEADER, event()]}
    ),
    "summary-case-mismatch": police(
        {"Summary": [["Case reference", "OTHER-9"]], "Chronology": [HEADER, event()]}
    ),
    "summary-value-invalid": police(
        {"Summary": [["Known to agency", "perhaps"]], "Chronology": [HEADER, event()]}
    ),
}


def long_cell(root: Path) -> Path:
    folder = write_case(root)
    (folder / "returns" / "police.csv").write_text(
        "Date,Time,Source,Event,Action,Significance,Key event\n"
        f"01/09/2026,10:00,Social worker,{'x' * 40000},,,N\n"
    )
    return folder


def identifying_in_pack(root: Path) -> Path:
    """The example, whose summary of events names the child (the Panel pack is not
    published: a warning)."""
    target = root / "cases" / EXAMPLE.name
    shutil.copytree(EXAMPLE, target)
    shutil.copy(EXAMPLE.parent / "partnership.yaml", target.parent)
    return target


def skipped_heading_template(root: Path) -> Path:
    """The example with the partnership's own covering letter to the Panel, which skips a
    heading level."""
    target = identifying_in_pack(root)
    shipped = Path(__file__).resolve().parents[1] / "templates" / "panel-covering-letter.docx"
    doc = Document(str(shipped))
    doc.add_heading("Skipped", level=3)
    (root / "cases" / "templates").mkdir(exist_ok=True)
    doc.save(str(root / "cases" / "templates" / "panel-covering-letter.docx"))
    return target


def dropping_no_episode(folder: Path) -> None:
    (folder / "episodes.yaml").write_text("drop: [2026-08-15]\n")  # one begins on the 14th


# warnings other commands report: the chronology, the panel pack, the publication pack
OTHER_SCENARIOS: dict[str, tuple[str, Callable[[Path], Path]]] = {
    "cell-too-long": ("chronology", long_cell),
    "identifying-in-pack": ("panel-pack", identifying_in_pack),
    "briefing-mismatch": ("publish-pack", example_with(four_agencies)),
    "accessibility-in-pack": ("panel-pack", skipped_heading_template),
    "notice-recipient-missing": ("notices", example_with(reviewer_notice_to_two)),
    "episode-invalid": ("summary", example_with(dropping_no_episode)),
}


@pytest.mark.parametrize("code", sorted(OTHER_SCENARIOS))
def test_other_codes_are_reported(tmp_path: Path, code: str) -> None:
    command, make = OTHER_SCENARIOS[code]
    result = run(command, make(tmp_path), "--out", tmp_path / "out", "--today", "2026-11-22")
    assert result.exit_code == 0, result.output
    assert CODES[code][0] == "warning"
    assert code in result.output or "Warning" in result.stderr
    if code == "identifying-in-pack":
        assert "the child's name" in result.stderr or "part of the child" in result.stderr
    if code == "accessibility-in-pack":
        assert "accessibility: panel-covering-letter.docx" in result.stderr
        assert "heading order: Skipped" in result.stderr
    if code == "briefing-mismatch":
        assert "'Four agencies'" in result.stderr


def test_every_code_has_a_scenario() -> None:
    assert set(SCENARIOS) | set(PUBLISH_SCENARIOS) | set(OTHER_SCENARIOS) | set(
        OTHER_ERRORS
    ) == set(CODES)


# errors other commands report (their library function's findings)
def filled(reference: str | None) -> Callable[[Path], Path]:
    """A case, and root/filled.docx: a document with the Combined Summary's case.reference
    control naming `reference`, or (None) a file that is not a Word document."""

    def make(root: Path) -> Path:
        folder = write_case(root)
        if reference is None:
            (root / "filled.docx").write_text("not a document")
            return folder
        from docx.oxml import parse_xml

        doc = Document()
        doc.add_paragraph()._p.append(
            parse_xml(
                '<w:sdt xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
                '<w:sdtPr><w:tag w:val="case.reference"/></w:sdtPr><w:sdtContent><w:r>'
                f"<w:t>{reference}</w:t></w:r></w:sdtContent></w:sdt>"
            )
        )
        doc.save(str(root / "filled.docx"))
        return folder

    return make


OTHER_ERRORS: dict[str, tuple[str, Callable[[Path], Path]]] = {
    "learning-brief-not-applicable": ("learning-brief", identifying_in_pack),  # the example
    "record-unreadable": ("meeting-record", filled(None)),
    "record-case-mismatch": ("meeting-record", filled("OTHER-9")),
}


@pytest.mark.parametrize("code", sorted(OTHER_ERRORS))
def test_other_errors_are_reported(tmp_path: Path, code: str) -> None:
    from pipeline.publish.brief import build_learning_brief

    command, make = OTHER_ERRORS[code]
    from pipeline.documents.meeting_record import record_meeting

    def meeting_record(case: Path, out: Path, today: date) -> Outcome:
        return record_meeting(case, case.parent.parent / "filled.docx", today)

    builders = {"learning-brief": build_learning_brief, "meeting-record": meeting_record}
    result = builders[command](make(tmp_path), tmp_path / "out", date(2026, 11, 22))
    assert CODES[code][0] == "error"
    assert code in [f.code for f in result.findings.errors]


@pytest.mark.parametrize("code", sorted(PUBLISH_SCENARIOS))
def test_publication_code_is_reported(tmp_path: Path, code: str) -> None:
    result = run(
        "publish-pack", PUBLISH_SCENARIOS[code](tmp_path), "--out", tmp_path / "out", "--json"
    )
    assert code in [f["code"] for f in json.loads(result.stdout)], result.output
    assert result.exit_code == 1


@pytest.mark.parametrize("code", sorted(SCENARIOS))
def test_code_is_reported(tmp_path: Path, code: str) -> None:
    result = run("validate", SCENARIOS[code](tmp_path), "--out", tmp_path / "out", "--json")
    codes = [f["code"] for f in json.loads(result.stdout)]
    assert code in codes, result.output
    any_error = any(CODES[c][0] == "error" for c in codes)
    assert result.exit_code == (1 if any_error else 0)
    if CODES[code][0] == "error":
        assert result.exit_code == 1
