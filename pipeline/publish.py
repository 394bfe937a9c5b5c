"""`cspr publish-pack`: the publication pack, built only when nothing identifying is in it.

Everything is made in a staging folder, scanned by the leak scan (with the
reviewer's original report, every part of it), and only then moved into place
as OUT/<reference>/publish-pack/. Any unallowed hit: no pack at all (an earlier
one is removed too), leak-report.json lists every hit, exit 1.
"""

from __future__ import annotations

import hashlib
import io
import math
import posixpath
import re
import shutil
import tempfile
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from .case import CaseFolder
from .deadlines import load_rules
from .english import long_date, plural
from .findings import Findings
from .leaks import Allow, Hit, Scanner, terms_for
from .outputs import atomic_path, write_json, write_text
from .render import Picture, render
from .summary import common_context, prose
from .validate import Validation, validate_case
from .workdays import WorkingCalendar

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
REPORT = Path("report") / "final-report.docx"
PARTS = [
    "background",
    "why_it_matters",
    "information",
    "learning",
    "what_to_do",
    "questions",
    "further_information",
]
PART_TITLES = [
    "Background",
    "Why it matters",
    "Information",
    "Learning",
    "What to do",
    "Questions to consider",
    "Further information",
]
TRACKED = [
    "ins",
    "del",
    "moveFrom",
    "moveTo",
    "rPrChange",
    "pPrChange",
    "sectPrChange",
    "tblPrChange",
    "trPrChange",
    "tcPrChange",
    "numberingChange",
    "cellIns",
    "cellDel",
]
DROP_PARTS = re.compile(
    r"^(docProps/custom\.xml|docProps/thumbnail\.\w+|word/comments\w*\.xml|"
    r"word/people\.xml|word/printerSettings/.*|customXml/.*)$"
)


@dataclass
class Pack:
    validation: Validation
    findings: Findings = field(default_factory=Findings)
    hits: list[Hit] = field(default_factory=list)
    written: list[Path] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.validation.ok and not self.findings.errors


def build_publish_pack(case: Path, out: Path, today: date) -> Pack:
    pack = Pack(validate_case(case))
    folder = pack.validation.folder
    target = out / folder.reference / "publish-pack"
    report_json = out / folder.reference / "leak-report.json"
    if not pack.validation.ok or folder.case is None:
        return pack
    _check_ready(folder, pack.findings)
    if pack.findings.errors:
        shutil.rmtree(target, ignore_errors=True)
        return pack
    review = folder.review
    assert review is not None
    report = (folder.path / REPORT).read_bytes()
    changes = tracked_changes(report)
    if changes:
        pack.findings.add(
            "report-tracked-changes",
            f"{REPORT} still holds tracked changes ("
            + ", ".join(f"{n} {kind} in {part}" for part, kind, n in changes)
            + "); a person must decide what they mean.",
            file=str(REPORT),
        )
    scanner = Scanner(terms_for(folder.case), [Allow(a.text, a.reason) for a in review.leak_allow])
    pack.hits = scanner.scan_package(report, str(REPORT))
    staging = Path(tempfile.mkdtemp(prefix=".publish-pack-", dir=_ensure(target.parent)))
    try:
        files = _write_pack(folder, report, staging, today)
        for file in files:
            pack.hits += scanner.scan_file(file, f"publish-pack/{file.name}")
        for hit in pack.hits:
            if not hit.allowed:
                pack.findings.add(
                    "identifying-text",
                    f"{hit.what.capitalize()} in the {hit.place}: '...{hit.context}...'",
                    file=hit.file,
                    sheet=hit.part,
                    field=hit.place,
                    value=hit.text,
                )
        write_json(report_json, [h.as_dict() for h in pack.hits])
        if pack.findings.errors:
            shutil.rmtree(target, ignore_errors=True)  # no pack, and no stale one looking current
            return pack
        manifest = _manifest(folder, files, today, pack.hits, scanner)
        write_json(staging / "manifest.json", manifest)
        _swap(staging, target)
        pack.written = sorted(target.iterdir())
        return pack
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _ensure(path: Path) -> Path:
    path.mkdir(parents=True, exist_ok=True)
    return path


