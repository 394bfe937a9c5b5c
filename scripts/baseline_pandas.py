"""Bench baseline: the plain pandas + openpyxl route over a case's xlsx returns.

    python scripts/baseline_pandas.py CASE OUT.xlsx

Read every return's Chronology sheet with pandas (openpyxl), concatenate, sort by date and
time, write one .xlsx with openpyxl. What a business office's script would do; no checks.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd


def main(case: Path, target: Path) -> None:
    frames = [
        pd.read_excel(f, sheet_name="Chronology", engine="openpyxl")
        for f in sorted((case / "returns").glob("*.xlsx"))
    ]
    merged = pd.concat(frames, ignore_index=True).sort_values(["Date", "Time"], kind="stable")
    merged.to_excel(target, index=False, engine="openpyxl")


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]))
