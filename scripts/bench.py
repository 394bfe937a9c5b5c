"""`make bench`: whole processes timed side by side, with figures in output/bench/bench.json.

Every comparison is paired: the commands being compared run alternately (A B C, then
C B A, ...) for several rounds in the same run, each as a fresh process whose peak memory
is its own (os.wait4), so drift on a busy machine falls on all of them alike. Figures are
medians with the range. Cases are generated once into bench-data/ (git-ignored).

    python scripts/bench.py               # the standard set (about two minutes)
    python scripts/bench.py --scale       # also 300k, 500k and 1M rows (slow)
    python scripts/bench.py --rounds 7 --tracker-10k   # more rounds; 10,000 cases

The baselines are scripts beside this one: baseline_pandas.py (pandas + openpyxl: read,
concat, sort, write) and baseline_floor.py (calamine, sort, sheet XML written directly).
"""

from __future__ import annotations

import json
import os
import platform
import random
import shutil
import statistics
import subprocess
import sys
import threading
import time
from datetime import date, timedelta
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "bench-data"
REPORT = ROOT / "output" / "bench" / "bench.json"
SCRIPTS = ROOT / "scripts"
PYTHON = sys.executable
CSPR = str(Path(sys.executable).parent / "cspr")
TODAY = "2026-11-22"
EXAMPLE = ROOT / "cases" / "NS-2026-011"
# As a user's machine runs it: bytecode cached (some sandboxes switch that off).
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}

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
    write_returns(folder, keys, rows, date(2013, 1, 1), rng)
    return folder


def make_publishable(name: str, rows: int) -> Path:
    """The example case (ready to publish) with `rows` chronology rows from each agency."""
    folder = DATA / "cases" / name
    if (folder / "case.yaml").exists():
        return folder
    shutil.copytree(EXAMPLE, folder, ignore=shutil.ignore_patterns("returns"))
    shutil.copy(EXAMPLE.parent / "partnership.yaml", folder.parent / "partnership.yaml")
    (folder / "returns").mkdir()
    case = yaml.safe_load((folder / "case.yaml").read_text())
    case["reference"] = name
    (folder / "case.yaml").write_text(yaml.safe_dump(case, sort_keys=False))
    keys = [a["key"] for a in case["agencies"]]
    born = case["child"]["date_of_birth"]
    write_returns(
        folder, keys, rows, born, random.Random(rows), days=(date(2026, 11, 1) - born).days
    )
    return folder


def write_returns(
    folder: Path, keys: list[str], rows: int, start: date, rng: random.Random, days: int = 5000
) -> None:
    """An .xlsx return for each agency: a Summary and `rows` chronology rows from `start`."""
    import xlsxwriter

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
            day = start + timedelta(days=rng.randrange(days))
            sheet.write_datetime(r, 0, day, dates)
            sheet.write_string(r, 1, f"{rng.randrange(8, 18):02d}:{rng.choice(['00', '30'])}")
            sheet.write_string(r, 2, rng.choice(["Social worker", "GP", "PC 1234", "Nurse"]))
            sheet.write_string(r, 3, sentence(rng, 20, 60))
            sheet.write_string(r, 4, sentence(rng, 5, 20))
            sheet.write_string(r, 5, sentence(rng, 0, 15))
            sheet.write_string(r, 6, "Y" if rng.random() < 0.05 else "N")
        book.close()


