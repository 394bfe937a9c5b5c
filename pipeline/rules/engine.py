"""Every deadline of a case, computed from rules kept as data (pipeline/rules/sets/).

A rule set is a YAML file of rules; `extends` takes another set's rules and
changes some. A profile, then partnership.yaml, picks the set (`rules:`) and
changes any rule, adds its own, or switches one off (`disabled: true`) under
`deadlines:`. An offset in `hours` counts clock time from a date-time.
"""

from __future__ import annotations

import calendar
import functools
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta
from importlib import resources
from pathlib import Path
from typing import Any, Literal

from ..core.findings import Finding, Findings
from ..core.wording import day_date, plural
from ..core.workdays import WorkingCalendar
from ..core.yamlfile import build, read_yaml, yes_no_text
from .settings import Partnership

# a `planned` rule's date is planned, then late (or passed, when nothing can meet it)
Status = Literal["met", "due", "overdue", "not-applicable", "planned", "late", "passed"]


@dataclass
class Offset:
    """How far a deadline is from its start: working days, calendar days, months or hours."""

    working_days: int | None = None
    calendar_days: int | None = None
    months: int | None = None
    hours: int | None = None  # clock hours, from a date-time (from a date: its 00:00)


@dataclass
class Rule:
    """A deadline rule: from which fact, how far, and the procedure it comes from."""

    id: str
    title: str
    start: str = field(metadata={"key": "from"})
    offset: Offset
    source: str
    direction: Literal["after", "before"] = "after"
    window_start: Offset | None = None
    met_by: str = ""
    applies: dict[str, str] = field(default_factory=dict)
    kind: Literal["deadline", "keep-until", "planned"] = "deadline"
    closed_by: str = ""  # a case date after which an unmet step is history, no longer open
    disabled: bool = False  # switched off by a profile or partnership.yaml
    fixed_by: str = ""  # a case date that, when recorded, is the due date (set in a letter)

    def dates(self) -> dict[str, str]:
        """The case dates the rule names, by its key: from, met_by, closed_by, fixed_by."""
        named = {
            "from": self.start,
            "met_by": self.met_by,
            "closed_by": self.closed_by,
            "fixed_by": self.fixed_by,
        }
        return {key: value for key, value in named.items() if value}


@dataclass
class Deadline:
    """A rule applied to a case: its due date and whether it is met, open or overdue."""

    rule: str
    title: str
    counted_from: date | None
    basis: str
    due: date | None
    window_start: date | None
    status: Status
    met_on: date | None
    source: str
    kind: str = "deadline"
    closed: bool = False  # a later stage has been reached: not an open item any more
    due_time: time | None = None  # an hours rule's time of day on `due`
    from_time: time | None = None  # the time of day of `counted_from`, when it has one

    def as_dict(self) -> dict[str, object]:
        """The deadline as deadlines.json writes it (ISO dates)."""
        data: dict[str, object] = {
            "rule": self.rule,
            "title": self.title,
            "basis": self.basis,
            "counted_from": _iso(self.counted_from, self.from_time),
            "due": _iso(self.due, self.due_time),
            "status": self.status,
            "met_on": _iso(self.met_on),
            "source": self.source,
        }
        if self.window_start:
            data["window_start"] = _iso(self.window_start)
        return data


@dataclass
class Pending:
    """A rule that applies, or may apply, but whose start date the case does not have yet."""

    rule: str
    title: str
    waiting_for: str


def load_rules(
    partnership: Partnership, findings: Findings, label: str = "partnership.yaml"
) -> list[Rule]:
    """The partnership's rule set with its profile's and its own changes applied, in
    rule-set order, less the rules switched off."""
    raw = _rule_set(partnership.rules, findings, label)
    for rule_id, change in partnership.deadlines.items():
        if rule_id not in raw and yes_no_text(change.get("disabled")) == "yes":
            findings.add(
                "rule-invalid",
                f"'deadlines.{rule_id}' switches off a rule the rule set does not have.",
                file=label,
                field=f"deadlines.{rule_id}",
            )
            continue
        raw[rule_id] = {**raw.get(rule_id, {}), **change, "id": rule_id}
    rules = []
    for rule_id, data in raw.items():
        rule = build(Rule, data, label, f"deadlines.{rule_id}", findings)
        if rule is not None and not rule.disabled:
            rules.append(rule)
    return rules


