"""The case's history: one JSON line per command that wrote into OUT/<reference>/, in
OUT/<reference>/history.jsonl: when (UTC), the command and its arguments, the `--today` used,
and the sha256 of every input (the case folder's files, partnership.yaml, the partnership's
own templates) and of every file it wrote.

Appends are one write of one line, under a lock, flushed to disk; a line cut short by a crash
is skipped when reading (and counted), never an error.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..case.load import inside
from ..core.outcome import Outcome
from ..core.terminal import table

HISTORY = "history.jsonl"
PAGE = "index.html"
NOT_OUTPUTS = {HISTORY, PAGE}  # the desk's own files: never a command's output


def sha256(path: Path) -> str:
    """The file's sha256, read in blocks."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def input_files(case: Path) -> dict[str, Path]:
    """Every file a case command may read, by a label relative to the folder that holds the
    case folders: NS-2026-011/case.yaml, partnership.yaml, templates/request-letter.docx.
    Hidden files, Office lock files and links that lead out of their folder are left out
    (the pipeline never reads them)."""
    root = case.parent
    found: dict[str, Path] = {}
    for top in (case, root / "templates"):
        found |= {f"{top.name}/{rel}": path for rel, path in _files(top).items()}
    if (root / "partnership.yaml").is_file():
        found["partnership.yaml"] = root / "partnership.yaml"
    return dict(sorted(found.items()))


def output_files(folder: Path) -> dict[str, Path]:
    """The files under OUT/<reference>/, by their path there, less hidden files (make's
    stamps, temporary files) and the desk's own page and history."""
    return {rel: path for rel, path in _files(folder).items() if rel not in NOT_OUTPUTS}


def _files(top: Path) -> dict[str, Path]:
    if not top.is_dir():
        return {}
    found = {}
    for base, dirs, files in os.walk(top):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in files:
            path = Path(base) / name
            # a link out of the folder, or a loop of links, is not ours: the pipeline reads neither
            if not name.startswith((".", "~$")) and inside(path, top) and path.is_file():
                found[path.relative_to(top).as_posix()] = path
    return dict(sorted(found.items()))


def hashes(files: dict[str, Path]) -> dict[str, str]:
    """The sha256 of each file; a file gone meanwhile is left out."""
    found = {}
    for label, path in files.items():
        try:
            found[label] = sha256(path)
        except OSError:
            continue
    return found


def append(folder: Path, entry: dict[str, Any]) -> None:
    """Add `entry` as one line of OUT/<reference>/history.jsonl: one write, under a lock,
    flushed; after a line a crash cut short, on a line of its own."""
    folder.mkdir(parents=True, exist_ok=True)
    line = json.dumps(entry, ensure_ascii=False, separators=(",", ":")) + "\n"
    fd = os.open(folder / HISTORY, os.O_RDWR | os.O_APPEND | os.O_CREAT, 0o666)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        size = os.fstat(fd).st_size
        if size and os.pread(fd, 1, size - 1) != b"\n":
            line = "\n" + line
        os.write(fd, line.encode("utf-8"))
        os.fsync(fd)
    finally:
        os.close(fd)


@dataclass
class History:
    """The case's history.jsonl as read: its entries, and lines that are not whole."""

    entries: list[dict[str, Any]] = field(default_factory=list)
    skipped: int = 0  # lines that are not a whole entry (a crash mid-write)


def read_history(folder: Path) -> History:
    """Every whole entry of OUT/<reference>/history.jsonl, oldest first."""
    history = History()
    try:
        raw = (folder / HISTORY).read_bytes()
    except FileNotFoundError:
        return history
    for line in raw.splitlines():
        if not line.strip():
            continue
        try:
            entry = json.loads(line)
        except ValueError:
            history.skipped += 1
            continue
        if isinstance(entry, dict) and "when" in entry and "command" in entry:
            history.entries.append(entry)
        else:
            history.skipped += 1
    return history


def same_as(earlier: list[dict[str, Any]], entry: dict[str, Any]) -> dict[str, Any] | None:
    """The last earlier run of the same command, on the same day, that read the same inputs
    and wrote the same bytes (a file it kept rather than wrote again, such as an up-to-date
    chronology, is unchanged by definition); None when anything differs."""
    keys = ("command", "today", "inputs")
    for old in reversed(earlier):
        if old.get("command") == entry["command"]:
            wrote = old.get("outputs", {})
            same = all(wrote.get(name) == digest for name, digest in entry["outputs"].items())
            return old if same and all(old.get(k) == entry[k] for k in keys) else None
    return None


def show_history(case: Path, out: Path) -> Outcome:
    """`cspr history`: every entry, oldest first: when, the command, its day, what it wrote
    and read with their sha256 (the first 12 hex digits in the lines; whole in `data`)."""
    folder = out / case.name
    history = read_history(folder)
    if not history.entries:
        return Outcome(notes=[f"No history yet for {case.name} in {folder}."], data=[])
    notes = [f"History of {case.name} ({folder / HISTORY}), oldest first:"]
    for entry in history.entries:
        notes.append("")
        notes.append(headline(entry))
        rows = [["wrote", label, digest[:12]] for label, digest in entry.get("outputs", {}).items()]
        rows += [["removed", label, ""] for label in entry.get("removed", [])]
        rows += [["read", label, digest[:12]] for label, digest in entry.get("inputs", {}).items()]
        if rows:
            notes.append(table(["", "File", "sha256"], rows))
    if history.skipped:
        notes.append(f"\n{history.skipped} line(s) that are not a whole entry were skipped.")
    return Outcome(notes=notes, data=history.entries)


def headline(entry: dict[str, Any]) -> str:
    """'2026-11-22 09:14:03 UTC  cspr summary (today 2026-11-22): 6 files written'."""
    when = str(entry.get("when", "")).replace("T", " ").replace("+00:00", " UTC")
    wrote = len(entry.get("outputs", {}))
    what = "nothing changed" if entry.get("changed") is False else f"{wrote} file(s) written"
    if entry.get("changed") is False and entry.get("same_as"):
        what += f" since {str(entry['same_as']).replace('T', ' ').replace('+00:00', ' UTC')}"
    return f"{when}  cspr {entry.get('command', '?')} (today {entry.get('today', '?')}): {what}"
