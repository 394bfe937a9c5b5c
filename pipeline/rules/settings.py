"""The partnership's settings: a profile (pipeline/rules/profiles/<name>.yaml, each
extending `national`) with cases/partnership.yaml over it.

`profile:` in partnership.yaml chooses the profile (default `national`). A mapping changes
what is under it key by key (one learning option's lead, one national body's email, one
deadline rule's offset); a list replaces the list under it whole (the criteria, the ethnic
groups). Every problem is a finding naming the key in partnership.yaml.
"""

from __future__ import annotations

import copy
import re
from dataclasses import field
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any, Literal

import yaml

from ..core.findings import Findings
from ..core.records import record
from ..core.yamlfile import build, read_yaml

LABEL = "partnership.yaml"


@record
class Contact:
    """How to reach a body or a person: name, role, email, phone."""

    name: str = ""
    role: str = ""
    email: str = ""
    phone: str = ""
    address: str = ""


@record
class Body:
    """A national body a notice goes to."""

    name: str
    role: str = ""
    address: str = ""
    email: str = ""
    phone: str = ""
    salutation: str = ""  # "Dear ...,"; the role, else the name, when not given


@record
class Quorum:
    """Who must attend for the meeting's decision to stand."""

    representatives: int  # partner-agency representatives, at least
    safeguarding_partners: int  # distinct safeguarding partners among them, at least
    partners: dict[str, str]  # an attendee's `partner:` -> the safeguarding partner it is
    rule: str  # the rule in words, for the Combined Summary
    source: str = ""


@record
class Criterion:
    """A criterion the meeting answers, and whether it must be taken into account."""

    key: str
    question: str
    kind: Literal["must_take_into_account", "have_regard_to"]


@record
class DecisionOutcome:
    """An outcome the meeting can decide, and what happens next after it."""

    name: str
    next_steps: str  # what happens next, as agencies are told it (outcome letters)
    panel_next_steps: str = ""  # as the National Panel is told it (covering letter)


@record
class LearningOption:
    """A way to learn other than a review (the partnership's menu)."""

    name: str
    rationale: str
    lead: str
    timescale: str
    methodology: str
    governance: str
    deadline: str = ""  # the rule that dates it


@record
class EthnicGroup:
    """A group of the referral form's ethnicity options."""

    name: str
    options: list[str]


@record
class EthnicMatch:
    """Words in an ethnicity as written that choose a referral form option."""

    words: list[str]  # every word must appear in the ethnicity as written
    option: str


@record
class Notice:
    """Who receives a notice, and the procedure that says so."""

    to: list[str]  # keys of national_bodies
    source: str = ""


@record
class MeetingKind:
    """A kind of meeting of the partnership's profile, and what it may decide."""

    name: str  # as documents write it: "rapid review meeting", "Practice Review Group meeting"
    role: Literal["decides", "recommends", "meets"] = "decides"
    source: str = ""


@record
class Milestone:
    """A local step a case records under `milestones:` in case.yaml, as a date or date-time."""

    title: str
    source: str = ""


@record
class SignOffStep:
    """A step of the sign-off chain a final report needs before publication, in order."""

    step: str  # the key review.yaml's sign_off records it by
    name: str  # who does what, in words
    source: str = ""


@record
class NationalTheme:
    """A theme the National Panel's reports group learning into (rules/themes.py)."""

    name: str
    source: str
    synonyms: list[str] = field(default_factory=list)  # other words for it


@record
class LocalTheme:
    """A theme the tracker counts as one: other words for it, and the national theme (a key
    of national_themes) it counts under; a list alone is its synonyms."""

    synonyms: list[str] = field(default_factory=list)
    national: str = ""


