"""cspr: the command line. It parses options, calls one library function per command and
prints the Outcome it returns; nothing more.

Exit codes: 0 done; 1 the case has errors (they are listed), or a user error (CsprError:
a bad template, an unreadable file, an unwritable output folder); 2 wrong usage;
3 an internal error, a bug (reported without a traceback; CSPR_DEBUG=1 shows it).
"""

from __future__ import annotations

import errno
import functools
import gc
import json
import os
import sys
from collections.abc import Callable, Iterable, Iterator
from datetime import date
from pathlib import Path
from typing import Any, TypeVar, cast

import click

from .core.errors import CsprError
from .core.outcome import Outcome


class _Day(click.ParamType):  # type: ignore[type-arg]  # generic from click 8.2 on
    """A date written YYYY-MM-DD (read without strptime, whose import costs start-up time)."""

    name = "yyyy-mm-dd"  # shown in --help as YYYY-MM-DD

    def convert(self, value: Any, param: Any, ctx: Any) -> date:
        if isinstance(value, date):
            return value
        try:
            if len(value) == 10 and value[4] == value[7] == "-":
                return date.fromisoformat(value)
        except ValueError:
            pass
        self.fail(f"{value!r} is not a date written YYYY-MM-DD (e.g. 2026-11-23).", param, ctx)


DAY = _Day()

F = TypeVar("F", bound=Callable[..., Any])


def case_options(func: F) -> F:
    """CASE argument with --out and --today, shared by every case command that writes.

    CASE is taken as the real folder when its name is `.` or `..`; an --out inside the
    folder that holds the case folders is refused (OutputError: exit 1). When the command
    succeeds, what it wrote goes into OUT/<reference>/history.jsonl and the case page
    (index.html) is rebuilt (pipeline/desk/record.py)."""
    return _case_options(func, check_out=True)


def _case_options(body: F, check_out: bool) -> F:
    @functools.wraps(body)
    def command(case: Path, out: Path, **options: Any) -> Any:
        from .core.files import case_folder, outside_cases

        case = case_folder(case)
        if check_out and case.is_dir():
            outside_cases(out, case.resolve().parent)
        if not check_out:  # writes nothing to --out
            return body(case, out, **options)
        from .desk.record import recording

        ctx = click.get_current_context()
        with recording(case, out, str(ctx.info_name), ctx.params, _today(options.get("today"))):
            return body(case, out, **options)

    func = _out_and_today(
        cast(F, command),
        "Folder for generated files; the case's go in OUT/<reference>/. Never inside the "
        "folder that holds the case folders.",
        "Treat this ISO date as today (default: the real date).",
    )
    return click.argument("case", type=click.Path(path_type=Path))(func)


def _out_and_today(func: F, out_help: str, today_help: str) -> F:
    """The --out and --today options every command that writes takes."""
    func = click.option("--today", type=DAY, default=None, help=today_help)(func)
    return click.option(
        "--out",
        type=click.Path(file_okay=False, path_type=Path),
        default=Path("output"),
        show_default=True,
        help=out_help,
    )(func)


def _today(value: Any) -> date:
    return value if value else date.today()


