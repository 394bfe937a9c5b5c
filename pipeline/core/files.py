"""Write outputs safely: to a temporary file beside the target, then rename.

A reader never sees a half-written file, and a failed stage leaves the previous
file untouched (or, with `remove_stale`, none at all). Outputs that belong together
(the chronology's workbook, document and picture) are made in a staging folder
beside them and swapped in together (`staged`): a reader finds the previous set or
the new one, never a mix of the two.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import shutil
import tempfile
import time
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any

from .errors import InputError, OutputError


@contextmanager
def atomic_path(target: Path) -> Iterator[Path]:
    """A temporary path to write to; renamed onto `target` when the block succeeds.

    Raises OutputError when the folder cannot be made or written to.
    """
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, name = tempfile.mkstemp(
            dir=target.parent, prefix=f".{target.stem}-", suffix=target.suffix
        )
    except OSError as exc:
        raise unwritable(target.parent, exc) from exc
    os.close(fd)
    tmp = Path(name)
    try:
        yield tmp
        try:
            os.chmod(tmp, 0o666 & ~_umask())  # as an ordinary new file (mkstemp gives 0600)
            os.replace(tmp, target)
        except OSError as exc:
            raise unwritable(target, exc) from exc
    finally:
        tmp.unlink(missing_ok=True)


def case_folder(case: Path) -> Path:
    """The case folder as given; resolved when its name is no folder's name (`.`, `..`, as
    in `cases/X/returns/..`), so OUT/<reference>/ and partnership.yaml come from the real
    folder, never from `..` (which would write outside OUT)."""
    if case.name in ("", ".", ".."):
        return case.resolve()
    return case


def outside_cases(out: Path, cases: Path) -> None:
    """OutputError when the output folder `out` is `cases` (a folder holding case
    folders) or inside it: nothing is ever written among the case folders."""
    try:
        root, where = cases.resolve(), out.resolve()
    except (OSError, RuntimeError):  # a symlink loop: the writing will say what is wrong
        return
    if where == root or root in where.parents:
        raise OutputError(
            f"The output folder {out} is inside {cases}, the folder that holds the case "
            "folders; nothing is ever written there. Give --out a folder outside it "
            "(the default is output/ beside cases/)."
        )


def unwritable(where: Path, exc: OSError) -> OutputError:
    """The error for an output file or folder that cannot be written."""
    reason = exc.strerror or type(exc).__name__
    return OutputError(
        f"Cannot write {where}: {reason}. Check that the output folder (--out) exists "
        "or can be made, that you may write to it, and that the disk has room."
    )


def read_input(path: Path, what: str) -> bytes:
    """The bytes of an input file; InputError, naming it and what to do, when unreadable."""
    try:
        return path.read_bytes()
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        raise InputError(
            f"Cannot read {what} ({path}): {reason}. Check the file is there, is a file, and "
            "that you may read it."
        ) from exc


def write_text(target: Path, text: str) -> None:
    """Write `text` (UTF-8) to `target` atomically; OutputError when it cannot be written."""
    with atomic_path(target) as tmp:
        tmp.write_text(text, encoding="utf-8")


def write_json(target: Path, data: Any) -> None:
    """Write `data` as indented JSON to `target` atomically."""
    write_text(target, json.dumps(data, indent=2, ensure_ascii=False) + "\n")


def stamp(path: Path) -> list[object]:
    """A file's name, size and modification time: what tells a changed file (OSError when
    it is gone)."""
    stat = path.stat()
    return [path.name, stat.st_size, stat.st_mtime_ns]


def remove_stale(*targets: Path) -> None:
    """Remove outputs a failed stage would otherwise leave looking current."""
    for target in targets:
        target.unlink(missing_ok=True)


@contextmanager
def staged(targets: Sequence[Path]) -> Iterator[list[Path]]:
    """Temporary paths, one per target, for outputs that belong together.

    They live in a staging folder beside the first target. When the block succeeds
    every one is swapped in together (`replace_together`); a target the block did not
    write is removed, so nothing from an earlier run is left beside the new set. When
    the block fails nothing is swapped: the previous set stays whole, and the staging
    folder is removed. Raises OutputError when the folder cannot be made or written.
    """
    targets = list(targets)
    if not targets or len({t.name for t in targets}) != len(targets):
        raise ValueError(f"staged() needs targets with different names: {targets}")
    parent = targets[0].parent
    prefix = f".{targets[0].stem}-staging-"
    try:
        parent.mkdir(parents=True, exist_ok=True)
        _remove_abandoned(parent, prefix)
        folder = Path(tempfile.mkdtemp(prefix=f"{prefix}{os.getpid()}-", dir=parent))
    except OSError as exc:
        raise unwritable(parent, exc) from exc
    try:
        temps = [folder / t.name for t in targets]
        yield temps
        replace_together(list(zip(temps, targets, strict=True)), folder)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def replace_together(pairs: Sequence[tuple[Path, Path]], scratch: Path) -> None:
    """Rename each (new, target) pair into place: a few renames, with no writing between.

    `scratch` is a folder on the same disk (the staging folder) that takes the previous
    outputs while they are swapped. A pair whose new path does not exist removes its
    target. The swap holds a lock on the targets' folder, so parallel runs take turns
    and each leaves a whole set. The previous set is first moved aside, then the new one
    moved in, so a process killed in the middle of the swap (a window of microseconds)
    leaves part of one set at most, never old beside new. On any failure the previous
    set is put back and OutputError raised. Files and folders alike (the publication
    pack is a folder); a folder in the way of a file is an error.
    """
    for new, target in pairs:
        if new.exists() and target.exists() and new.is_dir() != target.is_dir():
            kind = "folder" if target.is_dir() else "file"
            raise OutputError(
                f"Cannot write {target}: a {kind} of that name is in the way. Move it "
                "elsewhere, or choose another output folder (--out)."
            )
    with _folder_lock(pairs[0][1].parent):
        aside: list[tuple[Path, Path]] = []  # (target, where it was moved)
        placed: list[Path] = []
        where = pairs[0][1]
        try:
            for i, (_, where) in enumerate(pairs):
                if os.path.lexists(where):
                    backup = scratch / f".previous-{i}-{where.name}"
                    os.rename(where, backup)
                    aside.append((where, backup))
            for new, where in pairs:
                if os.path.lexists(new):
                    if new.is_dir():
                        os.chmod(new, 0o777 & ~_umask())  # mkdtemp makes folders 0700
                    os.rename(new, where)
                    placed.append(where)
        except OSError as exc:
            for target in placed:
                _remove(target)
            for target, backup in aside:
                with suppress(OSError):
                    os.rename(backup, target)
            raise unwritable(where, exc) from exc
        for _, backup in aside:
            _remove(backup)


@contextmanager
def _folder_lock(folder: Path) -> Iterator[None]:
    """An exclusive lock on a folder while outputs in it are swapped (where the system
    has one: on Windows the swap goes unlocked)."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - not POSIX
        yield
        return
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError as exc:
        raise unwritable(folder, exc) from exc
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # closing releases the lock


