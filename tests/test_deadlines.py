"""Deadlines against dates counted by hand on the government's bank holiday list."""

from datetime import date
from pathlib import Path
from typing import Any

import yaml

from .conftest import base_case, run, write_case


def deadlines(folder: Path, out: Path, today: str = "2026-12-20") -> dict[str, dict[str, Any]]:
    result = run("deadlines", folder, "--out", out, "--today", today)
    assert result.exit_code == 0, result.output
    data = yaml.safe_load((out / folder.name / "deadlines.json").read_text())
    return {d["rule"]: d for d in data}


def christmas_case() -> dict[str, Any]:
    data = base_case("XMAS-1")
    data["became_aware"] = date(2026, 12, 16)
    data["incident"]["date"] = date(2026, 12, 15)
    data["referral"]["received"] = date(2026, 12, 17)
    data["notification"] = {"submitted": date(2026, 12, 18)}
    return data


def test_deadlines_across_christmas(tmp_path: Path) -> None:
    found = deadlines(write_case(tmp_path, christmas_case()), tmp_path / "out")
    assert found["notify-panel"]["due"] == "2026-12-23"
    assert found["notify-panel"]["status"] == "met"
    assert found["notify-panel"]["met_on"] == "2026-12-18"
    assert found["info-requests"]["due"] == "2026-12-21"
    assert found["rapid-review-meeting"]["window_start"] == "2026-12-30"
    assert found["rapid-review-meeting"]["due"] == "2027-01-08"
    assert found["rapid-review-complete"]["due"] == "2027-01-13"  # WT2023: from the notification
    assert found["rapid-review-complete"]["counted_from"] == "2026-12-18"
    assert found["lac-death-sos-ofsted"]["status"] == "not-applicable"
    assert found["crg-first-discussion"]["status"] == "not-applicable"


def test_working_together_2018_counts_from_becoming_aware(tmp_path: Path) -> None:
    folder = write_case(tmp_path, christmas_case())
    (folder.parent / "partnership.yaml").write_text("rules: wt2018\n")
    found = deadlines(folder, tmp_path / "out")
    assert found["rapid-review-complete"]["due"] == "2027-01-11"
    assert found["rapid-review-complete"]["counted_from"] == "2026-12-16"


def test_status_follows_today(tmp_path: Path) -> None:
    folder = write_case(tmp_path, christmas_case())
    assert deadlines(folder, tmp_path / "a", "2026-12-21")["info-requests"]["status"] == "due"
    assert deadlines(folder, tmp_path / "b", "2026-12-22")["info-requests"]["status"] == "overdue"


def test_publication_deadlines_across_easter_with_a_local_override(tmp_path: Path) -> None:
    review = {
        "publication": {"planned_date": date(2027, 4, 7), "report_sent_to_panel": date(2027, 3, 26)}
    }
    folder = write_case(tmp_path, christmas_case(), review=review)
    found = deadlines(folder, tmp_path / "national", "2027-03-30")
    assert found["report-to-panel"]["due"] == "2027-03-25"  # 7 working days before
    assert found["report-to-panel"]["status"] == "met"
    assert found["published-until"]["due"] == "2028-04-07"
    (folder.parent / "partnership.yaml").write_text(
        "deadlines:\n  report-to-panel:\n    offset: {working_days: 5}\n"
    )
    assert (
        deadlines(folder, tmp_path / "bcp", "2027-03-30")["report-to-panel"]["due"] == "2027-03-31"
    )


def test_referral_route_and_decision_deadlines(tmp_path: Path) -> None:
    data = base_case("REF-1")
    data["route"] = "referral"
    data["referral"]["received"] = date(2027, 1, 31)
    data["incident"]["date"] = date(2027, 1, 29)
    data["became_aware"] = date(2027, 1, 30)
    meeting = {
        "date": date(2026, 8, 31),
        "kind": "case-review-group",
        "attendees": [{"name": "A", "agency": "LA", "partner": "local-authority"}],
        "decision": {"outcome": "lcspr", "rationale": "Criteria met."},
    }
    found = deadlines(write_case(tmp_path, data, meeting=meeting), tmp_path / "out", "2027-02-01")
    assert found["crg-first-discussion"]["due"] == "2027-02-28"
    assert found["crg-combined-summary"]["due"] == "2027-03-31"
    assert found["lcspr-complete"]["due"] == "2027-02-28"  # 31 August + 6 months
    assert found["learning-brief-complete"]["status"] == "not-applicable"
    assert found["rapid-review-meeting"]["status"] == "not-applicable"


def test_a_partnership_can_add_its_own_rule(tmp_path: Path) -> None:
    folder = write_case(tmp_path, christmas_case())
    (folder.parent / "partnership.yaml").write_text(
        "deadlines:\n  decide-rapid-review:\n    title: Decide whether to hold a rapid review\n"
        "    from: incident.date\n    offset: {working_days: 5}\n"
        "    source: North Somerset §9\n"
    )
    found = deadlines(folder, tmp_path / "out")
    assert found["decide-rapid-review"]["due"] == "2026-12-22"


def test_a_broken_override_is_an_error_naming_the_rule(tmp_path: Path) -> None:
    folder = write_case(tmp_path, christmas_case())
    (folder.parent / "partnership.yaml").write_text("deadlines:\n  my-rule:\n    title: Mine\n")
    result = run("deadlines", folder, "--out", tmp_path / "out")
    assert result.exit_code == 1
    assert "deadlines.my-rule.from" in result.output


def test_example_case_deadlines_in_words(example: Path, tmp_path: Path) -> None:
    from click.testing import CliRunner

    from pipeline.cli import cli

    args = ["deadlines", str(example), "--out", str(tmp_path), "--today", "2026-11-22"]
    result = CliRunner(env={"COLUMNS": "400"}).invoke(cli, args)  # a wide table: no wrapping
    assert result.exit_code == 0
    assert "Rapid review meeting held: done Friday 20 November 2026" in result.output
    assert "due by Thursday 3 December 2026 (9 working days left)" in result.output
