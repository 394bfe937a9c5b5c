"""cspr: the command line. It parses options and calls the library; nothing more.

Exit codes: 0 done; 1 the case has errors (they are listed); 2 wrong usage;
3 an internal error (reported without a traceback; CSPR_DEBUG=1 shows it).
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any, TypeVar

import click

F = TypeVar("F", bound=Callable[..., Any])


def case_options(func: F) -> F:
    """CASE argument with --out and --today, shared by every case command."""
    func = click.option(
        "--today",
        type=click.DateTime(["%Y-%m-%d"]),
        default=None,
        help="Treat this ISO date as today (default: the real date).",
    )(func)
    func = click.option(
        "--out",
        type=click.Path(file_okay=False, path_type=Path),
        default=Path("output"),
        show_default=True,
        help="Folder for generated files; the case's go in OUT/<reference>/.",
    )(func)
    func = click.argument("case", type=click.Path(path_type=Path))(func)
    return func


def _today(value: Any) -> date:
    return value.date() if value else date.today()


WORKFLOW = [
    "validate",
    "deadlines",
    "referral-form",
    "requests",
    "chase",
    "chronology",
    "summary",
    "panel-pack",
    "notices",
    "publish-pack",
    "tracker",
    "check-templates",
]


class Workflow(click.Group):
    """Lists the commands in the order a case goes through them."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(self.commands, key=lambda c: WORKFLOW.index(c) if c in WORKFLOW else 99)


@click.group(cls=Workflow, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="cspr-pipeline")
def cli() -> None:
    """Case review documents for Safeguarding Children Partnerships.

    CASE is a case folder (cases/<reference>/) as CASE-FORMAT.md describes; outputs go to
    OUT/<reference>/ (default output/). Commands are listed in the order a case meets them.
    """


@cli.command(short_help="Check a case folder and its returns.")
@case_options
@click.option("--json", "as_json", is_flag=True, help="Print the findings as JSON instead.")
def validate(case: Path, out: Path, today: Any, as_json: bool) -> None:
    """Check a case folder and its agency returns; write OUT/<reference>/validation.json.

    Exits 1 when there is any error; warnings (such as a missing return) do not fail.
    """
    from .validate import validate_case, write_report

    result = validate_case(case)
    if result.folder.case is not None or case.is_dir():
        write_report(result, out)
    if as_json:
        click.echo(json.dumps(result.report(), indent=2, ensure_ascii=False))
    else:
        _print_findings(result.findings, case)
        missing = [f.field for f in result.findings if f.code == "return-missing"]
        if missing:
            click.echo(f"Returns still missing: {', '.join(missing)}")
    _finish(result.findings)


@cli.command(short_help="Every deadline, in working days.")
@case_options
@click.option("--json", "as_json", is_flag=True, help="Print the deadlines as JSON instead.")
def deadlines(case: Path, out: Path, today: Any, as_json: bool) -> None:
    """Every statutory deadline of a case, in working days; write OUT/<reference>/deadlines.json."""
    from .deadlines import in_words
    from .english import short_date
    from .findings import Findings
    from .outputs import write_json
    from .tables import table
    from .validate import case_deadlines_for, validate_case
    from .workdays import WorkingCalendar

    result = validate_case(case)
    folder = result.folder
    if folder.case is None:
        _print_findings(result.findings, case)
        _finish(result.findings)
    findings = Findings()
    found, pending = case_deadlines_for(result, _today(today), findings)
    if findings.errors:
        _print_findings(findings, case)
        _finish(findings)
    write_json(out / folder.reference / "deadlines.json", [d.as_dict() for d in found])
    if as_json:
        click.echo(json.dumps([d.as_dict() for d in found], indent=2))
        return
    cal = WorkingCalendar()
    rows = [
        [
            d.rule,
            short_date(d.window_start),
            short_date(d.due),
            d.status,
            short_date(d.met_on),
            in_words(d, _today(today), cal),
            d.source,
        ]
        for d in found
    ]
    click.echo(
        f"Deadlines for {folder.reference} as of {_today(today):%d/%m/%Y} "
        f"({folder.partnership.rules} rules)\n"
    )
    click.echo(
        table(["Rule", "From", "Due", "Status", "Met on", "In words", "Source"], rows, wrap=(5, 6))
    )
    waiting: dict[str, list[str]] = {}
    for p in pending:
        waiting.setdefault(p.waiting_for, []).append(p.rule)
    for needs, rules in waiting.items():
        click.echo(f"  Not dated until the case has {needs}: {', '.join(rules)}")


@cli.command(short_help="The multi-agency chronology.")
@case_options
@click.option(
    "--from",
    "start",
    type=click.DateTime(["%Y-%m-%d"]),
    default=None,
    help="First day of the review period (default: review.yaml's scoping period).",
)
@click.option(
    "--to",
    "end",
    type=click.DateTime(["%Y-%m-%d"]),
    default=None,
    help="Last day of the review period.",
)
def chronology(case: Path, out: Path, today: Any, start: Any, end: Any) -> None:
    """Merge the agencies' chronologies into OUT/<reference>/multi-agency-chronology.xlsx/.docx.

    Every row an agency sent is kept; rows outside the review period go to their own sheet.
    With any error in the case folder nothing is written, and old chronology files are removed.
    """
    from .chronology import build

    result, chron = build(case, out, _today(today), start and start.date(), end and end.date())
    if chron is None:
        _print_findings(result.findings, case)
        _finish(result.findings)
        return
    click.echo(chron.summary_line())
    for name in ("multi-agency-chronology.xlsx", "multi-agency-chronology.docx"):
        click.echo(f"  wrote {out / chron.reference / name}")


