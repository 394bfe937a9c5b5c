"""Plain-text tables for the terminal, wrapping long cells to fit."""

from __future__ import annotations

import shutil
import textwrap
from collections.abc import Sequence


def table(
    headers: Sequence[str],
    rows: Sequence[Sequence[str]],
    wrap: Sequence[int] = (),
    width: int | None = None,
) -> str:
    """Columns sized to their content; the columns in `wrap` share what room is left."""
    width = width or max(shutil.get_terminal_size((160, 24)).columns, 100)
    cols = len(headers)
    sizes = [max([len(headers[i])] + [len(r[i]) for r in rows]) for i in range(cols)]
    fixed = sum(sizes[i] for i in range(cols) if i not in wrap) + 2 * (cols - 1)
    if wrap:
        room = max(width - fixed, 20 * len(wrap))
        want = sum(sizes[i] for i in wrap) or 1
        for i in wrap:
            sizes[i] = max(min(sizes[i], room * sizes[i] // want), min(sizes[i], 20))
    lines = [_line(headers, sizes), _line(["-" * s for s in sizes], sizes)]
    for row in rows:
        cells = [
            textwrap.wrap(row[i], sizes[i]) or [""] if i in wrap else [row[i]] for i in range(cols)
        ]
        for k in range(max(len(c) for c in cells)):
            lines.append(_line([c[k] if k < len(c) else "" for c in cells], sizes))
    return "\n".join(lines)


def _line(cells: Sequence[str], sizes: Sequence[int]) -> str:
    return "  ".join(c.ljust(s) for c, s in zip(cells, sizes, strict=True)).rstrip()
