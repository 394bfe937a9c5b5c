"""Letters to the family (LLR 7.3-7.4, BCP §11, BHR 2.8) and the family-involvement summary.

Each family member review.yaml lists (`family:`) is written to: an invitation to take part,
and, once the publication date is set, the outcome and that date. The letters name the person
and their address from case.yaml: identifying, internal, marked like the referral form, in
OUT/<reference>/family/. The summary for the reviewer (OUT/<reference>/family-involvement.docx)
gives each member by relationship only, with the reasons any did not take part, which the
report must give (LLR 7.4.2).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from ..case.family import family_members, matches
from ..case.model import CaseFolder, FamilyMember, FamilyResponse
from ..core.files import staged
from ..core.outcome import Outcome
from ..core.wording import long_date, plural
from ..office.render import render
from .letters import LetterDates, common_context

# Sent to the person named: personal, never published; not "internal use only".
MARKING = "OFFICIAL-SENSITIVE: PERSONAL"

RESPONSES = {
    "taking-part": "Took part",
    "declined": "Declined",
    "no-response": "No reply",
    "not-invited": "Not invited",
}
CONCLUDED = ("concluded", "closed", "complete", "completed", "finished", "ended")


def slug(text: str) -> str:
    """A file-name part: 'Mother's partner' -> 'mothers-partner'."""
    plain = "".join(c if c.isalnum() else " " for c in text.lower().replace("'", ""))
    return "-".join(plain.split()) or "member"


def letter_context(folder: CaseFolder, today: date) -> dict[str, Any]:
    """What both family letters share: the child by first name, the kind of review, the
    reviewer, whether a police investigation is ongoing, the recommendations."""
    case, review, meeting = folder.case, folder.review, folder.meeting
    assert case is not None
    first = case.child.name.split()[0] if case.child.name.strip() else case.child.pseudonym
    kind = "local child safeguarding practice review"
    if meeting and meeting.decision.outcome == "other-learning":
        option = folder.partnership.learning_options.get(meeting.decision.learning_option or "")
        kind = option.name.lower() if option else "learning review"
    reviewer = review.reviewer.name if review and review.reviewer else ""
    publication = review.publication if review else None
    investigation = any(
        ("criminal" in p.process.lower() or "police" in p.process.lower())
        and p.status.lower().strip() not in CONCLUDED
        for p in case.other_processes
    )
    return common_context(folder.partnership, today) | {
        "marking": MARKING,
        "case": {
            "reference": case.reference,
            "pseudonym": case.child.pseudonym,
            "investigation": investigation,
        },
        "child": {
            "first_name": first,
            "what_happened": f"that {first} died"
            if case.incident.type == "death"
            else f"about what happened to {first}",
        },
        "review": {
            "kind": kind,
            "reviewer": reviewer,
            "with_reviewer": f" and with {reviewer}, the independent reviewer" if reviewer else "",
        },
        "publication": {
            "planned_date": publication.planned_date if publication else None,
            "summary_only": bool(publication and not publication.publish_full_report),
        },
        "recommendations": [r.text for r in review.recommendations] if review else [],
    }


def member_context(entry: FamilyResponse, member: FamilyMember, first: str) -> dict[str, Any]:
    """A family member as the letters address them."""
    address = "\n".join(p.strip() for p in member.address.split(",") if p.strip())
    wrote = f"We wrote to you{' on ' + long_date(entry.invited) if entry.invited else ''}"
    about = f"about the review of how services worked with {first} and your family."
    openings = {
        "taking-part": f"Thank you for taking part in the review about {first}. We know it "
        "cannot have been easy to talk about what happened.",
        "declined": f"{wrote} {about} We respect your decision not to take part. We are "
        "writing to tell you what happens next.",
        "no-response": f"{wrote} {about} We did not hear back from you, and that is all right. "
        "We are writing to tell you what happens next.",
    }
    return {
        "name": member.name,
        "relationship": member.relationship,
        "address": address or "By hand",
        "salutation": entry.salutation or member.name,
        "opening": openings.get(
            entry.response or "", f"{wrote} {about} We are writing to tell you what happens next."
        ),
    }


