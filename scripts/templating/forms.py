"""The referral form, the identifying annex and the 7-minute briefing."""

from __future__ import annotations

from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import parse_xml
from docx.shared import Cm, Pt, RGBColor

from pipeline.office.xml import W_NS

from .base import (
    NAVY,
    facts_table,
    fix_widths,
    loop_table,
    new_document,
    para,
    save,
    shade,
    title_block,
)


def referral_form() -> None:
    doc = new_document("Request for a Child Safeguarding Practice Review")
    title_block(
        doc,
        "Request for a Child Safeguarding Practice Review",
        "{{ marking }}. This form names the child and family: internal use only, "
        "never to be published or forwarded outside the partnership.",
    )
    doc.add_paragraph(
        "Before sending the referral, please check the criteria in Appendix 3 below. Once "
        "completed, please send this form to {{ send_to }}."
    )
    doc.add_heading("1. Referrer", level=1)
    facts_table(
        doc,
        [
            ("Name", "{{ referrer.name }}"),
            ("Role", "{{ referrer.role }}"),
            ("Agency", "{{ referrer.agency }}"),
            ("Email", "{{ referrer.email }}"),
            ("Telephone", "{{ referrer.phone }}"),
            ("Date submitted", "{{ referrer.submitted|long_date }}"),
        ],
    )
    doc.add_heading("2. Details of the child", level=1)
    facts_table(
        doc,
        [
            ("Name of child", "{{ child.name }}"),
            ("Date of birth", "{{ child.date_of_birth|long_date }}"),
            ("Home address", "{{ child.address }}"),
            ("Date of death or critical incident", "{{ child.incident_date|long_date }}"),
            ("Carer", "{{ child.carer }}"),
            ("Location of incident", "{{ child.location }}"),
            ("Faith", "{{ child.faith }}"),
            ("Disability", "{{ child.disability }}"),
            ("Child protection plan", "{{ child.plan_boxes }}"),
        ],
    )
    para(doc, "Ethnic origin", bold=True)
    loop_table(
        doc,
        ["Group", "Ethnic origin"],
        "for g in ethnic_groups",
        ["{{ g.group }}", "{{ g.boxes }}"],
        (5.0, 12.0),
    )
    doc.add_heading("3. Composition of family and significant others", level=1)
    loop_table(
        doc,
        ["Name", "Relationship to child", "Date of birth", "Address", "Ethnic origin"],
        "for f in family",
        [
            "{{ f.name }}",
            "{{ f.relationship }}",
            "{{ f.date_of_birth }}",
            "{{ f.address }}",
            "{{ f.ethnicity }}",
        ],
        (3.4, 3.2, 2.6, 5.0, 2.8),
    )
    doc.add_heading("4. Rapid review criteria", level=1)
    loop_table(
        doc,
        ["Criterion", "Answer"],
        "for c in criteria",
        ["{{ c.question }}", "{{ c.boxes }}"],
        (11.0, 6.0),
    )
    doc.add_heading("5. Summary of events", level=1)
    doc.add_paragraph("{{ summary|lines }}")
    doc.add_heading("6. Other information", level=1)
    para(doc, "Other agencies involved in the care of this child", bold=True)
    loop_table(
        doc,
        ["Name", "Agency", "Contact details", "Still involved?"],
        "for a in agencies",
        ["{{ a.contact }}", "{{ a.name }}", "{{ a.details }}", "{{ a.still_involved }}"],
        (3.6, 4.6, 6.0, 2.8),
    )
    para(doc, "Other processes this case is subject to", bold=True)
    loop_table(
        doc,
        ["Process", "Current status"],
        "for p in processes",
        ["{{ p.process }}", "{{ p.status }}"],
        (10.0, 7.0),
    )
    doc.add_heading("Appendix 3: criteria for referring cases", level=1)
    doc.add_paragraph("In all cases the following should be referred:")
    para(doc, "{%p for x in always_refer %}")
    doc.add_paragraph("{{ x }}", style="List Bullet")
    para(doc, "{%p endfor %}")
    save(doc, "referral-form.docx")


def identifying_annex() -> None:
    """Who the request is about, so an agency can search its records (never published)."""
    doc = new_document("Identifying details (annex to the information request)")
    title_block(
        doc,
        "Annex: identifying details",
        "{{ marking }}. For {{ agency.name }}, to find the records of the case "
        "{{ case.reference }} ({{ case.pseudonym }}). Keep it apart from the reply; never "
        "forward or publish it.",
    )
    facts_table(
        doc,
        [
            ("Child", "{{ child.name }}"),
            ("Known in our documents as", "{{ case.pseudonym }}"),
            ("Date of birth", "{{ child.date_of_birth|long_date }}"),
            ("Address", "{{ child.address }}"),
        ],
    )
    doc.add_heading("Family members and significant others", level=1)
    loop_table(
        doc,
        ["Name", "Relationship to child", "Date of birth", "Address"],
        "for f in family",
        ["{{ f.name }}", "{{ f.relationship }}", "{{ f.date_of_birth }}", "{{ f.address }}"],
        (4.0, 3.6, 3.0, 6.4),
    )
    save(doc, "identifying-annex.docx")


RING = ["1F3864", "2E75B6", "5B9BD5", "70AD47", "FFC000", "ED7D31", "A5A5A5"]  # the graphic's
TINT = ["E9EDF4", "EAF1F8", "EEF4FB", "EFF6EA", "FFF8E5", "FDF0E6", "F2F2F2"]  # and lighter


def seven_minute_briefing() -> None:
    """One designed A4 page: the ring beside the first part, then the seven numbered parts
    in panels coloured as the ring's segments."""
    doc = new_document("7-minute briefing")
    section = doc.sections[0]
    section.top_margin = section.bottom_margin = Cm(1.3)
    section.left_margin = section.right_margin = Cm(1.5)
    doc.styles["Normal"].font.size = Pt(10)
    title_block(
        doc,
        "7-minute briefing: {{ briefing.title }}",
        "{{ case.pseudonym }}. {{ partnership.name }}, {{ publication.planned_date|long_date }}."
        " Seven parts, about a minute each, for a team meeting or supervision.",
    )
    grid = doc.add_table(rows=4, cols=2)
    grid.autofit = False
    cells = [grid.cell(r, c) for r in range(4) for c in range(2)]
    ring, *panels = cells
    ring.paragraphs[0].text = "{{ graphic }}"
    ring.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    for i, cell in enumerate(panels):
        head = cell.paragraphs[0]
        number = head.add_run(f"{i + 1}  ")
        number.bold = True
        number.font.size = Pt(16)
        number.font.color.rgb = RGBColor.from_string(RING[i])
        title = head.add_run(f"{{{{ briefing.parts[{i}].title }}}}")
        title.bold = True
        title.font.size = Pt(12)
        title.font.color.rgb = NAVY
        cell.add_paragraph(f"{{{{ briefing.parts[{i}].text|lines }}}}")
        shade(cell, TINT[i])
    for row in grid.rows:
        trpr = row._tr.get_or_add_trPr()
        trpr.append(parse_xml(f'<w:trHeight xmlns:w="{W_NS}" w:val="3000" w:hRule="atLeast"/>'))
    fix_widths(grid, (9.0, 9.0))
    save(doc, "7-minute-briefing.docx")


def write() -> None:
    referral_form()
    identifying_annex()
    seven_minute_briefing()
