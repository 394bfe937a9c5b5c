"""Before publication: every step of the partnership's sign-off chain recorded (BCP §12;
LLR 9.1.5; BHR 3R.1). `cspr publish-pack` builds nothing until then."""

from __future__ import annotations

from datetime import date

from ..case.model import CaseFolder
from ..case.signoff import outstanding
from ..core.findings import Findings


def unsigned(folder: CaseFolder, today: date) -> Findings:
    """A `sign-off-missing` error for each step of the chain review.yaml does not record;
    a `date-in-future` warning for a step dated after today."""
    findings = Findings()
    if folder.review is None:
        return findings  # the pack's own check asks for review.yaml
    chain = folder.partnership.sign_off
    for n, step in enumerate(chain, start=1):
        if step in outstanding(folder):
            findings.add(
                "sign-off-missing",
                f"The report is not signed off: step {n} of {len(chain)}, '{step.step}' "
                f"({step.name}; {step.source}), is not recorded in review.yaml's sign_off.",
                file="review.yaml",
                field="sign_off",
                value=step.step,
            )
    for i, done in enumerate(folder.review.sign_off):
        if done.date > today:
            findings.add(
                "date-in-future",
                f"Sign-off step '{done.step}' is dated {done.date:%d/%m/%Y}, after today "
                f"({today:%d/%m/%Y}).",
                file="review.yaml",
                field=f"sign_off[{i}].date",
                value=done.date.isoformat(),
            )
    return findings