@cli.command(short_help="Before the meeting: the Combined Summary.")
@case_options
def summary(case: Path, out: Path, today: Any) -> None:
    """Before the meeting: write OUT/<reference>/combined-summary.docx.

    Also refreshes the multi-agency chronology and deadlines.json.
    """
    from .summary import build_summary

    _report_documents(build_summary(case, out, _today(today)), case)


@cli.command("panel-pack", short_help="After the meeting: the pack for the Panel.")
@case_options
def panel_pack(case: Path, out: Path, today: Any) -> None:
    """After the meeting (needs meeting.yaml): the Combined Summary for the National Panel,
    its covering letter, and an outcome letter to every agency and the referrer."""
    from .summary import build_panel_pack

    _report_documents(build_panel_pack(case, out, _today(today)), case)


@cli.command("check-templates", short_help="Check every template's fields.")
@case_options
def check_templates(case: Path, out: Path, today: Any) -> None:
    """Render every template against CASE (the example case) and report fields a template
    uses that the pipeline does not provide, and fields it provides that a template leaves unused.
    """
    import tempfile

    from .catalogue import template_contexts
    from .render import TemplateError, fields_used, render

    problems = 0
    with tempfile.TemporaryDirectory() as scratch:
        contexts = template_contexts(case, Path(scratch), _today(today))
        for name, context in contexts.items():
            used = fields_used(name)
            unknown = sorted(used - set(context))
            unused = sorted(set(context) - used)
            try:
                render(name, context, Path(scratch) / f"{name}.docx", _today(today))
                status = "renders"
            except TemplateError as exc:
                status, problems = f"FAILS: {exc}", problems + 1
            problems += bool(unknown)
            click.echo(f"{name}.docx: {status}")
            if unknown:
                click.echo(f"  unknown fields (not provided): {', '.join(unknown)}")
            click.echo(f"  unused fields: {', '.join(unused) or 'none'}")
    if problems:
        click.echo(f"Failed: {problems} template problem(s).", err=True)
        sys.exit(1)


def _load_valid(case: Path) -> Any:
    """The validated case folder, or exit 1 listing its errors."""
    from .validate import validate_case

    result = validate_case(case)
    if not result.ok or result.folder.case is None:
        _print_findings(result.findings, case)
        _finish(result.findings)
    return result


@cli.command("referral-form", short_help="The referral form (identifying).")
@case_options
def referral_form(case: Path, out: Path, today: Any) -> None:
    """The request for a practice review (North Somerset Appendix 2), filled in from case.yaml:
    OUT/<reference>/referral-form.docx. It names the child: internal use only."""
    from .referral import build_referral_form

    result = _load_valid(case)
    click.echo(f"  wrote {build_referral_form(result.folder, out, _today(today))}")


@cli.command(short_help="Request letters and reply templates.")
@case_options
def requests(case: Path, out: Path, today: Any) -> None:
    """For every agency: an information request letter and the reply template to fill in,
    OUT/<reference>/requests/<agency>-letter.docx and <agency>-return.xlsx."""
    from .information import build_requests

    result = _load_valid(case)
    for path in build_requests(result.folder, out, _today(today)):
        click.echo(f"  wrote {path}")


@cli.command(short_help="Missing and late returns; reminders.")
@case_options
def chase(case: Path, out: Path, today: Any) -> None:
    """Agencies whose return is missing or late, with contacts and days overdue
    (also OUT/<reference>/chase.csv), and a reminder letter to each missing one."""
    from .english import short_date
    from .information import chase_list, write_chase
    from .tables import table

    result = _load_valid(case)
    chases = chase_list(result, _today(today))
    if not chases:
        click.echo("Every agency's return is in, on time.")
    else:
        rows = [
            [
                c.agency.key,
                c.agency.name,
                c.agency.contact.name,
                c.agency.contact.email,
                c.agency.contact.phone,
                c.status,
                short_date(c.due),
                str(c.days_overdue),
            ]
            for c in chases
        ]
        click.echo(
            table(
                [
                    "Agency",
                    "Name",
                    "Contact",
                    "Email",
                    "Phone",
                    "Status",
                    "Due",
                    "Working days overdue",
                ],
                rows,
                wrap=(1,),
            )
        )
    for path in write_chase(result, chases, out, _today(today)):
        click.echo(f"  wrote {path}")


