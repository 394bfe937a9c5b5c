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
from pipeline.chronology.build import build
from pipeline.core.timing import Timings
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


THEMES = [
    "Unseen men",
    "Information sharing",
    "Was not brought",
    "Neglect",
    "Domestic abuse",
    "Parental mental health",
    "Adolescent risk",
    "Safe sleep",
]
OUTCOMES = ["lcspr", "no-review", "other-learning", "national-review"]


def make_tracker_cases(n: int) -> Path:
    """n synthetic case folders at mixed stages, with returns; 1 in 100 broken on purpose."""
    root = DATA / "tracker-cases"
    if (root / f"T-{n - 1:04d}" / "case.yaml").exists():
        return root
    rng = random.Random(n)
    for i in range(n):
        ref = f"T-{i:04d}"
        folder = root / ref
        (folder / "returns").mkdir(parents=True, exist_ok=True)
        stage = i % 10
        incident = date(2026, 11, 1) - timedelta(days=40 * stage + rng.randrange(30))
        keys = [f"agency-{k}" for k in range(6)]
        case: dict[str, object] = {
            "reference": ref,
            "route": "referral" if stage == 0 else "notification",
            "became_aware": incident + timedelta(days=1),
            "child": {
                "pseudonym": f"Child {chr(65 + i % 26)}",
                "name": f"Synthetic Child {i}",
                "date_of_birth": date(2015, 1, 1),
                "looked_after": i % 7 == 0,
            },
            "incident": {
                "type": "death" if i % 9 == 0 else "serious-harm",
                "date": incident,
                "abuse_or_neglect": "suspected",
                "summary": "Synthetic.",
            },
            "referral": {
                "received": incident + timedelta(days=1),
                "referrer": {"name": "Bench", "agency": "Bench"},
            },
            "agencies": [{"key": k, "name": k.title()} for k in keys],
        }
        if stage >= 1:
            case["notification"] = {"submitted": incident + timedelta(days=3)}
            case["referral"]["requests_sent"] = incident + timedelta(days=2)  # type: ignore[index]
        (folder / "case.yaml").write_text(yaml.safe_dump(case, sort_keys=False))
        for k in keys[: 0 if stage < 2 else 3 if stage == 2 else 6]:
            (folder / "returns" / f"{k}.csv").write_text("Date,Source,Event\n01/01/2026,A,B\n")
        if stage >= 4:
            outcome = OUTCOMES[i % 4]
            decision = {"outcome": outcome, "rationale": "Synthetic."}
            if outcome == "other-learning":
                decision["learning_option"] = "multi-agency-learning-event"
            meeting = {
                "date": incident + timedelta(days=18),
                "decision": decision,
                "attendees": [
                    {"name": "A", "agency": "LA", "partner": "local-authority"},
                    {"name": "B", "agency": "Police", "partner": "police"},
                    {"name": "C", "agency": "ICB", "partner": "health"},
                ],
                "themes": rng.sample(THEMES, 2),
            }
            (folder / "meeting.yaml").write_text(yaml.safe_dump(meeting, sort_keys=False))
        if stage >= 6:
            review: dict[str, object] = {
                "reviewer": {"name": "A Reviewer", "commissioned": incident + timedelta(days=30)},
                "recommendations": [
                    {
                        "id": "R1",
                        "text": "Synthetic recommendation.",
                        "owner": "Owner",
                        "due": incident + timedelta(days=400),
                    }
                ],
            }
            if stage >= 7:
                review["completed"] = incident + timedelta(days=200)
            if stage >= 8:
                review["publication"] = {
                    "planned_date": incident + timedelta(days=300),
                    "report_sent_to_panel": incident + timedelta(days=285),
                }
            if stage >= 9:
                review["action_plan_completed"] = incident + timedelta(days=330)
            (folder / "review.yaml").write_text(yaml.safe_dump(review, sort_keys=False))
        if i % 100 == 99:
            (folder / "case.yaml").write_text("reference: [broken\n")
    return root


def bench_tracker() -> None:
    cases = make_tracker_cases(1000)
    out = DATA / "tracker-out"
    cspr = Path(sys.executable).parent / "cspr"
    command = [str(cspr), "tracker", str(cases), "--out", str(out), "--today", "2026-11-22"]
    runs = []
    for _ in range(RUNS):
        start = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True, env=ENV)
        runs.append(time.perf_counter() - start)
    print(
        f"\nTracker over 1,000 cases (whole command): {statistics.median(runs):.2f} s "
        f"(median of {RUNS})"
    )
    make = ["make", "-s", "tracker", f"CASES={cases}", f"OUT={out}", "TODAY=2026-11-22"]
    subprocess.run(make, check=True, capture_output=True, cwd=ROOT)
    start = time.perf_counter()
    again = subprocess.run(make, check=True, capture_output=True, text=True, cwd=ROOT)
    rebuilt = "wrote" in again.stdout
    print(
        f"  no-change re-run of make tracker: {time.perf_counter() - start:.2f} s, "
        f"{'REBUILT (unexpected)' if rebuilt else 'rebuilt nothing'}"
    )


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
    bench_tracker()


if __name__ == "__main__":
    main()
