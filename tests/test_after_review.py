"""After the decision: the family's letters and involvement, the sign-off chain before
publication, learning without a full report, and the impact follow-up (issue 12, 5-8)."""

from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path

import openpyxl
import pytest
import yaml

from pipeline.case.load import load_case
from pipeline.core.findings import Findings
from pipeline.publish.leaks import Scanner, terms_for

from .conftest import (
    EXAMPLE,
    ROOT,
    base_case,
    cspr,
    needs_office,
    run,
    text_of,
    to_pdf,
    write_case,
)

TODAY = ("--today", "2026-11-22")
SECOND = ROOT / "cases" / "NS-2026-019"  # the learning-brief example


def review_of(folder: Path) -> dict[str, object]:
    data: dict[str, object] = yaml.safe_load((folder / "review.yaml").read_text())
    return data


def write_review(folder: Path, data: dict[str, object]) -> None:
    (folder / "review.yaml").write_text(yaml.safe_dump(data, sort_keys=False))


def codes(result_json: str) -> list[str]:
    return [f["code"] for f in json.loads(result_json)]


def validate(folder: Path, tmp_path: Path) -> list[dict[str, str]]:
    result = run("validate", folder, "--out", tmp_path / "out", "--json", *TODAY)
    found: list[dict[str, str]] = json.loads(result.stdout)
    return found


# Families --------------------------------------------------------------------------------


def test_family_letters_name_the_member_and_follow_their_response(
    example: Path, tmp_path: Path
) -> None:
    result = run("family-letters", example, "--out", tmp_path / "out", *TODAY)
    assert result.exit_code == 0, result.output
    family = tmp_path / "out" / example.name / "family"
    assert sorted(p.name for p in family.iterdir()) == [
        "maternal-grandmother-invitation.docx",
        "maternal-grandmother-outcome.docx",
        "mother-invitation.docx",
        "mother-outcome.docx",
    ]  # the mother's partner is recorded as not invited: no letter
    invitation = text_of(family / "mother-invitation.docx")
    for fact in (
        "OFFICIAL-SENSITIVE: PERSONAL",  # marked like the referral form
        "1 December 2026",  # dated the day review.yaml says she was invited
        "Kayleigh Brennan\nFlat 3\n27 Millbrook Road\nEastbridge NT7 2LX",
        "Dear Kayleigh,",  # family[].salutation
        "We are very sorry about what happened to Riley.",
        "This is called a local child safeguarding practice review.",
        "The review is led by Dr Hannah Marlowe",
        "There is also a police investigation.",  # case.yaml: criminal investigation, ongoing
        "Taking part is your choice.",
    ):
        assert fact in invitation, fact
    grandmother = text_of(family / "maternal-grandmother-outcome.docx")
    for fact in (
        "Lorraine Brennan\nBy hand",  # no address in case.yaml: delivered by hand (LLR 7.3.2)
        "Dear Lorraine Brennan,",
        "We respect your decision not to take part.",
        "The report will be published on 21 June 2027",
        "Riley is called Child R",
        "Share police information about adults joining a household",
        "you do not have to talk to them",
    ):
        assert fact in grandmother, fact
    assert "Thank you for taking part" in text_of(family / "mother-outcome.docx")
    assert "10 June 2027" in text_of(family / "mother-outcome.docx")  # told_outcome


def test_family_involvement_names_no_one_and_gives_every_reason(
    example: Path, tmp_path: Path
) -> None:
    run("family-letters", example, "--out", tmp_path / "out", *TODAY)
    summary = tmp_path / "out" / example.name / "family-involvement.docx"
    text = text_of(summary)
    assert "3 family members in the case record; 2 invited to take part; 1 took part." in text
    assert "The mother took part in the review." in text
    assert "The maternal grandmother was invited to take part but declined. She said" in text
    assert "The mother's partner was not invited to take part. He is the subject" in text
    assert "Maternal grandmother\n1 December 2026\nDeclined" in text
    for name in ("Kayleigh", "Brennan", "Dean", "Foster", "Lorraine", "Riley", "Millbrook"):
        assert name not in text
    case = load_case(example, Findings()).case
    assert case is not None
    assert Scanner(terms_for(case)).scan_file(summary, summary.name) == []


