"""Outputs that belong together are replaced together, or not at all (issue 14.5).

A failure between the chronology's workbook and its document (an exception, the
process killed with SIGKILL) leaves the previous complete set, or none: never a new
workbook beside an old document. A publication pack whose build fails for any
reason (exit 1 or exit 3) is removed, so an old pack never looks current; packs get
ordinary permissions, and parallel runs never clash on temporary names."""

from __future__ import annotations

import hashlib
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from pipeline.cli import main
from pipeline.core import files as core_files
from pipeline.core.errors import OutputError
from pipeline.core.files import staged

from ..conftest import ROOT, run

TODAY = "2026-11-22"
NAMES = ("multi-agency-chronology.xlsx", "multi-agency-chronology.docx", "timeline.png")


def digest(folder: Path) -> dict[str, str]:
    """Every file under `folder` and its sha256: to show inputs unchanged."""
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def chronology_set(out: Path, reference: str) -> dict[str, bytes]:
    """The chronology's files that exist, by name, with their bytes."""
    folder = out / reference
    return {name: (folder / name).read_bytes() for name in NAMES if (folder / name).exists()}


def hidden(folder: Path) -> list[Path]:
    """Temporary files and staging folders left behind (their names begin with a dot),
    not counting today's date file, the record of what the chronology was made from and the
    case page's record of each return's check (case/checked.py)."""
    kept = (".today", ".chronology-made.json", ".checked")
    return [p for p in folder.rglob(".*") if p.name not in kept] if folder.exists() else []


def cli_exit(monkeypatch: pytest.MonkeyPatch, *args: object) -> int:
    """The exit code of the real entry point (main(): CsprError 1, a bug 3), in process."""
    monkeypatch.setattr(sys, "argv", ["cspr", *map(str, args)])
    monkeypatch.delenv("CSPR_DEBUG", raising=False)
    with pytest.raises(SystemExit) as stop:
        main()
    return int(stop.value.code or 0)


# --- the helper: core/files.py staged() ----------------------------------------------


def test_staged_swaps_every_file_in_when_the_block_succeeds(tmp_path: Path) -> None:
    targets = [tmp_path / "out" / "a.txt", tmp_path / "out" / "b.txt", tmp_path / "out" / "c.txt"]
    for t in targets[:2]:
        t.parent.mkdir(exist_ok=True)
        t.write_text("old")
    targets[2].write_text("old, and not written this time")
    with staged(targets) as temps:
        assert [t.name for t in temps] == ["a.txt", "b.txt", "c.txt"]
        assert all(t.parent != targets[0].parent for t in temps)  # staged beside, not in place
        temps[0].write_text("new a")
        temps[1].write_text("new b")
        assert targets[0].read_text() == "old"  # nothing in place until the block ends
    assert targets[0].read_text() == "new a" and targets[1].read_text() == "new b"
    assert not targets[2].exists()  # not written this time: no stale file beside the new set
    assert hidden(tmp_path / "out") == []


def test_staged_keeps_the_previous_set_when_the_block_fails(tmp_path: Path) -> None:
    targets = [tmp_path / "a.txt", tmp_path / "b.txt"]
    for t in targets:
        t.write_text(f"old {t.name}")
    with pytest.raises(RuntimeError), staged(targets) as temps:
        temps[0].write_text("new a")
        raise RuntimeError("disk full between the two files")
    assert [t.read_text() for t in targets] == ["old a.txt", "old b.txt"]
    assert hidden(tmp_path) == []


def test_a_swap_that_fails_halfway_puts_the_previous_set_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    targets = [tmp_path / "a.txt", tmp_path / "b.txt", tmp_path / "c.txt"]
    for t in targets:
        t.write_text(f"old {t.name}")
    real = os.rename
    calls: list[tuple[str, str]] = []

    def flaky(src: Any, dst: Any) -> None:
        calls.append((str(src), str(dst)))
        if len(calls) == 5:  # 3 moved aside, 1 new placed, the 2nd new fails
            raise OSError(28, "No space left on device")
        real(src, dst)

    monkeypatch.setattr(core_files.os, "rename", flaky)
    with pytest.raises(OutputError, match="No space left"), staged(targets) as temps:
        for temp in temps:
            temp.write_text(f"new {temp.name}")
    monkeypatch.setattr(core_files.os, "rename", real)
    assert [t.read_text() for t in targets] == ["old a.txt", "old b.txt", "old c.txt"]
    assert hidden(tmp_path) == []


def test_a_folder_in_the_way_of_an_output_file_is_an_error_and_nothing_moves(
    tmp_path: Path,
) -> None:
    (tmp_path / "a.txt").write_text("old")
    (tmp_path / "b.txt").mkdir()
    (tmp_path / "b.txt" / "keep").write_text("someone's")
    with (
        pytest.raises(OutputError, match="in the way"),
        staged([tmp_path / "a.txt", tmp_path / "b.txt"]) as temps,
    ):
        for temp in temps:
            temp.write_text("new")
    assert (tmp_path / "a.txt").read_text() == "old"
    assert (tmp_path / "b.txt" / "keep").read_text() == "someone's"
    assert hidden(tmp_path) == []


