"""A case's facts by key path, for the deadline rules; and the check that every rule names
a date the case can record (the case format's, or a milestone its profile declares)."""

from __future__ import annotations

import dataclasses
import types
import typing
from datetime import datetime
from typing import Any

from ..core.findings import Findings
from ..rules.engine import Rule, load_rules
from .model import Briefing, Case, CaseFolder, Meeting, Review
from .panel_response import FACTS as PANEL_FACTS
from .panel_response import first_facts, loop_facts, panel_loop
from .review_stage import ITEM_FACTS, review_facts

# worked out from the returns, and from the meetings the Panel's responses answer
EXTRA_FACTS = {"returns.all_received", *PANEL_FACTS, *ITEM_FACTS}  # and the review's items


def case_facts(folder: CaseFolder, extra: dict[str, object] | None = None) -> dict[str, object]:
    """Every case fact by its key path (`notification.submitted`, `milestones.<key>`,
    `meetings.<kind>.date`), for rules to use."""
    facts: dict[str, object] = {}
    _flatten(folder.case, "", facts)
    _flatten(folder.meeting, "meeting.", facts)
    for meeting in folder.meetings:  # by date: the latest of each kind wins
        _flatten(meeting, f"meetings.{meeting.kind}.", facts)
    _flatten(folder.review, "review.", facts)
    facts |= review_facts(folder)  # its timetable and requests, item by item
    facts |= loop_facts(panel_loop(folder.meetings)) | first_facts(folder.meetings, folder.meeting)
    _flatten(folder.briefing, "briefing.", facts)
    if folder.case is not None:
        facts |= {f"milestones.{k}": v for k, v in folder.case.milestones.items()}
    facts.update(extra or {})
    return facts


def _flatten(obj: object, prefix: str, out: dict[str, object]) -> None:
    if obj is None or not dataclasses.is_dataclass(obj):
        return
    for f in dataclasses.fields(obj):
        value = getattr(obj, f.name)
        key = prefix + str(f.metadata.get("key", f.name))
        if dataclasses.is_dataclass(value):
            _flatten(value, key + ".", out)
        elif not isinstance(value, list | dict):
            out[key] = value  # None too: the object exists, this fact is absent


def known_facts(folder: CaseFolder) -> set[str]:
    """Every fact a case of this partnership can record, whether or not this one has."""
    settings = folder.partnership
    known = set(EXTRA_FACTS) | {f"milestones.{k}" for k in settings.milestones}
    known |= _keys(Case, "") | _keys(Meeting, "meeting.") | _keys(Review, "review.")
    known |= _keys(Briefing, "briefing.")
    for kind in settings.meetings:
        known |= _keys(Meeting, f"meetings.{kind}.")
    return known


def _keys(cls: type[Any], prefix: str) -> set[str]:
    keys: set[str] = set()
    hints = typing.get_type_hints(cls)
    for f in dataclasses.fields(cls):
        key = prefix + str(f.metadata.get("key", f.name))
        hint = hints[f.name]
        if typing.get_origin(hint) in (typing.Union, types.UnionType):
            hint = next(a for a in typing.get_args(hint) if a is not type(None))
        if dataclasses.is_dataclass(hint):
            keys |= _keys(typing.cast(type[Any], hint), key + ".")
        elif typing.get_origin(hint) not in (list, dict):
            keys.add(key)
    return keys


def check_rules(folder: CaseFolder, findings: Findings) -> list[Rule]:
    """The partnership's rules, each checked to name only dates a case can record; the
    case's milestones, each one the profile declares. Problems are findings."""
    label = "partnership.yaml"
    rules = load_rules(folder.partnership, findings, label)
    known = known_facts(folder)
    for rule in rules:
        named = rule.dates() | {f"applies.{k}": k for k in rule.applies}
        for role, key in named.items():
            if key not in known:
                findings.add(
                    "rule-invalid",
                    f"Rule '{rule.id}' ({role}) names '{key}', a date neither the case format "
                    "nor the profile's milestones define, so it could never be dated.",
                    file=label,
                    field=f"deadlines.{rule.id}.{role}",
                    value=key,
                    hint="Name a case date (e.g. referral.received) or declare the milestone "
                    "under `milestones:` in partnership.yaml.",
                )
    case = folder.case
    declared = folder.partnership.milestones
    for key, when in case.milestones.items() if case else []:
        if key not in declared:
            findings.add(
                "key-unknown",
                f"Milestone '{key}' is not one the {folder.partnership.profile} profile declares "
                f"({', '.join(declared) or 'none'}); no rule counts from it.",
                file="case.yaml",
                field=f"milestones.{key}",
            )
        elif not isinstance(when, datetime) and any(
            r.offset.hours is not None and r.start == f"milestones.{key}" for r in rules
        ):
            findings.add(
                "time-missing",
                f"Milestone '{key}' ({when.isoformat()}) has no time, and a deadline counts "
                "hours from it: they are counted from the start of that day (00:00).",
                file="case.yaml",
                field=f"milestones.{key}",
                value=when.isoformat(),
            )
    return rules
