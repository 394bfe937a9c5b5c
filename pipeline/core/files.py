"""Write outputs safely: to a temporary file beside the target, then rename.

A reader never sees a half-written file, and a failed stage leaves the previous
file untouched (or, with `remove_stale`, none at all).
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
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


def remove_stale(*targets: Path) -> None:
    """Remove outputs a failed stage would otherwise leave looking current."""
    for target in targets:
        target.unlink(missing_ok=True)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
