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


@contextmanager
def atomic_path(target: Path) -> Iterator[Path]:
    """A temporary path to write to; renamed onto `target` when the block succeeds."""
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.stem}-", suffix=target.suffix)
    os.close(fd)
    tmp = Path(name)
    try:
        yield tmp
        os.chmod(tmp, 0o666 & ~_umask())  # as an ordinary new file (mkstemp gives 0600)
        os.replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)


def write_text(target: Path, text: str) -> None:
    with atomic_path(target) as tmp:
        tmp.write_text(text, encoding="utf-8")


def write_json(target: Path, data: Any) -> None:
    write_text(target, json.dumps(data, indent=2, ensure_ascii=False) + "\n")


def remove_stale(*targets: Path) -> None:
    """Remove outputs a failed stage would otherwise leave looking current."""
    for target in targets:
        target.unlink(missing_ok=True)


def case_output(out: Path, reference: str) -> Path:
    return out / reference


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
