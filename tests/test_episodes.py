"""Key practice episodes and the child's lived experience in the Combined Summary: proposed
from the merged chronology, changed in episodes.yaml, analysed at the meeting and read back,
and the child's voice as agencies recorded it."""

import json
from datetime import date
from pathlib import Path
from typing import Any

import openpyxl
import yaml

from pipeline.case.validate import validate_case
from pipeline.chronology.merge import merge
from pipeline.documents.episodes import propose

from .conftest import HEADER, base_case, event, run, text_of, write_case, write_xlsx
from .test_meeting_record import fill, record, recorded, shown, summarise, typed

TODAY = "2026-11-22"
VOICE_HEADER = [*HEADER, "Child's voice"]  # a variant of Child's voice / seen alone


def two_agencies(root: Path, episodes: dict[str, Any] | None = None) -> Path:
    """Police and health returns whose key and joint events make three episodes at 28 days:
    1-20 March (police rows 2-3), 10 June (police row 5), 15-20 July (a joint strategy
    discussion, police row 6 and health row 2, then health row 3)."""
    case = base_case("EP-1", agencies=("police", "health"))
    case["child"] |= {"faith": "Muslim", "ethnicity": "", "disability": "Autism"}
    case["family"] = [
        {"name": "Amina Example", "relationship": "mother", "lives_with_child": True},
        {"name": "Omar Example", "relationship": "father", "lives_with_child": False},
        {"name": "Sam Example", "relationship": "uncle"},
    ]
    files = {"episodes": episodes} if episodes else {}
    folder = write_case(root, case, **files)
    police = [
        event("01/03/2026", "Domestic abuse call to the home", key="Y") + [""],
        event("20/03/2026", "Arrest for assault", key="Y")
        + ["Seen alone: said he was scared & {{ hid }}"],
        event("05/05/2026", "Routine welfare check") + [""],
        event("10/06/2026", "Child seen with a bruise", key="Y") + ["Not seen alone"],
        event("15/07/2026", "Strategy discussion with health about the child") + [""],
    ]
    write_xlsx(
        folder / "returns" / "police.xlsx",
        {"Summary": [["Agency", "Police"]], "Chronology": [VOICE_HEADER, *police]},
    )
    health = [  # an older return, without the voice column
        event("15/07/2026", "Strategy discussion with police about the child"),
        event("20/07/2026", "Missed health visit", key="Y"),
    ]
    write_xlsx(
        folder / "returns" / "health.xlsx",
        {"Summary": [["Agency", "Health"]], "Chronology": [HEADER, *health]},
    )
    return folder


def episodes_of(folder: Path, gap: int = 28) -> list[list[tuple[str, int]]]:
    validation = validate_case(folder)
    chron = merge(validation, validation.folder.review_period())
    return [[(Path(e.row.file).name, e.row.row) for e in ep.entries] for ep in propose(chron, gap)]


def test_episodes_group_key_and_joint_events_by_days_apart(tmp_path: Path) -> None:
    folder = two_agencies(tmp_path)
    assert episodes_of(folder) == [
        [("police.xlsx", 2), ("police.xlsx", 3)],  # 19 days apart
        [("police.xlsx", 5)],  # 82 days later
        [("health.xlsx", 2), ("police.xlsx", 6), ("health.xlsx", 3)],  # joint, then 5 days on
    ]
    assert episodes_of(folder, gap=7) == [
        [("police.xlsx", 2)],
        [("police.xlsx", 3)],
        [("police.xlsx", 5)],
        [("health.xlsx", 2), ("police.xlsx", 6), ("health.xlsx", 3)],
    ]
    assert len(episodes_of(folder, gap=200)) == 1


def summary_text(folder: Path, out: Path) -> tuple[Any, str]:
    result = run("summary", folder, "--out", out, "--today", TODAY)
    assert result.exit_code == 0, result.output
    return result, shown(out / folder.name / "combined-summary.docx")  # in document order


def test_the_summary_shows_each_episode_with_the_rows_it_rests_on(tmp_path: Path) -> None:
    _, text = summary_text(two_agencies(tmp_path), tmp_path / "out")
    assert "28 days or fewer after that episode's last event" in text
    assert "Episode 1: Domestic abuse call to the home" in text
    assert "1 March 2026 to 20 March 2026. Proposed from the chronology. Agencies: Police." in text
    assert "Episode 3: Missed health visit" in text  # titled by its first key event
    assert (
        "15 July 2026 to 20 July 2026. Proposed from the chronology. Agencies: Health, Police."
        in text
    )
    assert "police.xlsx, row 6" in text and "health.xlsx, row 3" in text
    assert "(possible joint event J1)" in text
    assert (
        "Routine welfare check" not in text.split("Key practice episodes")[1].split("Timescales")[0]
    )
    assert text.count("The meeting's analysis") == 3


