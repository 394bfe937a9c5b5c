"""The multi-agency chronology as data: entries, per-agency counts, the review period.

The writers (xlsx, word, timeline) read this model; it imports none of them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import NamedTuple

from ..case.returns import ChronologyRow


@dataclass(slots=True)
class Entry:
    """A row of the merged chronology: the agency's row, and what merging found."""

    row: ChronologyRow
    agency_name: str
    day: date  # the row's date (its earliest day): sorting and grouping read it often
    joint: str = ""  # "J2" when part of a possible joint event
    joint_with: str = ""  # the other agencies in that group
    flags: Sequence[str] = ()  # a shared empty tuple until a row has a flag

    @property
    def uncertain(self) -> bool:
        return bool(self.row.date and self.row.date.uncertain)


@dataclass
class AgencyCount:
    key: str
    name: str
    file: str
    rows: int = 0
    key_events: int = 0
    uncertain: int = 0
    duplicates: int = 0
    outside: int = 0
    first: date | None = None
    last: date | None = None


@dataclass
class Chronology:
    reference: str
    pseudonym: str
    entries: list[Entry]
    outside: list[Entry]
    counts: list[AgencyCount]
    extra_columns: list[str]
    period: tuple[date, date] | None = None

    @property
    def rows_in(self) -> int:
        return sum(c.rows for c in self.counts)

    def summary_line(self) -> str:
        parts = ", ".join(f"{c.name} {c.rows}" for c in self.counts)
        line = f"{self.rows_in} rows in, {len(self.entries)} in the chronology"
        if self.period:
            line += (
                f", {len(self.outside)} outside {self.period[0]:%d/%m/%Y}-{self.period[1]:%d/%m/%Y}"
            )
        return f"{line} ({parts})."


class ChronologyFiles(NamedTuple):
    """The chronology's files in OUT/<reference>/: the one place their names are spelled."""

    xlsx: Path
    docx: Path
    picture: Path

    @classmethod
    def at(cls, out: Path, reference: str) -> ChronologyFiles:
        folder = out / reference
        return cls(
            folder / "multi-agency-chronology.xlsx",
            folder / "multi-agency-chronology.docx",
            folder / "timeline.png",
        )
