"""Themes as data: each theme a meeting or review records, as the tracker counts it (its
local theme) and the national theme it counts under (the National Panel's, in the profile's
`national_themes`).

A theme is matched by its words, case, spacing and punctuation aside: a local theme's name or
synonym gives the local theme and its `national`; else a national theme's key, name or
synonym gives that national theme. A theme that maps to no national theme is a
`theme-unmapped` warning, never an error.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ..core.findings import Findings
from .settings import NationalTheme, Partnership


@dataclass(frozen=True)
class Theme:
    """A theme as written, counted: its local name, and its national theme's key ("" none)."""

    local: str
    national: str


@lru_cache(maxsize=4096)  # the same few theme names, for every case the tracker reads
def plain(text: str) -> str:
    """Words only: case, spacing, hyphens and punctuation aside."""
    return " ".join(re.sub(r"[^\w\s]|_", " ", text.casefold()).split())


def classify(text: str, settings: Partnership) -> Theme:
    """The local theme `text` is, and the national theme it counts under."""
    words = plain(text)
    for name, local in settings.themes.items():
        if words in {plain(name), *map(plain, local.synonyms)}:
            known = local.national if local.national in settings.national_themes else ""
            return Theme(name, known)
    local_name = settings.theme(text)
    for key, national in settings.national_themes.items():
        if words in {plain(key), plain(national.name), *map(plain, national.synonyms)}:
            return Theme(local_name, key)
    return Theme(local_name, "")


def national_names(themes: list[str], settings: Partnership) -> list[str]:
    """The national themes a list of themes counts under, by name, each once, in the
    profile's order."""
    keys = {classify(t, settings).national for t in themes if t.strip()}
    return [n.name for k, n in settings.national_themes.items() if k in keys]


def check_themes(
    themes: list[str], settings: Partnership, label: str, findings: Findings, key: str = "themes"
) -> None:
    """A `theme-unmapped` warning for each theme that maps to no national theme."""
    for i, text in enumerate(themes):
        if not text.strip() or classify(text, settings).national:
            continue
        findings.add(
            "theme-unmapped",
            f"Theme '{text}' maps to no national theme, so the tracker cannot count it "
            "against the National Panel's themes.",
            file=label,
            field=f"{key}[{i}]",
            value=text,
            hint="Write it in a national theme's words (`cspr profiles show` lists them), or "
            "name its national theme in partnership.yaml: themes: {"
            f"{text.strip()}: {{national: KEY}}}}.",
        )


@dataclass
class NationalCount:
    """A national theme across cases: the cases whose themes count under it, and those
    themes as the cases wrote them (their local names)."""

    key: str
    name: str
    source: str
    cases: list[str]
    local: list[str]

    @property
    def recurrent(self) -> bool:
        return len(self.cases) > 1


def national_counts(
    cases: list[tuple[str, dict[str, str]]], national: dict[str, NationalTheme]
) -> list[NationalCount]:
    """Every national theme, in the profile's order, with the cases (reference, and each
    local theme -> its national key) counted under it; then the local themes that map to
    none, as "No national theme"."""
    counts = [NationalCount(k, n.name, n.source, [], []) for k, n in national.items()]
    counts.append(NationalCount("", "No national theme", "", [], []))
    by_key = {c.key: c for c in counts}
    for reference, themes in cases:
        for local, key in sorted(themes.items()):
            count = by_key.get(key, by_key[""])
            if reference not in count.cases:
                count.cases.append(reference)
            if local not in count.local:
                count.local.append(local)
    for count in counts:
        count.local.sort(key=str.casefold)
    return [c for c in counts if c.key or c.cases]