def test_a_staging_folder_of_a_killed_process_is_cleared_by_a_later_run(tmp_path: Path) -> None:
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], **PIPE)
    pid = int(dead.stdout)
    abandoned = tmp_path / f".a-staging-{pid}-x1"
    fresh = tmp_path / f".a-staging-{pid}-x2"
    mine = tmp_path / f".a-staging-{os.getpid()}-x3"  # a live process: never touched
    for folder in (abandoned, fresh, mine):
        folder.mkdir()
        (folder / "a.txt").write_text("half")
    hour_ago = time.time() - 7200
    os.utime(abandoned, (hour_ago, hour_ago))
    os.utime(mine, (hour_ago, hour_ago))
    with staged([tmp_path / "a.txt"]) as (temp,):
        temp.write_text("new")
    assert not abandoned.exists()
    assert fresh.exists() and mine.exists()  # young, or still running: may be in use


PIPE: dict[str, Any] = {"capture_output": True, "text": True, "check": True}


# --- the chronology ------------------------------------------------------------------


@pytest.mark.parametrize("stage", ["write_docx", "draw_timeline"])
def test_a_failure_between_the_chronology_files_keeps_the_previous_set(
    example: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, stage: str
) -> None:
    out = tmp_path / "out"
    assert run("chronology", example, "--out", out, "--today", TODAY).exit_code == 0
    before = chronology_set(out, example.name)
    assert set(before) == set(NAMES)
    inputs = digest(example.parent)

    def fail(*args: object, **kwargs: object) -> None:
        raise RuntimeError("the disk filled up")

    monkeypatch.setattr(f"pipeline.chronology.build.{stage}", fail)
    code = cli_exit(monkeypatch, "chronology", example, "--out", out, "--today", "2026-11-23")
    assert code == 3
    assert chronology_set(out, example.name) == before  # the previous set, byte for byte
    assert hidden(out) == []
    assert digest(example.parent) == inputs


