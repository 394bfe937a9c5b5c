"""`cspr watch`: watch the case folders and, when a file is added, changed or removed,
validate that case and rebuild what shows it: validation.json, deadlines.json and the case
page. Documents are not remade: making one stays a deliberate command (the page marks a
document older than the case's files).

A file still being copied (its size or time still changing, or a workbook whose zip has no
end yet) is waited for, not reported as corrupt; one case that cannot be rebuilt is a line,
never the end of the watch; Ctrl-C stops it.
"""

from __future__ import annotations

import gc
import time
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from ..case.deadlines import write_deadlines
from ..case.validate import check_own_templates, validate_case
from ..core.files import outside_cases, write_json
from ..core.outcome import Outcome
from ..core.wording import plural
from .page import write_page
from .state import case_state

SETTLE = 0.3  # seconds a file's size and time stay the same before it is read
GIVE_UP = 3.0  # a workbook whose zip is still unfinished after this long is read as it is
TELL = 1.0  # a file still being copied after this long gets a line saying so
ZIPPED = {".xlsx", ".xlsm", ".ods", ".docx"}
PARTIAL = (".part", ".crdownload", ".tmp", "~")  # a download or save not yet renamed
SHARED = ("partnership.yaml", "templates")  # changes here touch every case


@dataclass
class Landing:
    """A file that changed, waiting until it has settled."""

    path: Path
    label: str  # as the line shows it: returns/police.xlsx
    cases: list[Path]
    event: str  # added, changed, removed
    stamp: tuple[int, int] | None  # size and modification time (ns) when last looked at
    since: float  # when the stamp last changed
    first: float
    told: bool = False


def watch_cases(
    cases: Path,
    out: Path,
    today: date | None,
    echo: Callable[[str], None],
    stop: Any = None,
) -> Outcome:
    """Rebuild every case's page, then watch `cases` (a folder of case folders, or one case
    folder) until Ctrl-C or `stop` (anything with is_set()), one line per rebuild."""
    import watchfiles

    gc.enable()  # a long run (the cspr command switches the cycle collector off)
    single = (cases / "case.yaml").is_file()
    root = cases.parent if single else cases
    outside_cases(out, root)
    watched = [cases] + ([root / "partnership.yaml"] if single else [])
    pending: dict[Path, Landing] = {}
    rebuilt, started = 0, False
    try:
        for changes in watchfiles.watch(
            *[p for p in watched if p.exists()],
            watch_filter=None,
            debounce=400,
            step=50,
            rust_timeout=200,
            yield_on_timeout=True,
            stop_event=stop,
        ):
            if not started:  # the watcher is listening now: nothing from here on is missed
                for folder in [cases] if single else case_folders(root):
                    echo(_line(folder.name, [], _safely(folder, out, today)))
                echo(f"Watching {cases} for changes (Ctrl-C stops).")
                started = True
            now = time.monotonic()
            for change, name in changes:
                landing = _landing(Path(name), change.name, root, [cases] if single else None, now)
                if landing is not None:
                    old = pending.get(landing.path)
                    if old is not None:  # still the same landing: first seen, told, added
                        landing.first, landing.told = old.first, old.told
                        if old.event == "added" and landing.event == "changed":
                            landing.event = "added"
                    pending[landing.path] = landing
            for folder, labels in _ready(pending, time.monotonic(), echo).items():
                rebuilt += 1
                echo(_line(folder.name, labels, _safely(folder, out, today)))
    except KeyboardInterrupt:
        pass
    return Outcome(closing=[f"Stopped watching {cases} after {plural(rebuilt, 'rebuild')}."])


def case_folders(root: Path) -> list[Path]:
    """Every case folder under `root`: each visible folder, less the partnership's templates/
    (as the tracker counts them)."""
    return sorted(
        p
        for p in root.iterdir()
        if p.is_dir() and not p.name.startswith((".", "_")) and p.name not in SHARED
    )


