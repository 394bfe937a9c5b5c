"""Bulk work with Python's cycle collector paused.

Reading and merging tens of thousands of rows makes objects by the hundred thousand, and
the collector runs every 700 new ones to look for cycles that rows never form: a seventh
of the chronology's time at 60,000 rows. Reference counting still frees everything as
usual; the collector is switched back on afterwards (long-running `cspr watch` included).

Switched back on, its next run would scan every object the block made (70 ms at 60,000
rows, 0.6 s at 500,000). In a process that ends soon after (a `cspr` command: see
`short_run`) they are frozen first, so no collection scans them again.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

_SHORT = [False]


def short_run(short: bool = True) -> None:
    """Say whether this process ends soon after its bulk work (a `cspr` command, yes;
    `cspr watch` or a program using the library, no: its cycles must stay collectable)."""
    _SHORT[0] = short


@contextmanager
def bulk() -> Iterator[None]:
    """Pause the cycle collector for the block (nested blocks are fine)."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            if _SHORT[0]:
                gc.freeze()
            gc.enable()