ABANDONED = re.compile(r"-staging-(\d+)-[^/]*$")
ABANDONED_AFTER = 3600.0  # seconds: a staging folder this old, of a process gone, is litter


def _remove_abandoned(parent: Path, prefix: str) -> None:
    """Staging folders left by a process that was killed: its id no longer runs and the
    folder is an hour old (a process in another container may have the same id)."""
    for path in parent.glob(f"{prefix}*"):
        match = ABANDONED.search(path.name)
        if not match or not path.is_dir():
            continue
        try:
            if time.time() - path.stat().st_mtime < ABANDONED_AFTER:
                continue
        except OSError:  # gone already
            continue
        pid = int(match.group(1))
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            shutil.rmtree(path, ignore_errors=True)
        except OSError:  # it runs, as another user
            continue


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    else:
        with suppress(OSError):
            path.unlink()


FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def literal_cell(value: object) -> object:
    """A CSV cell that a spreadsheet shows as text: text beginning = + - @, a tab or a
    carriage return gets a leading single quote (the OWASP rule against formula
    injection), so `=HYPERLINK(...)` is never a formula. Numbers are left as they are."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def csv_text(rows: Iterable[Sequence[object]]) -> str:
    """Rows as CSV text, every field quoted and every cell made literal (`literal_cell`)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, quoting=csv.QUOTE_NONNUMERIC)
    for row in rows:
        writer.writerow([literal_cell(cell) for cell in row])
    return buffer.getvalue()


def write_csv(target: Path, rows: Iterable[Sequence[object]]) -> None:
    """Write rows as CSV to `target` atomically, every cell literal text (`csv_text`)."""
    write_text(target, csv_text(rows))


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
