"""The review stage's returns (LLR 8.4-8.6), kept apart from the rapid review's in the case
folder's review-returns/: one file per request in review.yaml, named `<agency>-<kind>.xlsx`
(the reply template's own name), each a form of review_forms.py. The files are opened as
returns/ are (workbooks.py: content decides the type, limits checked first), and every
problem is a finding naming the file, sheet and cell.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from ..core.dates import DateError, EventDate, parse_date
from ..core.findings import Findings, cell_name
from ..core.yamlfile import yes_no
from .model import CaseFolder, ReviewRequest
from .returns import HEADER_SCAN_ROWS, normalise, return_files, text
from .review_forms import FORMS, Column, Form, Label
from .workbooks import SUPPORTED, Book, Grid, read_book

FOLDER = "review-returns"


@dataclass
class ChangeRow:
    """A row of a review return's table (organisational changes and the like)."""

    row: int  # the row in the agency's sheet (1-based)
    date: EventDate | None
    cells: dict[str, str]  # by column title


@dataclass
class ReviewReturn:
    """A return to a review-stage request (review-returns/): its answers and rows."""

    request: ReviewRequest
    file: str
    answers: dict[str, object] = field(default_factory=dict)  # by label
    rows: list[ChangeRow] = field(default_factory=list)
    readable: bool = True

    @property
    def date_completed(self) -> date | None:
        value = self.answers.get("Date completed")
        return value if isinstance(value, date) else None


def request_key(request: ReviewRequest) -> str:
    """The request's name: its reply's file name without the extension."""
    return f"{request.agency}-{request.kind}"


def review_return_files(path: Path) -> dict[str, list[Path]]:
    """The spreadsheets in review-returns/, by file name without the extension (lower case)."""
    found: dict[str, list[Path]] = {}
    for file in return_files(path, FOLDER):
        if file.suffix.lower() in SUPPORTED:
            found.setdefault(file.stem.lower(), []).append(file)
    return found


def read_review_returns(folder: CaseFolder, findings: Findings) -> dict[str, ReviewReturn]:
    """Every review-stage return in review-returns/, by request key; each file not asked for
    a finding (a request not answered is one of the date checks: review_stage.py)."""
    path, review = folder.path, folder.review
    place = path / FOLDER
    if (place.exists() or place.is_symlink()) and not place.is_dir():
        findings.add(
            "return-unreadable",
            f"{FOLDER} is a file, not a folder: the review-stage returns go in a folder named "
            f"{FOLDER} inside the case folder.",
            file=FOLDER,
        )
        return {}
    requests = {request_key(r).lower(): r for r in (review.requests if review else [])}
    chosen: dict[str, Path] = {}
    for file in return_files(path, FOLDER):
        label = f"{FOLDER}/{file.name}"
        request = requests.get(file.stem.lower())
        if file.suffix.lower() not in SUPPORTED:
            findings.add("return-unsupported", f"{label} is not a spreadsheet we read.", file=label)
        elif request is None:
            asked = ", ".join(f"{key}.xlsx" for key in requests) or "none yet"
            findings.add(
                "review-return-unrequested",
                f"{label} answers no request in review.yaml (the requests' files: {asked}); "
                "it is not read.",
                file=label,
                value=file.stem,
            )
        elif file.stem.lower() in chosen:
            first = chosen[file.stem.lower()]
            findings.add(
                "return-duplicate",
                f"Two returns for '{request_key(request)}': {FOLDER}/{first.name} and {label}; "
                "only the first is read.",
                file=label,
                field=request_key(request),
            )
        else:
            chosen[file.stem.lower()] = file
    results: dict[str, ReviewReturn] = {}
    for key, request in requests.items():
        given = chosen.get(key)
        if given is not None:
            found = read_review_return(given, request, findings)
            results[request_key(request)] = found
            named = found.answers.get("Case reference")
            if named and named != folder.reference:
                findings.add(
                    "summary-case-mismatch",
                    f"{found.file} says it is for case '{named}', not {folder.reference}.",
                    file=found.file,
                    sheet=FORMS[request.kind].sheet,
                    field="Case reference",
                    value=named,
                )
    return results


def read_review_return(path: Path, request: ReviewRequest, findings: Findings) -> ReviewReturn:
    """Read one review-stage return; every problem is a finding, never an exception."""
    label = f"{FOLDER}/{path.name}"
    result = ReviewReturn(request, label)
    form = FORMS[request.kind]
    result.readable = read_book(path, label, findings, lambda b: _read(b, form, result, findings))
    return result


def _sheet(book: Book, name: str) -> tuple[str, Grid] | None:
    """A sheet by name (case, spacing and punctuation ignored); a CSV's one grid for any."""
    if book.names == [""]:
        return "", book.sheet("")
    found = next((n for n in book.names if normalise(n) == normalise(name)), None)
    return None if found is None else (found, book.sheet(found))


