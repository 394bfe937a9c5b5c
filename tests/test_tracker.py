"""The tracker: xlsx, a self-contained HTML page tested in a real browser, and a calendar."""

import re
import shutil
from datetime import date, timedelta
from pathlib import Path

import openpyxl
import pytest
from icalendar import Calendar

from .conftest import CHROMIUM, EXAMPLE, base_case, needs_chromium, run, write_case


@pytest.fixture
def cases(tmp_path: Path) -> Path:
    """The example case, three more at other stages, and two folders that cannot be read."""
    root = tmp_path / "cases"
    shutil.copytree(EXAMPLE, root / EXAMPLE.name)
    shutil.copy(EXAMPLE.parent / "partnership.yaml", root / "partnership.yaml")
    old = base_case("OLD-1")  # everything overdue
    old["became_aware"] = date(2026, 1, 5)
    old["incident"]["date"] = date(2026, 1, 2)
    old["referral"]["received"] = date(2026, 1, 5)
    write_case(
        tmp_path,
        old,
        meeting={
            "date": date(2026, 1, 20),
            "themes": ["Unseen men", "Neglect"],
            "attendees": [{"name": "A", "agency": "LA", "partner": "local-authority"}],
            "decision": {
                "outcome": "other-learning",
                "rationale": "x",
                "learning_option": "joint-supervision",
            },
        },
    )
    fresh = base_case("NEW-1")  # just referred
    fresh["route"] = "referral"
    fresh["became_aware"] = date(2026, 11, 20)
    fresh["incident"]["date"] = date(2026, 11, 19)
    fresh["referral"]["received"] = date(2026, 11, 20)
    write_case(tmp_path, fresh)
    done = base_case("DONE-1")
    write_case(
        tmp_path,
        done,
        meeting={
            "date": date(2025, 1, 20),
            "themes": ["unseen men"],
            "attendees": [{"name": "A", "agency": "LA", "partner": "local-authority"}],
            "decision": {"outcome": "lcspr", "rationale": "x"},
        },
        review={
            "reviewer": {"name": "R", "commissioned": date(2025, 2, 1)},
            "completed": date(2025, 7, 1),
            "action_plan_completed": date(2025, 12, 1),
            "impact_checked": date(2026, 6, 1),
            "recommendations": [{"id": "R1", "text": "Do better.", "status": "Complete"}],
        },
    )
    (root / "BROKEN-1").mkdir()
    (root / "BROKEN-1" / "case.yaml").write_text("reference: [oops\n")
    (root / "EMPTY-1").mkdir()
    return root


def tracker(cases: Path, out: Path, today: str = "2026-11-22") -> str:
    result = run("tracker", cases, "--out", out, "--today", today)
    assert result.exit_code == 0, result.output
    return result.output


def test_tracker_workbook(cases: Path, tmp_path: Path) -> None:
    output = tracker(cases, tmp_path / "out")
    assert "6 cases" in output and "2 in error" in output
    book = openpyxl.load_workbook(tmp_path / "out" / "tracker.xlsx")
    assert book.sheetnames == [
        "Cases",
        "Open deadlines",
        "Recommendations",
        "Themes",
        "National themes",
        "Figures",
    ]
    rows = {r[0]: r for r in book["Cases"].iter_rows(min_row=2, values_only=True)}
    assert set(rows) == {"NS-2026-011", "OLD-1", "NEW-1", "DONE-1", "BROKEN-1", "EMPTY-1"}
    header = [c.value for c in book["Cases"][1]]
    col = {name: header.index(name) for name in header}
    assert (
        rows["BROKEN-1"][col["RAG"]] == "Error"
        and "not valid YAML" in rows["BROKEN-1"][col["Error"]]
    )
    assert "no case.yaml" in rows["EMPTY-1"][col["Error"]]
    assert rows["NEW-1"][col["Stage"]] == "Referred"
    assert rows["NS-2026-011"][col["Stage"]] == "Report received"
    assert (
        rows["DONE-1"][col["Stage"]] == "Impact checked" and rows["DONE-1"][col["RAG"]] == "Closed"
    )
    assert rows["OLD-1"][col["RAG"]] == "Red"
    assert rows["OLD-1"][col["Learning option"]] == "Joint supervision"
    assert "Joint supervision held" in rows["OLD-1"][col["Overdue"]]
    assert rows["NS-2026-011"][col["RAG"]] == "Green"  # returns closed by the meeting
    assert rows["NS-2026-011"][col["Next deadline"]].startswith("Rapid review complete")
    assert rows["NEW-1"][col["RAG"]] == "Amber"  # information requests due tomorrow
    assert rows["NS-2026-011"][col["Publication"]].date() == date(2027, 6, 21)
    assert rows["NS-2026-011"][col["Published until"]].date() == date(2028, 6, 21)
    deadlines = list(book["Open deadlines"].iter_rows(min_row=2, values_only=True))
    dues = [d[0] for d in deadlines]
    assert dues == sorted(dues) and len(deadlines) > 5
    themes = {t[0]: t for t in book["Themes"].iter_rows(min_row=2, values_only=True)}
    assert themes["Unseen men"][1:3] == (3, "Yes")  # recurrent across three cases
    assert themes["Neglect"][1:3] == (1, "No")
    recs = {
        (r[0], r[2], r[6]) for r in book["Recommendations"].iter_rows(min_row=2, values_only=True)
    }
    assert recs == {
        ("DONE-1", "R1", "Complete"),
        ("NS-2026-011", "R1", "Not started"),
        ("NS-2026-011", "R2", "In progress"),
    }


