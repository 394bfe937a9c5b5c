"""The case page, OUT/<reference>/index.html, from templates/case-page.html: one
self-contained file (no network, no script) marked OFFICIAL-SENSITIVE, showing the stage and
next steps, each agency's return with its findings, the deadlines on a small timeline, every
generated document with when it was made, and the case's history. Written atomically."""

from __future__ import annotations

import os
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any
from urllib.parse import quote

from ..case.checked import complete, save
from ..case.validate import Validation, validate_case
from ..core.files import write_text
from ..core.findings import Finding
from ..core.wording import plural
from ..office.render import render_page
from ..rules.engine import Deadline
from .history import HISTORY, PAGE, input_files, output_files, read_history
from .state import OPEN, CaseState, ReturnState, case_state

SHOWN = 50  # findings shown per file; the rest are counted, and in validation.json
HISTORY_SHOWN = 30  # the newest entries shown


def write_page(
    case: Path,
    out: Path,
    today: date,
    result: Validation | None = None,
    state: CaseState | None = None,
) -> Path:
    """Write OUT/<reference>/index.html for the case (validated here unless `result`, and
    its `state`, are given); the path written."""
    if result is None:
        result = validate_case(case, remembered=True, rows=False)
    result = complete(result, out)  # each return's findings on its rows too
    save(result, out)  # for the pages after commands that read no rows
    folder = out / result.folder.reference
    if state is None and result.folder.case is not None:
        state = case_state(result, today, out)
    context = page_context(result, state, folder, today)
    target = folder / PAGE
    write_text(target, render_page("case-page", context, result.folder.templates))
    return target


def page_context(
    result: Validation, state: CaseState | None, folder: Path, today: date
) -> dict[str, Any]:
    """Everything the page shows, as plain values for the template."""
    history = read_history(folder)
    findings = state.findings if state else result.findings
    return {
        "reference": result.folder.reference,
        "pseudonym": state.pseudonym if state else "",
        "today": today,
        "made": _utc(datetime.now(UTC).timestamp()),
        "state": state,
        "steps": [{"parts": _marked(s.text), "command": s.command} for s in state.steps]
        if state
        else [],
        "missing": [_marked(m) for m in state.missing] if state else [],
        "errors": len(findings.errors),
        "warnings": len(findings.warnings),
        "returns": [_return(r) for r in state.returns] if state else [],
        "others": [
            {"file": name, **_shown(found)}
            for name, found in (state.other_files if state else _by_file(findings)).items()
        ],
        "timeline": _timeline(state.deadlines, today) if state else None,
        "deadlines": [_deadline(n, d, state) for n, d in enumerate(state.deadlines, 1)]
        if state
        else [],
        "documents": _documents(folder, result.folder.path, history.entries),
        "history": [_entry(e) for e in reversed(history.entries[-HISTORY_SHOWN:])],
        "history_total": len(history.entries),
        "history_skipped": history.skipped,
        "has_history": (folder / HISTORY).is_file(),
        "has_validation": (folder / "validation.json").is_file(),
        "has_tracker": (folder.parent / "tracker.html").is_file(),
    }


def _marked(text: str) -> list[tuple[str, bool]]:
    """Text split at its backticks: (words, False) and (`code`, True) in turn."""
    return [(part, n % 2 == 1) for n, part in enumerate(text.split("`")) if part]


def _return(r: ReturnState) -> dict[str, Any]:
    return {
        "key": r.key,
        "agency": r.agency,
        "file": r.file,
        "state": r.state,
        "completed": r.completed,
        **_shown(r.findings),
    }


def _shown(found: list[Finding]) -> dict[str, Any]:
    """A file's findings in plain words, errors first; the first SHOWN of them."""
    ordered = sorted(found, key=lambda f: f.severity != "error")
    errors = sum(1 for f in found if f.severity == "error")
    counted = [plural(errors, "error")] if errors else []
    counted += [plural(len(found) - errors, "warning")] if len(found) > errors else []
    return {
        "findings": [_finding(f) for f in ordered[:SHOWN]],
        "more": max(len(found) - SHOWN, 0),
        "counted": ", ".join(counted),
    }


def _finding(f: Finding) -> dict[str, str]:
    """Where (file, sheet, cell or row, field), what, and what to do, as a reader says it."""
    where = [f"sheet {f.sheet.strip()}" if f.sheet.strip() else ""]
    where.append(f"cell {f.cell}" if f.cell else (f"row {f.row}" if f.row else ""))
    where.append(f"field {f.field}" if f.field else "")
    hint = str(f.as_dict()["hint"])
    return {
        "severity": f.severity,
        "code": f.code,
        "file": f.file,
        "where": ", ".join(w for w in where if w),
        "message": f.message,
        "hint": hint,
    }


