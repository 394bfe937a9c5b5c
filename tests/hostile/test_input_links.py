"""Links out of the case folder are never followed; an empty case.yaml is no case
(issue 14.3, 14.4).

A return (or case.yaml, or a folder) that is a link resolving outside the case folder
would merge another case's rows: it is a `link-outside-case` error naming it, and is not
read. A link that stays inside the folder is an ordinary file. An empty or comment-only
case.yaml is a `case-file-empty` error, and publish-pack builds nothing.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from ..conftest import base_case, chronology, event, run, write_case, write_xlsx
from .test_input_files import refused, validate, written


@pytest.fixture
def other_case(tmp_path: Path) -> Path:
    """Another case's folder, outside this one's (even outside cases/)."""
    other = write_case(tmp_path / "elsewhere", base_case("OTHER-1"))
    write_xlsx(other / "returns" / "police.xlsx", chronology(event(text="Another child's visit")))
    return other


def test_a_return_linked_from_another_case_is_an_error_and_not_read(
    tmp_path: Path, other_case: Path
) -> None:
    folder = write_case(tmp_path)
    (folder / "returns" / "police.xlsx").symlink_to(other_case / "returns" / "police.xlsx")
    found = refused(folder, tmp_path / "out", "link-outside-case", file="returns/police.xlsx")
    assert str(other_case / "returns" / "police.xlsx") in found["message"]
    _, findings = validate(folder, tmp_path / "out2")
    assert not any("Another child" in str(f) for f in findings)
    assert "return-missing" in [f["code"] for f in findings]  # the link is not the return


@pytest.mark.parametrize(
    ("name", "target"),
    [
        ("returns", "returns"),  # the whole returns folder
        ("case.yaml", "case.yaml"),
        ("meeting.yaml", "case.yaml"),
        ("report", "returns"),  # a folder no stage reads yet
        ("returns/health.xlsx", "returns/police.xlsx"),  # one the case does not ask for
    ],
)
def test_anything_linked_from_outside_is_an_error_naming_it(
    tmp_path: Path, other_case: Path, name: str, target: str
) -> None:
    folder = write_case(tmp_path)
    write_xlsx(folder / "returns" / "police.xlsx", chronology(event()))
    link = folder / name
    if link.is_dir():
        for child in link.iterdir():
            child.unlink()
        link.rmdir()
    elif link.exists():
        link.unlink()
    link.symlink_to(other_case / target)
    refused(folder, tmp_path / "out", "link-outside-case", file=name)


def test_a_loop_of_links_is_an_error_too(tmp_path: Path) -> None:
    folder = write_case(tmp_path)
    write_xlsx(folder / "returns" / "police.xlsx", chronology(event()))
    (folder / "returns" / "loop.csv").symlink_to(folder / "returns" / "loop2.csv")
    (folder / "returns" / "loop2.csv").symlink_to(folder / "returns" / "loop.csv")
    refused(folder, tmp_path / "out", "link-outside-case", file="returns/loop.csv")


def test_a_link_that_stays_inside_the_case_folder_is_read(tmp_path: Path) -> None:
    folder = write_case(tmp_path)
    (folder / "archive").mkdir()
    write_xlsx(folder / "archive" / "police-v2.xlsx", chronology(event(), event("02/09/2026")))
    (folder / "returns" / "police.xlsx").symlink_to(Path("..") / "archive" / "police-v2.xlsx")
    code, findings = validate(folder, tmp_path / "out")
    assert code == 0, findings
    assert "link-outside-case" not in [f["code"] for f in findings]


@pytest.mark.parametrize(
    "text", ["", "\n\n", "# the case file\n# to be filled in\n", "---\n", "~\n"], ids=repr
)
def test_an_empty_or_comment_only_case_yaml_is_an_error(tmp_path: Path, text: str) -> None:
    folder = write_case(tmp_path)
    write_xlsx(folder / "returns" / "police.xlsx", chronology(event()))
    (folder / "case.yaml").write_text(text)
    refused(folder, tmp_path / "out", "case-file-empty", file="case.yaml")
    result = run("publish-pack", folder, "--out", tmp_path / "out")
    assert result.exit_code == 1
    assert "clean" not in result.output.lower()
    assert not (tmp_path / "out" / folder.name / "publish-pack").exists()
    assert written(tmp_path / "out") <= {f"{folder.name}/validation.json"}
