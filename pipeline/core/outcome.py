"""What a command did, as the library returns it and the CLI prints it."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .findings import Finding, Findings


@dataclass
class Outcome:
    """A command's findings, the files it wrote, and what to tell the user.

    `notes` are lines for the terminal before the files written, `closing` after them;
    `warnings` go to standard error; `data` is what `--json` prints.
    """

    findings: Findings = field(default_factory=Findings)
    written: list[Path] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    closing: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    data: Any = None

    @property
    def ok(self) -> bool:
        return not self.findings.errors


def warning_lines(findings: Iterable[Finding]) -> list[str]:
    """Findings as the terminal's warning lines ("Warning: ...")."""
    return [f"Warning: {f.message}" for f in findings]