def test_episodes_yaml_merges_drops_retitles_and_adds(tmp_path: Path) -> None:
    changes = {
        "titles": {date(2026, 3, 1): "Domestic abuse in the home", "2026-13-01": "No such day"},
        "drop": [date(2026, 6, 10), date(2026, 6, 11)],
        "merge": [[date(2026, 3, 1), date(2026, 7, 15)]],
        "add": [
            {
                "title": "A routine check",
                "rows": [
                    {"file": "returns/police.xlsx", "row": 4},
                    {"file": "police.xlsx", "row": 99},
                ],
            }
        ],
    }
    result, text = summary_text(two_agencies(tmp_path, changes), tmp_path / "out")
    assert "Episode 1: Domestic abuse in the home" in text
    assert "1 March 2026 to 20 July 2026. Proposed episodes merged by the business office." in text
    assert "Episode 2: A routine check" in text
    assert "5 May 2026. Added by the business office. Agencies: Police." in text
    assert (
        "Episode 3" not in text and "Child seen with a bruise" not in text.split("Key practice")[1]
    )
    warned = [line for line in result.stderr.splitlines() if "episodes.yaml" in line]
    assert len(warned) == 3, result.stderr
    assert any("the episode beginning 11/06/2026, but none begins that day" in w for w in warned)
    assert any(
        "adds row 99 of police.xlsx, which the chronology does not have" in w for w in warned
    )
    assert any("'2026-13-01' is not a date" in w for w in warned)


def test_a_bad_episodes_yaml_is_reported_by_validate(tmp_path: Path) -> None:
    folder = two_agencies(tmp_path, {"drop": ["last week"], "gap_days": "ten", "shuffle": 1})
    result = run("validate", folder, "--out", tmp_path / "out", "--json")
    found = {
        (f["code"], f["field"]) for f in json.loads(result.stdout) if f["file"] == "episodes.yaml"
    }
    assert found == {
        ("value-invalid", "drop[0]"),
        ("value-invalid", "gap_days"),
        ("key-unknown", "shuffle"),
    }


def test_the_childs_lived_experience_never_leaves_a_blank(tmp_path: Path) -> None:
    folder = two_agencies(tmp_path)
    result = run("validate", folder, "--out", tmp_path / "out", "--json")
    assert "column-extra" not in [f["code"] for f in json.loads(result.stdout)]
    _, text = summary_text(folder, tmp_path / "out")
    lived = text.split("The child's lived experience and identity")[1].split("Agencies")[0]
    for fact in [
        "Ethnicity\nNot recorded",
        "First language\nNot recorded",
        "Religion or faith\nMuslim",
        "Disability\nAutism",
        "Looked after\nNo",
        "Lived with\nMother; not recorded for: uncle",
        "Family not living with the child\nFather",
        "1 of the 2 returns records the child's voice or whether the child was seen alone, "
        "on 2 rows",
        "Seen alone: said he was scared & {{ hid }}",  # agency text, never evaluated
        "Nothing recorded by: Health.",
        "racism, and other inequalities related to the child's and family's protected "
        "characteristics (disability among them)",
        "guidance for safeguarding partners (June 2025)",
    ]:
        assert fact in lived, fact
    assert "Amina" not in lived and "Omar" not in lived  # by relationship only
    chronology = openpyxl.load_workbook(tmp_path / "out" / "EP-1" / "multi-agency-chronology.xlsx")
    sheet = chronology["Chronology"]
    headers = [c.value for c in sheet[1]]
    assert "Child's voice / seen alone" in headers  # nothing an agency wrote is lost
    column = headers.index("Child's voice / seen alone")
    assert "Not seen alone" in [r[column] for r in sheet.iter_rows(min_row=2, values_only=True)]