def test_a_first_run_that_fails_leaves_no_chronology_at_all(
    example: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def fail(*args: object, **kwargs: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("pipeline.chronology.build.write_docx", fail)
    out = tmp_path / "out"
    code = cli_exit(monkeypatch, "chronology", example, "--out", out, "--today", TODAY)
    assert code == 1  # the disk is full: the user can act on it
    assert chronology_set(out, example.name) == {}
    assert hidden(out) == []


def test_the_summary_too_refreshes_the_chronology_whole_or_not_at_all(
    example: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    assert run("chronology", example, "--out", out, "--today", TODAY).exit_code == 0
    before = chronology_set(out, example.name)

    def fail(*args: object, **kwargs: object) -> None:
        raise RuntimeError("killed")

    monkeypatch.setattr("pipeline.chronology.build.write_docx", fail)
    assert cli_exit(monkeypatch, "summary", example, "--out", out, "--today", "2026-11-23") == 3
    assert chronology_set(out, example.name) == before


KILLER = """
import os, signal, sys
from pathlib import Path

import pipeline.chronology.build as build
from pipeline.cli import main

mode, after = sys.argv[1], int(sys.argv[2])
if mode == "docx":  # killed between the workbook and the document
    def die(*args, **kwargs):
        os.kill(os.getpid(), signal.SIGKILL)
    build.write_docx = die
else:  # killed inside the swap itself, after `after` new files are in place
    real, placed = os.rename, [0]
    def rename(src, dst):
        if "-staging-" in str(src) and ".previous-" not in str(dst):
            if placed[0] == after:
                os.kill(os.getpid(), signal.SIGKILL)
            placed[0] += 1
        real(src, dst)
    os.rename = rename
sys.argv = ["cspr", "chronology", *sys.argv[3:]]
main()
"""


def killed(case: Path, out: Path, mode: str, after: int = 0) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "CSPR_DEBUG"} | {"PYTHONPATH": str(ROOT)}
    args = [str(case), "--out", str(out), "--today", "2026-11-23"]
    return subprocess.run(
        [sys.executable, "-c", KILLER, mode, str(after), *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_kill_9_between_the_workbook_and_the_document_keeps_the_previous_set(
    example: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    assert run("chronology", example, "--out", out, "--today", TODAY).exit_code == 0
    before = chronology_set(out, example.name)
    inputs = digest(example.parent)
    result = killed(example, out, "docx")
    assert result.returncode == -signal.SIGKILL, result.stderr
    assert chronology_set(out, example.name) == before
    assert digest(example.parent) == inputs
    # What the killed process left is a hidden staging folder, never at a final path;
    # a later run succeeds and, once it is old, clears it.
    litter = [p for p in hidden(out) if p.parent == out / example.name]
    assert litter and all(".multi-agency-chronology-staging-" in p.name for p in litter)
    for folder in litter:
        os.utime(folder, (time.time() - 7200, time.time() - 7200))
    assert run("chronology", example, "--out", out, "--today", TODAY).exit_code == 0
    assert hidden(out) == []


@pytest.mark.parametrize("after", [0, 1, 2])
def test_kill_9_inside_the_swap_never_leaves_old_beside_new(
    example: Path, tmp_path: Path, after: int
) -> None:
    """Killed after the previous set is moved aside and `after` new files are in: the
    final paths hold part of the new set at most, never a file of the old one beside it."""
    out = tmp_path / "out"
    assert run("chronology", example, "--out", out, "--today", TODAY).exit_code == 0
    before = chronology_set(out, example.name)
    result = killed(example, out, "swap", after)
    assert result.returncode == -signal.SIGKILL, result.stderr
    now = chronology_set(out, example.name)
    assert len(now) == after
    assert not any(now[name] == before[name] for name in now)  # nothing old at a final path
    assert run("chronology", example, "--out", out, "--today", TODAY).exit_code == 0
    assert set(chronology_set(out, example.name)) == set(NAMES)  # the next run makes it whole


# --- the publication pack ------------------------------------------------------------


def build_pack(case: Path, out: Path) -> Path:
    result = run("publish-pack", case, "--out", out, "--today", TODAY)
    assert result.exit_code == 0, result.output
    return out / case.name / "publish-pack"


def test_an_internal_error_removes_the_previous_pack_as_a_refusal_does(
    example: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    pack = build_pack(example, out)
    assert (pack / "manifest.json").exists()
    inputs = digest(example.parent)

    def bug(*args: object, **kwargs: object) -> None:
        raise ZeroDivisionError("a bug in the action plan")

    monkeypatch.setattr("pipeline.publish.pack.write_action_plan", bug)
    code = cli_exit(monkeypatch, "publish-pack", example, "--out", out, "--today", TODAY)
    assert code == 3
    assert not pack.exists()  # the old pack no longer looks current
    assert not (out / example.name / "leak-report.json").exists()
    assert hidden(out) == []
    assert digest(example.parent) == inputs


def test_a_user_error_removes_the_previous_pack_too(
    example: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    pack = build_pack(example, out)
    (example / "report" / "final-report.docx").write_text("not a Word file")
    code = cli_exit(monkeypatch, "publish-pack", example, "--out", out, "--today", TODAY)
    assert code == 1
    assert not pack.exists()
    assert hidden(out) == []


def test_a_case_with_errors_removes_the_previous_pack(example: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    pack = build_pack(example, out)
    case_yaml = example / "case.yaml"
    case_yaml.write_text(case_yaml.read_text().replace("reference: NS-2026-011", "reference: X"))
    result = run("publish-pack", example, "--out", out, "--today", TODAY)
    assert result.exit_code == 1
    assert "reference" in result.output
    assert not pack.exists()


def test_the_pack_folder_has_ordinary_permissions(example: Path, tmp_path: Path) -> None:
    mask = os.umask(0o022)
    try:
        pack = build_pack(example, tmp_path / "out")
    finally:
        os.umask(mask)
    assert pack.stat().st_mode & 0o777 == 0o755  # as mkdir makes it, not mkdtemp's 0700
    assert all(f.stat().st_mode & 0o777 == 0o644 for f in pack.iterdir())


def test_leftovers_of_the_old_fixed_temporary_names_are_left_alone(
    example: Path, tmp_path: Path
) -> None:
    """Temporary names are unique: another run's `.publish-pack-new` is not ours to use."""
    out = tmp_path / "out"
    others = [out / example.name / ".publish-pack-new", out / example.name / ".publish-pack-old"]
    for folder in others:
        folder.mkdir(parents=True)
        (folder / "manifest.json").write_text("another run's")
    pack = build_pack(example, out)
    assert json.loads((pack / "manifest.json").read_text())["case_reference"] == example.name
    assert all((f / "manifest.json").read_text() == "another run's" for f in others)


def test_parallel_publish_packs_each_finish_and_leave_one_whole_pack(
    example: Path, tmp_path: Path
) -> None:
    env = {k: v for k, v in os.environ.items() if k != "CSPR_DEBUG"} | {"PYTHONPATH": str(ROOT)}
    args = ["publish-pack", str(example), "--out", str(tmp_path / "out"), "--today", TODAY]
    runs = [
        subprocess.Popen(
            [sys.executable, "-m", "pipeline", *args],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(3)
    ]
    for proc in runs:
        _, err = proc.communicate(timeout=300)
        assert proc.returncode == 0, err
    pack = tmp_path / "out" / example.name / "publish-pack"
    manifest = json.loads((pack / "manifest.json").read_text())
    listed = {f["name"]: f["sha256"] for f in manifest["files"]}
    on_disk = {p.name for p in pack.iterdir()} - {"manifest.json"}
    assert set(listed) == on_disk
    for name, sha in listed.items():
        assert hashlib.sha256((pack / name).read_bytes()).hexdigest() == sha
    assert hidden(tmp_path / "out") == []