@cli.command(short_help="Reviewer, delay and workshop notices.")
@case_options
def notices(case: Path, out: Path, today: Any) -> None:
    """Notices once the case has their dates: reviewer appointed (National Panel, Ofsted,
    DfE), delay past six months (Panel, Secretary of State), workshop invitations."""
    from .notices import build_notices

    result = _load_valid(case)
    made = build_notices(result.folder, out, _today(today))
    for path in made.written:
        click.echo(f"  wrote {path}")
    for reason in made.skipped:
        click.echo(f"  not produced: {reason}")


@cli.command("publish-pack", short_help="Before publication: the pack, leak-scanned.")
@case_options
@click.option("--json", "as_json", is_flag=True, help="Print the findings as JSON instead.")
def publish_pack(case: Path, out: Path, today: Any, as_json: bool) -> None:
    """Before publication: OUT/<reference>/publish-pack/ (cleaned final report, 7-minute
    briefing, notice to the national bodies, action plan, NSPCC repository text, manifest).

    Every file, and every part of the reviewer's report, is scanned for identifying text
    first; any hit that review.yaml does not explicitly allow stops the build (no pack is
    left), lists the hits in OUT/<reference>/leak-report.json and exits 1.
    """
    from .findings import Findings
    from .publish import build_publish_pack

    pack = build_publish_pack(case, out, _today(today))
    every = Findings([*pack.validation.findings, *pack.findings])
    if as_json:
        click.echo(json.dumps([f.as_dict() for f in every], indent=2, ensure_ascii=False))
        _finish_quietly(every)
    if not pack.ok:
        _print_findings(every, case)
        _finish(every)
    allowed = [h for h in pack.hits if h.allowed]
    click.echo(f"Leak scan: clean ({len(allowed)} allowed hit(s) listed in the manifest).")
    for path in pack.written:
        click.echo(f"  wrote {path}")


@cli.command(short_help="Every case: xlsx, html and calendar.")
@click.argument(
    "cases", type=click.Path(file_okay=False, exists=True, path_type=Path), default=Path("cases")
)
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("output"),
    show_default=True,
    help="Folder for tracker.xlsx, tracker.html and deadlines.ics.",
)
@click.option(
    "--today",
    type=click.DateTime(["%Y-%m-%d"]),
    default=None,
    help="Treat this ISO date as today (default: the real date).",
)
def tracker(cases: Path, out: Path, today: Any) -> None:
    """Every case under CASES (default: cases/): OUT/tracker.xlsx, OUT/tracker.html and
    OUT/deadlines.ics. A case folder that cannot be read is a row in error, with the reason."""
    from .tracker import case_folders, read_cases, write_all

    day = _today(today)
    many = len(case_folders(cases)) >= 50

    def progress(folders: Any) -> Any:
        bar = click.progressbar(folders, label="Reading cases", file=sys.stderr)
        with bar as items:
            yield from items

    rows = read_cases(cases, day, progress if many else None)
    for path in write_all(rows, out, day):
        click.echo(f"  wrote {path}")
    errors = [r for r in rows if r.error]
    overdue = sum(1 for r in rows if r.overdue)
    click.echo(f"{len(rows)} cases: {overdue} with overdue deadlines, {len(errors)} in error.")
    for row in errors:
        click.echo(f"  {row.reference}: {row.error}", err=True)


def _finish_quietly(findings: Any) -> None:
    sys.exit(1 if findings.errors else 0)


def _report_documents(result: Any, case: Path) -> None:
    from .findings import Findings

    if not result.validation.ok or result.findings.errors:
        every = Findings([*result.validation.findings, *result.findings])
        _print_findings(every, case)
        _finish(every)
    for finding in result.validation.findings:
        if finding.code in ("meeting-inquorate", "return-missing"):
            click.echo(f"Warning: {finding.message}", err=True)
    for path in result.written:
        click.echo(f"  wrote {path}")


def _print_findings(findings: Any, case: Path) -> None:
    from .tables import table

    if not findings:
        click.echo(f"{case}: no problems found.")
        return
    ordered = sorted(findings, key=lambda f: f.severity != "error")
    rows = [
        [
            f.severity.upper(),
            f.file,
            f.sheet,
            f.cell or (str(f.row) if f.row else ""),
            f.field,
            f.value,
            f.message,
            f.hint or f.as_dict()["hint"],
        ]
        for f in ordered
    ]
    click.echo(
        table(
            ["Severity", "File", "Sheet", "Cell", "Field", "Value", "Message", "Hint"],
            rows,
            wrap=(5, 6, 7),
        )
    )
    click.echo(f"\n{case}: {len(findings.errors)} error(s), {len(findings.warnings)} warning(s).")


def _finish(findings: Any) -> None:
    if findings.errors:
        click.echo(f"Failed: {len(findings.errors)} error(s); see the table above.", err=True)
        sys.exit(1)


def main() -> None:
    try:
        cli()
    except BrokenPipeError:  # output piped into `head` and the like
        sys.stderr.close()
        sys.exit(1)
    except Exception as exc:  # the last guard: a user never sees a traceback
        if os.environ.get("CSPR_DEBUG"):
            raise
        click.echo(
            f"cspr: internal error: {type(exc).__name__}: {exc}\n"
            "Please report this with the command you ran (CSPR_DEBUG=1 shows details).",
            err=True,
        )
        sys.exit(3)
