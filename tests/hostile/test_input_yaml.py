"""Hostile YAML is a finding with its line, never a crash or a hang (issue 14.7, 14.8).

Aliases nested to expand past a small limit (a "billion laughs"), lists or mappings
nested beyond any case's need (which crashed libyaml's composer outright), a list used as
a key, a 5,000-digit number, dates in year 1 or 9999: each is `yaml-unreadable` (the line
given) or `value-invalid` (the key given), and validate exits 1, not 3.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from ..conftest import chronology, event, write_case, write_xlsx
from .test_input_files import refused


def laughs(levels: int) -> str:
    text = "identifiers:\n  - &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
    for level in range(1, levels):
        text += f"  - &l{level} [" + ", ".join([f"*l{level - 1}"] * 9) + "]\n"
    return text


# the text added to a valid case.yaml, the line of the finding
ADDED = {
    "billion laughs": (laughs(9), 26),  # the 4th level passes 1,000 values
    "aliases 6 deep (the issue's case)": (laughs(6), 26),
    "flow lists nested 100,000 deep": ("extra: " + "[" * 100_000 + "]" * 100_000 + "\n", 22),
    "block lists nested 60 deep": ("extra:\n" + "".join(" " * i + "-\n" for i in range(60)), 72),
    "compact lists nested 60 deep on one line": ("extra:\n" + "- " * 60 + "x\n", 23),
    "lists under keys, 30 keys deep": (
        "extra:\n" + "".join(f"{'  ' * i}- k{i}:\n" for i in range(30)) + "  " * 30 + "- x\n",
        47,
    ),
    "a list as a key": ("? [a, b]\n: x\n", 22),
    "a mapping as a key": ("? {a: 1}\n: x\n", 22),
    "a 5000-digit number": ("extra: " + "9" * 5000 + "\n", 22),
}


def case_with(tmp_path: Path, added: str) -> Path:
    folder = write_case(tmp_path)
    write_xlsx(folder / "returns" / "police.xlsx", chronology(event()))
    path = folder / "case.yaml"
    assert len(path.read_text().splitlines()) == 21  # the added text starts at line 22
    path.write_text(path.read_text() + added)
    return folder


@pytest.mark.parametrize("case", sorted(ADDED))
def test_hostile_yaml_is_unreadable_at_its_line(tmp_path: Path, case: str) -> None:
    added, line = ADDED[case]
    folder = case_with(tmp_path, added)
    found = refused(folder, tmp_path / "out", "yaml-unreadable", file="case.yaml", row=line)
    assert len(found["message"]) < 300


def test_a_few_aliases_are_still_fine(tmp_path: Path) -> None:
    folder = case_with(tmp_path, laughs(2))
    from .test_input_files import validate

    code, findings = validate(folder, tmp_path / "out")
    assert "yaml-unreadable" not in [f["code"] for f in findings]


@pytest.mark.parametrize("value", ["0001-01-01", "9999-12-31", "0000-10-01", "1899-12-31"])
@pytest.mark.parametrize("key", ["became_aware", "incident.date", "child.date_of_birth"])
def test_a_date_outside_1900_2100_is_a_value_finding(tmp_path: Path, key: str, value: str) -> None:
    folder = write_case(tmp_path)
    write_xlsx(folder / "returns" / "police.xlsx", chronology(event()))
    path = folder / "case.yaml"
    name = key.split(".")[-1]
    lines = path.read_text().splitlines()
    at = next(i for i, line in enumerate(lines) if line.strip().startswith(f"{name}:"))
    lines[at] = lines[at].split(":")[0] + f": {value}"
    path.write_text("\n".join(lines) + "\n")
    found = refused(folder, tmp_path / "out", "value-invalid", file="case.yaml")
    assert found["field"] == key and found["value"] == value


def test_milestone_years_outside_the_range_are_findings(tmp_path: Path) -> None:
    folder = write_case(tmp_path)
    write_xlsx(folder / "returns" / "police.xlsx", chronology(event()))
    path = folder / "case.yaml"
    path.write_text(path.read_text() + "milestones:\n  referral-notified: 9999-12-31T23:59\n")
    refused(folder, tmp_path / "out", "value-invalid", file="case.yaml")
