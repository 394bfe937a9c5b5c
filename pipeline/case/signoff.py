"""The sign-off chain a final report needs before publication (the profile's `sign_off`;
BCP §12, LLR 9.1.5, BHR 3R.1), and the steps a case records in review.yaml `sign_off:`."""

from __future__ import annotations

from ..core.findings import Findings
from ..rules.settings import SignOffStep
from .model import CaseFolder, SignOff


def outstanding(folder: CaseFolder) -> list[SignOffStep]:
    """The chain's steps review.yaml does not record yet, in the chain's order."""
    done = {s.step for s in folder.review.sign_off} if folder.review else set()
    return [s for s in folder.partnership.sign_off if s.step not in done]


def check_sign_off(folder: CaseFolder, findings: Findings) -> None:
    """Each recorded step is one of the chain's (else ignored, a warning), once; in the
    chain's order by date; none before the report was received (`completed`) or after the
    planned publication."""
    review = folder.review
    if review is None:
        return
    chain = [s.step for s in folder.partnership.sign_off]
    recorded: dict[str, tuple[int, SignOff]] = {}
    for i, done in enumerate(review.sign_off):
        where = f"sign_off[{i}].step"
        if done.step not in chain:  # ignored: publish-pack still asks for the chain's steps
            findings.add(
                "key-unknown",
                f"'{where}' is '{done.step}', not a step of the {folder.partnership.profile} "
                f"profile's sign-off chain ({', '.join(chain) or 'no steps'}); it is ignored.",
                file="review.yaml",
                field=where,
                value=done.step,
            )
        elif done.step in recorded:
            findings.add(
                "value-invalid",
                f"Sign-off step '{done.step}' is recorded twice; keep the one that stands.",
                file="review.yaml",
                field=where,
                value=done.step,
            )
        else:
            recorded[done.step] = (i, done)
    ordered = [recorded[s] for s in chain if s in recorded]
    for (_, first), (i, then) in zip(ordered, ordered[1:], strict=False):
        if then.date < first.date:
            _contradict(
                findings,
                i,
                then,
                f"before '{first.step}' ({first.date:%d/%m/%Y}), which comes first in the chain",
            )
    completed = review.completed
    planned = review.publication.planned_date
    for i, done in recorded.values():
        if completed and done.date < completed:
            _contradict(
                findings, i, done, f"before the final report was received ({completed:%d/%m/%Y})"
            )
        if planned and done.date > planned:
            _contradict(findings, i, done, f"after the planned publication ({planned:%d/%m/%Y})")


def _contradict(findings: Findings, i: int, done: SignOff, why: str) -> None:
    findings.add(
        "dates-contradict",
        f"Sign-off step '{done.step}' is dated {done.date:%d/%m/%Y}, {why}.",
        file="review.yaml",
        field=f"sign_off[{i}].date",
        value=done.date.isoformat(),
    )