def test_a_name_in_a_reason_is_a_warning_and_agency_text_stays_text(
    example: Path, tmp_path: Path
) -> None:
    review = review_of(example)
    family = review["family"]
    assert isinstance(family, list)
    family[1]["reason"] = "Lorraine said {{ partnership.name }} & <b>no</b>."
    write_review(example, review)
    result = run("family-letters", example, "--out", tmp_path / "out", *TODAY)
    assert result.exit_code == 0, result.output
    assert "family-involvement.docx" in result.stderr and "Lorraine" in result.stderr
    text = text_of(tmp_path / "out" / example.name / "family-involvement.docx")
    assert "Lorraine said {{ partnership.name }} & <b>no</b>." in text  # never evaluated


def test_family_records_are_validated(tmp_path: Path) -> None:
    case = base_case()
    case["family"] = [
        {"name": "Dawn Example", "relationship": "mother"},
        {"name": "Ann Example", "relationship": "sister"},
        {"name": "Bea Example", "relationship": "sister"},
    ]
    review = {
        "family": [
            {"member": "Mother", "invited": "2026-11-02", "responded": "2026-11-01"},
            {"member": "dawn example", "response": "taking-part"},  # the mother again
            {"member": "sister", "response": "declined", "reason": "Did not wish to."},
            {"member": "uncle", "response": "no-response"},
            {"member": "Ann Example", "response": "no-response"},
            {"member": "Bea Example", "response": "not-invited", "invited": "2026-11-02"},
        ]
    }
    found = validate(write_case(tmp_path, case, review=review), tmp_path)
    by_field = {(f["code"], f["field"]) for f in found}
    assert ("dates-contradict", "family[0].responded") in by_field
    assert ("value-invalid", "family[1].member") in by_field  # the same person twice
    assert ("family-member-unknown", "family[2].member") in by_field  # two sisters
    assert ("family-member-unknown", "family[3].member") in by_field
    assert ("family-reason-missing", "family[4].reason") in by_field
    assert ("family-reason-missing", "family[5].reason") in by_field
    assert ("dates-contradict", "family[5].invited") in by_field
    unknown = next(f for f in found if f["field"] == "family[3].member")
    assert "mother, sister, sister" in unknown["message"]


# The sign-off chain ------------------------------------------------------------------


def test_publish_pack_refuses_until_every_step_is_signed_off(tmp_path: Path) -> None:
    cases = tmp_path / "cases"
    folder = cases / EXAMPLE.name
    shutil.copytree(EXAMPLE, folder)
    (cases / "partnership.yaml").write_text(
        (EXAMPLE.parent / "partnership.yaml").read_text() + "profile: bcp\n"
    )
    review = review_of(folder)
    review["sign_off"] = [
        {"step": "cspr-panel", "date": date(2027, 5, 10), "by": "CSPR Panel"},
        {"step": "scp-sign-off", "date": date(2027, 5, 24), "by": "BCP SCP"},
    ]
    write_review(folder, review)
    earlier = tmp_path / "out" / folder.name / "publish-pack"
    earlier.mkdir(parents=True)
    (earlier / "final-report.docx").write_text("an earlier pack")
    result = run("publish-pack", folder, "--out", tmp_path / "out", "--json", *TODAY)
    assert result.exit_code == 1
    missing = [f for f in json.loads(result.stdout) if f["code"] == "sign-off-missing"]
    assert [f["value"] for f in missing] == ["cspr-group", "publication-date"]
    assert (
        "step 2 of 4, 'cspr-group' (CSPR Group approves the final version; BCP §12"
        in (missing[0]["message"])
    )
    assert not earlier.exists()  # nothing built, and no earlier pack looking current


def test_the_example_records_its_chain_and_one_missing_step_refuses(
    example: Path, tmp_path: Path
) -> None:
    recorded = review_of(example)["sign_off"]
    assert isinstance(recorded, list) and [s["step"] for s in recorded] == ["safeguarding-partners"]
    review = review_of(example)
    del review["sign_off"]
    write_review(example, review)
    result = run("publish-pack", example, "--out", tmp_path / "out", "--json", *TODAY)
    assert result.exit_code == 1
    [missing] = [f for f in json.loads(result.stdout) if f["severity"] == "error"]
    assert (missing["code"], missing["value"]) == ("sign-off-missing", "safeguarding-partners")
    assert "step 1 of 1" in missing["message"] and "Working Together 2023" in missing["message"]
    assert not (tmp_path / "out" / example.name / "publish-pack").exists()


