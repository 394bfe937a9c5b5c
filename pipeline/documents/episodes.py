"""Key practice episodes for the Combined Summary (the National Panel's guidance for
safeguarding partners, June 2025: a rapid review includes an analysis of key practice
episodes).

The rule, from the merged chronology: every key event, and every row of a possible joint
event, is in one episode. Taken in date order, a row begins a new episode unless it is
GAP_DAYS days or fewer after the last row of the episode before it, which it then joins.
An episode rests on those rows, each with its return file and row.

The business office changes the proposal in the case folder's `episodes.yaml` (model
`Episodes`), naming each episode by its first day as the Combined Summary shows it:
`gap_days`, `merge` (groups of episodes made one), `drop`, `titles`, and `add` (episodes of
its own, from rows of the chronology). An entry the chronology cannot apply is an
`episode-invalid` warning and is ignored. The meeting's analysis of each episode is a
content control (record_form.py) kept in meeting.yaml's `episodes` by the episode's first day.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from ..case.model import CaseFolder, Episodes, Meeting
from ..chronology.model import Chronology, Entry
from ..core.findings import Findings
from ..core.wording import long_date

GAP_DAYS = 28
TITLE_LENGTH = 90  # characters of the first key event's text an episode is titled by
FILE = "episodes.yaml"
NO_ANALYSIS = "The meeting recorded no analysis of this episode."


@dataclass
class Episode:
    """A dated episode and the chronology rows it rests on, in date order."""

    entries: list[Entry]
    title: str = ""
    how: str = "proposed"  # proposed | merged | added

    @property
    def start(self) -> date:
        return self.entries[0].day

    @property
    def end(self) -> date:
        return max(e.day for e in self.entries)


def rule_text(gap: int) -> str:
    """The proposal's rule, as the Combined Summary states it."""
    return (
        "Each key event, and each possible joint event, begins an episode, or joins the "
        f"episode before it when it is {gap} days or fewer after that episode's last event."
    )


def propose(chron: Chronology, gap: int = GAP_DAYS) -> list[Episode]:
    """The proposed episodes: key and joint rows grouped by GAP_DAYS (see the module)."""
    episodes: list[Episode] = []
    for entry in chron.entries:  # in date order
        if not (entry.row.key_event or entry.joint):
            continue
        if episodes and entry.day - episodes[-1].end <= timedelta(days=gap):
            episodes[-1].entries.append(entry)
        else:
            episodes.append(Episode([entry]))
    for episode in episodes:
        episode.title = title_of(episode.entries)
    return episodes


def title_of(entries: list[Entry]) -> str:
    """The first key event's text (else the first row's), cut at a word to TITLE_LENGTH."""
    first = next((e for e in entries if e.row.key_event), entries[0])
    text = " ".join(first.row.event.split())
    if len(text) <= TITLE_LENGTH:
        return text
    return text[:TITLE_LENGTH].rsplit(" ", 1)[0].rstrip(",;:") + "..."


def key_episodes(
    folder: CaseFolder, chron: Chronology, findings: Findings
) -> tuple[list[Episode], int]:
    """The episodes the Combined Summary shows (the proposal with episodes.yaml applied),
    and the days apart the proposal grouped key events by."""
    changes = folder.episodes or Episodes()
    gap = changes.gap_days if changes.gap_days is not None else GAP_DAYS
    if gap < 0:
        _invalid(
            findings,
            "gap_days",
            str(gap),
            f"episodes.yaml's gap_days should be 0 or more; {GAP_DAYS} is used.",
        )
        gap = GAP_DAYS
    episodes = propose(chron, gap)
    starts = {e.start: e for e in episodes}

    def known(day: date, where: str) -> Episode | None:
        found = starts.get(day)
        if found is None:
            days = ", ".join(f"{d:%d/%m/%Y}" for d in starts) or "none"
            message = (
                f"episodes.yaml names the episode beginning {day:%d/%m/%Y}, but none begins "
                f"that day (they begin: {days})."
            )
            _invalid(findings, where, day.isoformat(), message)
        return found

    owner = {id(e): e for e in episodes}  # a proposed episode -> the episode it is now in
    for i, group in enumerate(changes.merge):
        members = [m for j, d in enumerate(group) if (m := known(d, f"merge[{i}][{j}]"))]
        members = list({id(m): owner[id(m)] for m in members}.values())
        if len(members) > 1:
            merged = Episode(sorted((e for m in members for e in m.entries), key=_order))
            merged.title = min(members, key=lambda m: m.start).title  # the earliest's
            merged.how = "merged"
            for old in list(owner):
                if owner[old] in members:
                    owner[old] = merged
    drops = [known(d, f"drop[{j}]") for j, d in enumerate(changes.drop)]
    dropped = {id(owner[id(e)]) for e in drops if e is not None}
    for day, title in changes.titles.items():
        target = _day(day)
        episode = known(target, f"titles.{day}") if target else None
        if target is None:
            _invalid(
                findings,
                f"titles.{day}",
                day,
                f"episodes.yaml's titles: '{day}' is not a date written YYYY-MM-DD.",
            )
        if episode is not None and title.strip():
            owner[id(episode)].title = title.strip()
    shown = list({id(e): e for e in owner.values() if id(e) not in dropped}.values())
    shown += _added(changes, chron, shown, findings)
    return sorted(shown, key=lambda e: e.start), gap


