"""Write pipeline/core/bank-holidays.txt: England and Wales bank holidays from `holidays`.

The `holidays` package is the authority; importing it takes about 0.1 s (it loads every
country), which is most of a `cspr validate`. The table caches its answer for the years
a case can need; `tests/test_workdays.py` fails when the two ever differ, and the
calendar asks `holidays` itself for any year outside the table.

    python scripts/make_bank_holidays.py            # write the table afresh
"""

from __future__ import annotations

import sys
from importlib.metadata import version
from pathlib import Path

import holidays

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from pipeline.core.workdays import FIRST_YEAR, LAST_YEAR, TABLE  # noqa: E402


def table() -> str:
    """The table's text: a header, then one `YYYY-MM-DD Name` line per bank holiday."""
    days = holidays.country_holidays("GB", subdiv="ENG", years=range(FIRST_YEAR, LAST_YEAR + 1))
    lines = [f"{day.isoformat()} {name}" for day, name in sorted(days.items())]
    head = [
        f"# England and Wales bank holidays {FIRST_YEAR}-{LAST_YEAR}, from the holidays package",
        f"# {version('holidays')} (scripts/make_bank_holidays.py). Do not edit by hand.",
    ]
    return "\n".join(head + lines) + "\n"


if __name__ == "__main__":
    TABLE.write_text(table(), encoding="utf-8")
    print(f"wrote {TABLE}")
