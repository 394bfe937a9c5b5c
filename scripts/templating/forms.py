"""The referral form, the identifying annex and the 7-minute briefing."""

from __future__ import annotations

from docx.enum.section import WD_SECTION
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import parse_xml
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from pipeline.office.xml import W_NS

from .base import (
    facts_table,
    loop_table,
    new_document,
    para,
    save,
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
        headers=("Question", "Answer"),
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
        headers=("Question", "Answer"),
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
# where the parts follow each other in the page's two columns: the ring and parts 1-3 on the
# left, parts 4-7 on the right
COLUMN_BREAK_AFTER = 3


def seven_minute_briefing() -> None:
    """One designed A4 page without a layout table (a table would be read, and tagged in the
    PDF, as data): the title across the page, then two newspaper columns holding the ring
    and the seven numbered parts, each a heading and its text in a panel of shaded, bordered
    paragraphs coloured as the ring's segment. The reading order is the order on the page."""
    doc = new_document("7-minute briefing")
    section = doc.sections[0]
    section.top_margin = section.bottom_margin = Cm(1.3)
    section.left_margin = section.right_margin = Cm(1.5)
    doc.styles["Normal"].font.size = Pt(10.5)
    title_block(
        doc,
        "7-minute briefing: {{ briefing.title }}",
        "{{ case.pseudonym }}. {{ partnership.name }}, {{ publication.planned_date|long_date }}."
        " Seven parts, about a minute each, for a team meeting or supervision.",
    )
    columns = doc.add_section(WD_SECTION.CONTINUOUS)  # the title block keeps one column
    cols = columns._sectPr.find(qn("w:cols"))  # python-docx's blank document has one
    cols.set(qn("w:num"), "2")
    cols.set(qn("w:space"), str(round(0.7 * 567)))  # 0.7 cm between the columns
    ring = doc.add_paragraph("{{ graphic }}")
    ring.alignment = WD_ALIGN_PARAGRAPH.CENTER
    ring.paragraph_format.space_after = Pt(2)
    for i in range(7):
        if i == COLUMN_BREAK_AFTER:  # in a paragraph of its own, outside the panels
            brk = doc.add_paragraph()
            brk.paragraph_format.space_after = Pt(0)
            brk.add_run().add_break(WD_BREAK.COLUMN)
        head = doc.add_paragraph(style="Heading 1")
        head.paragraph_format.space_before = Pt(14)
        head.paragraph_format.space_after = Pt(0)
        number = head.add_run(f"{i + 1}  ")
        number.font.size = Pt(16)
        number.font.color.rgb = RGBColor.from_string(RING[i])
        title = head.add_run(f"{{{{ briefing.parts[{i}].title }}}}")
        title.font.size = Pt(12)
        text = doc.add_paragraph(f"{{{{ briefing.parts[{i}].text|lines }}}}")
        text.paragraph_format.space_after = Pt(0)
        text.paragraph_format.line_spacing = 1.15
        text.paragraph_format.keep_together = True
        for paragraph in (head, text):
            panel(paragraph, RING[i], TINT[i])
    save(doc, "7-minute-briefing.docx")


def panel(paragraph: object, edge: str, fill: str) -> None:
    """A paragraph in a coloured panel: shaded `fill`, a thick left edge in `edge`; the
    paragraphs of one panel share the borders, so Word and LibreOffice draw one box."""
    thin = f'w:val="single" w:sz="4" w:color="{fill}"'
    pdr = paragraph._p.get_or_add_pPr()
    pdr.insert_element_before(
        parse_xml(
            f'<w:pBdr xmlns:w="{W_NS}"><w:top {thin} w:space="8"/>'
            f'<w:left w:val="single" w:sz="36" w:color="{edge}" w:space="6"/>'
            f'<w:bottom {thin} w:space="8"/><w:right {thin} w:space="6"/></w:pBdr>'
        ),
        *SUCCESSORS_OF_PBDR,
    )
    pdr.insert_element_before(
        parse_xml(f'<w:shd xmlns:w="{W_NS}" w:val="clear" w:color="auto" w:fill="{fill}"/>'),
        *SUCCESSORS_OF_PBDR[1:],
    )
    paragraph.paragraph_format.left_indent = Cm(0.45)
    paragraph.paragraph_format.right_indent = Cm(0.2)


# the w:pPr children that come after w:pBdr (ECMA-376 CT_PPrBase order): w:shd first
SUCCESSORS_OF_PBDR = (
    "w:shd",
    "w:tabs",
    "w:suppressAutoHyphens",
    "w:kinsoku",
    "w:wordWrap",
    "w:overflowPunct",
    "w:topLinePunct",
    "w:autoSpaceDE",
    "w:autoSpaceDN",
    "w:bidi",
    "w:adjustRightInd",
    "w:snapToGrid",
    "w:spacing",
    "w:ind",
    "w:contextualSpacing",
    "w:mirrorIndents",
    "w:suppressOverlap",
    "w:jc",
    "w:textDirection",
    "w:textAlignment",
    "w:textboxTightWrap",
    "w:outlineLvl",
    "w:divId",
    "w:cnfStyle",
    "w:rPr",
    "w:sectPr",
    "w:pPrChange",
)


def write() -> None:
    referral_form()
    identifying_annex()
    seven_minute_briefing()
