"""Prove a refactor changes nothing: every command's exit code, stdout and stderr, and every file.

`run` copies a case (and its sibling partnership.yaml) to DIR/_cases/, runs every cspr command
on the copy with a fixed --today and COLUMNS=160, and writes DIR/commands.json (exit code, stdout,
stderr of each command, with DIR/_cases, DIR/output and the source tree shown as <CASES>, <OUT>
and <SRC>) and the generated files under DIR/output/. `compare` checks two such folders: the
commands and every file under output/ and _cases/ (sha256); it exits 0 only when all match.
Exceptions, listed as notes: Office files that differ in nothing but a core.xml created or
modified time stamped from the wall clock during their own run (requests/*-return.xlsx do),
and the desk's history.jsonl and index.html, which record when each command ran.

Before and after a refactor (stdlib only; run it with any Python 3.11):

    git worktree add /tmp/before HEAD~N        # the code before the change
    python3 -m venv /tmp/before/.venv && /tmp/before/.venv/bin/pip install -q -e '/tmp/before[dev]'
    python scripts/compare_outputs.py run --cspr /tmp/before/.venv/bin/cspr \\
        --case /tmp/before/cases/NS-2026-011 --out /tmp/baseline --today 2026-11-26
    python scripts/compare_outputs.py run --cspr .venv/bin/cspr \\
        --case cases/NS-2026-011 --out /tmp/after --today 2026-11-26
    python scripts/compare_outputs.py compare /tmp/baseline /tmp/after

(Or run `run` into /tmp/baseline before starting the change, then again after it.)
"""

from __future__ import annotations

import argparse
import difflib
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import zipfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

TREES = ("output", "_cases")  # compared file by file; _cases catches writes into the case
# An Office file's creation time, which a library stamps from the wall clock when none is given.
STAMP = re.compile(rb"(<dcterms:(?:created|modified)[^>]*>)([^<]*)(<)")
# The desk's record and page say when each command ran: they differ from run to run by design.
CLOCKED = {"history.jsonl", "index.html"}
CASE_COMMANDS = [  # in this order, each as: cspr NAME CASE [OPTION] --out OUT --today TODAY
    *["validate", "validate --json", "deadlines", "deadlines --json", "chronology", "summary"],
    *["panel-pack", "referral-form", "requests", "chase", "notices", "publish-pack"],
]


def subcommands(cspr: str, env: dict[str, str]) -> list[str]:
    """The command names listed under 'Commands:' by `cspr --help`."""
    text = subprocess.run([cspr, "--help"], capture_output=True, text=True, env=env).stdout
    listing = text.split("Commands:", 1)[1] if "Commands:" in text else ""
    return re.findall(r"^  (\S+)", listing, flags=re.MULTILINE)


def run(cspr: str, case: Path, out: Path, today: str) -> None:
    cspr = str(Path(cspr).absolute())
    case, out = case.resolve(), out.resolve()
    cases, output = out / "_cases", out / "output"
    for stale in (cases, output):
        shutil.rmtree(stale, ignore_errors=True)
    (out / "commands.json").unlink(missing_ok=True)
    shutil.copytree(case, cases / case.name)
    if (case.parent / "partnership.yaml").exists():
        shutil.copy2(case.parent / "partnership.yaml", cases / "partnership.yaml")
    env = {**os.environ, "COLUMNS": "160", "LC_ALL": "C.UTF-8", "TZ": "UTC"}
    probe = [str(Path(cspr).with_name("python")), "-c", "import pipeline; print(pipeline.__file__)"]
    src = Path(
        subprocess.run(probe, capture_output=True, text=True, check=True, cwd=out).stdout.strip()
    )
    places = {str(cases): "<CASES>", str(output): "<OUT>", str(src.parent.parent): "<SRC>"}

    def scrub(text: str) -> str:
        for path, name in sorted(places.items(), key=lambda item: -len(item[0])):
            text = text.replace(path, name)
        return text

    target, dated = str(cases / case.name), ["--out", str(output), "--today", today]
    argvs = [[*cmd.split()[:1], target, *cmd.split()[1:], *dated] for cmd in CASE_COMMANDS]
    argvs += [["tracker", str(cases), *dated], ["check-templates", target, *dated]]
    argvs += [["--help"], ["--version"]] + [[name, "--help"] for name in subcommands(cspr, env)]
    records: list[dict[str, object]] = []
    start = datetime.now(UTC)
    for argv in argvs:
        done = subprocess.run([cspr, *argv], capture_output=True, text=True, env=env, cwd=out)
        command = scrub(" ".join(["cspr", *argv]))
        print(f"exit {done.returncode}  {command}")
        texts = {"stdout": scrub(done.stdout), "stderr": scrub(done.stderr)}
        records.append({"command": command, "exit": done.returncode, **texts})
    clock = {"start": start.isoformat(), "end": datetime.now(UTC).isoformat()}
    text = json.dumps({"clock": clock, "commands": records}, indent=2, ensure_ascii=False) + "\n"
    (out / "commands.json").write_text(text, encoding="utf-8")
    print(f"{len(records)} commands, {len(digests(out))} files -> {out}")


