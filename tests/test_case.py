from datetime import date
from pathlib import Path

from pipeline.case.load import load_case
from pipeline.core.findings import Findings

from .conftest import base_case, write_case


def load(folder: Path) -> tuple[object, Findings]:
    findings = Findings()
    return load_case(folder, findings), findings


def test_valid_case_loads_into_typed_models(tmp_path: Path) -> None:
    data = base_case()
    data["child"]["looked_after"] = "yes"  # a quoted yes/no is accepted too
    data["child"]["child_protection_plan"] = True  # YAML's bare `yes`
    folder, findings = load(write_case(tmp_path, data))
    case = folder.case
    assert not findings
    assert case.child.date_of_birth == date(2020, 6, 1)
    assert case.child.looked_after is True
    assert case.child.child_protection_plan == "yes"
    assert case.agencies[0].key == "police"


def test_problems_name_the_key_path_and_value(tmp_path: Path) -> None:
    folder = write_case(tmp_path)
    text = (folder / "case.yaml").read_text()
    text = text.replace("date_of_birth: 2020-06-01", "date_of_birth: 2020-02-31")
    text = text.replace("type: serious-harm", "type: injury")
    text = text.replace("route: notification", "route: notification\nroute_extra: 1")
    text = text.replace("  pseudonym: Child T\n", "")
    (folder / "case.yaml").write_text(text)
    loaded, findings = load(folder)
    got = {(f.code, f.field, f.value) for f in findings}
    assert ("value-invalid", "child.date_of_birth", "2020-02-31") in got
    assert ("value-invalid", "incident.type", "injury") in got
    assert ("key-unknown", "route_extra", "") in got
    assert ("key-missing", "child.pseudonym", "") in got
    assert all(f.file == "case.yaml" for f in findings)
    assert loaded.case is None
    assert [a.key for a in loaded.raw_agencies] == ["police"]  # returns can still be checked


def test_yaml_syntax_error_gives_the_line(tmp_path: Path) -> None:
    folder = write_case(tmp_path)
    (folder / "case.yaml").write_text("reference: TEST-1\nchild: [unclosed\nroute: x\n")
    _, findings = load(folder)
    assert [f.code for f in findings] == ["yaml-unreadable"]
    assert "line" in findings[0].message


def test_duplicate_keys_and_reference_mismatch(tmp_path: Path) -> None:
    folder = write_case(tmp_path)
    text = (
        (folder / "case.yaml")
        .read_text()
        .replace("reference: TEST-1", "reference: TEST-2\nreference: TEST-9")
    )
    (folder / "case.yaml").write_text(text)
    _, findings = load(folder)
    assert {f.code for f in findings} == {"yaml-duplicate-key", "reference-mismatch"}


def test_optional_files_load(tmp_path: Path) -> None:
    meeting = {
        "date": date(2026, 10, 20),
        "attendees": [{"name": "Jo", "agency": "LA"}],
        "decision": {"outcome": "no-review", "rationale": "Not met."},
        "criteria": {"improvements_needed": {"answer": True}},
    }
    review = {"scoping_period": {"from": date(2025, 1, 1), "to": date(2026, 10, 2)}}
    folder, findings = load(write_case(tmp_path, meeting=meeting, review=review))
    assert not findings
    assert folder.meeting.criteria["improvements_needed"].answer == "yes"
    assert folder.review.scoping_period.start == date(2025, 1, 1)


def test_words_from_a_list_are_read_as_people_write_them(tmp_path: Path) -> None:
    data = base_case(agencies=("police", "health", "la"))
    data["agencies"][1]["partner"] = "health (ICB)"
    data["agencies"][2]["partner"] = "Local Authority"
    data["child"]["child_protection_plan"] = "Not known"
    folder, findings = load(write_case(tmp_path, data))
    assert not findings
    assert [a.partner for a in folder.case.agencies] == ["other", "health", "local-authority"]
    assert folder.case.child.child_protection_plan == "not-known"