def test_sign_off_records_are_validated(tmp_path: Path) -> None:
    cases = tmp_path / "cases"
    (cases).mkdir()
    (cases / "partnership.yaml").write_text("profile: llr\n")
    review = {
        "completed": "2027-03-01",
        "publication": {"planned_date": "2027-06-01"},
        "sign_off": [
            {"step": "partnership", "date": "2027-03-10", "by": "LRSCP"},
            {"step": "case-review-group", "date": "2027-03-15", "by": "CRG"},
            {"step": "executive", "date": "2027-03-20", "by": "Someone"},
            {"step": "partnership", "date": "2027-06-30", "by": "LRSCP again"},
            {"step": "case-review-group", "date": "2027-02-20", "by": "CRG"},
        ],
    }
    found = validate(write_case(tmp_path, base_case(), review=review), tmp_path)
    by_field = {(f["code"], f["field"]) for f in found}
    assert ("key-unknown", "sign_off[2].step") in by_field  # not in LLR's chain: ignored
    assert ("value-invalid", "sign_off[3].step") in by_field  # twice
    assert ("value-invalid", "sign_off[4].step") in by_field
    assert ("dates-contradict", "sign_off[0].date") in by_field  # before the step before it
    order = next(f for f in found if f["field"] == "sign_off[0].date")
    assert "before 'case-review-group' (15/03/2027)" in order["message"]
    early = {(f["code"], f["field"]) for f in found if "report was received" in f["message"]}
    assert early == set()  # both recorded steps are after `completed`


def test_a_step_before_the_report_was_received_is_a_contradiction(tmp_path: Path) -> None:
    review = {
        "completed": "2027-03-01",
        "sign_off": [{"step": "safeguarding-partners", "date": "2027-02-01", "by": "Partners"}],
    }
    found = validate(write_case(tmp_path, base_case(), review=review), tmp_path)
    hit = next(f for f in found if f["code"] == "dates-contradict")
    assert hit["field"] == "sign_off[0].date" and "before the final report" in hit["message"]


def test_profiles_show_the_chain_with_its_sources() -> None:
    shown = run("profiles", "show", "bcp").output
    chain = shown.split("Sign-off before publication")[1].split("Referral form")[0]
    assert chain.index("1. cspr-panel") < chain.index("2. cspr-group") < chain.index("4. pub")
    assert "BCP §12, step 3" in chain
    assert "LLR 9.1.5" in run("profiles", "show", "llr").output
    assert "BHR 3R.1" in run("profiles", "show", "bhr").output


def test_a_partnership_chain_with_a_step_twice_is_refused(tmp_path: Path) -> None:
    folder = write_case(tmp_path)
    (folder.parent / "partnership.yaml").write_text(
        "sign_off:\n  - {step: a, name: A}\n  - {step: a, name: A again}\n"
    )
    found = validate(folder, tmp_path)
    assert ("value-invalid", "sign_off[1].step") in {(f["code"], f["field"]) for f in found}


# Learning without a full report -------------------------------------------------------


@pytest.fixture
def second(tmp_path: Path) -> Path:
    """A copy of the learning-brief example (decision: practitioner learning brief)."""
    target = tmp_path / "cases" / SECOND.name
    shutil.copytree(SECOND, target)
    shutil.copy(SECOND.parent / "partnership.yaml", target.parent / "partnership.yaml")
    return target


