"""`make bench`: time the chronology stage on synthetic cases and print the figures.

Cases are generated once into bench-data/ (git-ignored): a large one of
30 agencies x 2,000 rows and a typical one of 8 agencies x 60 rows. Each run
happens in a fresh process so peak memory is the stage's own. The plain
approach (pandas read_excel with openpyxl, concat, sort_values, to_excel with
openpyxl) runs on the same files for comparison.
"""

from __future__ import annotations

import json
import os
import random
import statistics
import subprocess
import sys
import time
from datetime import date, timedelta
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "bench-data"
WORDS = [
    "visit",
    "home",
    "child",
    "mother",
    "partner",
    "school",
    "nursery",
    "concern",
    "referral",
    "assessment",
    "plan",
    "discussion",
    "police",
    "health",
    "bruise",
    "attended",
    "appointment",
    "missed",
    "contact",
    "strategy",
    "safeguarding",
    "review",
    "letter",
    "telephone",
    "outcome",
    "advice",
    "follow-up",
    "notes",
]

MEASURE = """
import json, resource, sys
from datetime import date
from pathlib import Path
from pipeline.chronology import build
from pipeline.timing import Timings
t = Timings()
result, chron = build(Path(sys.argv[1]), Path(sys.argv[2]), date(2026, 11, 22), timings=t)
assert chron is not None, [f.message for f in result.findings.errors][:5]
t["rows"] = len(chron.entries)
t["peak_mib"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps(t))
"""


def sentence(rng: random.Random, low: int, high: int) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(low, high))]
    return " ".join(words).capitalize() + "."


def make_case(name: str, agencies: int, rows: int) -> Path:
    import xlsxwriter

    folder = DATA / "cases" / name
    if (folder / "case.yaml").exists():
        return folder
    rng = random.Random(agencies * rows)
    (folder / "returns").mkdir(parents=True, exist_ok=True)
    keys = [f"agency-{i:02d}" for i in range(agencies)]
    case = {
        "reference": name,
        "route": "notification",
        "became_aware": date(2026, 10, 5),
        "child": {
            "pseudonym": "Child B",
            "name": "Bench Child",
            "date_of_birth": date(2012, 1, 1),
            "looked_after": False,
        },
        "incident": {
            "type": "serious-harm",
            "date": date(2026, 10, 2),
            "abuse_or_neglect": "suspected",
            "summary": "Synthetic.",
        },
        "referral": {
            "received": date(2026, 10, 5),
            "referrer": {"name": "Bench", "agency": "Bench"},
        },
        "agencies": [{"key": k, "name": f"Agency {k[-2:]}"} for k in keys],
    }
    (folder / "case.yaml").write_text(yaml.safe_dump(case, sort_keys=False))
    start = date(2013, 1, 1)
    for key in keys:
        book = xlsxwriter.Workbook(str(folder / "returns" / f"{key}.xlsx"))
        summary = book.add_worksheet("Summary")
        summary.write_row(0, 0, ["Agency", key])
        sheet = book.add_worksheet("Chronology")
        dates = book.add_format({"num_format": "dd/mm/yyyy"})
        sheet.write_row(
            0, 0, ["Date", "Time", "Source", "Event", "Action", "Significance", "Key event"]
        )
        for r in range(1, rows + 1):
            day = start + timedelta(days=rng.randrange(5000))
            sheet.write_datetime(r, 0, day, dates)
            sheet.write_string(r, 1, f"{rng.randrange(8, 18):02d}:{rng.choice(['00', '30'])}")
            sheet.write_string(r, 2, rng.choice(["Social worker", "GP", "PC 1234", "Nurse"]))
            sheet.write_string(r, 3, sentence(rng, 20, 60))
            sheet.write_string(r, 4, sentence(rng, 5, 20))
            sheet.write_string(r, 5, sentence(rng, 0, 15))
            sheet.write_string(r, 6, "Y" if rng.random() < 0.05 else "N")
        book.close()
    return folder


RUNS = 3
# As a user's machine runs it: bytecode cached (some sandboxes switch that off).
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def measure(folder: Path) -> dict[str, float]:
    """Median of RUNS fresh-process runs, stage by stage."""
    runs = []
    for _ in range(RUNS):
        proc = subprocess.run(
            [sys.executable, "-c", MEASURE, str(folder), str(DATA / "out")],
            capture_output=True,
            text=True,
            check=True,
            cwd=ROOT,
            env=ENV,
        )
        runs.append(json.loads(proc.stdout))
    return {key: statistics.median(r[key] for r in runs) for key in runs[0]}


def whole_command(folder: Path) -> float:
    cspr = Path(sys.executable).parent / "cspr"
    start = time.perf_counter()
    subprocess.run(
        [str(cspr), "chronology", str(folder), "--out", str(DATA / "out"), "--today", "2026-11-22"],
        check=True,
        capture_output=True,
        env=ENV,
    )
    return time.perf_counter() - start


def plain(folder: Path) -> float:
    """The plain approach: pandas read_excel (openpyxl), concat, sort_values, to_excel."""
    import pandas as pd

    def once() -> float:
        start = time.perf_counter()
        frames = [
            pd.read_excel(f, sheet_name="Chronology", engine="openpyxl")
            for f in sorted((folder / "returns").glob("*.xlsx"))
        ]
        merged = pd.concat(frames, ignore_index=True).sort_values(["Date", "Time"])
        merged.to_excel(DATA / "out" / "plain.xlsx", index=False, engine="openpyxl")
        return time.perf_counter() - start

    return statistics.median(once() for _ in range(RUNS))


def report(label: str, t: dict[str, float]) -> None:
    stages = ["read", "validate", "merge", "write xlsx", "timeline", "write docx"]
    total = sum(t.get(s, 0.0) for s in stages)
    print(
        f"\n{label}: {int(t['rows'])} rows, peak memory {t['peak_mib']:.0f} MiB "
        f"(median of {RUNS} runs)"
    )
    for s in stages:
        print(f"  {s:<11} {t.get(s, 0.0):7.2f} s")
    print(f"  {'total':<11} {total:7.2f} s")


def main() -> None:
    (DATA / "out").mkdir(parents=True, exist_ok=True)
    print("Generating synthetic cases (first run only)...", flush=True)
    typical = make_case("BENCH-TYPICAL", 8, 60)
    large = make_case("BENCH-LARGE", 30, 2000)
    report("Typical case (8 agencies x 60 rows)", measure(typical))
    whole_command(typical)  # the first run writes the bytecode cache, as an install would
    runs = [whole_command(typical) for _ in range(RUNS)]
    print(
        f"  whole `cspr chronology` command, start-up included: {statistics.median(runs):.2f} s "
        f"(median of {RUNS})"
    )
    big = measure(large)
    report("Large case (30 agencies x 2,000 rows)", big)
    ours = big["read"] + big["validate"] + big["merge"] + big["write xlsx"]
    baseline = plain(large)
    print(
        f"  plain pandas/openpyxl read+concat+sort+write: {baseline:.2f} s; ours (read, "
        f"validate, merge, write xlsx): {ours:.2f} s; {baseline / ours:.1f}x faster"
    )


if __name__ == "__main__":
    main()
