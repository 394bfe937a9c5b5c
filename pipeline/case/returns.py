"""Read one agency return: its Summary sheet and its Chronology table.

Follows CASE-FORMAT.md: sheet names and headers matched ignoring case, spacing
and punctuation; title rows above the header and blank rows skipped; extra
columns kept; every row the agency sent kept, with its sheet row for provenance.
A date cell that holds a time too gives the row its time when the Time cell is empty.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path
from types import MappingProxyType

from ..core.dates import DateError, EventDate, parse_date, parse_time
from ..core.findings import Findings, cell_name
from ..core.parallel import cores
from ..core.yamlfile import yes_no
from .load import inside
from .workbooks import Book, Grid, read_book


def return_files(path: Path, name: str = "returns") -> list[Path]:
    """The files in returns/ (or another folder of returns, e.g. review-returns/), less hidden
    files, Office lock files and links that lead out of the case folder (load.py reports
    those: they are never followed)."""
    folder = path / name
    if not folder.is_dir() or not inside(folder, path):
        return []
    return sorted(
        p
        for p in folder.iterdir()
        if p.is_file() and not p.name.startswith((".", "~$")) and inside(p, path)
    )


COLUMNS: dict[str, list[str]] = {
    "date": ["Date", "Date of event", "Event date", "Date of contact", "Start date"],
    "time": ["Time", "Time of event", "Start time"],
    "source": [
        "Source",
        "Source of information",
        "Practitioner",
        "Practitioner role",
        "Role",
        "Author",
    ],
    "event": [
        "Event",
        "Details",
        "Event details",
        "Description",
        "Contact / event",
        "What happened",
    ],
    "action": ["Action", "Action taken", "Outcome", "Action / outcome"],
    "significance": ["Significance", "Analysis", "Comment", "Significance / analysis"],
    "key_event": ["Key event", "Key", "Significant event"],
}
# An optional column (an extension), kept in the merged workbook as a column of its own.
VOICE_NAMES = [
    "Child's voice / seen alone",
    "Child's voice",
    "Voice of the child",
    "Child's views",
    "Views of the child",
    "Seen alone",
    "Child seen alone",
]
REQUIRED = ("date", "source", "event")
TITLES = {
    "date": "Date",
    "time": "Time",
    "source": "Source",
    "event": "Event",
    "action": "Action",
    "significance": "Significance",
    "key_event": "Key event",
    "voice": "Child's voice / seen alone",
}
VOICE = TITLES["voice"]

SUMMARY_LABELS: dict[str, str] = {
    "Case reference": "case_reference",  # an extension: the reply template fills it in
    "Agency": "agency",
    "Completed by": "completed_by",
    "Role": "role",
    "Email": "email",
    "Date completed": "date_completed",
    "Known to agency": "known_to_agency",
    "Involvement from": "involvement_from",
    "Involvement to": "involvement_to",
    "Summary of involvement": "summary_of_involvement",
    "Immediate actions taken": "immediate_actions_taken",
    "Records secured": "records_secured",
    "Learning identified": "learning_identified",
    "Good practice": "good_practice",
    "Still involved": "still_involved",
}
HEADER_SCAN_ROWS = 30
_YES_NO = {"known_to_agency", "records_secured", "still_involved"}


def normalise(text: object) -> str:
    """Header or label text for matching: no brackets, case, spacing or punctuation."""
    plain = re.sub(r"\([^)]*\)", "", str(text))
    return re.sub(r"[^a-z0-9]", "", plain.lower())


_HEADER_INDEX = {normalise(v): canon for canon, variants in COLUMNS.items() for v in variants}
_HEADER_INDEX |= {normalise(v): "voice" for v in VOICE_NAMES}
_LABEL_INDEX = {normalise(label): name for label, name in SUMMARY_LABELS.items()}


@dataclass
class Summary:
    """The answers on a return's Summary sheet."""

    case_reference: str = ""
    agency: str = ""
    completed_by: str = ""
    role: str = ""
    email: str = ""
    date_completed: date | None = None
    known_to_agency: bool | None = None
    involvement_from: date | None = None
    involvement_to: date | None = None
    summary_of_involvement: str = ""
    immediate_actions_taken: str = ""
    records_secured: bool | None = None
    learning_identified: str = ""
    good_practice: str = ""
    still_involved: bool | None = None


NO_EXTRA: Mapping[str, str] = MappingProxyType({})  # a row with no columns of its own