def test_learning_brief_from_briefing_yaml_alone(second: Path, tmp_path: Path) -> None:
    assert not (second / "review.yaml").exists() and not (second / "report").exists()
    result = run("learning-brief", second, "--out", tmp_path / "out", *TODAY)
    assert result.exit_code == 0, result.output
    assert "Practitioner learning brief issued: done Friday 6 November 2026" in result.output
    assert "BCP Appendix A" in result.output
    made = tmp_path / "out" / second.name / "learning-brief"
    assert sorted(p.name for p in made.iterdir()) == [
        "7-minute-briefing.docx",
        "learning-brief.docx",
        "manifest.json",
    ]
    brief = text_of(made / "learning-brief.docx")
    for fact in (
        "Learning brief: When a child keeps missing school",
        "Child M. Northshire Safeguarding Children Partnership, 6 November 2026.",
        "Practitioner learning brief: Learning disseminated immediately",
        "At the case review group meeting on 13 October 2026",
        "1. Background",
        "7. Further information",
        "\u2022 Who do you tell when you cannot reach a parent?",
        "OFFICIAL",
    ):
        assert fact in brief, fact
    seven = text_of(made / "7-minute-briefing.docx")
    assert "7-minute briefing: When a child keeps missing school" in seven
    assert "6 November 2026" in seven
    manifest = json.loads((made / "manifest.json").read_text())
    assert manifest["issued"] == "2026-11-06" and manifest["leak_scan"]["result"] == "clean"
    report = tmp_path / "out" / second.name / "learning-brief-leak-report.json"
    assert json.loads(report.read_text()) == []


def test_learning_brief_is_due_a_month_after_the_decision(second: Path, tmp_path: Path) -> None:
    briefing = yaml.safe_load((second / "briefing.yaml").read_text())
    del briefing["issued"]
    (second / "briefing.yaml").write_text(yaml.safe_dump(briefing))
    result = run("deadlines", second, "--out", tmp_path / "out", "--json", *TODAY)
    rule = next(d for d in json.loads(result.stdout) if d["rule"] == "learning-brief-complete")
    assert (rule["counted_from"], rule["due"], rule["status"]) == (
        "2026-10-13",
        "2026-11-13",
        "overdue",
    )
    assert rule["source"].startswith("BCP Appendix A")