def _check_ready(folder: CaseFolder, findings: Findings) -> None:
    """What the pack needs, and the report-to-the-Panel timing."""
    review = folder.review
    needs = []
    if review is None:
        needs.append("review.yaml")
    if folder.briefing is None:
        needs.append("briefing.yaml (the 7-minute briefing)")
    if not (folder.path / REPORT).is_file():
        needs.append(str(REPORT))
    publication = review.publication if review else None
    if review and not (publication and publication.planned_date):
        needs.append("publication.planned_date in review.yaml")
    if review and not (publication and publication.report_sent_to_panel):
        needs.append("publication.report_sent_to_panel in review.yaml")
    for item in needs:
        findings.add(
            "publication-incomplete",
            f"The publication pack needs {item}.",
            file=item.split(" ")[0] if "/" in item or item.endswith(".yaml") else "review.yaml",
        )
    if (
        needs
        or publication is None
        or not publication.planned_date
        or not publication.report_sent_to_panel
    ):
        return
    days = report_days(folder)
    cal = WorkingCalendar()
    earliest = cal.add(publication.report_sent_to_panel, days)
    gap = cal.count(publication.report_sent_to_panel, publication.planned_date)
    if publication.planned_date < earliest:
        findings.add(
            "publication-too-early",
            f"The report went to the National Panel, Ofsted and DfE on "
            f"{long_date(publication.report_sent_to_panel)}, only "
            f"{plural(gap, 'working day')} before the planned publication on "
            f"{long_date(publication.planned_date)};"
            f" it must go at least {days} working days before. The earliest allowed "
            f"publication date is {long_date(earliest)}.",
            file="review.yaml",
            field="publication.planned_date",
            value=publication.planned_date.isoformat(),
        )


def report_days(folder: CaseFolder) -> int:
    """The partnership's working days between sending the report and publishing it."""
    rule = next(
        (r for r in load_rules(folder.partnership, Findings()) if r.id == "report-to-panel"), None
    )
    return rule.offset.working_days if rule and rule.offset.working_days is not None else 7


def tracked_changes(report: bytes) -> list[tuple[str, str, int]]:
    """(part, kind, count) of every tracked change left in a .docx."""
    kinds = {"ins": "insertions", "del": "deletions", "moveFrom": "moves", "moveTo": "moves"}
    found = []
    with zipfile.ZipFile(io.BytesIO(report)) as package:
        for name in package.namelist():
            if not (name.startswith("word/") and name.endswith(".xml")):
                continue
            xml = package.read(name).decode("utf-8", errors="replace")
            counts: dict[str, int] = {}
            for tag in TRACKED:
                n = len(re.findall(rf"<w:{tag}[\s>/]", xml))
                if n:
                    kind = kinds.get(tag, "formatting changes")
                    counts[kind] = counts.get(kind, 0) + n
            found += [(name, kind, n) for kind, n in counts.items()]
    return found


def clean_report(report: bytes, produced: date) -> bytes:
    """The report without properties, comments, revision ids, thumbnails or printer settings."""
    from lxml import etree

    source = zipfile.ZipFile(io.BytesIO(report))
    dropped = {n for n in source.namelist() if DROP_PARTS.match(n)}
    output = io.BytesIO()
    moment = datetime(produced.year, produced.month, produced.day).isoformat() + "Z"
    with source, zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as dest:
        for name in source.namelist():
            if name in dropped:
                continue
            data = source.read(name)
            if name.endswith((".xml", ".rels")):
                root = etree.fromstring(data)
                _clean_part(name, root, dropped, moment)
                data = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            dest.writestr(info, data)
    return output.getvalue()


def _clean_part(name: str, root: Any, dropped: set[str], moment: str) -> None:
    w = f"{{{W_NS}}}"
    for node in list(root.iter()):
        if not isinstance(node.tag, str):
            continue
        local = node.tag.split("}")[-1]
        if node.tag in (
            f"{w}commentRangeStart",
            f"{w}commentRangeEnd",
            f"{w}commentReference",
            f"{w}rsids",
            f"{w}attachedTemplate",
        ):
            parent = node.getparent()
            parent.remove(node)
            if (
                parent.tag == f"{w}r"
                and len(parent) == 0
                or (parent.tag == f"{w}r" and all(c.tag == f"{w}rPr" for c in parent))
            ):
                parent.getparent().remove(parent)
            continue
        for attr in [a for a in node.attrib if a.split("}")[-1].startswith("rsid")]:
            del node.attrib[attr]
        if name == "docProps/core.xml" and local in (
            "creator",
            "lastModifiedBy",
            "lastPrinted",
            "keywords",
            "description",
            "category",
        ):
            node.text = ""
        elif name == "docProps/core.xml" and local in ("created", "modified"):
            node.text = moment
        elif name == "docProps/core.xml" and local == "revision":
            node.text = "1"
        elif name == "docProps/app.xml" and local in (
            "Company",
            "Manager",
            "Template",
            "HyperlinkBase",
            "TotalTime",
        ):
            node.getparent().remove(node)
        elif local in ("Relationship", "Override"):
            target = node.get("Target") or node.get("PartName") or ""
            if local == "Relationship" and not target.startswith("/"):  # relative to the part
                owner = posixpath.dirname(posixpath.dirname(name))  # word/_rels/x.rels -> word
                target = posixpath.join(owner, target)
            if posixpath.normpath(target).lstrip("/") in dropped:
                node.getparent().remove(node)