def family_letters(folder: CaseFolder, today: date) -> tuple[dict[str, Any], list[str]]:
    """Each letter the case has what it needs for, by its path under family/, with its
    template, context and recorded date; and what the others still need."""
    review = folder.review
    if review is None or not review.family:
        return {}, ["family letters: list the family members under family: in review.yaml"]
    shared = letter_context(folder, today)
    first = shared["child"]["first_name"]
    made: dict[str, Any] = {}
    missing: list[str] = []
    for entry, member in family_members(folder):
        if entry.response == "not-invited":
            continue
        name = slug(entry.member)
        context = shared | {"member": member_context(entry, member, first)}
        made[f"{name}-invitation.docx"] = ("family-invitation", context, entry.invited)
        if shared["publication"]["planned_date"]:
            made[f"{name}-outcome.docx"] = ("family-outcome", context, entry.told_outcome)
        else:
            missing.append(f"family/{name}-outcome.docx: needs publication.planned_date")
    return made, missing


def involvement_context(folder: CaseFolder, today: date) -> dict[str, Any]:
    """The family's part by relationship only (never a name), and the reasons some did not
    take part, as the report must give them (LLR 7.4.2)."""
    case, review = folder.case, folder.review
    assert case is not None
    entries = review.family if review else []
    rows, sentences = [], []
    recorded: set[int] = set()
    for entry in entries:
        found = matches(case.family, entry.member)
        if len(found) != 1:
            continue
        recorded.add(id(found[0]))
        who = found[0].relationship or "family member"
        reason = " ".join(entry.reason.split())
        response = RESPONSES.get(entry.response or "", "Awaiting a reply")
        if entry.response is None and not entry.invited:
            response = "Not yet invited"
        rows.append(
            {
                "relationship": who[:1].upper() + who[1:],
                "invited": long_date(entry.invited) or "-",
                "response": response,
                "reason": reason or "-",
            }
        )
        sentences.append(_sentence(who[:1].lower() + who[1:], entry.response, reason))
    for member in case.family:
        if id(member) not in recorded:
            who = member.relationship or "family member"
            rows.append(
                {
                    "relationship": who[:1].upper() + who[1:],
                    "invited": "-",
                    "response": "Not recorded in review.yaml",
                    "reason": "-",
                }
            )
    invited = [e for e in entries if e.invited]
    took_part = [e for e in entries if e.response == "taking-part"]
    summary = (
        f"{plural(len(case.family), 'family member')} in the case record; "
        f"{len(invited)} invited to take part; {len(took_part)} took part."
    )
    review_title = review.report_title if review else ""
    return common_context(folder.partnership, today) | {
        "case": {"reference": case.reference, "pseudonym": case.child.pseudonym},
        "title": review_title or f"Review concerning {case.child.pseudonym}",
        "involvement": {
            "summary": summary,
            "members": rows,
            "for_report": " ".join(s for s in sentences if s)
            or "No family member's involvement is recorded yet.",
        },
    }


def _sentence(who: str, response: str | None, reason: str) -> str:
    said = {
        "taking-part": "took part in the review.",
        "declined": "was invited to take part but declined.",
        "no-response": "was invited to take part but did not reply.",
        "not-invited": "was not invited to take part.",
    }.get(response or "", "")
    if not said:
        return ""
    because = f" {reason}" + ("" if reason.endswith((".", "!", "?")) else ".") if reason else ""
    return f"The {who} {said}{because}"


def write_family(folder: CaseFolder, out: Path, today: date) -> Outcome:
    """The family letters (OUT/<reference>/family/) and the family-involvement summary,
    written together, or not at all."""
    made, missing = family_letters(folder, today)
    base = out / folder.reference
    letters, summary = base / "family", base / "family-involvement.docx"
    dates = LetterDates(out, folder.reference)
    result = Outcome(closing=[f"  not produced: {reason}" for reason in missing])
    with staged([letters, summary]) as (staging, summary_tmp):
        if made:  # else no family/ folder (an earlier one is removed)
            staging.mkdir()
        for name, (template, context, recorded) in made.items():
            day = dates.date(f"family/{name}", recorded, today)
            render(template, context | {"produced": day}, staging / name, day, folder.templates)
        context = involvement_context(folder, today)
        render("family-involvement", context, summary_tmp, today, folder.templates)
    dates.save()
    result.written = [letters / name for name in made] + [summary]
    return result