def test_learning_brief_with_a_name_builds_nothing(second: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert run("learning-brief", second, "--out", out, *TODAY).exit_code == 0
    path = second / "briefing.yaml"
    path.write_text(path.read_text().replace("Child M, aged seven", "Mia, aged seven"))
    result = run("learning-brief", second, "--out", out, *TODAY)
    assert result.exit_code == 1
    assert not (out / second.name / "learning-brief").exists()  # the earlier one is gone too
    hits = json.loads((out / second.name / "learning-brief-leak-report.json").read_text())
    assert {h["text"] for h in hits} == {"Mia"}
    assert {h["file"] for h in hits} == {
        "learning-brief/learning-brief.docx",
        "learning-brief/7-minute-briefing.docx",
    }
    briefing = yaml.safe_load(path.read_text())
    briefing["leak_allow"] = [{"text": "Mia", "reason": "A test of an explicit exception"}]
    path.write_text(yaml.safe_dump(briefing))
    assert run("learning-brief", second, "--out", out, *TODAY).exit_code == 0
    manifest = json.loads((out / second.name / "learning-brief" / "manifest.json").read_text())
    assert manifest["leak_scan"]["allowed"][0]["reason"] == "A test of an explicit exception"


def test_learning_brief_needs_a_decision_without_a_report(
    example: Path, second: Path, tmp_path: Path
) -> None:
    from pipeline.publish.brief import build_learning_brief

    lcspr = build_learning_brief(example, tmp_path / "out", date(2026, 11, 22))
    assert [f.code for f in lcspr.findings.errors] == ["learning-brief-not-applicable"]
    assert not (tmp_path / "out" / example.name / "learning-brief").exists()
    (second / "briefing.yaml").unlink()
    result = build_learning_brief(second, tmp_path / "out", date(2026, 11, 22))
    assert [(f.code, f.file) for f in result.findings.errors] == [
        ("publication-incomplete", "briefing.yaml")
    ]


@needs_office
def test_libreoffice_opens_the_new_documents(example: Path, second: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert run("family-letters", example, "--out", out, *TODAY).exit_code == 0
    assert run("learning-brief", second, "--out", out, *TODAY).exit_code == 0
    follow_up_case(example)
    assert run("follow-up", example, "--out", out, "--today", "2028-06-05").exit_code == 0
    docs = [
        out / example.name / "family" / "mother-invitation.docx",
        out / example.name / "family" / "mother-outcome.docx",
        out / example.name / "family-involvement.docx",
        out / example.name / "impact-follow-up.docx",
        out / second.name / "learning-brief" / "learning-brief.docx",
    ]
    for pdf in to_pdf(docs, tmp_path / "pdf"):
        assert pdf.stat().st_size > 5000, pdf.name


@needs_office
def test_family_letters_never_reach_the_publication_pack(example: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert run("family-letters", example, "--out", out, *TODAY).exit_code == 0
    result = run("publish-pack", example, "--out", out, *TODAY)
    assert result.exit_code == 0, result.output
    pack = out / example.name / "publish-pack"
    names = {p.name for p in pack.iterdir()}
    assert not any("family" in n or "invitation" in n or "outcome" in n for n in names)
    manifest = json.loads((pack / "manifest.json").read_text())
    assert not any("family" in s for s in manifest["leak_scan"]["scanned"])
    assert (out / example.name / "family" / "mother-invitation.docx").is_file()  # untouched


# The impact follow-up ---------------------------------------------------------------


def follow_up_case(folder: Path) -> None:
    review = review_of(folder)
    review["action_plan_completed"] = date(2027, 12, 1)
    review["impact_checked"] = date(2028, 6, 1)
    review["impact"] = "Health visitors now hear of a new adult in the household within days."
    recommendations = review["recommendations"]
    assert isinstance(recommendations, list)
    recommendations[0] |= {
        "status": "Done",
        "evidence": "Audit of 20 cases, March 2028.",
        "impact": "18 of 20 health visitors knew of the new adult (4 of 20 before).",
    }
    write_review(folder, review)


def test_follow_up_statement_with_evidence_per_recommendation(
    example: Path, tmp_path: Path
) -> None:
    follow_up_case(example)
    result = run("follow-up", example, "--out", tmp_path / "out", "--today", "2028-06-05")
    assert result.exit_code == 0, result.output
    assert "Impact follow-up: done Thursday 1 June 2028" in result.output
    assert "R2: no evidence or impact recorded yet" in result.output
    text = text_of(tmp_path / "out" / example.name / "impact-follow-up.docx")
    for fact in (
        "Impact follow-up: Local child safeguarding practice review: Child R",
        "Action plan completed\n1 December 2027",
        "done Thursday 1 June 2028",
        "Made on 1 June 2028",
        "2 recommendations, 1 done",
        "Health visitors now hear of a new adult",
        "Detective Superintendent (Public Protection); Northshire Police, Northshire "
        "Community Health, Early Years Setting",
        "Audit of 20 cases, March 2028.",
        "18 of 20 health visitors knew of the new adult",
        "In progress",
        "Not yet recorded.",
        "BCP §15",
    ):
        assert fact in text, fact


def test_follow_up_needs_the_action_plan_completed(example: Path, tmp_path: Path) -> None:
    result = cspr("follow-up", example, "--out", tmp_path / "out", *TODAY, cwd=tmp_path)
    assert result.returncode == 1, result.stderr
    assert "it needs action_plan_completed in review.yaml" in result.stdout
    assert not (tmp_path / "out" / example.name / "impact-follow-up.docx").exists()


def test_tracker_shows_the_follow_up_due_and_the_brief_issued(
    example: Path, second: Path, tmp_path: Path
) -> None:
    review = review_of(example)
    review["action_plan_completed"] = date(2026, 9, 1)  # follow-up due 1 March 2027
    write_review(example, review)
    result = run("tracker", example.parent, "--out", tmp_path / "out", *TODAY)
    assert result.exit_code == 0, result.output
    book = openpyxl.load_workbook(tmp_path / "out" / "tracker.xlsx")
    rows = list(book["Cases"].iter_rows(values_only=True))
    col = {name: i for i, name in enumerate(rows[0])}
    by_ref = {r[0]: r for r in rows[1:]}
    assert by_ref[example.name][col["Impact follow-up due"]].date() == date(2027, 3, 1)
    assert by_ref[second.name][col["Impact follow-up due"]] is None
    assert by_ref[second.name][col["Stage"]] == "Learning brief issued"
    open_rows = list(book["Open deadlines"].iter_rows(values_only=True))
    assert any(
        r[1] == example.name and r[3] == "Impact of the action plan checked" for r in open_rows
    )