def test_the_reply_template_asks_for_the_childs_voice(example: Path, tmp_path: Path) -> None:
    assert run("requests", example, "--out", tmp_path / "out", "--today", TODAY).exit_code == 0
    book = openpyxl.load_workbook(
        tmp_path / "out" / example.name / "requests" / "police-return.xlsx"
    )
    assert book["Chronology"]["H3"].value == "Child's voice / seen alone"
    guidance = " ".join(str(c.value) for row in book["Guidance"].iter_rows() for c in row)
    assert "Child's voice / seen alone: what the child said" in guidance


def test_the_example_summary_proposes_episodes_and_asks_the_panels_question(
    example: Path, tmp_path: Path
) -> None:
    _, text = summary_text(example, tmp_path / "out")
    section = text.split("Key practice episodes")[1].split("Timescales")[0]
    assert section.count("Episode ") >= 3
    for row in ("police.xlsx, row 27", "housing.xlsx, row 15", "health-visiting.ods, row 28"):
        assert row in section, row
    assert "14 August 2026 to 5 September 2026" in section
    lived = text.split("The child's lived experience and identity")[1].split("Agencies")[0]
    assert (
        "First language\nNot recorded" in lived and "Lived with\nMother; mother's partner" in lived
    )
    assert "Seen alone with his key worker" in lived
    assert "The question for the meeting: How may racism" in lived


def test_the_meetings_analysis_of_each_episode_reads_back(example: Path, tmp_path: Path) -> None:
    """Filled in at the meeting as Word saves it, read into meeting.yaml, and given to the
    National Panel; a summary made from that record reads back unchanged."""
    original = recorded(example / "meeting.yaml")
    (example / "meeting.yaml").unlink()
    docx = summarise(example, tmp_path / "out")
    analyses = {
        "episode.2026-08-14.analysis": "The partner's arrest was not shared with health.\n"
        "Housing added him to the household without asking why.",
        "episode.2026-10-06.analysis": "Nursery did not escalate the child's absence.",
        "lived.inequalities": "No evidence that ethnicity affected the service; the mother's "
        "low mood was not linked to her capacity.",
    }
    result = record(example, fill(docx, typed(original) | analyses))
    assert result.exit_code == 0, result.output
    meeting = recorded(example / "meeting.yaml")
    assert [(e.start, e.analysis) for e in meeting.episodes] == [
        (date(2026, 8, 14), analyses["episode.2026-08-14.analysis"]),
        (date(2026, 10, 6), analyses["episode.2026-10-06.analysis"]),
    ]
    assert meeting.inequalities == analyses["lived.inequalities"]
    saved = yaml.safe_load((example / "meeting.yaml").read_text())
    assert saved["episodes"][0]["start"] == date(2026, 8, 14)
    again = summarise(example, tmp_path / "again")
    assert "Nursery did not escalate the child's absence." in shown(again)
    before = (example / "meeting.yaml").read_bytes()
    assert "No change" in record(example, again).output
    assert (example / "meeting.yaml").read_bytes() == before
    pack = run("panel-pack", example, "--out", tmp_path / "out", "--today", TODAY)
    assert pack.exit_code == 0, pack.output
    panel = text_of(tmp_path / "out" / example.name / "combined-summary-panel.docx")
    assert "Housing added him to the household without asking why." in panel
    assert "The meeting recorded no analysis of this episode." in panel  # the others
    assert "No evidence that ethnicity affected the service" in panel


def test_an_analysis_kept_for_an_episode_no_longer_proposed_is_still_shown(
    example: Path, tmp_path: Path
) -> None:
    meeting = yaml.safe_load((example / "meeting.yaml").read_text())
    meeting["episodes"] = [{"start": date(2025, 1, 1), "analysis": "Analysed before."}]
    (example / "meeting.yaml").write_text(yaml.safe_dump(meeting, sort_keys=False))
    assert run("panel-pack", example, "--out", tmp_path / "out", "--today", TODAY).exit_code == 0
    panel = text_of(tmp_path / "out" / example.name / "combined-summary-panel.docx")
    assert "An episode the meeting analysed that is no longer proposed" in panel
    assert "From 1 January 2025" in panel and "Analysed before." in panel


def test_a_case_with_no_key_events_proposes_none(tmp_path: Path) -> None:
    folder = write_case(tmp_path)
    write_xlsx(folder / "returns" / "police.xlsx", {"Chronology": [HEADER, event()]})
    _, text = summary_text(folder, tmp_path / "out")
    assert "no key events or possible joint events, so no episode is proposed" in text
    assert "The one return does not record the child's voice" in text
