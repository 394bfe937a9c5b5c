"""What every case command does after it succeeds: a history entry for the files it wrote
(history.jsonl), and the case page rebuilt (index.html). The CLI wraps each command that
writes into OUT/<reference>/ in `recording`, so a new command needs nothing of its own."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from .. import __version__
from .history import append, hashes, input_files, output_files, read_history, same_as


@contextmanager
def recording(
    case: Path, out: Path, command: str, arguments: Mapping[str, Any], today: date
) -> Iterator[None]:
    """Around a command: the inputs are hashed before it runs; when it ends well (returns, or
    exits 0) the files it wrote or removed go into the history and the page is rebuilt. A
    command that fails (exit 1, an error) records nothing and leaves the page as it was."""
    folder = out / case.name
    inputs = hashes(input_files(case)) if case.is_dir() else {}
    before = _stamps(folder)
    try:
        yield
    except SystemExit as stop:
        if stop.code not in (None, 0):
            raise
        _after(case, out, command, arguments, today, inputs, before)
        raise
    _after(case, out, command, arguments, today, inputs, before)


def _stamps(folder: Path) -> dict[str, tuple[int, int]]:
    """Each output file's modification time (ns) and size, to see what a command wrote."""
    found = {}
    for label, path in output_files(folder).items():
        try:
            stat = path.stat()
        except OSError:
            continue
        found[label] = (stat.st_mtime_ns, stat.st_size)
    return found


def _after(
    case: Path,
    out: Path,
    command: str,
    arguments: Mapping[str, Any],
    today: date,
    inputs: dict[str, str],
    before: dict[str, tuple[int, int]],
) -> None:
    from .page import write_page  # the page's machinery only once the command is done

    folder = out / case.name
    after = _stamps(folder)
    files = output_files(folder)
    wrote = {label: files[label] for label in after if after[label] != before.get(label)}
    removed = sorted(set(before) - set(after))
    if wrote or removed:
        entry = history_entry(command, arguments, today, inputs, hashes(wrote), removed)
        earlier = same_as(read_history(folder).entries, entry)
        if earlier is not None and not removed:
            entry["changed"] = False
            entry["same_as"] = earlier.get("same_as") or earlier["when"]
        append(folder, entry)
    if case.is_dir() and folder.is_dir():
        write_page(case, out, today)


def history_entry(
    command: str,
    arguments: Mapping[str, Any],
    today: date,
    inputs: dict[str, str],
    outputs: dict[str, str],
    removed: list[str],
) -> dict[str, Any]:
    """One line of history.jsonl: when (UTC), the command and its arguments as given, the
    day used as today, the package version, and the sha256 of every input and output."""
    entry: dict[str, Any] = {
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "command": command,
        "arguments": {key: _plain(value) for key, value in arguments.items()},
        "today": today.isoformat(),
        "version": _version(),
        "inputs": inputs,
        "outputs": outputs,
        "changed": True,
    }
    if removed:
        entry["removed"] = removed
    return entry


def _plain(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)


def _version() -> str:
    return __version__
