"""Each partnership's own procedure, as its profile: deadlines counted by hand from the
seed's words, across the Christmas 2026 and Easter 2027 bank holidays.

Bank holidays used: Friday 25 December 2026, Monday 28 December 2026 (Boxing Day's
substitute), Friday 1 January 2027, Good Friday 26 March 2027, Easter Monday 29 March 2027.
"""

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner, Result

from pipeline.cli import cli
from pipeline.core.findings import Findings
from pipeline.rules.settings import load_partnership, profile_names

from .conftest import EXAMPLE, base_case, run, text_of, write_case

PROFILES = ["national", "bhr", "llr", "north-somerset", "bcp", "portsmouth"]


def profile_case(root: Path, profile: str, **case: Any) -> Path:
    """A small case (Tuesday 22 December 2026 incident) under a partnership of `profile`."""
    data = base_case()
    data.update(
        became_aware="2026-12-22",
        incident=data["incident"] | {"date": "2026-12-22"},
        referral=data["referral"] | {"received": "2026-12-23"},
        notification={"submitted": "2026-12-21"},
    )
    data["child"]["date_of_birth"] = "2020-06-01"
    for key, value in case.items():
        data[key] = data[key] | value if isinstance(data.get(key), dict) else value
    folder = write_case(root, data)
    (folder.parent / "partnership.yaml").write_text(f"profile: {profile}\n")
    return folder


def wide(*args: object) -> Result:
    """The real CLI with a terminal wide enough that no table cell wraps."""
    return CliRunner(env={"COLUMNS": "400"}).invoke(cli, [str(a) for a in args])


def deadlines(folder: Path, tmp_path: Path, today: str = "2027-02-01") -> dict[str, dict[str, Any]]:
    result = run("deadlines", folder, "--out", tmp_path / "out", "--today", today, "--json")
    assert result.exit_code == 0, result.output
    return {d["rule"]: d for d in json.loads(result.stdout)}


def test_every_profile_loads_with_no_findings(tmp_path: Path) -> None:
    assert profile_names()[0] == "national"
    assert sorted(profile_names()) == sorted(PROFILES)
    for name in PROFILES:
        findings = Findings()
        settings = load_partnership(tmp_path, findings, name)
        assert not findings, (name, findings)
        assert settings.profile == name


def test_north_somerset(tmp_path: Path) -> None:
    # §9: "This must be done within five working days of the incident"; "Rapid Reviews
    # should be started within 5 working days of the decision to undertake it"; "Once
    # started the Rapid Review must be completed within 15 working days".
    # 8.4: "immediately, within one working day, of being aware that the incident took place".
    milestones = {
        "rapid-review-decided": "2026-12-29",
        "rapid-review-started": "2027-01-05",
        "rapid-review-completed": "2027-01-27",
        "referral-notified": "2026-12-23T09:30",
    }
    folder = profile_case(
        tmp_path, "north-somerset", referral={"received": "2026-12-24"}, milestones=milestones
    )
    found = deadlines(folder, tmp_path)
    # became aware Tue 22 Dec; 1 working day: Wed 23 Dec. Referral received Thu 24: late.
    assert found["refer-to-partnership"]["due"] == "2026-12-23"
    assert found["refer-to-partnership"]["met_on"] == "2026-12-24"
    # incident Tue 22 Dec: 23, 24, (25, 28 holidays), 29, 30, 31 -> Thu 31 December
    assert found["decide-rapid-review"]["due"] == "2026-12-31"
    assert found["decide-rapid-review"]["status"] == "met"
    # decided Tue 29 Dec: 30, 31, (1 Jan holiday), 4, 5, 6 -> Wed 6 January
    assert found["start-rapid-review"]["due"] == "2027-01-06"
    assert found["start-rapid-review"]["met_on"] == "2027-01-05"
    # started Tue 5 Jan: fifteen working days -> Tue 26 January; completed the 27th
    assert found["rapid-review-complete"]["due"] == "2027-01-26"
    assert found["rapid-review-complete"]["counted_from"] == "2027-01-05"
    assert found["rapid-review-complete"]["status"] == "met"
    assert found["rapid-review-complete"]["met_on"] == "2027-01-27"


def test_north_somerset_without_its_milestones_is_due_not_overdue(tmp_path: Path) -> None:
    folder = profile_case(tmp_path, "north-somerset")
    found = deadlines(folder, tmp_path, "2026-12-22")
    assert found["decide-rapid-review"]["status"] == "due"
    assert "start-rapid-review" not in found  # not dated until the decision is recorded
    result = run("deadlines", folder, "--out", tmp_path / "out", "--today", "2026-12-22")
    assert "Not dated until the case has milestones.rapid-review-decided" in result.output
    assert "north-somerset profile" in result.output


