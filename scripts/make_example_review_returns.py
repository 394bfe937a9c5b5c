"""Write the fictional example case's review-stage returns (cases/NS-2026-011/review-returns/):
the reply templates `cspr review` makes, filled in as three agencies would (an information
report, a factual summary, an organisational change chronology), so the example runs from
the requests to their returns. Every name and fact is invented; the child is Child R.

    python scripts/make_example_review_returns.py [CASE_DIR]
"""

from __future__ import annotations

import sys
import tempfile
from datetime import date
from pathlib import Path

import openpyxl

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from pipeline.case.validate import validate_case  # noqa: E402
from pipeline.documents.letters import LetterDates  # noqa: E402
from pipeline.documents.review_requests import write_requests  # noqa: E402

CASE = Path(__file__).resolve().parent.parent / "cases" / "NS-2026-011"
ANSWERS: dict[str, dict[str, object]] = {
    "police-information-report": {
        "Completed by": "DS Morgan Ellery",
        "Role": "Detective Sergeant, Public Protection Review Team",
        "Email": "review.team@example.org",
        "Date completed": date(2027, 1, 12),
        "Involvement from": date(2026, 8, 3),
        "Involvement to": date(2026, 11, 9),
        "Summary of involvement": "The police arrested the mother's partner for a domestic "
        "abuse offence against a previous partner in July 2026. In August 2026 officers "
        "attended the mother's address after a neighbour reported shouting; the partner was "
        "present and the officers recorded that a young child lived there.",
        "Analysis of involvement": "The August attendance was graded as a verbal argument. "
        "The officers did not link the partner to his July arrest because the address search "
        "did not return it, and no notification went to children's services or health "
        "visiting. The system relied on officers searching by name at the scene, which was "
        "not possible on the mobile devices then in use.\nSupervisors reviewed the incident "
        "the next day against the attending officers' notes only.",
        "Key themes": "Knowing who lives in the household; information sharing about adults "
        "joining a household.",
        "Learning for the agency": "Domestic incidents at an address with a child under five "
        "should be checked against every adult present, not only the caller.",
        "Learning for multi-agency working": "A notification to health visiting when an adult "
        "with a domestic abuse history joins a household with a young child.",
        "Good practice": "The officers recorded the child's presence and presentation.",
        "Actions already taken": "Mobile devices now search all nominals at an address "
        "(from January 2027).",
        "Practitioners for the workshop": "PC A. Lowe (attending officer); Sgt R. Dunn "
        "(supervisor), review.team@example.org",
    },
    "gp-factual-summary": {
        "Completed by": "Dr Lee Carter",
        "Role": "Safeguarding GP",
        "Email": "gp.safeguarding@example.org",
        "Date completed": date(2027, 1, 8),
        "Involvement from": date(2024, 3, 20),
        "Involvement to": date(2026, 10, 14),
        "Known to agency": "Yes",
        "Summary of involvement": "Child R was registered at birth. Routine immunisations "
        "were given in 2024 and 2025. Minor illness consultations with the mother in "
        "January 2025 and October 2026; no concerns were recorded.",
        "Significant incidents": "No",
    },
}
CHANGES = [
    [date(2025, 4, 1), "Health visiting teams merged from four localities into two",
     "Health visiting, Eastbridge", "Caseloads rose; named health visitors changed for "
     "many families"],
    ["c. 09/2025", "Electronic record system replaced", "All community health services",
     "For three months alerts from other agencies were not shown on the home screen"],
    [date(2026, 2, 1), "Vacancy rate in the Eastbridge team reached 30%", "Health visiting",
     "Mandated reviews were offered by clinic appointment rather than home visit"],
]  # fmt: skip


def main() -> None:
    case = Path(sys.argv[1]) if len(sys.argv) > 1 else CASE
    folder = validate_case(case).folder
    target = case / "review-returns"
    target.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory() as scratch:
        out = Path(scratch)
        write_requests(folder, out, date(2026, 12, 7), LetterDates(out, folder.reference))
        made = out / folder.reference / "review" / "requests"
        for name, answers in ANSWERS.items():
            fill(made / f"{name}.xlsx", answers, target / f"{name}.xlsx")
        fill(
            made / "health-visiting-organisational-changes.xlsx",
            {
                "Completed by": "Alex Shaw",
                "Role": "Named Nurse",
                "Email": "named.nurse@example.org",
                "Date completed": date(2027, 1, 14),
                "Summary of changes": "Two reorganisations and a high vacancy rate in 2025-26.",
            },
            target / "health-visiting-organisational-changes.xlsx",
            CHANGES,
        )
    print(f"wrote {target}")


def fill(
    template: Path, answers: dict[str, object], target: Path, rows: list[list[object]] | None = None
) -> None:
    """The reply template with its answers in column B, and rows under the table's header."""
    book = openpyxl.load_workbook(template)
    first = book.worksheets[0]
    for row in first.iter_rows(min_col=1, max_col=2):
        label = row[0].value
        if label in answers:
            row[1].value = answers[label]
    if rows:
        table = book["Changes"]
        for r, values in enumerate(rows, start=4):
            for c, value in enumerate(values, start=1):
                table.cell(r, c).value = value
    book.save(target)


if __name__ == "__main__":
    main()
