"""`cspr chronology`: validate the case, merge the returns and write the chronology's
files (xlsx, docx, timeline picture), all or none.

The three are made in a staging folder and swapped in together (core/files.py
`staged`): a failure while writing them (disk full, a bug, the process killed)
leaves the previous set whole, never a new workbook beside an old document.
"""

from __future__ import annotations

import hashlib
import json
from datetime import date
from pathlib import Path

from ..case.validate import Validation, validate_case, write_report
from ..core.bulk import bulk
from ..core.files import remove_stale, staged, stamp, write_text
from ..core.findings import Findings
from ..core.outcome import Outcome, warning_lines
from ..core.parallel import beside, worth_it
from ..core.timing import Timings
from .merge import merge
from .model import Chronology, ChronologyFiles
from .timeline import draw_timeline
from .word import write_docx
from .xlsx import write_xlsx


def review_period(result: Validation, start: date | None, end: date | None) -> tuple[date, date]:
    """--from/--to, each defaulting to the case's review period."""
    first, last = result.folder.review_period()
    return start or first, end or last


def build(
    case: Path,
    out: Path,
    produced: date,
    start: date | None = None,
    end: date | None = None,
    timings: Timings | None = None,
    reuse: bool = False,
) -> tuple[Validation, Chronology | None]:
    """Validate, merge and write the chronology; with any error write none, removing old ones.

    With `reuse` (the summary, the panel pack), files made from the same case files, day,
    period and code, and not changed since, are kept rather than written again."""
    with bulk():
        return _build(case, out, produced, start, end, timings, reuse)


def _build(
    case: Path,
    out: Path,
    produced: date,
    start: date | None,
    end: date | None,
    timings: Timings | None,
    reuse: bool,
) -> tuple[Validation, Chronology | None]:
    timings = timings if timings is not None else Timings()
    result = validate_case(case, timings)
    files = ChronologyFiles.at(out, result.folder.reference)
    if result.folder.case is not None or case.is_dir():
        write_report(result, out)
    if not result.ok:
        remove_stale(*files, _record(files))
        return result, None
    with timings.stage("merge"):
        chron = merge(result, review_period(result, start, end))
    made_from = _made_from(result, produced, chron.period)
    if reuse and made_from is not None and _made(files) == [made_from, _stamps(files)]:
        return result, chron
    with (
        staged(files) as (xlsx, docx, picture),
        beside(lambda: _workbook(chron, xlsx, produced), worth_it(chron.rows_in)) as workbook,
    ):
        with timings.stage("timeline"):
            draw_timeline(chron, picture)
        with timings.stage("write docx"):
            write_docx(chron, docx, produced, picture)
        with timings.stage("write xlsx (beside)"):
            result.findings += workbook()
    write_text(_record(files), json.dumps([made_from, _stamps(files)]))
    return result, chron


def _workbook(chron: Chronology, target: Path, produced: date) -> Findings:
    """Write the workbook; the warnings it gives (cells cut to Excel's limit)."""
    findings = Findings()
    write_xlsx(chron, target, produced, findings)
    return findings


def _record(files: ChronologyFiles) -> Path:
    """Where the chronology's files say what they were made from."""
    return files.xlsx.with_name(".chronology-made.json")


def _made_from(result: Validation, produced: date, period: tuple[date, date] | None) -> str | None:
    """A digest of everything the files depend on: the case's files (and the partnership's),
    the day, the period, and the chronology's and office helpers' code."""
    inputs = result.fingerprint  # the files as they were read
    if inputs is None:
        return None
    code = Path(__file__).parent
    sources = [
        stamp(f)
        for folder in (code, code.parent / "office", code.parent / "case")
        for f in sorted(folder.glob("*.py"))
    ]
    made = repr([inputs, produced.isoformat(), repr(period), sources])
    return hashlib.sha256(made.encode()).hexdigest()


def _stamps(files: ChronologyFiles) -> list[list[object]] | None:
    try:
        return [stamp(f) for f in files]
    except OSError:
        return None


def _made(files: ChronologyFiles) -> object:
    try:
        return json.loads(_record(files).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def run(
    case: Path, out: Path, today: date, start: date | None = None, end: date | None = None
) -> Outcome:
    """`cspr chronology`: the chronology's files, or the case's findings and none written."""
    result, chron = build(case, out, today, start, end)
    if chron is None:
        return Outcome(result.findings)
    files = ChronologyFiles.at(out, chron.reference)
    cut = warning_lines(f for f in result.findings if f.code == "cell-too-long")
    return Outcome(
        result.findings, [files.xlsx, files.docx], notes=[chron.summary_line()], warnings=cut
    )
