"""Themes as data: local themes, the National Panel's themes they count under, the
`theme-unmapped` warning, and the tracker's count of local themes against national ones."""

import json
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from lxml import html as lxml_html

from pipeline.core.findings import Findings
from pipeline.rules.settings import load_partnership, profile_settings
from pipeline.rules.themes import classify, national_names

from .conftest import base_case, base_meeting, chronology, event, run, write_case, write_xlsx

NATIONAL = profile_settings("national")


@pytest.mark.parametrize(
    ("written", "local", "national"),
    [
        ("Unseen men", "Unseen men", "whole-family"),
        ("  invisible MEN. ", "Unseen men", "whole-family"),  # a local synonym
        ("DNA", "Was not brought", "engagement"),
        ("Domestic abuse", "Domestic abuse", "domestic-abuse"),  # a national synonym
        (
            "Domestic abuse and harm to children",
            "Domestic abuse and harm to children",
            "domestic-abuse",
        ),
        ("young-carers", "Young-carers", "young-carers"),  # a national theme's key
        ("Extra-familial harm", "Extra-familial harm", "outside-family"),
        ("Neglect", "Neglect", ""),  # maps to nothing
        ("Domestic abuse and neglect", "Domestic abuse and neglect", ""),  # words, not parts
    ],
)
def test_a_theme_maps_to_its_local_and_national_theme(
    written: str, local: str, national: str
) -> None:
    theme = classify(written, NATIONAL)
    assert (theme.local, theme.national) == (local, national)


def test_every_national_theme_has_its_source() -> None:
    assert len(NATIONAL.national_themes) >= 12
    for theme in NATIONAL.national_themes.values():
        assert theme.name and "annual report" in theme.source.lower()
    assert national_names(["Babies", "dna", "infants", "Knitting"], NATIONAL) == [
        "The vulnerability of babies",
        "Working with families whose engagement is reluctant or sporadic",
    ]


def test_a_partnership_adds_local_themes_and_synonyms(tmp_path: Path) -> None:
    (tmp_path / "partnership.yaml").write_text(
        "themes:\n"
        "  Neglect: {national: babies, synonyms: [neglectful care]}\n"
        "  Unseen men: [the man in the house]\n"  # the short form: synonyms, mapping kept
        "  Housing: [overcrowding]\n"
    )
    findings = Findings()
    settings = load_partnership(tmp_path, findings)
    assert not findings, findings
    assert classify("neglectful care", settings) == classify("Neglect", settings)
    assert classify("Neglect", settings).national == "babies"
    assert classify("the man in the house", settings).local == "Unseen men"
    assert classify("the man in the house", settings).national == "whole-family"
    assert classify("Overcrowding", settings).local == "Housing"
    assert classify("Overcrowding", settings).national == ""


def test_a_local_theme_naming_no_national_theme_is_invalid(tmp_path: Path) -> None:
    (tmp_path / "partnership.yaml").write_text("themes:\n  Neglect: {national: neglectt}\n")
    findings = Findings()
    load_partnership(tmp_path, findings)
    (bad,) = findings
    assert bad.code == "value-invalid" and bad.field == "themes.Neglect.national"
    assert "'neglectt' is not a national theme" in bad.message


MEETING = base_meeting()


def validate(folder: Path, tmp_path: Path) -> list[dict[str, Any]]:
    result = run("validate", folder, "--out", tmp_path / "out", "--json")
    assert result.exit_code == 0, result.output  # a warning, never an error
    return [f for f in json.loads(result.stdout) if f["code"] == "theme-unmapped"]


def test_an_unmapped_theme_is_a_warning_with_a_hint(tmp_path: Path) -> None:
    folder = write_case(
        tmp_path,
        meeting=MEETING | {"themes": ["Unseen men", "Knitting circles", "domestic violence"]},
        review={"themes": ["Babies", "Hospital discharge"]},
    )
    write_xlsx(folder / "returns" / "police.xlsx", chronology(event()))
    found = validate(folder, tmp_path)
    assert [(f["file"], f["field"], f["value"]) for f in found] == [
        ("meeting.yaml", "themes[1]", "Knitting circles"),
        ("review.yaml", "themes[1]", "Hospital discharge"),
    ]
    assert found[0]["severity"] == "warning"
    assert "Knitting circles: {national: KEY}" in found[0]["hint"]


def test_mapped_themes_raise_nothing(tmp_path: Path) -> None:
    folder = write_case(tmp_path, meeting=MEETING | {"themes": ["Unseen men", "Young carers"]})
    write_xlsx(folder / "returns" / "police.xlsx", chronology(event()))
    assert validate(folder, tmp_path) == []


def test_the_tracker_counts_local_themes_against_national_ones(tmp_path: Path) -> None:
    """Three cases: unseen men twice (one as 'invisible men'), domestic abuse once under its
    national name, one theme that maps to nothing."""
    themed = {
        "T-1": (["Unseen men", "Neglect"], []),
        "T-2": (["invisible men"], ["Domestic violence"]),  # a review's theme counts too
        "T-3": (["Domestic abuse and harm to children"], []),
    }
    for reference, (meeting_themes, review_themes) in themed.items():
        files: dict[str, Any] = {"meeting": MEETING | {"themes": meeting_themes}}
        if review_themes:
            files["review"] = {"themes": review_themes}
        write_case(tmp_path, base_case(reference), **files)
    out = tmp_path / "out"
    assert run("tracker", tmp_path / "cases", "--out", out, "--today", "2026-11-22").exit_code == 0
    book = openpyxl.load_workbook(out / "tracker.xlsx")
    themes = {r[0]: r for r in book["Themes"].iter_rows(min_row=2, values_only=True)}
    assert themes["Unseen men"] == (
        "Unseen men",
        2,
        "Yes",
        "T-1, T-2",
        "A whole-family approach to risk assessment and support",
    )
    assert themes["Neglect"][4] == "No national theme"
    national = {r[0]: r[1:] for r in book["National themes"].iter_rows(min_row=2, values_only=True)}
    assert national["Domestic abuse and harm to children"][:4] == (
        2,
        "Yes",
        "Domestic abuse and harm to children; Domestic violence",
        "T-2, T-3",
    )
    assert national["A whole-family approach to risk assessment and support"][:2] == (2, "Yes")
    assert national["Young carers"][:2] == (0, "No")  # every national theme is listed
    assert national["No national theme"][:4] == (1, "No", "Neglect", "T-1")
    assert "Panel annual report" in national["Young carers"][4]
    page = lxml_html.fromstring((out / "tracker.html").read_text())
    rows = page.xpath("//table[@id='national']/tbody/tr")
    shown = {r[0].text_content(): [c.text_content() for c in r[1:]] for r in rows}
    assert shown["Domestic abuse and harm to children"][:2] == ["2", "Yes"]
    assert shown["No national theme"] == ["1", "No", "Neglect", "T-1"]