@dataclass(slots=True)
class ChronologyRow:
    """One row of an agency's chronology, with where it came from (file, sheet, row)."""

    agency: str
    file: str
    sheet: str
    row: int  # the row number in the agency's sheet (1-based)
    date: EventDate | None
    time: time | None
    time_text: str
    source: str
    event: str
    action: str
    significance: str
    key_event: bool
    extra: Mapping[str, str] = field(default_factory=dict)  # NO_EXTRA when none: shared
    duplicate_of: int | None = None  # the earlier row this one repeats exactly

    @property
    def voice(self) -> str:
        """What the agency recorded of the child's voice, or of seeing the child alone."""
        return self.extra.get(VOICE, "")

    @property
    def where(self) -> str:
        return f"{self.file}, {self.sheet + ' ' if self.sheet else ''}row {self.row}"


@dataclass
class AgencyReturn:
    """One agency's return as read: its Summary and its chronology rows."""

    agency: str
    file: str
    summary: Summary | None = None
    rows: list[ChronologyRow] = field(default_factory=list)
    extra_columns: list[str] = field(default_factory=list)
    readable: bool = True
    date_column: int | None = None


def read_return(
    path: Path, agency: str, label: str, findings: Findings, rows: bool = True
) -> AgencyReturn:
    """Read one return file; every problem is a finding, never an exception. Without `rows`,
    only its Summary: for commands that use no chronology row."""
    result = AgencyReturn(agency=agency, file=label)
    result.readable = read_book(
        path, label, findings, lambda b: _read_book(b, result, findings, rows)
    )
    return result


THREADS_FROM = 1_000_000  # bytes of returns: below, one at a time is as quick


def read_returns(
    files: list[tuple[Path, str, str]], rows: bool = True
) -> list[tuple[AgencyReturn, Findings]]:
    """Each (path, agency, label) read, with its own findings, in order. Two at a time on a
    machine with two cores or more: the spreadsheet reader (calamine) lets go of Python's
    lock while it parses a sheet, so one file is parsed while another's rows are checked."""

    def read(file: tuple[Path, str, str]) -> tuple[AgencyReturn, Findings]:
        findings = Findings()
        return read_return(*file, findings, rows=rows), findings

    if sum(_size(path) for path, _, _ in files) < THREADS_FROM or cores() < 2:
        return [read(f) for f in files]
    from concurrent.futures import ThreadPoolExecutor  # 5 ms to import: only when used

    with ThreadPoolExecutor(max_workers=min(cores(), 4)) as pool:
        return list(pool.map(read, files))


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def _read_book(book: Book, result: AgencyReturn, findings: Findings, rows: bool) -> None:
    label = result.file
    if book.names == [""]:  # CSV: the chronology, with any Summary answers above its header
        grid = book.sheet("")
        if rows:
            _read_chronology(grid, result, "", findings)
        found = find_header(grid)
        above = grid[: found[0]] if found else []
        if any(len(r) > 1 and _LABEL_INDEX.get(normalise(r[0])) for r in above):
            result.summary = _read_summary(above, label, "", findings)
        return
    sheets = {normalise(name): name for name in book.names}
    chronology = next((n for k, n in sheets.items() if "chronology" in k), None)
    summary = next((n for k, n in sheets.items() if "summary" in k), None)
    if summary is None:
        findings.add(
            "summary-missing",
            f"{label} has no Summary sheet; the agency's summary "
            "will be missing from the Combined Summary.",
            file=label,
            sheet="Summary",
        )
    else:
        result.summary = _read_summary(book.sheet(summary), label, summary, findings)
    if chronology is None:
        findings.add(
            "sheet-missing",
            f"{label} has no Chronology sheet (sheets: {', '.join(book.names) or 'none'}).",
            file=label,
            sheet="Chronology",
        )
    elif rows:
        _read_chronology(book.sheet(chronology), result, chronology, findings)


def _read_summary(grid: Grid, label: str, sheet: str, findings: Findings) -> Summary:
    summary = Summary()
    for r, row in enumerate(grid, start=1):
        if len(row) < 2 or _blank(row[1]):
            continue
        name = _LABEL_INDEX.get(normalise(row[0]))
        where = {"file": label, "sheet": sheet, "cell": cell_name(r, 1), "row": r}
        if name is None:
            findings.add(
                "summary-label-unknown",
                f"Summary label '{text(row[0])}' is not one we know; its answer is not used.",
                field=text(row[0]),
                value=row[1],
                **where,
            )
            continue
        current = getattr(summary, name)
        value: object = text(row[1])
        if name in {"date_completed", "involvement_from", "involvement_to"}:
            try:
                value = parse_date(row[1]).earliest
            except DateError as exc:
                findings.add(
                    "summary-value-invalid", f"{exc}.", field=text(row[0]), value=row[1], **where
                )
                continue
        elif isinstance(current, bool) or name in _YES_NO:
            value = yes_no(row[1])
            if value is None:
                findings.add(
                    "summary-value-invalid",
                    f"'{text(row[0])}' should be Yes or No.",
                    field=text(row[0]),
                    value=row[1],
                    **where,
                )
                continue
        setattr(summary, name, value)
    return summary