def digests(root: Path) -> dict[str, str]:
    """sha256 of every file under root's compared trees, by path relative to root."""
    files = sorted(p for tree in TREES for p in (root / tree).rglob("*") if p.is_file())
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest() for p in files
    }


def unclocked(path: Path, clock: dict[str, str]) -> str:
    """sha256 of an Office zip with core.xml times that fall inside its run's clock masked."""
    start = datetime.fromisoformat(clock["start"]).replace(microsecond=0) - timedelta(seconds=1)
    end = datetime.fromisoformat(clock["end"]) + timedelta(seconds=1)

    def mask(m: re.Match[bytes]) -> bytes:
        try:
            during = start <= datetime.fromisoformat(m[2].decode()) <= end
        except (ValueError, TypeError):  # not a time, or one without a zone
            during = False
        return m[1] + (b"<RUN-CLOCK>" if during else m[2]) + m[3]

    digest = hashlib.sha256()
    with zipfile.ZipFile(path) as book:
        for info in book.infolist():
            body = book.read(info)
            if info.filename == "docProps/core.xml":
                body = STAMP.sub(mask, body)
            head = (info.filename, info.date_time, info.compress_type, info.external_attr)
            digest.update(repr(head).encode() + hashlib.sha256(body).digest())
    return digest.hexdigest()


def text_diff(before: str, after: str, label: str) -> list[str]:
    old, new = before.splitlines(), after.splitlines()
    shown = list(difflib.unified_diff(old, new, f"before {label}", f"after {label}", lineterm=""))
    return shown[:40] + ([f"... {len(shown) - 40} more diff lines"] if len(shown) > 40 else [])


def compare(before: Path, after: Path) -> int:
    runs = [json.loads((r / "commands.json").read_text(encoding="utf-8")) for r in (before, after)]
    was, now = ({str(c["command"]): c for c in run["commands"]} for run in runs)
    old, new = digests(before), digests(after)
    found, notes = 0, []

    def report(line: str, *details: str) -> None:
        nonlocal found
        found += 1
        print(line, *details, sep="\n  ")

    for name in sorted(old.keys() - new.keys()):
        report(f"only before: {name}")
    for name in sorted(new.keys() - old.keys()):
        report(f"only after:  {name}")
    for name in sorted(n for n in old.keys() & new.keys() if old[n] != new[n]):
        if Path(name).name in CLOCKED:
            notes.append(f"note: a record of when things ran, so it differs by design: {name}")
            continue
        sides = [(before / name, runs[0]["clock"]), (after / name, runs[1]["clock"])]
        zips = zipfile.is_zipfile(before / name) and zipfile.is_zipfile(after / name)
        if zips and len({unclocked(path, clock) for path, clock in sides}) == 1:
            notes.append(f"note: differs only in its run-time core.xml created/modified: {name}")
            continue
        report(f"differs:     {name}")
    for command in [c for c in was if c not in now]:
        report(f"command only before: {command}")
    for command in [c for c in now if c not in was]:
        report(f"command only after:  {command}")
    for command in [c for c in was if c in now]:
        a, b = was[command], now[command]
        if a["exit"] != b["exit"]:
            report(f"exit differs: {command}", f"{a['exit']} -> {b['exit']}")
        for key in ("stdout", "stderr"):
            if a[key] != b[key]:
                report(f"{key} differs: {command}", *text_diff(a[key], b[key], key))
    for note in notes:
        print(note)
    files, commands = len(old.keys() | new.keys()), len(was.keys() | now.keys())
    verdict = f"DIFFERENT ({found} findings)" if found else "identical"
    clocked = f" ({len(notes)} apart from their run-time stamps)" if notes else ""
    print(f"{verdict}: {files} files{clocked}, {commands} commands")
    return 1 if found else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    sub = parser.add_subparsers(dest="action", required=True)
    record = sub.add_parser("run", help="run every command on a copy of the case")
    record.add_argument("--cspr", required=True, help="the cspr executable to test")
    record.add_argument("--case", required=True, type=Path, help="the case folder")
    record.add_argument("--out", required=True, type=Path, help="folder for the results")
    record.add_argument("--today", default="2026-11-26", help="the ISO date used as today")
    check = sub.add_parser("compare", help="compare two `run` folders")
    check.add_argument("before", type=Path)
    check.add_argument("after", type=Path)
    args = parser.parse_args()
    if args.action == "run":
        run(args.cspr, args.case, args.out, args.today)
        return 0
    return compare(args.before, args.after)


if __name__ == "__main__":
    sys.exit(main())
