"""Write the example case's fictional, anonymised reviewer's report:
cases/NS-2026-011/report/final-report.docx. It carries a reviewer's comment and
document properties, as real reports do, for the publication pack to clean.

    python scripts/make_example_report.py
"""

from __future__ import annotations

from pathlib import Path

from docx import Document
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls
from docx.shared import Cm, Pt

from pipeline.office.word import set_language

TARGET = (
    Path(__file__).resolve().parent.parent
    / "cases"
    / "NS-2026-011"
    / "report"
    / "final-report.docx"
)

SECTIONS = [
    (
        "Introduction",
        [
            "This review was commissioned by the Northshire safeguarding partners after Child R, "
            "aged two, suffered a serious head injury in November 2026. Abuse is suspected; a "
            "criminal investigation continues, and this report makes no finding about how the "
            "injury was caused.",
            "The review asks what the circumstances of the case tell us about how agencies work "
            "together to protect very young children when a new adult joins the household.",
        ],
    ),
    (
        "The review process",
        [
            "Agencies provided chronologies and reports. Practitioners and managers took part in a "
            "reflective learning workshop. Child R's mother was invited to contribute."
        ],
    ),
    (
        "Key practice episodes",
        [
            "Episode 1: the step-down from a child protection plan in September 2025.",
            "Episode 2: the domestic abuse incident in August 2026, after which the mother's new "
            "partner joined the household.",
            "Episode 3: the health visiting reviews that were not accessed in autumn 2026.",
        ],
    ),
    (
        "Findings",
        [
            "Finding 1: information about the mother's partner, known to the police, did not reach "
            "the professionals who visited the home.",
            "Finding 2: missed health appointments were treated as single events rather than a "
            "pattern that needed escalation.",
        ],
    ),
]

RECOMMENDATIONS = [
    (
        "R1",
        "The partnership should make sure police information about adults joining a "
        "household is shared with health visiting and early years.",
    ),
    ("R2", "Health visiting should escalate a second missed review for a child under three."),
]


def main() -> None:
    doc = Document()
    set_language(doc)  # en-GB, as a report for publication must say (WCAG 3.1.1)
    doc.styles["Normal"].font.name = "Arial"
    doc.styles["Normal"].font.size = Pt(11)
    doc.core_properties.author = "H. Marlowe"
    doc.core_properties.last_modified_by = "H. Marlowe"
    doc.core_properties.comments = "Draft 4 for the partnership"
    doc.core_properties.title = "Local Child Safeguarding Practice Review: Child R"
    doc.add_heading("Local Child Safeguarding Practice Review: Child R", level=0)
    doc.add_paragraph(
        "Independent reviewer's report for the Northshire Safeguarding Children Partnership."
    )
    for title, paragraphs in SECTIONS:
        doc.add_heading(title, level=1)
        for text in paragraphs:
            doc.add_paragraph(text)
    doc.add_heading("Recommendations", level=1)
    table = doc.add_table(rows=1, cols=2)
    table.style = "Table Grid"
    table.rows[0].cells[0].text, table.rows[0].cells[1].text = "No.", "Recommendation"
    # a header row ("Repeat as header row"): a tagged PDF gives its cells as TH (WCAG 1.3.1)
    table.rows[0]._tr.get_or_add_trPr().append(parse_xml(f"<w:tblHeader {nsdecls('w')}/>"))
    for cell in table.rows[0].cells:
        cell.paragraphs[0].runs[0].bold = True
    for number, text in RECOMMENDATIONS:
        cells = table.add_row().cells
        cells[0].text, cells[1].text = number, text
    table.autofit = False
    for column, width in zip(table.columns, (Cm(1.5), Cm(14.5)), strict=True):
        column.width = width
        for cell in column.cells:
            cell.width = width
    closing = doc.add_paragraph("The reviewer thanks everyone who took part.")
    doc.add_comment(
        closing.runs, text="Chair to confirm this wording.", author="H. Marlowe", initials="HM"
    )
    section = doc.sections[0]
    section.footer.paragraphs[0].text = "Local Child Safeguarding Practice Review: Child R"
    TARGET.parent.mkdir(parents=True, exist_ok=True)
    doc.save(TARGET)
    print(f"wrote {TARGET}")


if __name__ == "__main__":
    main()
