"""The `cspr` command as a process: Python's cycle collector off, then the CLI.

A command is a short run that makes its objects and ends: rows, documents and pages form
no reference cycles worth collecting, and reference counting frees everything else as
usual. With the collector on, start-up alone cost 9 ms of the 150 that `cspr validate`
takes, and after bulk work its next run scanned every row again (70 ms at 60,000 rows).
`cspr watch`, the one long run, switches it back on.
"""

from __future__ import annotations

import gc


def main() -> None:
    gc.disable()
    from .cli import main as cli

    cli()
