"""`cspr watch` in its own process, as the business office runs it: a return copied into a
watched case shows on its page within 2 seconds; a corrupt one shows its finding and the watch
goes on; a half-copied workbook is waited for; Ctrl-C stops it with exit 0."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from pipeline.desk.watch import _whole

from .conftest import EXAMPLE, ROOT

TODAY = "2026-11-22"


class Watch:
    """A running `cspr watch`, its lines as they come."""

    def __init__(self, cases: Path, out: Path) -> None:
        env = {k: v for k, v in os.environ.items() if k != "CSPR_DEBUG"}
        env |= {"PYTHONPATH": str(ROOT), "PYTHONUNBUFFERED": "1"}
        self.process = subprocess.Popen(
            [sys.executable, "-m", "pipeline", "watch", cases, "--out", out, "--today", TODAY],
            cwd=cases.parent,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        self.lines: list[str] = []
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.append(line.rstrip("\n"))

    def wait_for(self, text: str, seconds: float = 30) -> str:
        """The first line holding `text`, waiting for it."""
        return until(lambda: next((x for x in self.lines if text in x), ""), seconds, self)

    def stop(self) -> tuple[int, str]:
        """Ctrl-C: the exit code and standard error."""
        self.process.send_signal(signal.SIGINT)
        code = self.process.wait(timeout=20)
        self.reader.join(timeout=5)
        assert self.process.stderr is not None
        return code, self.process.stderr.read()


def until(found: Callable[[], str], seconds: float, watch: Watch | None = None) -> str:
    """Poll `found` until it gives something, or fail after `seconds`."""
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if result := found():
            return result
        time.sleep(0.02)
    pytest.fail(f"nothing after {seconds} s; the watch said: {watch.lines if watch else ''}")


@pytest.fixture
def watched(tmp_path: Path) -> Iterator[tuple[Watch, Path, Path]]:
    """A copy of the example case (probation's return missing) under watch, and its page,
    once the watch has built it."""
    cases = tmp_path / "cases"
    shutil.copytree(EXAMPLE, cases / EXAMPLE.name)
    shutil.copy(EXAMPLE.parent / "partnership.yaml", cases / "partnership.yaml")
    out = tmp_path / "out"
    watch = Watch(cases, out)
    try:
        watch.wait_for("Watching")
        yield watch, cases / EXAMPLE.name, out / EXAMPLE.name / "index.html"
    finally:
        if watch.process.poll() is None:
            watch.process.kill()
            watch.process.wait()


def row(page: Path, agency: str) -> str:
    """The agency's row of the returns table on the page."""
    html = page.read_text()
    start = html.find(f'<tr data-agency="{agency}">')
    return html[start : html.find("</tr>", start)] if start >= 0 else ""


def test_a_return_copied_in_shows_on_the_page_within_two_seconds(
    watched: tuple[Watch, Path, Path],
) -> None:
    watch, case, page = watched
    assert ">missing<" in row(page, "probation")
    assert "NS-2026-011: 7 of 8 returns in" in watch.lines[0]
    start = time.monotonic()
    shutil.copy(case / "returns" / "police.xlsx", case / "returns" / "probation.xlsx")
    until(lambda: ">in<" in row(page, "probation"), 2.0, watch)
    assert time.monotonic() - start < 2.0
    assert "<td>returns/probation.xlsx</td>" in row(page, "probation")
    line = watch.wait_for("returns/probation.xlsx added")
    assert "8 of 8 returns in; 0 errors" in line and "page " in line
    assert (page.parent / "validation.json").is_file() and (
        page.parent / "deadlines.json"
    ).is_file()
    code, stderr = watch.stop()
    assert code == 0, stderr
    assert watch.lines[-1] == f"Stopped watching {case.parent} after 1 rebuild."
    assert "Traceback" not in stderr


def test_a_corrupt_return_shows_its_finding_and_the_watch_goes_on(
    watched: tuple[Watch, Path, Path],
) -> None:
    watch, case, page = watched
    (case / "returns" / "probation.xlsx").write_bytes(b"PK\x03\x04" + b"\x00" * 64)  # no end
    until(lambda: "Cannot read returns/probation.xlsx" in page.read_text(), 10, watch)
    assert "has errors" in row(page, "probation")
    assert "What to do: Ask the agency to re-send the return" in page.read_text()
    assert "1 error" in watch.wait_for("returns/probation.xlsx added")
    (case / "returns" / "gp.csv").unlink()  # the watch still answers
    until(lambda: ">missing<" in row(page, "gp"), 5, watch)
    assert watch.process.poll() is None
    code, _ = watch.stop()
    assert code == 0


def test_a_half_copied_workbook_is_waited_for_not_reported(
    watched: tuple[Watch, Path, Path],
) -> None:
    watch, case, page = watched
    data = (case / "returns" / "police.xlsx").read_bytes()
    target = case / "returns" / "probation.xlsx"
    with target.open("wb") as handle:
        handle.write(data[: len(data) - 2000])  # the zip's end is not there yet
        handle.flush()
        watch.wait_for("waiting for returns/probation.xlsx: still being copied", 10)
        assert "Cannot read returns/probation.xlsx" not in page.read_text()
        assert ">missing<" in row(page, "probation")
        handle.write(data[len(data) - 2000 :])
    until(lambda: ">in<" in row(page, "probation"), 5, watch)
    assert not any("error" in x and "probation" in x for x in watch.lines if "0 errors" not in x)
    watch.stop()


def test_one_case_that_cannot_be_read_never_stops_the_watch(tmp_path: Path) -> None:
    cases = tmp_path / "cases"
    shutil.copytree(EXAMPLE, cases / EXAMPLE.name)
    shutil.copy(EXAMPLE.parent / "partnership.yaml", cases / "partnership.yaml")
    (cases / "BROKEN-1").mkdir()
    (cases / "BROKEN-1" / "case.yaml").write_text("reference: [oops\n")
    watch = Watch(cases, tmp_path / "out")
    try:
        assert "1 error" in watch.wait_for("BROKEN-1:")
        watch.wait_for("Watching")
        broken = tmp_path / "out" / "BROKEN-1" / "index.html"
        assert "not valid YAML at line" in broken.read_text()
        (cases / "BROKEN-1" / "case.yaml").write_text("- still\n- not a case\n")
        watch.wait_for("BROKEN-1: case.yaml changed")
        (cases / "NS-2026-011" / "returns" / "gp.csv").unlink()
        assert "7 of 8 returns in" not in watch.wait_for("NS-2026-011: returns/gp.csv removed")
        assert watch.process.poll() is None
    finally:
        code, stderr = watch.stop()
    assert code == 0 and "Traceback" not in stderr


def test_the_zip_check_tells_a_workbook_still_being_copied(tmp_path: Path) -> None:
    data = (EXAMPLE / "returns" / "police.xlsx").read_bytes()
    (tmp_path / "whole.xlsx").write_bytes(data)
    (tmp_path / "half.xlsx").write_bytes(data[: len(data) // 2])
    (tmp_path / "text.xlsx").write_text("Date,Event\n")  # not a zip: read, and reported
    assert _whole(tmp_path / "whole.xlsx")
    assert not _whole(tmp_path / "half.xlsx")
    assert _whole(tmp_path / "text.xlsx")
