"""The helpers that make big cases quick: work beside the main process (core/parallel.py),
the cycle collector paused for bulk work (core/bulk.py), compiled pages kept between runs."""

import gc
import os
import sys
import threading
from datetime import date
from pathlib import Path

import pytest

from pipeline import start
from pipeline.core.bulk import bulk
from pipeline.core.errors import TemplateError
from pipeline.core.parallel import beside, cores
from pipeline.desk.watch import watch_cases
from pipeline.office.render import render_page

two_cores = pytest.mark.skipif(
    not hasattr(os, "fork") or cores() < 2, reason="needs fork and 2 cores"
)


@two_cores
def test_work_beside_runs_in_another_process_and_sends_its_result_back() -> None:
    with beside(lambda: (os.getpid(), [1, 2, 3])) as result:
        here = os.getpid()
        pid, value = result()
    assert pid != here and value == [1, 2, 3]


def test_without_a_second_process_the_work_is_done_here() -> None:
    with beside(lambda: os.getpid(), parallel=False) as result:
        assert result() == os.getpid()


@two_cores
def test_an_error_in_the_work_is_raised_in_the_parent() -> None:
    def fails() -> None:
        raise ValueError("the sheet has no rows")

    with pytest.raises(ValueError, match="the sheet has no rows"), beside(fails) as result:
        result()


@two_cores
def test_an_error_that_cannot_be_pickled_still_arrives() -> None:
    class Odd(Exception):
        def __reduce__(self) -> object:
            raise TypeError("no")

    def fails() -> None:
        raise Odd("odd")

    with pytest.raises(RuntimeError, match="Odd"), beside(fails) as result:
        result()


@two_cores
def test_a_failure_beside_it_stops_the_child_and_leaves_no_process() -> None:
    with pytest.raises(KeyError), beside(lambda: __import__("time").sleep(30)):
        raise KeyError("the parent failed")
    with pytest.raises(ChildProcessError):  # the child was waited for: nothing left
        os.waitpid(-1, os.WNOHANG)


def test_bulk_pauses_the_collector_and_switches_it_back_on() -> None:
    assert gc.isenabled()
    with bulk():
        assert not gc.isenabled()
        with bulk():
            assert not gc.isenabled()
        assert not gc.isenabled()
    assert gc.isenabled()
    with pytest.raises(ZeroDivisionError), bulk():
        1 / 0  # noqa: B018
    assert gc.isenabled()


def test_cspr_runs_without_the_cycle_collector_and_watch_with_it(
    example: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A command is a short run: the collector off (start-up 9 ms quicker, and no scan of
    every row after bulk work); `cspr watch` runs for days, so it switches it back on."""
    monkeypatch.setattr(sys, "argv", ["cspr", "--help"])
    try:
        with pytest.raises(SystemExit):
            start.main()
        assert not gc.isenabled()
        stop = threading.Event()
        stop.set()  # watch only long enough to build the page
        watch_cases(example.parent, tmp_path / "out", None, lambda line: None, stop)
        assert gc.isenabled()
    finally:
        gc.enable()


def test_an_edited_page_template_is_used_at_once(tmp_path: Path) -> None:
    page = tmp_path / "tracker.html"
    page.write_text("<p>{{ who }} one</p>", encoding="utf-8")
    assert render_page("tracker", {"who": "A&B"}, tmp_path) == "<p>A&amp;B one</p>"
    page.write_text("<p>{{ who }} two, edited</p>", encoding="utf-8")
    os.utime(page, ns=(1, 1))  # a different time even on a coarse clock
    assert render_page("tracker", {"who": "C"}, tmp_path) == "<p>C two, edited</p>"
    page.write_text("<p>{{ who </p>", encoding="utf-8")
    os.utime(page, ns=(2, 2))
    with pytest.raises(TemplateError, match="cannot be rendered"):
        render_page("tracker", {"who": "C"}, tmp_path)


@two_cores
def test_two_processes_make_the_same_files_as_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A case with joint events on forty days, its chronology made one step after another,
    then with every step that can be shared shared (the thresholds lowered to 0): the same
    bytes, the joint events numbered the same."""
    from pipeline.case import returns
    from pipeline.chronology.build import build
    from pipeline.core import parallel

    from .conftest import base_case, chronology, event, write_case, write_xlsx

    case = write_case(tmp_path, base_case(agencies=("police", "school")))
    for agency in ("police", "school"):
        rows = [
            event(date(2026, 1, 1 + n % 28).replace(month=1 + n // 28), f"Strategy meeting {n}")
            for n in range(40)
        ]
        write_xlsx(case / "returns" / f"{agency}.xlsx", chronology(*rows))
    one, two = tmp_path / "one", tmp_path / "two"
    made = build(case, one, date(2026, 11, 22), date(2025, 1, 1), date(2026, 12, 31))[1]
    assert made is not None and made.entries[-1].joint == "J40"
    monkeypatch.setattr(parallel, "PARALLEL_FROM", 0)
    monkeypatch.setattr(returns, "THREADS_FROM", 0)
    assert parallel.worth_it(10)
    assert build(case, two, date(2026, 11, 22), date(2025, 1, 1), date(2026, 12, 31))[1]
    files = sorted(p.relative_to(one) for p in one.rglob("*") if p.is_file())
    assert {"TEST-1/multi-agency-chronology.docx", "TEST-1/timeline.png"} <= {str(p) for p in files}
    for name in files:
        if name.name != ".chronology-made.json":
            assert (one / name).read_bytes() == (two / name).read_bytes(), name