@functools.lru_cache(maxsize=16)
def _read_set(file: str, name: str) -> tuple[dict[str, Any], tuple[Finding, ...]]:
    """A shipped rule set's YAML and what reading it found, read once a process (the
    deadlines, the checks and the case page each load the rules)."""
    found = Findings()
    return read_yaml(Path(file), f"rules/sets/{name}.yaml", found) or {}, tuple(found)


def _rule_set(name: str, findings: Findings, label: str) -> dict[str, dict[str, Any]]:
    package = resources.files("pipeline.rules") / "sets"
    file = package / f"{name}.yaml"
    if not file.is_file():
        known = sorted(
            p.name.removesuffix(".yaml") for p in package.iterdir() if p.name.endswith(".yaml")
        )
        findings.add(
            "rule-invalid",
            f"Unknown rule set '{name}' (known: {', '.join(known)}).",
            file=label,
            field="rules",
            value=name,
        )
        name, file = "wt2023", package / "wt2023.yaml"
    data, problems = _read_set(str(file), name)
    findings += problems
    rules: dict[str, dict[str, Any]] = {}
    if data.get("extends"):
        rules = _rule_set(str(data["extends"]), findings, label)
    for rule in data.get("rules", []):
        rules[rule["id"]] = {**rules.get(rule["id"], {}), **rule}
    return rules


def compute(
    rules: list[Rule], given: dict[str, object], today: date, cal: WorkingCalendar
) -> tuple[list[Deadline], list[Pending]]:
    """The dated deadlines, and the rules still waiting for a start date (Pending)."""
    deadlines: list[Deadline] = []
    pending: list[Pending] = []
    for rule, facts in _each_item(rules, given):
        applies = _applies(rule, facts)
        start = facts.get(rule.start)
        if not isinstance(start, date):
            if applies is not False:
                pending.append(Pending(rule.id, rule.title, rule.start))
            continue
        if applies is None:
            conditions = [k for k in rule.applies if k not in facts]
            pending.append(Pending(rule.id, rule.title, ", ".join(conditions)))
            continue
        moment = start if isinstance(start, datetime) else None
        start = start.date() if isinstance(start, datetime) else start
        due, due_time = shift(start, rule.offset, rule.direction, cal), None
        if rule.offset.hours is not None:
            sign = -1 if rule.direction == "before" else 1
            due_at = (moment or datetime.combine(start, time())) + timedelta(
                hours=sign * rule.offset.hours
            )
            due, due_time = due_at.date(), due_at.time()
        window = shift(start, rule.window_start, rule.direction, cal) if rule.window_start else None
        fixed = facts.get(rule.fixed_by) if rule.fixed_by else None
        if isinstance(fixed, date):  # the date set in the letter, in place of the count
            due, due_time, window = fixed, None, None
        met = facts.get(rule.met_by) if rule.met_by else None
        met_on = met.date() if isinstance(met, datetime) else met
        met_on = met_on if isinstance(met_on, date) and met_on <= today else None
        if not applies:
            status: Status = "not-applicable"
        elif rule.kind == "keep-until":
            status, met_on = ("met", due) if today > due else ("due", None)
        elif rule.kind == "planned" and not met_on:
            status = "planned" if today <= due else "late" if rule.met_by else "passed"
        elif met_on:
            status = "met"
        else:
            status = "overdue" if today > due else "due"
        closed = bool(rule.closed_by) and facts.get(rule.closed_by) not in (None, False, "")
        deadlines.append(
            Deadline(
                rule.id,
                rule.title,
                start,
                f"set by {rule.fixed_by}" if isinstance(fixed, date) else describe_basis(rule),
                due,
                window,
                status,
                met_on,
                rule.source,
                rule.kind,
                closed,
                due_time,
                moment.time() if moment else None,
            )
        )
    return deadlines, pending