WORKFLOW = [
    "validate",
    "deadlines",
    "status",
    "referral-form",
    "requests",
    "chase",
    "chronology",
    "summary",
    "meeting-record",
    "panel-pack",
    "notices",
    "review",
    "family-letters",
    "learning-brief",
    "publish-pack",
    "follow-up",
    "pdf",
    "tracker",
    "watch",
    "history",
    "check-templates",
    "profiles",
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
    from .case.validate import run_validate

    result = run_validate(case, out, _today(today))
    if as_json:
        click.echo(json.dumps(result.data, indent=2, ensure_ascii=False))
        _finish(result)
        return
    _emit(result, case, show_findings=True)


@cli.command(short_help="Every deadline, in working days.")
@case_options
@click.option("--json", "as_json", is_flag=True, help="Print the deadlines as JSON instead.")
def deadlines(case: Path, out: Path, today: Any, as_json: bool) -> None:
    """Every statutory deadline of a case, in working days; write OUT/<reference>/deadlines.json."""
    from .case.deadlines import report_deadlines

    result = report_deadlines(case, out, _today(today))
    if as_json and result.ok:
        click.echo(json.dumps(result.data, indent=2))
        return
    _emit(result, case)


@cli.command(short_help="The case at a glance: stage, what is missing, what next.")
@functools.partial(_case_options, check_out=False)  # reads OUT, writes nothing
def status(case: Path, out: Path, today: Any) -> None:
    """The case at a glance: its stage, each agency's return, what is missing (returns,
    dates, records), the next three deadlines in words, and what to do next as commands.
    Writes nothing; exits 1 (the findings listed) when the case has errors."""
    from .desk.status import case_status

    _emit(case_status(case, out, _today(today)), case)


@cli.command(short_help="The multi-agency chronology.")
@case_options
@click.option(
    "--from",
    "start",
    type=DAY,
    default=None,
    help="First day of the review period (default: review.yaml's scoping period).",
)
@click.option(
    "--to",
    "end",
    type=DAY,
    default=None,
    help="Last day of the review period.",
)
def chronology(case: Path, out: Path, today: Any, start: Any, end: Any) -> None:
    """Merge the agencies' chronologies into OUT/<reference>/multi-agency-chronology.xlsx/.docx.

    Every row an agency sent is kept; rows outside the review period go to their own sheet.
    With any error in the case folder nothing is written, and old chronology files are removed.
    """
    from .chronology.build import run

    _emit(run(case, out, _today(today), start, end), case)


@cli.command(short_help="Before the meeting: the Combined Summary.")
@case_options
def summary(case: Path, out: Path, today: Any) -> None:
    """Before the meeting: write OUT/<reference>/combined-summary.docx.

    Also refreshes the multi-agency chronology (when out of date) and deadlines.json.
    """
    from .documents.summary import build_summary

    _emit(build_summary(case, out, _today(today)), case)


@cli.command("meeting-record", short_help="After the meeting: read the filled-in summary.")
@click.argument("case", type=click.Path(path_type=Path))
@click.argument("filled", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--replace",
    is_flag=True,
    help="Replace a different record already in the case folder (kept as a dated backup).",
)
@click.option(
    "--today",
    type=DAY,
    default=None,
    help="Treat this ISO date as today (default: the real date).",
)
def meeting_record(case: Path, filled: Path, replace: bool, today: Any) -> None:
    """Read the Combined Summary filled in at the meeting (FILLED, a .docx) into the case's
    meeting record (meeting.yaml, or the meetings/ file it names), validated as meeting.yaml
    is. A case with no record gets one; a different record is never overwritten: the
    reading goes beside it as <name>.from-docx.yaml, with the differences, and replaces it
    only with --replace (the old one kept as <name>.replaced-<today>.yaml)."""
    from .core.files import case_folder
    from .documents.meeting_record import record_meeting

    case = case_folder(case)
    _emit(record_meeting(case, filled, _today(today), replace), case)


@cli.command("panel-pack", short_help="After the meeting: the pack for the Panel.")
@case_options
def panel_pack(case: Path, out: Path, today: Any) -> None:
    """After the meeting (needs meeting.yaml): the Combined Summary for the National Panel,
    its covering letter, and an outcome letter to every agency and the referrer."""
    from .publish.outgoing import build_checked_panel_pack

    _emit(build_checked_panel_pack(case, out, _today(today)), case)


@cli.command("check-templates", short_help="Check every template's fields.")
@functools.partial(_case_options, check_out=False)  # writes nothing to --out
def check_templates(case: Path, out: Path, today: Any) -> None:
    """Render every template against CASE (the example case) and report fields a template
    uses that the pipeline does not provide, and fields it provides that a template leaves
    unused. A partnership's own templates (cases/templates/<name>.docx) are checked in place
    of the defaults and said to be overridden; a broken template is a line, and the check
    goes on."""
    from .documents.catalogue import check_templates as check

    result = check(case, _today(today))
    for line in result.notes:
        click.echo(line)
    if not result.ok:
        click.echo(f"Failed: {len(result.findings.errors)} template problem(s).", err=True)
        sys.exit(1)


@cli.group(invoke_without_command=True, short_help="The partnership profiles.")
@click.pass_context
def profiles(ctx: click.Context) -> None:
    """The shipped partnership profiles (national, bhr, llr, north-somerset, bcp,
    portsmouth): each partnership's procedure as data. `profile: NAME` in
    cases/partnership.yaml chooses one."""
    if ctx.invoked_subcommand is None:
        from .rules.profiles import list_profiles

        _emit(list_profiles(), Path("profiles"))


@profiles.command("show", short_help="One profile in full.")
@click.argument("name")
@click.option(
    "--cases",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("cases"),
    show_default=True,
    help="The cases folder whose partnership.yaml overrides the profile (when it chooses it).",
)
def profiles_show(name: str, cases: Path) -> None:
    """One profile in full: its deadline rules with their sources, milestones, meetings,
    notices and settings; with cases/partnership.yaml over it when that file chooses it."""
    from .rules.profiles import show_profile

    _emit(show_profile(name, cases), Path(name))


def _valid_folder(case: Path) -> Any:
    """The validated case folder (its returns' Summaries read, not their rows, which these
    commands do not use), or exit 1 listing its errors."""
    from .case.validate import validate_case

    result = validate_case(case, rows=False)
    if not result.ok or result.folder.case is None:
        _emit(Outcome(result.findings), case)
    return result


@cli.command("referral-form", short_help="The referral form (identifying).")
@case_options
def referral_form(case: Path, out: Path, today: Any) -> None:
    """The request for a practice review (North Somerset Appendix 2), filled in from case.yaml:
    OUT/<reference>/referral-form.docx. It names the child: internal use only."""
    from .documents.referral import build_referral_form

    _emit(build_referral_form(_valid_folder(case).folder, out, _today(today)), case)


@cli.command(short_help="Request letters and reply templates.")
@case_options
def requests(case: Path, out: Path, today: Any) -> None:
    """For every agency: an information request letter and the reply template to fill in,
    OUT/<reference>/requests/<agency>-letter.docx and <agency>-return.xlsx."""
    from .documents.requests import build_requests

    _emit(build_requests(_valid_folder(case).folder, out, _today(today)), case)


@cli.command(short_help="Missing and late returns; reminders.")
@case_options
def chase(case: Path, out: Path, today: Any) -> None:
    """Agencies whose return is missing or late, with contacts and days overdue
    (also OUT/<reference>/chase.csv), and a reminder letter to each missing one."""
    from .documents.chase import build_chase

    _emit(build_chase(_valid_folder(case), out, _today(today)), case)


@cli.command(short_help="Reviewer, delay and workshop notices.")
@case_options
def notices(case: Path, out: Path, today: Any) -> None:
    """Notices once the case has their dates: reviewer appointed (National Panel, Ofsted,
    DfE), delay past six months (Panel, Secretary of State), workshop invitations."""
    from .documents.notices import build_notices

    _emit(build_notices(_valid_folder(case).folder, out, _today(today)), case)


@cli.command(short_help="The review stage's documents.")
@case_options
def review(case: Path, out: Path, today: Any) -> None:
    """Every review-stage document the case has the data for: the terms of reference
    (OUT/<reference>/review/terms-of-reference.docx), a letter and reply template for each
    request in review.yaml (review/requests/), and the notices (reviewer appointed, delay,
    workshop invitations with the practitioners' briefing). Says which it could not write
    and why, and which review-stage returns are still to come."""
    from .documents.review import build_review

    _emit(build_review(_valid_folder(case), out, _today(today)), case)


@cli.command("family-letters", short_help="Letters to the family; their involvement.")
@case_options
def family_letters(case: Path, out: Path, today: Any) -> None:
    """For each family member review.yaml lists (family:): a letter inviting them to take
    part, and one telling them the outcome and the publication date, in OUT/<reference>/family/
    (they name the family: internal use only); and OUT/<reference>/family-involvement.docx,
    who took part and why others did not, by relationship only, for the report."""
    from .publish.involvement import build_family_letters

    _emit(build_family_letters(case, out, _today(today)), case)


@cli.command("learning-brief", short_help="Learning without a full report: the brief.")
@case_options
def learning_brief(case: Path, out: Path, today: Any) -> None:
    """For a decision with no full report (other learning, no review): the learning brief and
    the 7-minute briefing from briefing.yaml, in OUT/<reference>/learning-brief/.

    Both are scanned for identifying text first; any hit that briefing.yaml or review.yaml
    does not explicitly allow stops the build (nothing is left), lists the hits in
    OUT/<reference>/learning-brief-leak-report.json and exits 1.
    """
    from .publish.brief import build_learning_brief

    _emit(build_learning_brief(case, out, _today(today)), case)


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
    from .publish.pack import build_publish_pack

    result = build_publish_pack(case, out, _today(today))
    if as_json:
        click.echo(json.dumps([f.as_dict() for f in result.findings], indent=2, ensure_ascii=False))
        sys.exit(0 if result.ok else 1)
    _emit(result, case)


@cli.command("follow-up", short_help="Six months on: the impact follow-up.")
@case_options
def follow_up(case: Path, out: Path, today: Any) -> None:
    """Six months after the action plan is complete (BCP §15): the impact follow-up
    statement, OUT/<reference>/impact-follow-up.docx, with the evidence and impact of each
    recommendation from review.yaml."""
    from .documents.follow_up import build_follow_up

    _emit(build_follow_up(_valid_folder(case).folder, out, _today(today)), case)


@cli.command(short_help="PDFs of the case's documents (LibreOffice).")
@case_options
@click.argument("what", required=False, default="")
def pdf(case: Path, out: Path, today: Any, what: str) -> None:
    """Tagged PDFs (en-GB, titled, bookmarks) beside the case's documents in OUT/<reference>/:
    every .docx, or those matching WHAT (e.g. combined-summary, 'requests/*'). Needs
    LibreOffice (apt-get install libreoffice-writer-nogui)."""
    from .publish.pdf import convert_case

    _emit(convert_case(_valid_folder(case).folder, out, _today(today), what), case)


def cases_options(out_help: str, today_help: str) -> Callable[[F], F]:
    """CASES (default cases/), --out and --today: the options of the commands over many cases."""

    def wrap(func: F) -> F:
        cases = click.Path(file_okay=False, exists=True, path_type=Path)
        func = _out_and_today(func, out_help, today_help)
        return click.argument("cases", type=cases, default=Path("cases"))(func)

    return wrap


@cli.command(short_help="Every case: xlsx, html and calendar.")
@cases_options(
    "Folder for tracker.xlsx, tracker.html and deadlines.ics.",
    "Treat this ISO date as today (default: the real date).",
)
def tracker(cases: Path, out: Path, today: Any) -> None:
    """Every case under CASES (default: cases/): OUT/tracker.xlsx, OUT/tracker.html and
    OUT/deadlines.ics. A case folder that cannot be read is a row in error, with the reason."""
    from .tracker.cases import case_folders
    from .tracker.write import build_tracker

    def progress(folders: Iterable[Path]) -> Iterator[Path]:
        bar = click.progressbar(folders, label="Reading cases", file=sys.stderr)
        with bar as items:
            yield from items

    from .core.files import outside_cases

    outside_cases(out, cases)
    many = len(case_folders(cases)) >= 50
    _emit(build_tracker(cases, out, _today(today), progress if many else None), cases)


@cli.command(short_help="Watch case folders; rebuild each case's page as files land.")
@cases_options(
    "Folder for generated files; each case's go in OUT/<reference>/.",
    "Treat this ISO date as today (default: the real date, at each rebuild).",
)
def watch(cases: Path, out: Path, today: Any) -> None:
    """Watch CASES (default cases/; or one case folder): when a file is added, changed or
    removed, validate its case and rebuild OUT/<reference>/validation.json, deadlines.json
    and index.html, one line per change. A file still being copied is waited for. Ctrl-C
    stops it (exit 0)."""
    from .desk.watch import watch_cases

    _emit(watch_cases(cases, out, today, click.echo), cases)


@cli.command(short_help="What was done: the case's history.")
@click.argument("case", type=click.Path(path_type=Path))
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("output"),
    show_default=True,
    help="The folder whose OUT/<reference>/history.jsonl is read.",
)
@click.option("--json", "as_json", is_flag=True, help="Print the entries as JSON instead.")
def history(case: Path, out: Path, as_json: bool) -> None:
    """Every command that wrote files for CASE, oldest first (OUT/<reference>/history.jsonl):
    when (UTC), the command and its --today, and the sha256 of every file it read and wrote."""
    from .core.files import case_folder
    from .desk.history import show_history

    result = show_history(case_folder(case), out)
    if as_json:
        click.echo(json.dumps(result.data, indent=2, ensure_ascii=False))
        return
    _emit(result, case)