def _added(
    changes: Episodes, chron: Chronology, shown: list[Episode], findings: Findings
) -> list[Episode]:
    """The business office's own episodes; one beginning on an episode's first day joins it."""
    rows = {(Path(e.row.file).name.lower(), e.row.row): e for e in chron.entries}
    added: list[Episode] = []
    for i, item in enumerate(changes.add):
        entries = []
        for j, ref in enumerate(item.rows):
            entry = rows.get((Path(ref.file).name.lower(), ref.row))
            if entry is None:
                message = (
                    f"episodes.yaml adds row {ref.row} of {ref.file}, which the chronology does "
                    "not have (rows outside the review period are not in it)."
                )
                _invalid(findings, f"add[{i}].rows[{j}]", f"{ref.file} row {ref.row}", message)
            elif entry not in entries:
                entries.append(entry)
        if not entries:
            continue
        episode = Episode(sorted(entries, key=_order), item.title.strip(), "added")
        same = next((e for e in [*shown, *added] if e.start == episode.start), None)
        if same is None:
            added.append(episode)
        else:
            same.entries = sorted({id(e): e for e in same.entries + entries}.values(), key=_order)
    return added


def _order(entry: Entry) -> tuple[date, str, int]:
    return entry.day, entry.row.file, entry.row.row


def _day(text: str) -> date | None:
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


def _invalid(findings: Findings, field_: str, value: str, message: str) -> None:
    findings.add("episode-invalid", message, file=FILE, field=field_, value=value)


def episode_fields(
    episodes: list[Episode], meeting: Meeting | None = None
) -> list[dict[str, object]]:
    """The `episodes` field: each episode's number, first day (`key`, for its control),
    dates, title, agencies, the rows it rests on, and the meeting's analysis."""
    notes = {n.start: n.analysis for n in meeting.episodes} if meeting else {}
    fields: list[dict[str, object]] = []
    for n, episode in enumerate(episodes, start=1):
        start, end = episode.start, episode.end
        agencies = list(dict.fromkeys(e.agency_name for e in episode.entries))
        fields.append(
            {
                "number": n,
                "key": start.isoformat(),
                "title": episode.title,
                "dates": long_date(start)
                if start == end
                else f"{long_date(start)} to {long_date(end)}",
                "agencies": ", ".join(agencies),
                "how": {
                    "proposed": "Proposed from the chronology",
                    "merged": "Proposed episodes merged by the business office",
                    "added": "Added by the business office",
                }[episode.how],
                "rows": [_row(e) for e in episode.entries],
                "analysis": notes.pop(start, "") or NO_ANALYSIS,
            }
        )
    for start, analysis in notes.items():  # recorded for an episode no longer shown
        fields.append(
            {
                "number": len(fields) + 1,
                "key": start.isoformat(),
                "title": "An episode the meeting analysed that is no longer proposed",
                "dates": f"From {long_date(start)}",
                "agencies": "",
                "how": "Recorded by the meeting",
                "rows": [],
                "analysis": analysis,
            }
        )
    return fields


def _row(e: Entry) -> dict[str, str]:
    assert e.row.date is not None
    joint = f" (possible joint event {e.joint})" if e.joint else ""
    return {
        "date": e.row.date.display(),
        "agency": e.agency_name,
        "event": e.row.event + joint,
        "key": "Yes" if e.row.key_event else "No",
        "where": f"{Path(e.row.file).name}, row {e.row.row}",
    }