def _each_item(
    rules: list[Rule], facts: dict[str, object]
) -> Iterator[tuple[Rule, dict[str, object]]]:
    """Each rule with the facts it counts from. A rule naming `LIST[].KEY` is counted once
    for each item of the case's LIST (`facts["LIST[]"]`: each item's facts by KEY, with its
    `id` and `title`), as rule `<id>:<item id>` titled for the item."""
    for rule in rules:
        lists = {key.split("[]")[0] for key in rule.dates().values() if "[]" in key}
        if not lists:
            yield rule, facts
            continue
        for name in sorted(lists):
            items = facts.get(f"{name}[]")
            for item in items if isinstance(items, list) else []:
                own = facts | {f"{name}[].{key}": value for key, value in item.items()}
                title = str(item.get("title") or rule.title)
                yield replace(rule, id=f"{rule.id}:{item['id']}", title=title), own


def _applies(rule: Rule, facts: dict[str, object]) -> bool | None:
    """True or False when the case facts decide it; None while its record is missing."""
    for key, wanted in rule.applies.items():
        if key not in facts:
            return None
        if str(yes_no_text(facts[key])) != str(wanted):
            return False
    return True


def shift(start: date, offset: Offset | None, direction: str, cal: WorkingCalendar) -> date:
    """The day `offset` after (or before) `start`, counted as the offset says."""
    sign = -1 if direction == "before" else 1
    if offset is None:
        return start
    if offset.working_days is not None:
        return cal.add(start, sign * offset.working_days)
    if offset.calendar_days is not None:
        return start + timedelta(days=sign * offset.calendar_days)
    if offset.hours is not None:
        return (datetime.combine(start, time()) + timedelta(hours=sign * offset.hours)).date()
    return add_months(start, sign * (offset.months or 0))


def add_months(start: date, months: int) -> date:
    """Same day of the month `months` later; the month's last day where it is shorter."""
    index = start.year * 12 + start.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(start.day, last))


def describe_basis(rule: Rule) -> str:
    """How a rule counts, in words: "15 working days after notification.submitted"."""
    offset = rule.offset
    if offset.working_days is not None:
        amount = plural(offset.working_days, "working day")
    elif offset.calendar_days is not None:
        amount = plural(offset.calendar_days, "day")
    elif offset.hours is not None:
        amount = plural(offset.hours, "hour")
    else:
        amount = plural(offset.months or 0, "month")
    return f"{amount} {rule.direction} {rule.start}"


def in_words(d: Deadline, today: date, cal: WorkingCalendar) -> str:
    """'Rapid review complete: due by Monday 18 January 2027 (4 working days left)'."""
    if d.due is None:
        return f"{d.title}: not dated yet"
    if d.status == "not-applicable":
        return f"{d.title}: does not apply to this case"
    if d.status == "met":
        if d.met_on and d.met_on > d.due and d.kind != "keep-until":
            late = plural(cal.count(d.due, d.met_on), "working day")
            after = "after the planned date" if d.kind == "planned" else "late"
            return f"{d.title}: done {day_date(d.met_on)}, {late} {after}"
        return f"{d.title}: done {day_date(d.met_on)}"
    left = cal.count(today, d.due)
    if d.status == "late":
        late = plural(-left, "working day")
        return f"{d.title}: planned for {day_date(d.due)}, not done: {late} late"
    if d.status == "passed":
        return f"{d.title}: {day_date(d.due)} (passed)"
    if d.status == "planned":
        when = "today" if d.due == today else f"in {plural(left, 'working day')}"
        return f"{d.title}: planned for {day_date(d.due)} ({when})"
    if d.status == "overdue":
        return f"{d.title}: was due {day_date(d.due)}, {plural(-left, 'working day')} overdue"
    if d.kind == "keep-until":
        return f"{d.title} {day_date(d.due)}"
    opening = f", not before {day_date(d.window_start)}" if d.window_start else ""
    when = "due today" if d.due == today else f"{plural(left, 'working day')} left"
    at = f" at {d.due_time:%H:%M}" if d.due_time else ""
    return f"{d.title}: due by {day_date(d.due)}{at}{opening} ({when})"


def _iso(day: date | None, at: time | None = None) -> str | None:
    """ISO date, or date-time to the minute when the deadline has a time of day."""
    if day is None:
        return None
    return f"{day.isoformat()}T{at:%H:%M}" if at else day.isoformat()