def find_header(grid: Grid) -> tuple[int, dict[int, str]] | None:
    """The header row index and its column -> canonical name map, or None."""
    for r, row in enumerate(grid[:HEADER_SCAN_ROWS]):
        columns: dict[int, str] = {}
        for c, cell in enumerate(row):
            canon = _HEADER_INDEX.get(normalise(cell))
            if canon and canon not in columns.values():
                columns[c] = canon
        if "date" in columns.values() and len(columns) >= 2:
            return r, columns
    return None


def _read_chronology(grid: Grid, result: AgencyReturn, sheet: str, findings: Findings) -> None:
    label = result.file
    found = find_header(grid)
    if found is None:
        findings.add(
            "header-missing",
            f"No header row with a Date column in the first {HEADER_SCAN_ROWS} rows of {label}.",
            file=label,
            sheet=sheet,
        )
        return
    header_at, columns = found
    header = grid[header_at]
    result.date_column = next(c for c, canon in columns.items() if canon == "date")
    for canon in REQUIRED:
        if canon not in columns.values():
            findings.add(
                "column-missing",
                f"The chronology has no '{TITLES[canon]}' column "
                f"(also written: {', '.join(COLUMNS[canon][1:])}).",
                file=label,
                sheet=sheet,
                row=header_at + 1,
                field=TITLES[canon],
            )
    extras = {
        c: text(cell) for c, cell in enumerate(header) if c not in columns and not _blank(cell)
    }
    if "voice" in columns.values():  # a second voice column keeps its own name
        extras = {c: f"{name} (2)" if name == VOICE else name for c, name in extras.items()}
    result.extra_columns = [VOICE] * ("voice" in columns.values()) + list(extras.values())
    for c, name in extras.items():
        findings.add(
            "column-extra",
            f"Extra column '{name}' is kept.",
            file=label,
            sheet=sheet,
            cell=cell_name(header_at + 1, c),
            field=name,
        )
    first_seen: dict[tuple[object, ...], int] = {}
    plain = _plain_reader(columns, extras, result, sheet)
    for r in range(header_at + 1, len(grid)):
        cells = grid[r]
        row = plain(cells, r + 1)
        if row is None:
            if all(_blank(cell) for cell in cells):
                continue
            row = _make_row(cells, r + 1, columns, extras, result, sheet, findings)
        result.rows.append(row)
        signature = tuple(cells)  # raw values: an exact repeat is an exact repeat
        if signature in first_seen:
            row.duplicate_of = first_seen[signature]
            findings.add(
                "row-duplicate",
                f"Row {r + 1} repeats row {first_seen[signature]} exactly.",
                file=label,
                sheet=sheet,
                row=r + 1,
                cell=cell_name(r + 1, 0),
            )
        else:
            first_seen[signature] = r + 1


PlainReader = Callable[[list[object], int], "ChronologyRow | None"]
DAYS: dict[date, EventDate] = {}  # each date cell's day read once: rows share them
KEY_WORDS = {"": False, "yes": True, "y": True, "no": False, "n": False}