def briefing_graphic(target: Path) -> None:
    """The seven parts as a ring of seven numbered segments."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(figsize=(3.2, 3.2), dpi=150)
    FigureCanvasAgg(fig)
    ax = fig.add_axes((0, 0, 1, 1))
    colours = ["#1F3864", "#2E75B6", "#5B9BD5", "#70AD47", "#FFC000", "#ED7D31", "#A5A5A5"]
    wedges, _ = ax.pie(
        [1] * 7,
        colors=colours,
        startangle=90,
        counterclock=False,
        wedgeprops={"width": 0.45, "edgecolor": "white", "linewidth": 2},
    )
    for i, wedge in enumerate(wedges):
        angle = (wedge.theta1 + wedge.theta2) / 2
        x, y = 0.78 * math.cos(math.radians(angle)), 0.78 * math.sin(math.radians(angle))
        ax.text(
            x,
            y,
            str(i + 1),
            ha="center",
            va="center",
            color="white",
            fontsize=13,
            fontweight="bold",
        )
    ax.text(
        0,
        0,
        "7-minute\nbriefing",
        ha="center",
        va="center",
        fontsize=10,
        fontweight="bold",
        color="#1F3864",
    )
    ax.set_aspect("equal")
    with atomic_path(target) as tmp:
        fig.savefig(tmp, format="png", transparent=True)


def _write_pack(folder: CaseFolder, report: bytes, staging: Path, today: date) -> list[Path]:
    case, review, briefing = folder.case, folder.review, folder.briefing
    assert case is not None and review is not None and briefing is not None
    publication = review.publication
    assert publication.planned_date and publication.report_sent_to_panel
    files = [staging / "final-report.docx"]
    files[0].write_bytes(clean_report(report, today))
    context = publication_context(folder, today)
    with tempfile.TemporaryDirectory() as scratch:
        graphic = Path(scratch) / "seven.png"
        briefing_graphic(graphic)
        files.append(staging / "7-minute-briefing.docx")
        render("7-minute-briefing", context | briefing_context(folder, graphic), files[-1], today)
    files.append(staging / "notice-to-national-bodies.docx")
    render("notice-to-national-bodies", context, files[-1], publication.report_sent_to_panel)
    files.append(staging / "action-plan.xlsx")
    write_action_plan(folder, files[-1], today)
    files.append(staging / "nspcc-repository-submission.txt")
    write_text(files[-1], nspcc_text(folder, context))
    return files


def publication_context(folder: CaseFolder, today: date) -> dict[str, Any]:
    """What the pack's documents share. No contact details: the pack is published."""
    case, review = folder.case, folder.review
    assert case is not None and review is not None
    publication = review.publication
    return common_context(folder.partnership, today) | {
        "marking": "OFFICIAL",
        "case": {"reference": case.reference, "pseudonym": case.child.pseudonym},
        "title": review.report_title
        or f"Local child safeguarding practice review: {case.child.pseudonym}",
        "publication": {
            "planned_date": publication.planned_date,
            "sent": publication.report_sent_to_panel,
            "full": "the full report"
            if publication.publish_full_report
            else "the improvements to be made (the full report is not published)",
        },
    }


def briefing_context(folder: CaseFolder, graphic: Path) -> dict[str, Any]:
    briefing = folder.briefing
    assert briefing is not None
    parts = []
    for number, (key, title) in enumerate(zip(PARTS, PART_TITLES, strict=True), start=1):
        value = getattr(briefing, key)
        text = "\n".join(f"\u2022 {v}" for v in value) if isinstance(value, list) else prose(value)
        parts.append({"number": number, "title": title, "text": text or "-"})
    review = folder.review
    title = briefing.title or (review.report_title if review else "") or "Learning from a review"
    return {"briefing": {"title": title, "parts": parts}, "graphic": Picture(graphic, 4.2)}