def test_portsmouth_48_hours_over_christmas(tmp_path: Path) -> None:
    # "confirm this in writing within 48 hours using the referral form": clock hours.
    folder = profile_case(
        tmp_path,
        "portsmouth",
        milestones={"referral-notified": "2026-12-24T16:00", "referral-confirmed": "2026-12-27"},
    )
    found = deadlines(folder, tmp_path)["referral-confirmed-in-writing"]
    assert found["due"] == "2026-12-26T16:00"
    assert found["counted_from"] == "2026-12-24T16:00"
    assert found["status"] == "met"
    waiting = profile_case(
        tmp_path / "b", "portsmouth", milestones={"referral-notified": "2026-12-24T16:00"}
    )
    result = wide("deadlines", waiting, "--out", tmp_path / "out", "--today", "2026-12-24")
    assert "due by Saturday 26 December 2026 at 16:00" in result.output


def test_portsmouth_hours_from_a_date_alone_warn(tmp_path: Path) -> None:
    folder = profile_case(tmp_path, "portsmouth", milestones={"referral-notified": "2026-12-24"})
    found = deadlines(folder, tmp_path)["referral-confirmed-in-writing"]
    assert found["due"] == "2026-12-26T00:00"  # counted from 00:00 on the 24th
    result = run("validate", folder, "--out", tmp_path / "out", "--json")
    warned = [f for f in json.loads(result.stdout) if f["code"] == "time-missing"]
    assert [f["field"] for f in warned] == ["milestones.referral-notified"]


def test_bcp(tmp_path: Path) -> None:
    # §7: "the CSPR Group will hold a Rapid Review meeting within 15 working days of the
    # SIN"; "submit this to the PDSCP Business Unit within 13 days"; §12: "no later than
    # five working days before the date of publication".
    folder = profile_case(
        tmp_path,
        "bcp",
        referral={"received": "2026-12-17", "requests_sent": "2026-12-18"},
    )
    review = {"publication": {"planned_date": "2027-04-01"}}
    (folder / "review.yaml").write_text(yaml.safe_dump(review))
    found = deadlines(folder, tmp_path)
    # SIN Mon 21 Dec: 22, 23, 24, 29, 30, 31, 4, 5, 6, 7, 8, 11, 12, 13, 14 -> Thu 14 Jan
    assert found["rapid-review-meeting"]["due"] == "2027-01-14"
    assert "window_start" not in found["rapid-review-meeting"]
    # requests sent Fri 18 Dec + 13 days -> Thu 31 December
    assert found["agency-returns"]["due"] == "2026-12-31"
    # publication Thu 1 Apr: 31, 30, (29 and 26 Easter), 25, 24, 23 -> Tue 23 March
    assert found["report-to-panel"]["due"] == "2027-03-23"
    assert "Secretary of State" in found["report-to-panel"]["title"]


def test_llr(tmp_path: Path) -> None:
    # 4.2.2: "currently 15 working days of becoming aware of the incident"; 4.3.3: "within 2
    # working days of receiving the referral"; 4.4.2: "between 7 and 13 working days of
    # receiving the referral"; 10.5.1: "no later than seven working days before the date of
    # publication". No 13-day returns rule (4.3.4: "the deadline included in the letter").
    folder = profile_case(tmp_path, "llr")
    (folder / "review.yaml").write_text(
        yaml.safe_dump({"publication": {"planned_date": "2027-04-01"}})
    )
    found = deadlines(folder, tmp_path)
    # aware Tue 22 Dec: 23, 24, 29, 30, 31, 4, 5, 6, 7, 8, 11, 12, 13, 14, 15 -> Fri 15 Jan
    assert found["rapid-review-complete"]["due"] == "2027-01-15"
    assert found["rapid-review-complete"]["counted_from"] == "2026-12-22"
    # referral Wed 23 Dec: 24, 29 -> Tue 29 December
    assert found["info-requests"]["due"] == "2026-12-29"
    # 7th working day Wed 6 Jan, 13th Thu 14 Jan
    assert found["rapid-review-meeting"]["window_start"] == "2027-01-06"
    assert found["rapid-review-meeting"]["due"] == "2027-01-14"
    # publication Thu 1 Apr: 31, 30, 25, 24, 23, 22, 19 -> Fri 19 March
    assert found["report-to-panel"]["due"] == "2027-03-19"
    assert "agency-returns" not in found


def test_bhr(tmp_path: Path) -> None:
    # 2.5: "referred to the National ... Panel by the local authority within 5 working days";
    # 3N.2 (a looked-after child's death): "must be notified within five working days as must
    # the Secretary of State and Ofsted". The start is not stated: counted from becoming aware.
    folder = profile_case(
        tmp_path,
        "bhr",
        child={"looked_after": True},
        incident={"type": "death"},
        milestones={
            "practice-review-group-recommended": "2026-12-30",
            "strategic-partners-decided": "2027-01-06",
        },
    )
    found = deadlines(folder, tmp_path)
    # aware Tue 22 Dec: 23, 24, 29, 30, 31 -> Thu 31 December
    assert found["notify-panel"]["due"] == "2026-12-31"
    assert found["lac-death-sos-ofsted"]["due"] == "2026-12-31"
    assert "BHR 3N.2" in found["lac-death-sos-ofsted"]["source"]
    result = run("validate", folder, "--out", tmp_path / "out", "--json")
    assert "key-unknown" not in [f["code"] for f in json.loads(result.stdout)]


