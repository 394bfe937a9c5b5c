"""Work done beside the main process, in a forked child, on a machine with more than one
processor core; elsewhere (one core, no fork) the same work is done in the process itself.

    with beside(lambda: write_workbook(...)) as workbook:
        write_document(...)        # runs while the child writes the workbook
        result = workbook()        # waits for the child: its return value, or its error

The child gets a copy of the process (nothing is sent to it); its return value comes back
pickled through a pipe. If the body fails, the child is stopped and waited for.
"""

from __future__ import annotations

import os
import pickle
import signal
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from typing import TypeVar

T = TypeVar("T")


PARALLEL_FROM = 5_000  # rows: below, a fork costs about what it saves
PARALLEL_UP_TO = 200_000  # rows: above, one process (a fork copies the memory it touches)


def worth_it(rows: int) -> bool:
    """Share work on this many rows with a second process? Only in the middle: for a few rows
    it saves nothing, and for the most it would double the memory (under 1 GiB at 500,000)."""
    return PARALLEL_FROM <= rows <= PARALLEL_UP_TO


def cores() -> int:
    """The processor cores this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on every system
        return os.cpu_count() or 1


def can_fork() -> bool:
    """Whether this system starts processes by forking (not Windows)."""
    return hasattr(os, "fork")


@contextmanager
def beside(work: Callable[[], T], parallel: bool = True) -> Iterator[Callable[[], T]]:
    """Start `work` in a child process; yield a function that waits for its result."""
    if not parallel or not can_fork() or cores() < 2:
        yield work
        return
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: do the work, send the outcome, leave without clean-up
        os.close(read)
        _child(work, write)
    os.close(write)
    waited = False

    def result() -> T:
        nonlocal waited
        with os.fdopen(read, "rb") as pipe:
            data = pipe.read()
        os.waitpid(pid, 0)
        waited = True
        if not data:
            raise RuntimeError("The helper process stopped without a result.")
        ok, value = pickle.loads(data)
        if not ok:
            raise value
        return value  # type: ignore[no-any-return]

    try:
        yield result
    finally:
        if not waited:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
            with suppress(OSError):  # already closed by result()
                os.close(read)


def _child(work: Callable[[], object], write: int) -> None:
    code = 0
    try:
        try:
            outcome: tuple[bool, object] = (True, work())
        except BaseException as exc:  # noqa: BLE001  # sent to the parent, raised there
            outcome = (False, exc)
        try:
            data = pickle.dumps(outcome)
        except Exception:  # noqa: BLE001  # a value that cannot be sent: say what it was
            value = outcome[1]
            data = pickle.dumps((False, RuntimeError(f"{type(value).__name__}: {value}")))
        with os.fdopen(write, "wb") as pipe:
            pipe.write(data)
    except BaseException:  # noqa: BLE001  # the parent sees no result and says so
        code = 1
    finally:
        os._exit(code)