def _by_file(findings: list[Finding]) -> dict[str, list[Finding]]:
    grouped: dict[str, list[Finding]] = {}
    for f in findings:
        grouped.setdefault(f.file or "the case folder", []).append(f)
    return grouped


def _entry(entry: dict[str, Any]) -> dict[str, Any]:
    """A history entry with every key the page shows (a line may lack some)."""

    def when(value: object) -> str:
        return str(value or "").replace("T", " ").replace("+00:00", " UTC")

    return {
        "when": when(entry.get("when")),
        "command": str(entry.get("command", "")),
        "today": str(entry.get("today", "")),
        "unchanged": entry.get("changed") is False,
        "same_as": when(entry.get("same_as")),
        "outputs": dict(entry.get("outputs") or {}),
        "inputs": dict(entry.get("inputs") or {}),
        "removed": list(entry.get("removed") or []),
    }


def _deadline(number: int, d: Deadline, state: CaseState) -> dict[str, Any]:
    words = state.words[d.rule]
    words = words[len(d.title) + 2 :] if words.startswith(f"{d.title}: ") else words
    return {
        "number": number,
        "title": d.title,
        "due": d.due,
        "status": status(d),
        "words": {"keep-until": "", "closed": "a later step is recorded: no longer open"}.get(
            status(d), words
        ),
        "source": d.source,
        "next": d in state.upcoming,
    }


def status(d: Deadline) -> str:
    """The deadline's status as the page shows it: `closed` for a step the case has moved
    past, `keep-until` for a date to keep something until."""
    if d.kind == "keep-until":
        return "keep-until"
    return "closed" if d.closed and d.status in OPEN else d.status


WORST = ["overdue", "late", "due", "planned", "passed", "closed", "keep-until", "met"]


def _timeline(deadlines: list[Deadline], today: date) -> dict[str, Any]:
    """A station for each due date, in date order and evenly spaced (so close dates stay
    readable), numbered as in the table and coloured by its most urgent deadline; today's
    mark between the stations either side of it."""
    width, left, right = 900, 40, 40
    days: dict[date, list[tuple[int, Deadline]]] = {}
    for number, d in enumerate(deadlines, start=1):
        if d.due:
            days.setdefault(d.due, []).append((number, d))
    n = len(days)
    step = (width - left - right) / max(n - 1, 1)
    stations: list[dict[str, Any]] = []
    xs: list[float] = []
    for i, (due, group) in enumerate(sorted(days.items())):
        x = left + i * step if n > 1 else width / 2
        xs.append(x)
        numbers = [number for number, _ in group]
        shown = [status(d) for _, d in group]
        stations.append(
            {
                "x": round(x, 1),
                "number": f"{numbers[0]}-{numbers[-1]}" if len(numbers) > 1 else numbers[0],
                "label": f"{due:%d/%m/%Y}",
                "label_y": 74 if i % 2 else 88,
                "status": min(shown, key=lambda s: WORST.index(s) if s in WORST else 0),
                "title": "; ".join(f"{k}. {d.title} ({status(d)})" for k, d in group)
                + f": {due:%d/%m/%Y}",
            }
        )
    before = sum(1 for due in days if due < today)
    if not xs:
        today_x = width / 2
    elif before == 0:
        today_x = xs[0] - min(step / 2, left - 8)
    elif before == n:
        today_x = xs[-1] + min(step / 2, right - 8)
    else:
        today_x = (xs[before - 1] + xs[before]) / 2
    return {"width": width, "height": 100, "stations": stations, "today_x": round(today_x, 1)}


def _documents(folder: Path, case: Path, entries: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Every generated file: its relative link, when it was made and by which command, and
    whether a case file changed after it."""
    made_by: dict[str, str] = {}
    for entry in entries:
        for label in entry.get("outputs", {}):
            made_by[label] = f"cspr {entry.get('command', '?')}"
    stamps = [
        (stat.st_mtime, label) for label, p in input_files(case).items() if (stat := _stat(p))
    ]
    newest = max(stamps, default=None)
    documents = []
    for label, path in output_files(folder).items():
        stat = _stat(path)
        if stat is None:  # removed meanwhile
            continue
        older = newest is not None and stat.st_mtime < newest[0]
        documents.append(
            {
                "name": label,
                "href": quote(label),
                "made": _utc(stat.st_mtime),
                "by": made_by.get(label, ""),
                "older": f"{newest[1]} changed after it" if newest and older else "",
                "size": f"{max(stat.st_size // 1024, 1)} KB",
            }
        )
    return documents


def _stat(path: Path) -> os.stat_result | None:
    try:
        return path.stat()
    except OSError:
        return None


def _utc(stamp: float) -> str:
    return datetime.fromtimestamp(stamp, UTC).strftime("%d/%m/%Y %H:%M UTC")