def _plain_reader(
    columns: dict[int, str], extras: dict[int, str], result: AgencyReturn, sheet: str
) -> PlainReader:
    """Read a row quickly when it is plain: a date cell with no time in it, a time written
    hh:mm or none, text in every text cell, source and event not empty, key event blank or
    yes/no. Anything else gives None, and `_make_row` reads the row with its findings (the
    two agree wherever this one answers; tests/property/test_plain_rows.py)."""
    at = {canon: c for c, canon in columns.items()}
    width = max([*columns, *extras], default=0) + 1
    date_at, time_at, source_at, event_at = (
        at.get(k, -1) for k in ("date", "time", "source", "event")
    )
    action_at, significance_at, key_at, voice_at = (
        at.get(k, -1) for k in ("action", "significance", "key_event", "voice")
    )
    if min(date_at, source_at, event_at) < 0:
        return lambda cells, number: None
    agency, file = result.agency, result.file
    extra_names = list(extras.items())
    clocks: dict[str, time | None] = {}  # each time read once: rows share them

    def read(cells: list[object], number: int) -> ChronologyRow | None:
        if len(cells) < width:
            return None
        day = cells[date_at]
        if type(day) is not date:  # a datetime may carry a time: the careful reader
            return None
        when = cells[time_at] if time_at >= 0 else None
        clock: time | None = None
        if when is not None and when != "":
            if type(when) is not str or len(when) != 5:
                return None
            if (clock := clocks.get(when)) is None:
                try:
                    clock = clocks[when] = parse_time(when)
                except DateError:
                    return None
        # Text cells, written out rather than through a helper (five calls a row): source
        # and event must be text, not empty; the others text or empty; else the careful one
        value = cells[source_at]
        if type(value) is not str or not (source := value.strip()):
            return None
        value = cells[event_at]
        if type(value) is not str or not (event := value.strip()):
            return None
        action = significance = key_text = ""
        if action_at >= 0 and (value := cells[action_at]) is not None:
            if type(value) is not str:
                return None
            action = value.strip()
        if significance_at >= 0 and (value := cells[significance_at]) is not None:
            if type(value) is not str:
                return None
            significance = value.strip()
        if key_at >= 0 and (value := cells[key_at]) is not None:
            if type(value) is not str:
                return None
            key_text = value
        if (key := KEY_WORDS.get(key_text.strip().lower())) is None:
            return None
        if (event_date := DAYS.get(day)) is None:
            try:
                event_date = parse_date(day)
            except DateError:
                return None
            if len(DAYS) < 100_000:
                DAYS[day] = event_date
        extra: Mapping[str, str] = NO_EXTRA  # one shared empty mapping: 64 bytes a row saved
        if extra_names or voice_at >= 0:
            extra = {name: text(cells[c]) for c, name in extra_names}
            if voice_at >= 0:
                extra[VOICE] = text(cells[voice_at])
        return ChronologyRow(
            agency,
            file,
            sheet,
            number,
            event_date,
            clock,
            "" if when is None else when.strip(),
            source,
            event,
            action,
            significance,
            key,
            extra,
        )

    return read


def _make_row(
    cells: list[object],
    sheet_row: int,
    columns: dict[int, str],
    extras: dict[int, str],
    result: AgencyReturn,
    sheet: str,
    findings: Findings,
) -> ChronologyRow:
    raw = {canon: (cells[c] if c < len(cells) else "") for c, canon in columns.items()}

    def where(canon: str) -> dict[str, object]:
        col = next((c for c, name in columns.items() if name == canon), 0)
        return {
            "file": result.file,
            "sheet": sheet,
            "row": sheet_row,
            "field": TITLES[canon],
            "cell": cell_name(sheet_row, col),
        }

    event_date: EventDate | None = None
    if _blank(raw.get("date")):
        if "date" in raw:
            findings.add("date-missing", "The event has no date.", **where("date"))
    else:
        try:
            event_date = parse_date(raw["date"])
        except DateError as exc:
            findings.add("date-invalid", f"{exc}.", value=raw["date"], **where("date"))
        else:
            if event_date.uncertain:
                findings.add(
                    "date-uncertain",
                    f"Uncertain date '{event_date.text}' is kept as {event_date.display()}.",
                    value=raw["date"],
                    **where("date"),
                )
    when: time | None = None
    try:
        when = parse_time(raw.get("time"))
    except DateError as exc:
        findings.add(
            "time-invalid", f"{exc}; the text is kept.", value=raw.get("time"), **where("time")
        )
    moment = raw.get("date")  # a date cell with a time gives the row its time
    if isinstance(moment, datetime) and moment.time() != time() and _blank(raw.get("time")):
        when = parse_time(moment) if event_date else None
    for canon in ("source", "event"):
        if canon in raw and _blank(raw[canon]):
            findings.add("cell-empty", f"The '{TITLES[canon]}' cell is empty.", **where(canon))
    key = False if _blank(raw.get("key_event")) else yes_no(raw.get("key_event"))
    if key is None:
        key = False
        findings.add(
            "key-event-invalid",
            "Key event should be Yes or No; read as No.",
            value=raw.get("key_event"),
            **where("key_event"),
        )
    return ChronologyRow(
        agency=result.agency,
        file=result.file,
        sheet=sheet,
        row=sheet_row,
        date=event_date,
        time=when,
        time_text=text(raw.get("time")),
        source=text(raw.get("source")),
        event=text(raw.get("event")),
        action=text(raw.get("action")),
        significance=text(raw.get("significance")),
        key_event=key,
        extra={name: text(cells[c]) if c < len(cells) else "" for c, name in extras.items()}
        | ({VOICE: text(raw["voice"])} if "voice" in raw else {}),
    )


def text(value: object) -> str:
    """A cell value as the text a reader expects to see."""
    if type(value) is str:
        return value.strip()
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.strftime("%d/%m/%Y %H:%M") if value.time() != time() else f"{value:%d/%m/%Y}"
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, time):
        return value.strftime("%H:%M")
    return str(value).strip()


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())
