"""Plain-text tables for the terminal, wrapping long cells to fit."""

from __future__ import annotations

import shutil
import textwrap
from collections.abc import Sequence

from .findings import Findings


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


def findings_table(findings: Findings, case: object) -> str:
    """The findings, errors first, as a table with a closing count; or 'no problems found'."""
    if not findings:
        return f"{case}: no problems found."
    ordered = sorted(findings, key=lambda f: f.severity != "error")
    rows = [
        [
            f.severity.upper(),
            f.file,
            f.sheet,
            f.cell or (str(f.row) if f.row else ""),
            f.field,
            f.value,
            f.message,
            f.hint or str(f.as_dict()["hint"]),
        ]
        for f in ordered
    ]
    headers = ["Severity", "File", "Sheet", "Cell", "Field", "Value", "Message", "Hint"]
    return (
        table(headers, rows, wrap=(5, 6, 7))
        + f"\n\n{case}: {len(findings.errors)} error(s), {len(findings.warnings)} warning(s)."
    )