def _landing(
    path: Path, change: str, root: Path, only: list[Path] | None, now: float
) -> Landing | None:
    """The change as a Landing, or None when no case reads the file (hidden, a lock file,
    a download not yet renamed, a folder)."""
    try:  # watchfiles gives the real, absolute path
        parts = path.relative_to(root.resolve()).parts
    except ValueError:
        return None
    if not parts or any(p.startswith((".", "~$")) for p in parts) or parts[-1].endswith(PARTIAL):
        return None
    if path.is_dir():
        return None
    if parts[0] in SHARED:
        cases = only if only is not None else case_folders(root)
        label = "/".join(parts)
    elif len(parts) > 1 and (only is None or root / parts[0] in only):
        cases, label = [root / parts[0]], "/".join(parts[1:])
    else:
        return None
    event = {"added": "added", "modified": "changed", "deleted": "removed"}.get(change, change)
    return Landing(path, label, cases, event, _stamp(path), now, now)


def _stamp(path: Path) -> tuple[int, int] | None:
    try:
        stat = path.stat()
    except OSError:
        return None
    return stat.st_size, stat.st_mtime_ns


def _ready(
    pending: dict[Path, Landing], now: float, echo: Callable[[str], None]
) -> dict[Path, list[str]]:
    """The cases to rebuild, with the changes that settled; the rest stay pending."""
    ready: dict[Path, list[str]] = {}
    for path, landing in list(pending.items()):
        if not _settled(landing, now):
            if not landing.told and now - landing.first >= TELL:
                landing.told = True
                for folder in landing.cases:
                    echo(
                        f"{_clock()} {folder.name}: waiting for {landing.label}: still being copied"
                    )
            continue
        del pending[path]
        for folder in landing.cases:
            if folder.is_dir():
                ready.setdefault(folder, []).append(f"{landing.label} {landing.event}")
    return ready


def _settled(landing: Landing, now: float) -> bool:
    """True once the file is gone, or has kept its size and time for SETTLE seconds and,
    for a workbook, its zip is whole (or has stayed unfinished for GIVE_UP seconds)."""
    stamp = _stamp(landing.path)
    if stamp != landing.stamp:
        landing.stamp, landing.since = stamp, now
        return stamp is None
    if stamp is None:
        return True
    quiet = now - landing.since
    if quiet < SETTLE:
        return False
    return landing.path.suffix.lower() not in ZIPPED or _whole(landing.path) or quiet >= GIVE_UP


def _whole(path: Path) -> bool:
    """False for a zip still being written: it starts as one but has no end record yet. A
    file that does not start as a zip is whole as far as copying goes (it is read, and a
    corrupt one reported)."""
    try:
        with path.open("rb") as handle:
            start = handle.read(4)
    except OSError:
        return True
    return start != b"PK\x03\x04" or zipfile.is_zipfile(path)


def rebuild(case: Path, out: Path, today: date | None) -> str:
    """Validate the case; write validation.json, deadlines.json (when its rules can be
    read) and the page. What happened, in a few words."""
    day = today or date.today()
    result = validate_case(case)
    check_own_templates(result.folder.templates, result.findings)
    state = case_state(result, day, out) if result.folder.case is not None else None
    findings = state.findings if state else result.findings
    base = out / result.folder.reference
    if case.is_dir():
        write_json(base / "validation.json", [f.as_dict() for f in findings])
    if state is not None and not any(f.file == "partnership.yaml" for f in findings.errors):
        write_deadlines(result, out, day)
    page = write_page(case, out, day, result, state)
    counts = f"{plural(len(findings.errors), 'error')}, {plural(len(findings.warnings), 'warning')}"
    first = next(iter(findings.errors), None)
    said = f" ({first.file or first.code}: {_short(first.message)})" if first else ""
    returns = f"{state.returns_in} of {plural(len(state.returns), 'return')} in; " if state else ""
    return f"{returns}{counts}{said}; page {page}"


def _safely(case: Path, out: Path, today: date | None) -> str:
    """rebuild(), with any failure as words: one case never stops the watch."""
    try:
        return rebuild(case, out, today)
    except Exception as exc:  # a bug or an unwritable output: said, and the watch goes on
        return f"not rebuilt: {type(exc).__name__}: {exc}"


def _line(reference: str, labels: list[str], said: str) -> str:
    changes = f" {', '.join(labels)}:" if labels else ""
    return f"{_clock()} {reference}:{changes} {said}"


def _clock() -> str:
    return datetime.now().strftime("%H:%M:%S")


def _short(text: str, limit: int = 100) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 3] + "..."
