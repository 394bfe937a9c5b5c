"""`cspr profiles`: the shipped partnership profiles, listed, or one shown in full, resolved
with the partnership's own overrides."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

import yaml

from ..core.findings import Findings
from ..core.outcome import Outcome
from ..core.terminal import table
from .engine import Rule, describe_basis, load_rules
from .settings import LABEL, load, load_partnership, profile_names, profile_settings

# What `show` prints as data after the rules, milestones, meetings and notices.
SHOWN = ["quorum", "criteria", "outcomes", "learning_options", "national_bodies", "words"]


def list_profiles() -> Outcome:
    """Every shipped profile: its title and what it changes from `national`."""
    rows = []
    for name in profile_names():
        own = load(f"profiles/{name}.yaml")
        changed = [key for key in own if key not in ("extends", "title", "inherits")]
        rows.append(
            [
                name,
                str(own.get("title", "")),
                ", ".join(changed) if name != "national" else "(the base)",
            ]
        )
    notes = [table(["Profile", "Procedure", "Sets"], rows, wrap=(1, 2))]
    notes.append(
        "\n`cspr profiles show NAME` prints one in full; choose one with `profile: NAME` "
        "in cases/partnership.yaml."
    )
    return Outcome(notes=notes)


def show_profile(name: str, cases: Path) -> Outcome:
    """One profile in full: its rules, milestones, meetings, notices and settings, with
    cases/partnership.yaml over it when that file chooses this profile."""
    findings = Findings()
    if name not in profile_names():
        findings.add(
            "value-invalid",
            f"There is no profile '{name}' (the profiles: {', '.join(profile_names())}).",
            field="profile",
            value=name,
        )
        return Outcome(findings)
    chosen = _chosen(cases)
    ours = chosen == name
    settings = load_partnership(cases, findings) if ours else profile_settings(name)
    rules = load_rules(settings, findings, LABEL if ours else f"profiles/{name}.yaml")
    own = load(f"profiles/{name}.yaml")
    notes = [f"Profile {name}: {settings.title}"]
    if settings.extends:
        notes.append(f"Extends {settings.extends}; takes from it: {settings.inherits}")
    notes.append(
        f"With {cases / LABEL} over it."
        if ours
        else f"As shipped ({cases / LABEL} chooses {chosen or 'no profile'}: no overrides shown)."
    )
    notes += ["", f"Deadline rules ({settings.rules} rule set, with the profile's changes):"]
    notes.append(_rules_table(rules))
    off = [key for key, change in settings.deadlines.items() if change.get("disabled") is True]
    if off:
        notes.append(f"Switched off: {', '.join(off)}")
    notes += ["", "Milestones a case records (case.yaml milestones:):"]
    notes += [f"  {k}: {m.title} [{m.source}]" for k, m in settings.milestones.items()] or [
        "  none"
    ]
    notes += ["", "Meetings:"]
    for kind, meeting in settings.meetings.items():
        decides = [r for r, k in settings.decision_meeting.items() if k == kind]
        role = f"{meeting.role}" + (
            f"; its decision stands ({', '.join(decides)})" if decides else ""
        )
        notes.append(f"  {kind}: {meeting.name} ({role}) [{meeting.source}]")
    notes += ["", "Notices:"]
    for notice, to in settings.notices.items():
        names = "; ".join(settings.national_bodies[k].name for k in to.to)
        notes.append(f"  {notice}: {names} [{to.source}]")
    notes += ["", "Sign-off before publication (review.yaml sign_off:), in order:"]
    notes += [
        f"  {n}. {s.step}: {s.name} [{s.source}]" for n, s in enumerate(settings.sign_off, 1)
    ] or ["  none"]
    notes += ["", "National themes (meeting.yaml and review.yaml themes count under them):"]
    notes += [f"  {k}: {t.name} [{t.source}]" for k, t in settings.national_themes.items()]
    notes += ["", "Local themes (and the national theme each counts under):"]
    notes += [
        f"  {name} -> {t.national or 'none'}"
        + (f"; also {', '.join(t.synonyms)}" if t.synonyms else "")
        for name, t in settings.themes.items()
    ] or ["  none"]
    notes += ["", f"Referral form: {settings.referral_form}", "", "Settings:"]
    data = {
        key: _plain(getattr(settings, key)) for key in SHOWN if key in own or not settings.extends
    }
    notes.append(
        yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100).rstrip()
        if data
        else f"  as {settings.extends}"
    )
    return Outcome(findings, notes=notes)


def _chosen(cases: Path) -> str:
    """The profile cases/partnership.yaml chooses ('' when there is no such file)."""
    return load_partnership(cases, Findings()).profile if (cases / LABEL).is_file() else ""


def _rules_table(rules: list[Rule]) -> str:
    rows = [
        [r.id, describe_basis(r) + (f"; met by {r.met_by}" if r.met_by else ""), r.source]
        for r in rules
    ]
    return table(["Rule", "Counted", "Source"], rows, wrap=(1, 2))


def _plain(value: Any) -> Any:
    """Settings as plain data for YAML."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {k: _plain(v) for k, v in dataclasses.asdict(value).items() if v not in ("", None)}
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value