def _emit(result: Outcome, case: Path, show_findings: bool = False) -> None:
    """Print an Outcome: the findings (always on failure), warnings, notes, files written,
    closing lines; exit 1 on any error."""
    from .core.terminal import findings_table

    if show_findings or not result.ok:
        click.echo(findings_table(result.findings, case))
    if result.ok:
        for line in result.warnings:
            click.echo(line, err=True)
        for line in result.notes:
            click.echo(line)
        for path in result.written:
            click.echo(f"  wrote {path}")
        for line in result.closing:
            click.echo(line)
    else:
        for line in result.notes:
            click.echo(line)
    _finish(result)


def _finish(result: Outcome) -> None:
    errors = result.findings.errors
    if errors:
        click.echo(f"Failed: {len(errors)} error(s); see the table above.", err=True)
        sys.exit(1)


def main() -> None:
    """The `cspr` entry point: user errors exit 1 with their message, bugs exit 3."""
    try:
        cli()
    except BrokenPipeError:  # output piped into `head` and the like
        sys.stderr.close()
        sys.exit(1)
    except CsprError as exc:
        click.echo(f"cspr: {exc}", err=True)
        sys.exit(1)
    except OSError as exc:
        if os.environ.get("CSPR_DEBUG"):
            raise
        click.echo(f"cspr: {_os_problem(exc)}", err=True)
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
    finally:  # the process ends: its last collection need not walk every row it read
        gc.freeze()  # (0.2 s at 60,000 rows); memory is freed as the process exits


def _os_problem(exc: OSError) -> str:
    """An operating-system error a user can fix, in their words."""
    where = f" {exc.filename}" if exc.filename else ""
    if exc.errno in (errno.EACCES, errno.EPERM):
        return f"permission denied:{where}. Check you may read the case folder and write OUT."
    if exc.errno == errno.ENOSPC:
        return f"the disk is full{' at' + where if where else ''}. Free some space and run again."
    return f"cannot use{where}: {exc.strerror or exc}. Check the path and run again."
