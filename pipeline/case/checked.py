"""What the last full check of each return found, in OUT/<reference>/.returns-checked.json.

Commands that use no chronology row (the referral form, the publish pack...) read the
returns' Summaries only. The case page and `cspr status` still show every finding on each
return's rows: they take them from the last full check while the return, and what its rows
are checked against (case.yaml's reference and dates, this code), is unchanged, and read in
full only a return that has changed since.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import fields, replace
from pathlib import Path

from ..core.files import write_json
from ..core.findings import CODES, Finding, Findings
from .model import Case
from .returns import AgencyReturn, read_returns
from .validate import Validation, check_return

CHECKED = ".checked"  # OUT/<reference>/.checked/<return>-<mark>.json, one file a return
_FIELDS = [f.name for f in fields(Finding)]


def save(result: Validation, out: Path) -> None:
    """Keep what a full check (rows read) found on each return (a return kept already, and
    unchanged, is not written again)."""
    case = result.folder.case
    if result.rows and case is not None:
        _keep(result, out, case, {r.file: _found(result.findings, r.file) for r in _all(result)})


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
    stale: list[tuple[Path, str, str]] = []
    for key, ret in returns.items():
        mark = _mark(result.folder.path / ret.file, ret.agency, case)
        kept = _kept(folder / _name(ret.file, mark)) if mark else None
        if kept is None:
            stale.append((result.folder.path / ret.file, key, ret.file))
        else:
            found[ret.file] = kept
    for full, findings in read_returns(stale):
        check_return(case, full, findings)
        returns[full.agency], found[full.file] = full, findings
    labels = {ret.file for ret in returns.values()}
    findings = Findings(f for f in result.findings if f.file not in labels)
    for ret in returns.values():  # in the agencies' order, as a full check lists them
        findings += found[ret.file]
    completed = replace(result, returns=returns, findings=findings)
    if keep and stale:
        _keep(completed, out, case, {label: found[label] for _, _, label in stale})
    return completed


def _all(result: Validation) -> list[AgencyReturn]:
    return list(result.returns.values())


def _found(findings: Findings, label: str) -> Findings:
    return Findings(f for f in findings if f.file == label)


def _keep(result: Validation, out: Path, case: Case, found: dict[str, Findings]) -> None:
    folder = out / result.folder.reference / CHECKED
    for ret in _all(result):
        mark = _mark(result.folder.path / ret.file, ret.agency, case)
        if ret.file not in found or mark is None:
            continue
        target = folder / _name(ret.file, mark)
        if target.is_file():
            continue
        write_json(target, [[getattr(f, name) for name in _FIELDS] for f in found[ret.file]])
        for old in folder.glob(f"{_name(ret.file, '')}*.json"):  # the return's older checks
            if old != target:
                old.unlink(missing_ok=True)


def _name(label: str, mark: str) -> str:
    """The file of a return's check: its label's digest, then the mark (see `_mark`)."""
    return f"{hashlib.sha256(label.encode()).hexdigest()[:16]}-{mark}" + (".json" if mark else "")


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


_CODE: list[str] = []


def _code() -> str:
    """The reading and checking code, as its files' names, sizes and times."""
    if not _CODE:
        here = Path(__file__).parent
        files = sorted([*here.glob("*.py"), *(here.parent / "core").glob("*.py")])
        _CODE.append(repr([(f.name, f.stat().st_size, f.stat().st_mtime_ns) for f in files]))
    return _CODE[0]


def _kept(path: Path) -> Findings | None:
    """The findings kept at `path`; None when there are none (or they cannot be read)."""
    try:
        items = json.loads(path.read_text(encoding="utf-8"))
        kept = Findings(Finding(**dict(zip(_FIELDS, item, strict=True))) for item in items)
    except (OSError, ValueError, TypeError):
        return None
    return kept if all(f.code in CODES for f in kept) else None
