"""The review stage in review.yaml: its timetable and its requests to agencies, as the
deadline engine counts them (one deadline per step and per request: the rules naming
`review.timetable[]` and `review.requests[]`), and the checks that only they need."""

from __future__ import annotations

from collections import Counter
from datetime import date

from ..core.findings import Findings
from ..rules.engine import Deadline
from .model import CaseFolder, Review, ReviewRequest, TimetableStep
from .review_forms import FORMS
from .review_returns import ReviewReturn, request_key, review_return_files

# the facts of each item, as the rules name them
ITEM_FACTS = {
    "review.timetable[].planned",
    "review.timetable[].done",
    "review.requests[].sent",
    "review.requests[].due",
    "review.requests[].received",
    "review.requests[].filed",
}
STEPS = {
    "terms-of-reference": "Terms of reference agreed",
    "information-reports": "Agencies' reports and chronologies in",
    "panel-meeting": "Case review panel meeting",
    "family-conversations": "Conversations with the family",
    "learning-workshop": "Reflective learning workshop",
    "practitioner-feedback": "Practitioner feedback event",
    "draft-report": "Draft report to the case review panel",
    "final-report": "Final report to the safeguarding partners",
    "other": "Review step",
}


def agreed(review: Review) -> date | None:
    """The day the terms of reference were agreed (the block's `agreed`, else the older
    `terms_of_reference_agreed`)."""
    block = review.terms_of_reference
    return (block.agreed if block else None) or review.terms_of_reference_agreed


def timetable(review: Review) -> list[TimetableStep]:
    """The review's timetable, with the workshop's date as its learning-workshop step when
    the timetable has none; in date order."""
    steps = list(review.timetable)
    if review.workshop and not any(s.step == "learning-workshop" for s in steps):
        steps.append(TimetableStep("learning-workshop", review.workshop.date))
    return sorted(steps, key=lambda s: s.planned)


def step_ids(steps: list[TimetableStep]) -> list[str]:
    """Each step's id: its key, numbered where the timetable has several (panel-meeting-2)."""
    total = Counter(s.step for s in steps)
    seen: Counter[str] = Counter()
    ids = []
    for s in steps:
        seen[s.step] += 1
        ids.append(s.step if total[s.step] == 1 else f"{s.step}-{seen[s.step]}")
    return ids


def information_due(review: Review) -> date | None:
    """The timetable's date for the agencies' reports."""
    return next((s.planned for s in review.timetable if s.step == "information-reports"), None)


def set_due(review: Review, request: ReviewRequest, sent: date | None) -> date | None:
    """The reply-by date review.yaml sets for a request: its own `due`, else the timetable's
    date for the agencies' reports while that is after the day it is sent; else None (the
    `review-request` rule counts it from the day sent)."""
    planned = information_due(review)
    later = planned if planned and (sent is None or planned > sent) else None
    return request.due or later


def review_facts(
    folder: CaseFolder, returns: dict[str, ReviewReturn] | None = None
) -> dict[str, object]:
    """The timetable's steps and the requests as the rules count them (`review.timetable[]`,
    `review.requests[]`). A request is received on the date review.yaml records, else its
    return's Date completed (`returns`: read by validation); `filed` once its file is in."""
    review = folder.review
    if review is None or folder.case is None:
        return {}
    names = {a.key: a.name for a in folder.case.agencies}
    filed = review_return_files(folder.path)
    requests = []
    for r in review.requests:
        key = request_key(r)
        answer = (returns or {}).get(key)
        requests.append(
            {
                "id": key,
                "title": f"{FORMS[r.kind].title} from {names.get(r.agency, r.agency)}",
                "sent": r.sent,
                "due": set_due(review, r, r.sent),
                "received": r.received or (answer.date_completed if answer else None),
                "filed": key.lower() in filed,
            }
        )
    sent = [r for r in requests if r["sent"]]
    received = [r["received"] for r in sent if isinstance(r["received"], date)]
    all_in = max(received) if sent and len(received) == len(sent) else None
    met = {
        "terms-of-reference": agreed(review),
        "information-reports": all_in,
        "final-report": review.completed,
    }
    steps = timetable(review)
    items = [
        {
            "id": step_id,
            "title": s.title or STEPS[s.step],
            "planned": s.planned,
            "done": s.done or met.get(s.step),
        }
        for s, step_id in zip(steps, step_ids(steps), strict=True)
    ]
    return {"review.timetable[]": items, "review.requests[]": requests}