@record
class Partnership:
    """The partnership's settings: its profile with partnership.yaml over it."""

    quorum: Quorum
    criteria: list[Criterion]
    outcomes: dict[str, DecisionOutcome]
    learning_options: dict[str, LearningOption]
    ethnic_groups: list[EthnicGroup]
    ethnic_matches: list[EthnicMatch]
    national_bodies: dict[str, Body]
    notices: dict[str, Notice]
    meetings: dict[str, MeetingKind]  # the kinds of meeting a case may record
    route_meetings: dict[str, str]  # the meeting kind a route starts with (notification: ...)
    decision_meeting: dict[str, str]  # the kind whose decision stands, by route
    profile: str = "national"
    title: str = ""  # the profile's title
    extends: str = ""  # the profile it builds on
    inherits: str = ""  # what the profile takes from `national`, in words
    milestones: dict[str, Milestone] = field(default_factory=dict)
    words: dict[str, str] = field(default_factory=dict)  # local names of local bodies
    themes: dict[str, LocalTheme] = field(default_factory=dict)  # local themes
    national_themes: dict[str, NationalTheme] = field(default_factory=dict)
    referral_form: str = "referral-form"  # the template of the referral form
    referral_send_to: str = ""  # where the referral form is sent
    always_refer: list[str] = field(default_factory=list)  # cases always referred
    sign_off: list[SignOffStep] = field(default_factory=list)  # before publication, in order
    name: str = "Local Safeguarding Children Partnership"
    short_name: str = ""
    address: str = ""
    email: str = ""
    phone: str = ""
    signatory: Contact = field(default_factory=Contact)
    rules: str = "wt2023"
    deadlines: dict[str, dict[str, Any]] = field(default_factory=dict)

    def bodies(self, notice: str) -> list[Body]:
        """The national bodies a notice goes to, in the order the settings list them."""
        chosen = self.notices.get(notice)
        return [self.national_bodies[key] for key in chosen.to] if chosen else []

    def theme(self, text: str) -> str:
        """A theme as the tracker counts it: case, spacing and punctuation aside, and a
        synonym the settings list counted as its theme ("Invisible men" is "Unseen men")."""
        plain = _plain_words(text)
        for name, local in self.themes.items():
            if plain in {_plain_words(name), *map(_plain_words, local.synonyms)}:
                return name
        return " ".join(text.split()).strip(" .;:,").capitalize()

    def meeting_name(self, kind: str) -> str:
        """A meeting kind as documents name it ("rapid review meeting")."""
        known = self.meetings.get(kind)
        return known.name if known else kind.replace("-", " ") + " meeting"


def _plain_words(text: str) -> str:
    return " ".join(re.sub(r"[^\w\s]", " ", text.casefold()).split())


@cache
def load(name: str) -> Any:
    """One shipped data file of pipeline/rules/, parsed (with libyaml when PyYAML has it: the
    national profile is ~700 lines, 70 ms in pure Python)."""
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    return yaml.load((resources.files("pipeline.rules") / name).read_text("utf-8"), loader)


def profile_names() -> list[str]:
    """The shipped profiles, `national` first."""
    folder = resources.files("pipeline.rules") / "profiles"
    names = sorted(
        p.name.removesuffix(".yaml") for p in folder.iterdir() if p.name.endswith(".yaml")
    )
    return sorted(names, key=lambda n: n != "national")


def profile_data(name: str) -> dict[str, Any]:
    """A profile as data, with what it extends under it (a fresh copy the caller may change)."""
    data: dict[str, Any] = short_forms(copy.deepcopy(load(f"profiles/{name}.yaml")))
    base = data.get("extends")
    return merge(profile_data(str(base)), data) if base else data


def profile_settings(name: str) -> Partnership:
    """A shipped profile as settings, with no partnership.yaml over it."""
    settings = build(
        Partnership, profile_data(name) | {"profile": name}, f"profiles/{name}.yaml", "", Findings()
    )
    assert settings is not None  # the shipped profiles are tested
    return settings


def defaults() -> dict[str, Any]:
    """The national profile as data."""
    return profile_data("national")


