"""The reference data shipped in pipeline/rules/ (criteria, learning options, national bodies)."""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import Any

import yaml


@cache
def load(name: str) -> Any:
    return yaml.safe_load((resources.files("pipeline") / "rules" / name).read_text("utf-8"))