def test_an_undeclared_date_in_a_rule_is_rule_invalid(tmp_path: Path) -> None:
    folder = profile_case(tmp_path, "national")
    (folder.parent / "partnership.yaml").write_text(
        "deadlines:\n  my-step:\n    title: Mine\n    from: milestones.never-declared\n"
        "    offset: {working_days: 3}\n    source: local\n"
    )
    for command in ("validate", "deadlines"):
        result = wide(command, folder, "--out", tmp_path / "out")
        assert result.exit_code == 1, result.output
        assert "rule-invalid" in result.output or "RULE" in result.output.upper()
        assert "my-step" in result.output
        assert "milestones.never-declared" in result.output


def test_an_undeclared_milestone_is_a_warning(tmp_path: Path) -> None:
    folder = profile_case(tmp_path, "national", milestones={"coffee-break": "2026-12-23"})
    result = run("validate", folder, "--out", tmp_path / "out", "--json")
    assert result.exit_code == 0
    found = [(f["code"], f["field"]) for f in json.loads(result.stdout)]
    assert ("key-unknown", "milestones.coffee-break") in found


def test_a_rule_can_be_switched_off(tmp_path: Path) -> None:
    folder = profile_case(tmp_path, "national")
    (folder.parent / "partnership.yaml").write_text(
        "deadlines:\n  agency-returns: {disabled: true}\n"
    )
    assert "agency-returns" not in deadlines(folder, tmp_path)


@pytest.fixture
def example_as(example: Path) -> Any:
    def choose(profile: str) -> Path:
        settings = example.parent / "partnership.yaml"
        settings.write_text(f"profile: {profile}\n" + settings.read_text())
        return example

    return choose


def test_an_llr_reviewer_notice_lists_the_three_mailboxes(example_as: Any, tmp_path: Path) -> None:
    case = example_as("llr")
    assert run("notices", case, "--out", tmp_path, "--today", "2026-11-26").exit_code == 0
    text = text_of(tmp_path / case.name / "notices" / "reviewer-appointed.docx")
    for mailbox in (
        "Mailbox.NationalReviewPanel@education.gov.uk",
        "SCR.SIN@ofsted.gov.uk",
        "Mailbox.CPOD@education.gov.uk",
    ):
        assert mailbox in text


def test_a_bcp_pre_publication_notice_goes_to_the_panel_and_the_secretary_of_state(
    example_as: Any, tmp_path: Path
) -> None:
    case = example_as("bcp")
    review = yaml.safe_load((case / "review.yaml").read_text())
    steps = ("cspr-panel", "cspr-group", "scp-sign-off", "publication-date")  # BCP §12's chain
    review["sign_off"] = [{"step": s, "date": "2027-05-27", "by": "x"} for s in steps]
    (case / "review.yaml").write_text(yaml.safe_dump(review))
    result = run("publish-pack", case, "--out", tmp_path, "--today", "2026-11-26")
    assert result.exit_code == 0, result.output
    text = text_of(tmp_path / case.name / "publish-pack" / "notice-to-national-bodies.docx")
    head = text.split("the report before publication")[0]
    assert "Child Safeguarding Practice Review Panel\nSecretary of State for Education" in head
    assert "Ofsted" not in head


def test_a_bcp_case_with_two_meetings_takes_the_executive_s_decision(tmp_path: Path) -> None:
    folder = profile_case(tmp_path, "bcp")
    meeting = {
        "attendees": [{"name": "A", "agency": "LA", "partner": "local-authority"}],
        "decision": {"outcome": "lcspr", "rationale": "Recommended."},
    }
    (folder / "meetings").mkdir()
    for name, kind, day in (
        ("1-group", "rapid-review", "2027-01-08"),
        ("2-exec", "executive", "2027-01-13"),
    ):
        (folder / "meetings" / f"{name}.yaml").write_text(
            yaml.safe_dump(meeting | {"kind": kind, "date": day})
        )
    found = deadlines(folder, tmp_path)
    assert found["rapid-review-meeting"]["met_on"] == "2027-01-08"  # the CSPR Group's meeting
    assert found["lcspr-complete"]["counted_from"] == "2027-01-13"  # the Executive's decision


def test_profiles_show_prints_the_rules_and_their_sources(tmp_path: Path) -> None:
    result = run("profiles", "show", "bcp", "--cases", tmp_path)
    assert result.exit_code == 0, result.output
    assert "15 working days after notification.submitted" in result.output
    assert "BCP §12" in result.output
    listed = run("profiles")
    assert all(name in listed.output for name in PROFILES)


def test_the_example_case_is_national_and_valid_under_every_profile(tmp_path: Path) -> None:
    assert "profile" not in yaml.safe_load((EXAMPLE.parent / "partnership.yaml").read_text())
    for name in PROFILES:
        cases = tmp_path / name
        shutil.copytree(EXAMPLE, cases / EXAMPLE.name)
        (cases / "partnership.yaml").write_text(f"profile: {name}\n")
        result = run("validate", cases / EXAMPLE.name, "--out", tmp_path / "out", "--json")
        assert result.exit_code == 0, (name, result.output)
