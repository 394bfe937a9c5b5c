"""The partnership's settings: the shipped defaults (pipeline/rules/settings.yaml) with
cases/partnership.yaml over them.

A mapping in partnership.yaml changes the defaults key by key (one learning option's lead,
one national body's email); a list replaces the default list whole (the criteria, the
ethnic groups). Every problem is a finding naming the key in partnership.yaml.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any, Literal

import yaml

from ..core.findings import Findings
from ..core.yamlfile import build, read_yaml

LABEL = "partnership.yaml"


@dataclass
class Contact:
    name: str = ""
    role: str = ""
    email: str = ""
    phone: str = ""
    address: str = ""


@dataclass
class Body:
    """A national body a notice goes to."""

    name: str
    role: str = ""
    address: str = ""
    email: str = ""
    phone: str = ""
    salutation: str = ""  # "Dear ...,"; the role, else the name, when not given


@dataclass
class Quorum:
    """Who must attend for the meeting's decision to stand."""

    representatives: int  # partner-agency representatives, at least
    safeguarding_partners: int  # distinct safeguarding partners among them, at least
    partners: dict[str, str]  # an attendee's `partner:` -> the safeguarding partner it is
    rule: str  # the rule in words, for the Combined Summary
    source: str = ""


@dataclass
class Criterion:
    key: str
    question: str
    kind: Literal["must_take_into_account", "have_regard_to"]


@dataclass
class DecisionOutcome:
    name: str
    next_steps: str


@dataclass
class LearningOption:
    name: str
    rationale: str
    lead: str
    timescale: str
    methodology: str
    governance: str
    deadline: str = ""  # the rule that dates it


@dataclass
class EthnicGroup:
    name: str
    options: list[str]


@dataclass
class EthnicMatch:
    words: list[str]  # every word must appear in the ethnicity as written
    option: str


@dataclass
class Partnership:
    quorum: Quorum
    criteria: list[Criterion]
    outcomes: dict[str, DecisionOutcome]
    learning_options: dict[str, LearningOption]
    ethnic_groups: list[EthnicGroup]
    ethnic_matches: list[EthnicMatch]
    national_bodies: dict[str, Body]
    notices: dict[str, list[str]]  # notice -> keys of national_bodies it goes to
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
        return [self.national_bodies[key] for key in self.notices.get(notice, [])]


@cache
def load(name: str) -> Any:
    """One shipped data file of pipeline/rules/, parsed."""
    return yaml.safe_load((resources.files("pipeline.rules") / name).read_text("utf-8"))


def defaults() -> dict[str, Any]:
    """The shipped settings as data (a fresh copy the caller may change)."""
    copy: dict[str, Any] = yaml.safe_load(yaml.safe_dump(load("settings.yaml")))
    return copy


def load_partnership(cases_dir: Path, findings: Findings) -> Partnership:
    """The partnership's settings: the defaults with cases/partnership.yaml over them.

    Problems in partnership.yaml are findings; where it cannot be used, the defaults are.
    """
    data = defaults()
    file = cases_dir / LABEL
    if file.is_file():
        given = read_yaml(file, LABEL, findings)
        if isinstance(given, dict):
            data = merge(data, given)
        elif given is not None:
            findings.add(
                "value-invalid",
                f"{LABEL} should be a mapping of keys to values.",
                file=LABEL,
                value=given,
            )
    partnership = build(Partnership, data, LABEL, "", findings)
    if partnership is None:
        partnership = build(Partnership, defaults(), "rules/settings.yaml", "", Findings())
        assert partnership is not None  # the shipped defaults are tested
        return partnership
    check(partnership, findings)
    return partnership


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
    for notice, keys in p.notices.items():
        for key in keys:
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
