"""Bulk work with Python's cycle collector paused.

Reading and merging tens of thousands of rows makes objects by the hundred thousand, and
the collector runs every 700 new ones to look for cycles that rows never form: a seventh
of the chronology's time at 60,000 rows. Reference counting still frees everything as
usual; the collector is switched back on afterwards (long-running `cspr watch` included).
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def bulk() -> Iterator[None]:
    """Pause the cycle collector for the block (nested blocks are fine)."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()
