"""Make with file names that have spaces (issue 14.10): an agency's "police return (1).xlsx"
in returns/ once made every target fail with "No rule to make target". The Makefile now
depends on a stamp listing the case folder's files, so such names work, a second run
does nothing, and a change to the file makes the targets again."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from ..conftest import ROOT

pytestmark = pytest.mark.skipif(
    not shutil.which("make") or not (ROOT / ".venv" / "bin" / "cspr").exists(),
    reason="needs make (apt-get install make) and the project's .venv (make install)",
)
SPACED = "police return (1).xlsx"


def digest(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def make(*targets: str, case: Path, out: Path) -> subprocess.CompletedProcess[str]:
    """The project's make, in its folder, for CASE (and CASES, the folder it is in); `-o`
    keeps it from reinstalling .venv, and `CODE=` from remaking because someone edits the
    pipeline while the test runs."""
    env = {k: v for k, v in os.environ.items() if k not in ("MAKEFLAGS", "MFLAGS", "CSPR_DEBUG")}
    return subprocess.run(
        ["make", "-o", ".venv/.installed", *targets, f"CASE={case}", f"CASES={case.parent}"]
        + [f"OUT={out}", "TODAY=2026-11-22", "CODE="],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )


def test_make_validate_and_chronology_work_with_spaces_in_a_return_name(
    example: Path, tmp_path: Path
) -> None:
    spaced = example / "returns" / SPACED
    (example / "returns" / "police.xlsx").rename(spaced)
    inputs = digest(example.parent)
    out = tmp_path / "out"
    first = make("validate", "chronology", case=example, out=out)
    assert first.returncode == 0, first.stdout + first.stderr
    assert "No rule to make target" not in first.stderr
    assert SPACED in first.stdout  # validate saw it (named after no agency: a warning)
    folder = out / example.name
    assert (folder / "validation.json").exists()
    assert (folder / "multi-agency-chronology.xlsx").exists()
    assert (folder / "multi-agency-chronology.docx").exists()
    assert SPACED in (folder / ".case-files").read_text()

    again = make("validate", "chronology", case=example, out=out)
    assert again.returncode == 0, again.stderr
    assert "cspr" not in again.stdout  # nothing changed: nothing made

    later = time.time() + 5
    os.utime(spaced, (later, later))  # the agency sent a new version
    changed = make("validate", case=example, out=out)
    assert changed.returncode == 0, changed.stderr
    assert "cspr validate" in changed.stdout
    removed = make("chronology", case=example, out=out)
    assert "cspr chronology" in removed.stdout  # validate's change is the chronology's too
    assert digest(example.parent) == inputs  # make and cspr changed no input


def test_a_removed_return_remakes_the_targets(example: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert make("validate", case=example, out=out).returncode == 0
    (example / "returns" / "housing.xlsx").unlink()
    result = make("validate", case=example, out=out)
    assert result.returncode == 0, result.stderr
    assert "cspr validate" in result.stdout  # a list of names alone would never notice


def test_make_takes_a_case_path_ending_in_dot_dot_as_the_case(
    example: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    result = make("validate", case=example / "returns" / "..", out=out)
    assert result.returncode == 0, result.stderr
    assert (out / example.name / "validation.json").exists()
    assert not (out / "validation.json").exists() and not (tmp_path / "validation.json").exists()


def test_make_tracker_remakes_for_every_change_it_reads_and_only_then(
    example: Path, tmp_path: Path
) -> None:
    """The tracker's stamp looks at times, not at a list of names (issue 17: 0.44 s -> 0.08 s
    for a no-op at 10,000 cases), so each kind of change must still be seen."""
    out, cases = tmp_path / "out", example.parent
    stamp = out / ".cases-files"
    (example / "meetings").mkdir()
    (example / "meeting.yaml").rename(example / "meetings" / "first.yaml")

    def tracked(change: Callable[[], object]) -> bool:
        """Everything an hour old and the stamp half an hour old, then `change`: remade?"""
        hour_ago = time.time() - 3600
        for p in [cases, *cases.rglob("*")]:
            os.utime(p, (hour_ago, hour_ago))
        if stamp.exists():
            os.utime(stamp, (hour_ago + 1800, hour_ago + 1800))
        change()
        result = make("tracker", case=example, out=out)
        assert result.returncode == 0, result.stdout + result.stderr
        return "cspr tracker" in result.stdout

    assert tracked(lambda: None)  # the first run
    assert not tracked(lambda: None)  # nothing changed: nothing made
    case_yaml, meeting = example / "case.yaml", example / "meetings" / "first.yaml"
    assert tracked(lambda: case_yaml.write_text(case_yaml.read_text()))  # edited in place
    assert tracked(lambda: meeting.write_text(meeting.read_text()))  # one folder down
    assert tracked(lambda: (example / "returns" / "gp.csv").unlink())  # a return removed
    assert tracked(
        lambda: shutil.copy(example / "returns" / "police.xlsx", example / "returns" / "gp.xlsx")
    )
    # A whole case copied in with its old times kept: only its folder's arrival is new.
    assert tracked(
        lambda: shutil.copytree(example, cases / "NS-2026-099", copy_function=shutil.copy2)
    )
    assert tracked(lambda: shutil.rmtree(cases / "NS-2026-099"))
    assert tracked(
        lambda: (cases / "partnership.yaml").write_text((cases / "partnership.yaml").read_text())
    )
    # What a return says is not the tracker's business (it counts returns by name).
    police = example / "returns" / "police.xlsx"
    assert not tracked(lambda: police.write_bytes(police.read_bytes()))
