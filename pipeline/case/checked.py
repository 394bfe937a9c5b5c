"""What the last full check of each return found, in OUT/<reference>/.checked/.

Commands that use no chronology row (the referral form, the publish pack...) read the
returns' Summaries only. The case page and `cspr status` still show every finding on each
return's rows: they take them from the last full check while the return, and what its rows
are checked against (case.yaml's reference and dates, this code), is unchanged, and read in
full only a return that has changed since.
"""

from __future__ import annotations

import functools
import hashlib
import json
from dataclasses import fields, replace
from pathlib import Path

from ..core.files import stamp, write_json
from ..core.findings import CODES, Finding, Findings
from .model import Case
from .returns import read_returns
from .validate import Validation, check_return

CHECKED = ".checked"  # OUT/<reference>/.checked/<return>-<mark>.json, one file a return
_FIELDS = [f.name for f in fields(Finding)]


def save(result: Validation, out: Path) -> None:
    """Keep what a full check (rows read) found on each return (a return kept already, and
    unchanged, is not written again)."""
    case = result.folder.case
    if not result.rows or case is None:
        return
    checks = {}
    for ret in result.returns.values():
        if mark := _mark(result.folder.path / ret.file, ret.agency, case):
            checks[ret.file] = mark, Findings(f for f in result.findings if f.file == ret.file)
    _keep(out / result.folder.reference / CHECKED, checks)


def complete(result: Validation, out: Path, keep: bool = True) -> Validation:
    """`result`, read without rows, with each return's findings as a full check finds them:
    the last one's while nothing it depends on has changed, else the return read in full
    (and, with `keep`, what it found kept)."""
    case = result.folder.case
    if result.rows or case is None or not result.returns:
        return result
    folder = out / result.folder.reference / CHECKED
    returns = dict(result.returns)
    found: dict[str, Findings] = {}
    marks: dict[str, str] = {}
    stale: list[tuple[Path, str, str]] = []
    for key, ret in returns.items():
        mark = _mark(result.folder.path / ret.file, ret.agency, case)
        kept = _kept(folder / _name(ret.file, mark)) if mark else None
        if kept is None:
            stale.append((result.folder.path / ret.file, key, ret.file))
        else:
            found[ret.file] = kept
        if mark:
            marks[ret.file] = mark
    for full, findings in read_returns(stale):
        check_return(case, full, findings)
        returns[full.agency], found[full.file] = full, findings
    labels = {ret.file for ret in returns.values()}
    findings = Findings(f for f in result.findings if f.file not in labels)
    for ret in returns.values():  # in the agencies' order, as a full check lists them
        findings += found[ret.file]
    if keep:
        _keep(folder, {f: (marks[f], found[f]) for _, _, f in stale if f in marks})
    return replace(result, returns=returns, findings=findings)


def _keep(folder: Path, checks: dict[str, tuple[str, Findings]]) -> None:
    """Write each return's findings under its mark, and remove the return's older checks."""
    for label, (mark, findings) in checks.items():
        target = folder / _name(label, mark)
        if target.is_file():
            continue
        write_json(target, [[getattr(f, name) for name in _FIELDS] for f in findings])
        for old in folder.glob(f"{_prefix(label)}-*.json"):
            if old != target:
                old.unlink(missing_ok=True)


def _prefix(label: str) -> str:
    """The start of every check file of one return: its label's digest."""
    return hashlib.sha256(label.encode()).hexdigest()[:16]


def _name(label: str, mark: str) -> str:
    """The file of a return's check: its label's digest, then the mark (see `_mark`)."""
    return f"{_prefix(label)}-{mark}.json"


def _mark(path: Path, agency: str, case: Case) -> str | None:
    """What a return's findings depend on: the file (size and time), the agency it is
    read as, the case facts its rows are checked against, and the code that checks."""
    try:
        stat = path.stat()
    except OSError:
        return None
    facts = [stat.st_size, stat.st_mtime_ns, agency, case.reference]
    facts += [case.child.date_of_birth.isoformat(), case.incident.date.isoformat(), _code()]
    return hashlib.sha256(repr(facts).encode()).hexdigest()[:32]


@functools.cache
def _code() -> str:
    """The reading and checking code, as its files' names, sizes and times."""
    here = Path(__file__).parent
    files = sorted([*here.glob("*.py"), *(here.parent / "core").glob("*.py")])
    return repr([stamp(f) for f in files])


def _kept(path: Path) -> Findings | None:
    """The findings kept at `path`; None when there are none (or they cannot be read)."""
    try:
        items = json.loads(path.read_text(encoding="utf-8"))
        kept = Findings(Finding(**dict(zip(_FIELDS, item, strict=True))) for item in items)
    except (OSError, ValueError, TypeError):
        return None
    return kept if all(f.code in CODES for f in kept) else None
