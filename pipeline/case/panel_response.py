"""The National Panel's response to a meeting's decision (BCP §7, LLR 1.6.3), and the loop it
opens again: a disagreement or a request for more calls for a new meeting (a record in
meetings/) and a revised decision sent to the Panel. Recorded as `panel_response` in the
meeting record the response answers."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from ..core.findings import Findings
from ..core.wording import long_date, short_date
from .model import Meeting, PanelResponse

REOPENS = ("disagrees", "asks-for-more")  # responses that call for a new meeting
SAID = {
    "agrees": "agreed with the decision",
    "disagrees": "disagreed with the decision",
    "asks-for-more": "asked for more information",
}
FACTS = (
    "panel_loop.response_received",
    "panel_loop.revised_meeting",
    "panel_loop.revised_sent",
    "first_meeting.date",
    "first_meeting.sent_to_panel",
)


@dataclass(frozen=True)
class PanelLoop:
    """Where a case stands with the Panel: the latest response, and the latest response that
    reopened the decision with the meeting held after it (None while awaited)."""

    response: PanelResponse | None = None  # the latest response recorded
    reopened: PanelResponse | None = None  # the latest disagreement or request for more
    answered: Meeting | None = None  # the meeting `reopened` answers
    revisit: Meeting | None = None  # the first meeting held after `reopened`

    @property
    def awaiting_meeting(self) -> bool:
        """True while a disagreement or request for more has no meeting after it."""
        return self.reopened is not None and self.revisit is None

    def stage(self) -> str:
        """The step the loop has reached, as the tracker shows it ("" when none)."""
        if self.reopened and self.revisit is None:
            return f"Panel {SAID[self.reopened.response].split(' with')[0]}: to meet again"
        if self.revisit and self.revisit.panel_response is None:
            sent = self.revisit.sent_to_panel
            return "Revised decision sent to the Panel" if sent else "Met again after the Panel"
        if self.response:
            return f"Panel {SAID[self.response.response]}"
        return ""


def panel_loop(meetings: list[Meeting]) -> PanelLoop:
    """The loop from a case's meetings (in date order, as the case folder loads them)."""
    answered = [m for m in meetings if m.panel_response is not None]
    if not answered:
        return PanelLoop()
    latest = max(answered, key=_received)
    reopening = [m for m in answered if _response(m).response in REOPENS]
    if not reopening:
        return PanelLoop(_response(latest))
    opened = max(reopening, key=_received)
    received = _response(opened).received
    after = [m for m in meetings if m.date > opened.date and m.date >= received]
    revisit = min(after, key=_date) if after else None
    return PanelLoop(_response(latest), _response(opened), opened, revisit)


def _response(meeting: Meeting) -> PanelResponse:
    assert meeting.panel_response is not None
    return meeting.panel_response


def _received(meeting: Meeting) -> date:
    return _response(meeting).received


def _date(meeting: Meeting) -> date:
    return meeting.date


def loop_facts(loop: PanelLoop) -> dict[str, object]:
    """The dates the deadline rules count from and are met by (`panel_loop.*`)."""
    if loop.reopened is None:
        return {}
    revisit = loop.revisit
    return {
        "panel_loop.response_received": loop.reopened.received,
        "panel_loop.revised_meeting": revisit.date if revisit else None,
        "panel_loop.revised_sent": revisit.sent_to_panel if revisit else None,
    }


def first_facts(meetings: list[Meeting], deciding: Meeting | None) -> dict[str, object]:
    """The first meeting of the deciding kind (`first_meeting.*`): the rapid review was held
    and first sent to the Panel then, whatever meeting is held after the Panel's response."""
    same = [m for m in meetings if deciding is not None and m.kind == deciding.kind]
    if not same:
        return {}
    return {
        "first_meeting.date": same[0].date,
        "first_meeting.sent_to_panel": same[0].sent_to_panel,
    }


def check_response(meeting: Meeting, label: str, findings: Findings) -> None:
    """A response recorded before the meeting, or before its decision went to the Panel."""
    response = meeting.panel_response
    if response is None:
        return
    sent = meeting.sent_to_panel or meeting.date
    if response.received < sent:
        step = "the decision was sent to it" if meeting.sent_to_panel else "the meeting"
        findings.add(
            "dates-contradict",
            f"The Panel's response is recorded as received {short_date(response.received)}, "
            f"before {step} ({short_date(sent)}).",
            file=label,
            field="panel_response.received",
            value=response.received.isoformat(),
        )


def loop_lines(loop: PanelLoop) -> list[str]:
    """The loop in words, for the terminal (`cspr deadlines`)."""
    if loop.response is None:
        return []
    lines = []
    if loop.reopened and loop.answered:
        lines.append(
            f"National Panel: on {long_date(loop.reopened.received)} it "
            f"{SAID[loop.reopened.response]} of the meeting of {long_date(loop.answered.date)}."
        )
        if loop.revisit is None:
            lines.append("  The decision is open again: record the next meeting in meetings/.")
        else:
            sent = loop.revisit.sent_to_panel
            lines.append(
                f"  The meeting of {long_date(loop.revisit.date)} revised it; "
                + (
                    f"sent to the Panel {long_date(sent)}."
                    if sent
                    else "not yet sent to the Panel."
                )
            )
    if loop.response is not loop.reopened:
        lines.append(
            f"National Panel: on {long_date(loop.response.received)} it "
            f"{SAID[loop.response.response]}."
        )
    return lines