def write_action_plan(folder: CaseFolder, target: Path, today: date) -> None:
    import xlsxwriter

    from .spreadsheet import HEADER_STYLE

    review = folder.review
    assert review is not None and folder.case is not None
    with atomic_path(target) as tmp:
        book = xlsxwriter.Workbook(str(tmp))
        book.set_properties(
            {
                "title": f"Action plan {folder.reference}",
                "created": datetime(today.year, today.month, today.day),
            }
        )
        sheet = book.add_worksheet("Action plan")
        head = book.add_format(HEADER_STYLE)
        wrap = book.add_format({"text_wrap": True, "valign": "top", "border": 1})
        when = book.add_format({"num_format": "dd/mm/yyyy", "valign": "top", "border": 1})
        columns = [
            ("Recommendation", 10),
            ("Text", 60),
            ("Agencies", 24),
            ("Owner", 24),
            ("Due date", 12),
            ("Status", 14),
            ("RAG", 7),
            ("Evidence", 40),
        ]
        for col, (title, width) in enumerate(columns):
            sheet.set_column(col, col, width)
            sheet.write_string(0, col, title, head)
        names = {a.key: a.name for a in folder.case.agencies}
        for r, rec in enumerate(review.recommendations, start=1):
            sheet.write_string(r, 0, rec.id, wrap)
            sheet.write_string(r, 1, prose(rec.text), wrap)
            sheet.write_string(r, 2, ", ".join(names.get(a, a) for a in rec.agencies), wrap)
            sheet.write_string(r, 3, rec.owner, wrap)
            if rec.due:
                sheet.write_datetime(r, 4, datetime(rec.due.year, rec.due.month, rec.due.day), when)
            else:
                sheet.write_blank(r, 4, None, when)
            sheet.write_string(r, 5, rec.status or "Not started", wrap)
            sheet.write_formula(
                r,
                6,
                f'=IF(F{r + 1}="Complete","G",IF(AND(E{r + 1}<>"",E{r + 1}<TODAY()),"R","A"))',
                wrap,
            )
            sheet.write_string(r, 7, rec.evidence, wrap)
        last = max(len(review.recommendations), 1)
        sheet.data_validation(
            1,
            5,
            last + 50,
            5,
            {
                "validate": "list",
                "source": ["Not started", "In progress", "Complete", "Not achieved"],
            },
        )
        for letter, colour in (("G", "#C6EFCE"), ("A", "#FFEB9C"), ("R", "#FFC7CE")):
            sheet.conditional_format(
                1,
                0,
                last + 50,
                7,
                {
                    "type": "formula",
                    "criteria": f'=$G2="{letter}"',
                    "format": book.add_format({"bg_color": colour}),
                },
            )
        sheet.freeze_panes(1, 0)
        sheet.autofilter(0, 0, last, len(columns) - 1)
        sheet.set_landscape()
        sheet.fit_to_pages(1, 0)
        book.close()


def nspcc_text(folder: CaseFolder, context: dict[str, Any]) -> str:
    review = folder.review
    assert review is not None and review.publication.planned_date
    themes = folder.meeting.themes if folder.meeting else []
    lines = [
        f"Subject: Published case review for the national repository: {context['title']}",
        "",
        "To the NSPCC national case review repository,",
        "",
        f"{context['partnership']['name']} publishes the following local child safeguarding "
        f"practice review on {long_date(review.publication.planned_date)}:",
        "",
        f"Title: {context['title']}",
        f"Child: {context['case']['pseudonym']}",
        f"Published: {context['publication']['full']}",
        f"Publication date: {long_date(review.publication.planned_date)}",
        f"Themes: {'; '.join(themes) if themes else 'see the report'}",
        "",
        "Attached: the final report (final-report.docx) and the 7-minute briefing "
        "(7-minute-briefing.docx).",
        "",
        f"{context['partnership']['signatory']['name']}",
        f"{context['partnership']['signatory']['role']}, {context['partnership']['name']}",
        "",
    ]
    return "\n".join(lines)


def _manifest(
    folder: CaseFolder, files: list[Path], today: date, hits: list[Hit], scanner: Scanner
) -> dict[str, Any]:
    allowed: dict[tuple[str, str], int] = {}
    for hit in hits:
        if hit.allowed:
            key = (hit.text, hit.allowed)
            allowed[key] = allowed.get(key, 0) + 1
    return {
        "case_reference": folder.reference,
        "built": today.isoformat(),
        "files": [
            {
                "name": f.name,
                "bytes": f.stat().st_size,
                "sha256": hashlib.sha256(f.read_bytes()).hexdigest(),
            }
            for f in files
        ],
        "leak_scan": {
            "result": "clean",
            "scanned": [str(REPORT)] + [f"publish-pack/{f.name}" for f in files],
            "patterns": len(scanner.terms),
            "allowed": [{"text": t, "reason": r, "hits": n} for (t, r), n in allowed.items()],
        },
    }


def _swap(staging: Path, target: Path) -> None:
    """Put the new pack in place of the old in two renames."""
    final = target.parent / f".{target.name}-new"
    shutil.rmtree(final, ignore_errors=True)
    staging.rename(final)
    old = target.parent / f".{target.name}-old"
    shutil.rmtree(old, ignore_errors=True)
    if target.exists():
        target.rename(old)
    final.rename(target)
    shutil.rmtree(old, ignore_errors=True)
