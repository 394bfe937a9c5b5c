"""The tracker's files: OUT/tracker.xlsx, OUT/tracker.html (from templates/tracker.html)
and OUT/deadlines.ics."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from ..core.files import atomic_path, staged, write_text
from ..core.findings import Findings
from ..core.outcome import Outcome
from ..core.wording import long_date
from ..office.excel import HEADER_STYLE
from ..office.render import render_page
from ..rules.settings import NationalTheme, load_partnership, profile_settings
from ..rules.themes import national_counts
from .cases import Row, read_cases
from .figures import chart, figures, write_sheet
from .ics import write_ics

RAG_ORDER = {"Error": 0, "Red": 1, "Amber": 2, "Green": 3, "Closed": 4}


def write_all(
    rows: list[Row],
    out: Path,
    today: date,
    local: Path | None = None,
    national: dict[str, NationalTheme] | None = None,
) -> list[Path]:
    """Write the three tracker files; `local` is the partnership's templates folder,
    `national` its national themes (else the national profile's)."""
    targets = [out / "tracker.xlsx", out / "tracker.html", out / "deadlines.ics"]
    with staged(targets) as (xlsx, html, ics):  # the three belong together: all or none
        write_xlsx(rows, xlsx, today, national)
        pages = {r.reference for r in rows if (out / r.reference / "index.html").is_file()}
        write_html(rows, html, today, local, pages, national)
        write_ics(rows, ics, today)
    return targets


def _national(rows: list[Row], national: dict[str, NationalTheme] | None) -> list[Any]:
    """Each national theme with the cases whose themes count under it (rules/themes.py)."""
    themes = national if national is not None else profile_settings("national").national_themes
    return national_counts([(r.reference, r.national) for r in rows], themes)


CASE_COLUMNS = [
    ("Reference", 16),
    ("Child", 12),
    ("Route", 12),
    ("Incident", 13),
    ("Incident date", 12),
    ("Stage", 22),
    ("Decision", 30),
    ("Learning option", 24),
    ("Reviewer", 20),
    ("Next deadline", 40),
    ("Due", 12),
    ("Overdue", 40),
    ("RAG", 8),
    ("Publication", 12),
    ("Published until", 14),
    ("Impact follow-up due", 14),
    ("Error", 50),
]


def write_xlsx(
    rows: list[Row], target: Path, today: date, national: dict[str, NationalTheme] | None = None
) -> None:
    """tracker.xlsx: the Cases, Open deadlines, Recommendations, Themes, National themes and
    Figures sheets."""
    import xlsxwriter

    with atomic_path(target) as tmp:
        book = xlsxwriter.Workbook(str(tmp))
        book.set_properties(
            {
                "title": "Case review tracker",
                "created": datetime(today.year, today.month, today.day),
            }
        )
        head = book.add_format(HEADER_STYLE)
        text = book.add_format({"text_wrap": True, "valign": "top", "border": 1})
        day = book.add_format({"num_format": "dd/mm/yyyy", "valign": "top", "border": 1})
        rag = {
            name: book.add_format({"bold": True, "bg_color": colour, "border": 1})
            for name, colour in (
                ("Red", "#FFC7CE"),
                ("Amber", "#FFEB9C"),
                ("Green", "#C6EFCE"),
                ("Error", "#D9D9D9"),
                ("Closed", "#DDEBF7"),
            )
        }

        def sheet(name: str, columns: list[tuple[str, int]], values: list[list[Any]]) -> Any:
            ws = book.add_worksheet(name)
            for c, (title, width) in enumerate(columns):
                ws.set_column(c, c, width)
                ws.write_string(0, c, title, head)
            for r, cells in enumerate(values, start=1):
                for c, value in enumerate(cells):
                    if isinstance(value, date):
                        ws.write_datetime(r, c, datetime(value.year, value.month, value.day), day)
                    elif isinstance(value, int | float):
                        ws.write_number(r, c, value, text)
                    elif value in rag and columns[c][0] in ("RAG",):
                        ws.write_string(r, c, value, rag[value])
                    elif value:
                        ws.write_string(r, c, str(value), text)
            ws.freeze_panes(1, 0)
            ws.set_landscape()
            ws.set_paper(9)  # A4
            ws.repeat_rows(0)
            ws.fit_to_pages(1, 0)  # one page wide
            ws.set_header(f"&LOFFICIAL-SENSITIVE&C{name}&RPrinted &D")
            ws.set_footer("&CPage &P of &N")
            ws.autofilter(0, 0, max(len(values), 1), len(columns) - 1)
            return ws

        sheet(
            "Cases",
            CASE_COLUMNS,
            [
                [
                    r.reference,
                    r.pseudonym,
                    r.route,
                    r.incident,
                    r.incident_date,
                    r.stage,
                    r.decision,
                    r.learning_option,
                    r.reviewer,
                    r.next_title,
                    r.next_due,
                    "; ".join(r.overdue),
                    r.rag,
                    r.publication,
                    r.published_until,
                    r.follow_up_due,
                    r.error,
                ]
                for r in rows
            ],
        )
        deadlines = sorted(
            ((d, r) for r in rows for d in r.open),
            key=lambda x: (x[0].due or date.max, x[1].reference),
        )
        sheet(
            "Open deadlines",
            [
                ("Due", 12),
                ("Reference", 16),
                ("Child", 12),
                ("Deadline", 50),
                ("Status", 10),
                ("Counted from", 14),
                ("Source", 40),
            ],
            [
                [d.due, r.reference, r.pseudonym, d.title, d.status, d.counted_from, d.source]
                for d, r in deadlines
            ],
        )
        sheet(
            "Recommendations",
            [
                ("Reference", 16),
                ("Child", 12),
                ("Id", 6),
                ("Recommendation", 60),
                ("Owner", 30),
                ("Due", 12),
                ("Status", 14),
            ],
            [
                [
                    r.reference,
                    r.pseudonym,
                    rec["id"],
                    rec["text"],
                    rec["owner"],
                    rec["due"],
                    rec["status"],
                ]
                for r in rows
                for rec in r.recommendations
            ],
        )
        themes = Counter(t for r in rows for t in r.themes)  # each a case's themes, once
        cases_with = {t: sorted(r.reference for r in rows if t in r.themes) for t in themes}
        counted = _national(rows, national)
        names = {c.key: c.name for c in counted}
        maps = {t: names.get(k, "") for r in rows for t, k in r.national.items()}
        sheet(
            "Themes",
            [("Theme", 30), ("Cases", 8), ("Recurrent", 10), ("References", 60)]
            + [("National theme", 40)],
            [
                [t, n, "Yes" if n > 1 else "No", ", ".join(cases_with[t]), maps.get(t, "")]
                for t, n in sorted(themes.items(), key=lambda x: (-x[1], x[0]))
            ],
        )
        columns = [("National theme", 44), ("Cases", 8), ("Recurs locally", 12)]
        columns += [("Local themes", 40), ("References", 40), ("Source", 60)]
        values = [
            [c.name, len(c.cases), "Yes" if c.recurrent else "No", "; ".join(c.local)]
            + [", ".join(c.cases), c.source]
            for c in counted
        ]
        ws = sheet("National themes", columns, values)
        widths = [w - 4 for _, w in columns]  # characters a line, about
        for r, cells in enumerate(values, start=1):  # rows tall enough for wrapped text
            lines = max(len(str(v)) // w + 1 for v, w in zip(cells, widths, strict=True))
            ws.set_row(r, 15 * lines)
        write_sheet(book, figures([r.steps for r in rows], today), HEADER_STYLE, text)
        book.close()


def write_html(
    rows: list[Row],
    target: Path,
    today: date,
    local: Path | None = None,
    pages: set[str] | frozenset[str] = frozenset(),
    national: dict[str, NationalTheme] | None = None,
) -> None:
    """One self-contained page: no network, no external scripts or fonts. Each case in
    `pages` links to its case page, <reference>/index.html (pipeline/desk/page.py)."""
    ordered = sorted(
        rows, key=lambda r: (RAG_ORDER.get(r.rag, 9), r.next_due or date.max, r.reference)
    )
    context = {
        "rows": ordered,
        "today": today,
        "timeline": _timeline(rows, today),
        "counts": Counter(r.rag for r in rows),
        "pages": pages,
        "national": _national(rows, national),
        "figures": chart(figures([r.steps for r in rows], today)),
    }
    write_text(target, render_page("tracker", context, local))


def _timeline(rows: list[Row], today: date, days: int = 120) -> dict[str, Any]:
    """Positions for the upcoming-deadlines picture; overdue ones as one counted marker."""
    width, left = 960, 90
    scale = (width - left - 20) / days
    points: list[dict[str, Any]] = []
    overdue: list[str] = []
    stack = Counter[int]()
    for row in rows:
        for d in row.open:
            assert d.due is not None
            offset = (d.due - today).days
            label = f"{row.reference} {row.pseudonym}: {d.title}, {long_date(d.due)}"
            if offset < 0:
                overdue.append(label)
            elif offset <= days:
                x = left + offset * scale
                stack[round(x / 8)] += 1
                points.append(
                    {"x": round(x, 1), "y": 30 + 14 * stack[round(x / 8)], "label": label}
                )
    ticks = []
    first = today.replace(day=1)
    for month in range(5):
        day = (first + timedelta(days=32 * month)).replace(day=1)
        if today <= day <= today + timedelta(days=days):
            ticks.append(
                {"x": round(left + (day - today).days * scale, 1), "label": f"{day:%b %Y}"}
            )
    height = max([p["y"] for p in points], default=30) + 24
    shown = overdue[:20] + ([f"... and {len(overdue) - 20} more"] if len(overdue) > 20 else [])
    return {
        "points": points,
        "ticks": ticks,
        "height": max(height, 60),
        "width": width,
        "left": left,
        "overdue": len(overdue),
        "overdue_label": "\n".join(shown),
    }


def build_tracker(
    cases: Path,
    out: Path,
    today: date,
    progress: Callable[[Iterable[Path]], Iterable[Path]] | None = None,
) -> Outcome:
    """`cspr tracker`: read every case under `cases`, write the three files, count them."""
    rows = read_cases(cases, today, progress)
    national = load_partnership(cases, Findings()).national_themes  # problems: validate's
    written = write_all(rows, out, today, cases / "templates", national)
    errors = [r for r in rows if r.error]
    overdue = sum(1 for r in rows if r.overdue)
    return Outcome(
        written=written,
        closing=[f"{len(rows)} cases: {overdue} with overdue deadlines, {len(errors)} in error."],
        warnings=[f"  {row.reference}: {row.error}" for row in errors],
    )