def test_calendar_has_open_deadlines_with_stable_ids_and_no_names(
    cases: Path, tmp_path: Path
) -> None:
    tracker(cases, tmp_path / "a")
    tracker(cases, tmp_path / "b")
    first = (tmp_path / "a" / "deadlines.ics").read_bytes()
    assert first == (tmp_path / "b" / "deadlines.ics").read_bytes()
    calendar = Calendar.from_ical(first)
    events = list(calendar.walk("VEVENT"))
    book = openpyxl.load_workbook(tmp_path / "a" / "tracker.xlsx")
    assert len(events) == book["Open deadlines"].max_row - 1
    uids = [str(e["UID"]) for e in events]
    assert len(set(uids)) == len(uids) and "NS-2026-011-rapid-review-complete@cspr" in uids
    event = next(e for e in events if str(e["UID"]) == "NS-2026-011-rapid-review-complete@cspr")
    assert event.decoded("DTSTART") == date(2026, 12, 3)
    assert event.decoded("DTEND") == date(2026, 12, 4)
    assert str(event["SUMMARY"]).startswith("NS-2026-011 Child R:")
    for secret in (b"Riley", b"Brennan", b"Tia Example"):
        assert secret not in first


def test_the_page_is_self_contained(cases: Path, tmp_path: Path) -> None:
    tracker(cases, tmp_path / "out")
    html = (tmp_path / "out" / "tracker.html").read_text()
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", html)
    assert "@import" not in html and "url(" not in html
    assert "Riley" not in html and "Brennan" not in html


def test_progress_bar_for_many_cases(tmp_path: Path) -> None:
    for i in range(55):
        data = base_case(f"MANY-{i:02d}")
        data["incident"]["date"] = date(2026, 10, 2) - timedelta(days=i)
        write_case(tmp_path, data)
    result = run("tracker", tmp_path / "cases", "--out", tmp_path / "out", "--today", "2026-11-22")
    assert result.exit_code == 0
    assert "Reading cases" in result.stderr
    assert "55 cases" in result.stdout


@needs_chromium
def test_the_page_in_a_real_browser(cases: Path, tmp_path: Path) -> None:
    import playwright.sync_api as playwright

    tracker(cases, tmp_path / "out")
    page_url = (tmp_path / "out" / "tracker.html").as_uri()
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=str(CHROMIUM),
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--no-first-run",
            ],
        )
        page = browser.new_page()
        requests: list[str] = []
        page.on("request", lambda r: requests.append(r.url))
        page.goto(page_url)
        rows = page.locator("#cases tbody tr")
        assert rows.count() == 6
        refs = rows.locator("td:first-child").all_inner_texts()
        assert set(refs) == {"NS-2026-011", "OLD-1", "NEW-1", "DONE-1", "BROKEN-1", "EMPTY-1"}
        assert page.locator("#cases tbody tr.Red").count() >= 1
        page.click("th button:text('Reference')")
        assert rows.locator("td:first-child").all_inner_texts() == sorted(refs, key=str.lower)
        page.click("th button:text('Reference')")
        assert rows.locator("td:first-child").all_inner_texts() == sorted(
            refs, key=str.lower, reverse=True
        )
        page.fill("#filter", "old-1")
        assert page.locator("#cases tbody tr:not([hidden])").count() == 1
        page.fill("#filter", "")
        page.check("#overdue-only")
        visible = page.locator("#cases tbody tr:not([hidden]) td:first-child").all_inner_texts()
        assert "OLD-1" in visible and "DONE-1" not in visible
        assert page.locator("#timeline circle").count() >= 2
        browser.close()
    assert all(url.startswith("file://") for url in requests), requests


def test_rows_read_by_workers_are_the_rows_read_in_one_process(
    cases: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Many cases are read by forked workers; the rows, in order, are what one process
    reads (the broken and empty folders too)."""
    from pipeline.tracker import cases as tracker_cases

    one = tracker_cases.read_cases(cases, date(2026, 11, 22))
    monkeypatch.setattr(tracker_cases, "PARALLEL_FROM", 2)
    if tracker_cases.cores() < 2:
        monkeypatch.setattr(tracker_cases, "cores", lambda: 2)
    many = tracker_cases.read_cases(cases, date(2026, 11, 22))
    assert [r.reference for r in one] == sorted(p.name for p in cases.iterdir() if p.is_dir())
    assert many == one