def load_partnership(
    cases_dir: Path, findings: Findings, profile: str | None = None
) -> Partnership:
    """The partnership's settings: its profile with cases/partnership.yaml over it.

    `profile` names a profile to use in place of the one partnership.yaml chooses. Problems
    in partnership.yaml are findings; where it cannot be used, the national profile is.
    """
    given: dict[str, Any] = {}
    file = cases_dir / LABEL
    if file.is_file():
        read = read_yaml(file, LABEL, findings)
        if isinstance(read, dict):
            given = read
        elif read is not None:
            findings.add(
                "value-invalid", f"{LABEL} should be a mapping of keys to values.", file=LABEL
            )
    notices = given.get("notices")
    if isinstance(notices, dict):
        for notice, chosen in notices.items():
            if isinstance(chosen, list):  # the short form: who it goes to
                notices[notice] = {"to": chosen}
    given = short_forms(given)
    name = profile or str(given.get("profile") or "national")
    if name not in profile_names():
        findings.add(
            "value-invalid",
            f"Unknown profile '{name}' (the profiles: {', '.join(profile_names())}).",
            file=LABEL,
            field="profile",
            value=name,
        )
        name = "national"
    data = merge(profile_data(name), given | {"profile": name})
    partnership = build(Partnership, data, LABEL, "", findings)
    if partnership is None:
        return profile_settings("national")
    check(partnership, findings)
    return partnership


def short_forms(data: dict[str, Any]) -> dict[str, Any]:
    """A local theme written as a list is its synonyms (`Unseen men: [invisible men]`)."""
    themes = data.get("themes")
    if isinstance(themes, dict):
        data["themes"] = {
            k: {"synonyms": v} if isinstance(v, list) else v for k, v in themes.items()
        }
    return data


def merge(base: dict[str, Any], given: dict[str, Any]) -> dict[str, Any]:
    """`given` over `base`: mappings merge key by key (two levels deep), anything else
    replaces."""
    merged = dict(base)
    for key, value in given.items():
        old = merged.get(key)
        if isinstance(old, dict) and isinstance(value, dict):
            merged[key] = {
                k: {**old[k], **v} if isinstance(old.get(k), dict) and isinstance(v, dict) else v
                for k, v in {**old, **value}.items()
            }
        else:
            merged[key] = value
    return merged


def check(p: Partnership, findings: Findings) -> None:
    """What the types cannot say: counts at least 1, and names that point somewhere."""

    def bad(key: str, message: str, value: object = "") -> None:
        findings.add("value-invalid", message, file=LABEL, field=key, value=value)

    for key in ("representatives", "safeguarding_partners"):
        if getattr(p.quorum, key) < 1:
            bad(f"quorum.{key}", f"'quorum.{key}' should be 1 or more.", getattr(p.quorum, key))
    for notice, chosen in p.notices.items():
        for key in chosen.to:
            if key not in p.national_bodies:
                bad(
                    f"notices.{notice}",
                    f"Notice '{notice}' goes to '{key}', which is not in national_bodies "
                    f"({', '.join(p.national_bodies)}).",
                    key,
                )
    options = {o for g in p.ethnic_groups for o in g.options}
    for i, match in enumerate(p.ethnic_matches):
        if match.option not in options:
            bad(
                f"ethnic_matches[{i}].option",
                f"'{match.option}' is not an option of any ethnic group.",
                match.option,
            )
    steps = [s.step for s in p.sign_off]
    for i, step in enumerate(steps):
        if step in steps[:i]:
            bad(f"sign_off[{i}].step", f"Sign-off step '{step}' is listed twice.", step)
    seen: set[str] = set()
    for i, criterion in enumerate(p.criteria):
        if criterion.key in seen:
            bad(
                f"criteria[{i}].key", f"Criterion '{criterion.key}' is listed twice.", criterion.key
            )
        seen.add(criterion.key)
    for key in ("lcspr", "national-review", "no-review", "other-learning"):
        if key not in p.outcomes:
            bad(f"outcomes.{key}", f"The outcome '{key}' needs a name and next steps.")
    for name, theme in p.themes.items():
        if theme.national and theme.national not in p.national_themes:
            bad(
                f"themes.{name}.national",
                f"'{theme.national}' is not a national theme ({', '.join(p.national_themes)}).",
                theme.national,
            )
    for group in ("route_meetings", "decision_meeting"):
        for route, kind in getattr(p, group).items():
            if kind not in p.meetings:
                bad(
                    f"{group}.{route}",
                    f"'{kind}' is not one of the meeting kinds ({', '.join(p.meetings)}).",
                    kind,
                )
