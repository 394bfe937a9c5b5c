"""The partnership's settings: shipped defaults (pipeline/rules/*.yaml) overridden by
cases/partnership.yaml."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from ..core.findings import Findings
from ..core.yamlfile import build, read_yaml


@dataclass
class Contact:
    name: str = ""
    role: str = ""
    email: str = ""
    phone: str = ""
    address: str = ""


@dataclass
class Partnership:
    name: str = "Local Safeguarding Children Partnership"
    short_name: str = ""
    address: str = ""
    email: str = ""
    phone: str = ""
    signatory: Contact = field(default_factory=Contact)
    rules: str = "wt2023"
    deadlines: dict[str, dict[str, Any]] = field(default_factory=dict)
    national_bodies: dict[str, Contact] = field(default_factory=dict)


@cache
def load(name: str) -> Any:
    """One shipped data file of pipeline/rules/, parsed."""
    return yaml.safe_load((resources.files("pipeline.rules") / name).read_text("utf-8"))


def load_partnership(cases_dir: Path, findings: Findings) -> Partnership:
    """The partnership's settings from cases/partnership.yaml; the defaults where it is absent."""
    file = cases_dir / "partnership.yaml"
    if not file.is_file():
        return Partnership()
    data = read_yaml(file, "partnership.yaml", findings)
    if data is None:
        return Partnership()
    return build(Partnership, data, "partnership.yaml", "", findings) or Partnership()