def check_review(folder: CaseFolder, findings: Findings) -> None:
    """What the types cannot say: each request names an agency of case.yaml, once for each
    kind; an `other` step has a title; the workshop's link is a web address, its end after
    its start; nothing is received before it was sent."""
    review = folder.review
    if review is None:
        return
    keys = [a.key for a in folder.raw_agencies]
    seen: set[str] = set()
    for i, r in enumerate(review.requests):
        where = {"file": "review.yaml", "field": f"requests[{i}].agency", "value": r.agency}
        if keys and r.agency not in keys:
            findings.add(
                "value-invalid",
                f"Request {i + 1} is to '{r.agency}', which is not an agency key of case.yaml "
                f"({', '.join(keys)}).",
                **where,
            )
        if request_key(r) in seen:
            findings.add(
                "value-invalid",
                f"'{r.agency}' is asked for a {r.kind} twice; one request of each kind per "
                f"agency (its reply is review-returns/{request_key(r)}.xlsx).",
                **where,
            )
        seen.add(request_key(r))
        if r.sent and r.received and r.received < r.sent:
            findings.add(
                "dates-contradict",
                f"The {r.kind} from '{r.agency}' was received on {r.received:%d/%m/%Y}, before "
                f"it was asked for ({r.sent:%d/%m/%Y}).",
                file="review.yaml",
                field=f"requests[{i}].received",
                value=r.received.isoformat(),
            )
    for i, step in enumerate(review.timetable):
        if step.step == "other" and not step.title:
            findings.add(
                "key-missing",
                f"Timetable step {i + 1} is 'other': give it a title.",
                file="review.yaml",
                field=f"timetable[{i}].title",
            )
    workshop = review.workshop
    if workshop and workshop.link and not workshop.link.startswith(("https://", "http://")):
        findings.add(
            "value-invalid",
            "'workshop.link' should be the web address to join the workshop (https://...).",
            file="review.yaml",
            field="workshop.link",
            value=workshop.link,
        )
    if workshop and workshop.start and workshop.end and workshop.end <= workshop.start:
        findings.add(
            "value-invalid",
            f"The workshop ends ({workshop.end:%H:%M}) before it starts ({workshop.start:%H:%M}).",
            file="review.yaml",
            field="workshop.end",
            value=f"{workshop.end:%H:%M}",
        )


def review_date_checks(
    folder: CaseFolder, found: list[Deadline], today: date, returned: set[str]
) -> Findings:
    """Each request sent by `today` whose reply is neither recorded nor in review-returns/
    (`returned`: the request keys read there); and review dates that contradict each other:
    two dates for the terms of reference, a workshop before the agencies' reports it needs
    or before its own reply-by date, a timetable whose workshop is not the workshop's, a
    final report planned after the six months (LLR 3.1.2)."""
    findings = Findings()
    review = folder.review
    if review is None:
        return findings
    dated = {d.rule: d for d in found}
    for r in review.requests:
        key, d = request_key(r), dated.get(f"review-request:{request_key(r)}")
        if r.sent and r.sent <= today and d and d.met_on is None and key not in returned:
            due = f", due {d.due:%d/%m/%Y}" if d.due else ""
            findings.add(
                "review-return-missing",
                f"No {FORMS[r.kind].title.lower()} yet from '{r.agency}' (asked for on "
                f"{r.sent:%d/%m/%Y}{due}; expected review-returns/{key}.xlsx).",
                file=f"review-returns/{key}.*",
                field=key,
            )
    block = review.terms_of_reference
    old = review.terms_of_reference_agreed
    if block and block.agreed and old and block.agreed != old:
        findings.add(
            "dates-contradict",
            f"The terms of reference were agreed on {block.agreed:%d/%m/%Y} "
            f"(terms_of_reference.agreed) and on {old:%d/%m/%Y} (terms_of_reference_agreed); "
            "the first is used.",
            file="review.yaml",
            field="terms_of_reference.agreed",
            value=block.agreed.isoformat(),
        )

    def contradicts(message: str, key: str, value: date) -> None:
        findings.add(
            "dates-contradict", message, file="review.yaml", field=key, value=value.isoformat()
        )

    workshop = review.workshop
    reports = [d.due for d in found if d.rule.startswith("review-request:") and d.due]
    latest = max(reports, default=information_due(review))
    if workshop and latest and workshop.date < latest:
        contradicts(
            f"The learning workshop ({workshop.date:%d/%m/%Y}) is before the agencies' reports "
            f"are due ({latest:%d/%m/%Y}): the reviewer and practitioners will not have them "
            "(LLR 8.8.2, 8.10.1).",
            "workshop.date",
            workshop.date,
        )
    if workshop and workshop.reply_by and workshop.reply_by >= workshop.date:
        contradicts(
            f"Replies to the workshop invitation are asked for by "
            f"{workshop.reply_by:%d/%m/%Y}, not before the workshop ({workshop.date:%d/%m/%Y}).",
            "workshop.reply_by",
            workshop.reply_by,
        )
    planned = [s for s in review.timetable if s.step == "learning-workshop"]
    if workshop and planned and all(s.planned != workshop.date for s in planned):
        contradicts(
            f"The timetable plans the learning workshop for {planned[0].planned:%d/%m/%Y}; "
            f"the workshop block says {workshop.date:%d/%m/%Y}.",
            "timetable",
            planned[0].planned,
        )
    complete = next((d for d in found if d.rule == "lcspr-complete" and d.due), None)
    final = [s for s in review.timetable if s.step == "final-report"]
    if complete and complete.due and final and final[-1].planned > complete.due:
        contradicts(
            f"The timetable plans the final report for {final[-1].planned:%d/%m/%Y}, after the "
            f"review is due to be complete ({complete.due:%d/%m/%Y}, six months from the "
            "decision: LLR 3.1.2): tell the Panel and the Secretary of State why (delay_reason "
            "makes the delay notice).",
            "timetable",
            final[-1].planned,
        )
    return findings