def _read(book: Book, form: Form, result: ReviewReturn, findings: Findings) -> None:
    label = result.file
    answers = _sheet(book, form.sheet)
    if answers is None:
        findings.add(
            "sheet-missing",
            f"{label} has no {form.sheet} sheet (sheets: {', '.join(book.names) or 'none'}); "
            f"a {form.title.lower()} keeps its answers there.",
            file=label,
            sheet=form.sheet,
        )
    else:
        name, grid = answers
        table_at = _header(grid, form)[0] if form.columns and book.names == [""] else None
        _read_answers(grid[:table_at], name, form, result, findings)
    if form.columns:
        table = _sheet(book, form.table)
        if table is None:
            findings.add(
                "sheet-missing",
                f"{label} has no {form.table} sheet (sheets: {', '.join(book.names)}).",
                file=label,
                sheet=form.table,
            )
        else:
            _read_table(table[1], table[0], form, result, findings)


_LABELS = {form: {normalise(x.label): x for x in FORMS[form].labels} for form in FORMS}


def _read_answers(
    grid: Grid, sheet: str, form: Form, result: ReviewReturn, findings: Findings
) -> None:
    labels = _LABELS[form.kind]
    rows: dict[str, int] = {}
    for r, row in enumerate(grid, start=1):
        known = labels.get(normalise(row[0])) if row else None
        if known is not None:
            rows[known.label] = r
        if len(row) < 2 or _blank(row[1]):
            continue
        where = {"file": result.file, "sheet": sheet, "cell": cell_name(r, 1), "row": r}
        if known is None:
            findings.add(
                "summary-label-unknown",
                f"'{text(row[0])}' is not a label of the {form.title.lower()}; its answer is "
                "not used.",
                field=text(row[0]),
                value=row[1],
                **where,
            )
            continue
        value = _answer(known, row[1])
        if value is None:
            expected = "a date (dd/mm/yyyy)" if known.kind == "date" else "Yes or No"
            findings.add(
                "summary-value-invalid",
                f"'{known.label}' should be {expected}.",
                field=known.label,
                value=row[1],
                **where,
            )
            continue
        result.answers[known.label] = value
    for item in form.labels:
        if item.required and item.label not in result.answers:
            at = rows.get(item.label)
            findings.add(
                "review-return-incomplete",
                f"The {form.title.lower()} has no answer to '{item.label}'.",
                file=result.file,
                sheet=sheet,
                cell=cell_name(at, 1) if at else "",
                row=at,
                field=item.label,
            )


def _answer(item: Label, value: object) -> object:
    """An answer as its label asks for it; None when it is not that."""
    if item.kind == "date":
        try:
            return parse_date(value).earliest
        except DateError:
            return None
    if item.kind == "yes-no":
        return yes_no(value)
    return text(value)


def _header(grid: Grid, form: Form) -> tuple[int | None, dict[int, Column]]:
    """The table's header row and its columns, found in the first rows."""
    variants = {normalise(n): c for c in form.columns for n in (c.title, *c.also)}
    for r, row in enumerate(grid[:HEADER_SCAN_ROWS]):
        names = [normalise(cell) for cell in row]
        columns = {i: variants[name] for i, name in enumerate(names) if name in variants}
        if any(c.kind == "date" for c in columns.values()) and len(columns) >= 2:
            return r, columns
    return None, {}


def _read_table(
    grid: Grid, sheet: str, form: Form, result: ReviewReturn, findings: Findings
) -> None:
    label = result.file
    at, columns = _header(grid, form)
    if at is None:
        findings.add(
            "header-missing",
            f"No header row with {', '.join(c.title for c in form.columns if c.required)} "
            f"columns in the first {HEADER_SCAN_ROWS} rows of the {form.table} sheet.",
            file=label,
            sheet=sheet,
        )
        return
    for column in form.columns:
        if column.required and column not in columns.values():
            findings.add(
                "column-missing",
                f"The {form.table} table has no '{column.title}' column.",
                file=label,
                sheet=sheet,
                row=at + 1,
                field=column.title,
            )
    for r in range(at + 1, len(grid)):
        cells = grid[r]
        if all(_blank(c) for c in cells):
            continue
        row = ChangeRow(r + 1, None, {})
        for i, column in columns.items():
            value = cells[i] if i < len(cells) else ""
            where = {"file": label, "sheet": sheet, "row": r + 1, "cell": cell_name(r + 1, i)}
            if column.kind == "date":
                row.date = _date(value, column, where, findings)
            else:
                row.cells[column.title] = text(value)
                if column.required and _blank(value):
                    findings.add(
                        "review-return-incomplete",
                        f"The '{column.title}' cell is empty.",
                        field=column.title,
                        **where,
                    )
        result.rows.append(row)


def _date(
    value: object, column: Column, where: dict[str, object], findings: Findings
) -> EventDate | None:
    if _blank(value):
        findings.add("date-missing", "The change has no date.", field=column.title, **where)
        return None
    try:
        found = parse_date(value)
    except DateError as exc:
        findings.add("date-invalid", f"{exc}.", field=column.title, value=value, **where)
        return None
    if found.uncertain:
        findings.add(
            "date-uncertain",
            f"Uncertain date '{found.text}' is kept as {found.display()}.",
            field=column.title,
            value=value,
            **where,
        )
    return found


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())