def run_once(
    argv: list[str], cwd: Path = ROOT, sample: bool = False
) -> tuple[float, float, float, float]:
    """Seconds, processor seconds, peak memory of the biggest process (MiB, its own maximum
    resident size) and, with `sample`, peak memory of the whole process tree (MiB,
    proportional set size sampled every 10 ms: a page shared by a forked child counts once;
    the sampling takes processor time, so timed runs do not sample)."""
    start = time.perf_counter()
    proc = subprocess.Popen(
        argv, cwd=cwd, env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    tree: list[float] = [0.0]
    done = threading.Event()

    def measure() -> None:
        while sample and not done.wait(0.01):
            tree[0] = max(tree[0], tree_pss(proc.pid))

    sampler = threading.Thread(target=measure, daemon=True)
    sampler.start()
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - start
    done.set()
    sampler.join()
    if os.waitstatus_to_exitcode(status) not in (0,):
        err = proc.stderr.read().decode() if proc.stderr else ""
        raise SystemExit(f"bench: {' '.join(argv)} failed: {err[-500:]}")
    cpu = usage.ru_utime + usage.ru_stime  # its children's too, once they are waited for
    return seconds, cpu, usage.ru_maxrss / 1024, tree[0]


def tree_pss(pid: int) -> float:
    """MiB the process and its descendants use now, shared pages shared out (Linux)."""
    total = 0
    todo = [pid]
    while todo:
        here = todo.pop()
        try:
            with open(f"/proc/{here}/smaps_rollup") as f:
                total += next(int(line.split()[1]) for line in f if line.startswith("Pss:"))
            for task in Path(f"/proc/{here}/task").iterdir():
                todo += [int(c) for c in (task / "children").read_text().split()]
        except (OSError, StopIteration, ValueError):
            continue
    return total / 1024


def paired(name: str, commands: dict[str, list[str]], rounds: int) -> dict[str, object]:
    """Run the commands alternately for `rounds` rounds; medians, ranges and memory."""
    trees: dict[str, list[float]] = {label: [] for label in commands}
    for label, argv in commands.items():  # a first run warms caches and samples memory
        trees[label].append(run_once(argv, sample=True)[3])
    times: dict[str, list[float]] = {label: [] for label in commands}
    cpus: dict[str, list[float]] = {label: [] for label in commands}
    peaks: dict[str, list[float]] = {label: [] for label in commands}
    order = list(commands)
    for r in range(rounds):
        for label in order if r % 2 == 0 else order[::-1]:
            seconds, cpu, peak, _ = run_once(commands[label])
            times[label].append(seconds)
            cpus[label].append(cpu)
            peaks[label].append(peak)
    figures = {
        label: {
            "median_s": round(statistics.median(times[label]), 3),
            "min_s": round(min(times[label]), 3),
            "max_s": round(max(times[label]), 3),
            "cpu_s": round(statistics.median(cpus[label]), 3),
            "peak_mib": round(max(peaks[label]), 1),
            "tree_pss_mib": round(max(trees[label]), 1),
        }
        for label in commands
    }
    print(f"\n{name} ({rounds} rounds, alternating)")
    first = order[0]
    for label in order:
        f = figures[label]
        ratio = f["median_s"] / figures[first]["median_s"]
        print(
            f"  {label:<34} {f['median_s']:7.2f} s  ({f['min_s']:.2f}-{f['max_s']:.2f})  "
            f"cpu {f['cpu_s']:6.2f} s  {f['peak_mib']:6.0f} MiB (tree {f['tree_pss_mib']:.0f})  "
            f"{ratio:5.2f}x {first if label != first else ''}"
        )
    return {"name": name, "rounds": rounds, "figures": figures}


def case_command(command: str, case: Path) -> list[str]:
    return [CSPR, command, str(case), "--out", str(DATA / "out"), "--today", TODAY]


def chronology(case: Path) -> list[str]:
    return case_command("chronology", case)


def machine() -> dict[str, object]:
    cpu = ""
    info = Path("/proc/cpuinfo")
    if info.exists():
        cpu = next(
            (
                line.split(":", 1)[1].strip()
                for line in info.read_text().splitlines()
                if line.startswith("model name")
            ),
            "",
        )
    return {
        "cpu": cpu or platform.processor(),
        "cores": os.cpu_count(),
        "python": platform.python_version(),
        "system": platform.platform(),
        "date": date.today().isoformat(),
    }


def main() -> None:
    args = sys.argv[1:]
    rounds = int(args[args.index("--rounds") + 1]) if "--rounds" in args else 5
    (DATA / "out").mkdir(parents=True, exist_ok=True)
    print("Generating synthetic cases (first run only)...", flush=True)
    typical = make_case("BENCH-TYPICAL", 8, 60)
    large = make_case("BENCH-LARGE", 30, 2000)
    out = DATA / "out"
    results = [
        paired(
            "60,000 rows (30 x 2,000): whole processes",
            {
                "cspr chronology (xlsx+docx+timeline)": chronology(large),
                "pandas + openpyxl (xlsx only)": [
                    PYTHON,
                    str(SCRIPTS / "baseline_pandas.py"),
                    str(large),
                    str(out / "p.xlsx"),
                ],
                "floor: calamine + XML (xlsx only)": [
                    PYTHON,
                    str(SCRIPTS / "baseline_floor.py"),
                    str(large),
                    str(out / "f.xlsx"),
                ],
            },
            rounds,
        ),
        paired(
            "Typical case (8 x 60) and the example case: whole commands",
            {
                "cspr chronology (typical)": chronology(typical),
                "cspr summary (example)": [
                    CSPR,
                    "summary",
                    str(EXAMPLE),
                    "--out",
                    str(out),
                    "--today",
                    TODAY,
                ],
                "cspr validate (example)": [
                    CSPR,
                    "validate",
                    str(EXAMPLE),
                    "--out",
                    str(out),
                    "--today",
                    TODAY,
                ],
                "cspr --help": [CSPR, "--help"],
            },
            rounds,
        ),
    ]
    publishable = make_publishable("BENCH-PUBLISH", 7500)  # 8 agencies: 60,000 rows
    results.append(
        paired(
            "60,000 rows: commands that use no chronology row, and validate (reads them all)",
            {
                "cspr publish-pack": case_command("publish-pack", publishable),
                "cspr referral-form": case_command("referral-form", publishable),
                "cspr validate": case_command("validate", publishable),
            },
            rounds,
        )
    )
    count = 10000 if "--tracker-10k" in args else 1000
    tracker = make_tracker_cases(count)
    results.append(
        paired(
            f"Tracker over {count:,} cases",
            {
                "cspr tracker": [
                    CSPR,
                    "tracker",
                    str(tracker),
                    "--out",
                    str(DATA / "tracker-out"),
                    "--today",
                    TODAY,
                ]
            },
            rounds,
        )
    )
    results.append(no_op_make(tracker, rounds))
    if "--scale" in args:
        for agencies, rows in ((100, 3000), (100, 5000), (100, 10000)):
            case = make_case(f"BENCH-{agencies * rows // 1000}K", agencies, rows)
            results.append(
                paired(f"{agencies * rows:,} rows", {"cspr chronology": chronology(case)}, 1)
            )
    REPORT.parent.mkdir(parents=True, exist_ok=True)
    REPORT.write_text(json.dumps({"machine": machine(), "results": results}, indent=1) + "\n")
    print(f"\nFigures written to {REPORT.relative_to(ROOT)}")


def no_op_make(cases: Path, rounds: int) -> dict[str, object]:
    """`make tracker` and `make validate` again with nothing changed: should do nothing."""
    out = DATA / "tracker-out"
    make = shutil.which("make") or "make"
    tracker = [make, "-s", "tracker", f"CASES={cases}", f"OUT={out}", f"TODAY={TODAY}"]
    validate = [make, "-s", "validate", f"CASE={EXAMPLE}", f"OUT={out}", f"TODAY={TODAY}"]
    return paired(
        "No-op make (nothing changed)", {"make tracker": tracker, "make validate": validate}, rounds
    )


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
    root = DATA / f"tracker-cases-{n}"
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


if __name__ == "__main__":
    main()
