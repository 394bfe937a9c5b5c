"""Write the first versions of the Word templates in templates/.

The templates are ordinary .docx files: once written, a business office edits
them in Word (fields are `{{ ... }}`, repeated table rows `{%tr for ... %}`,
optional paragraphs `{%p if ... %}`). Re-running this script overwrites local
edits, so run it only to start afresh. Field reference: templates/README.md.

    python scripts/make_templates.py            # write templates/ afresh
    python scripts/make_templates.py --check    # exit 1 if templates/ differs (make lint)

Files are saved deterministically (fixed dates), so the same script makes the same bytes.
"""

from __future__ import annotations

import io
import sys
import tempfile
import zipfile
from collections.abc import Sequence
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import parse_xml
from docx.shared import Cm, Pt, RGBColor

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from pipeline.office.word import set_language, setup_page  # noqa: E402
from pipeline.office.xml import W_NS  # noqa: E402

SHIPPED = Path(__file__).resolve().parent.parent / "templates"
OUT = SHIPPED  # where this run writes; a scratch folder with --check
MADE = date(2026, 1, 1)  # the fixed date saved in every template


def save(doc: Any, name: str) -> None:
    """Save with fixed dates and zip times (no print date: documents made from it add one)."""
    moment = datetime.combine(MADE, time())
    doc.core_properties.created = doc.core_properties.modified = moment
    buffer = io.BytesIO()
    doc.save(buffer)
    with zipfile.ZipFile(buffer) as src, zipfile.ZipFile(OUT / name, "w") as dst:
        for item in src.infolist():
            info = zipfile.ZipInfo(item.filename, date_time=(1980, 1, 1, 0, 0, 0))
            dst.writestr(info, src.read(item.filename), zipfile.ZIP_DEFLATED)


NAVY = RGBColor(0x1F, 0x38, 0x64)


def new_document(title: str, landscape: bool = False) -> Any:
    doc = Document()
    set_language(doc)  # en-GB (python-docx's blank document says en-US)
    setup_page(
        doc, landscape=landscape, marking="{{ marking }}", header_right="{{ partnership.name }}"
    )
    normal = doc.styles["Normal"]
    normal.font.name = "Arial"
    normal.font.size = Pt(10.5)
    normal.paragraph_format.space_after = Pt(4)
    for level in (1, 2, 3):
        style = doc.styles[f"Heading {level}"]
        style.font.name = "Arial"
        style.font.color.rgb = NAVY
        style.paragraph_format.keep_with_next = True
    doc.core_properties.title = title
    doc.core_properties.author = "{{ partnership.name }}"
    return doc


def title_block(doc: Any, title: str, subtitle: str = "") -> None:
    p = doc.add_paragraph()
    run = p.add_run("{{ partnership.name }}")
    run.bold = True
    run.font.color.rgb = NAVY
    heading = doc.add_heading(title, level=0)
    heading.runs[0].font.size = Pt(22)
    if subtitle:
        doc.add_paragraph(subtitle)


def facts_table(
    doc: Any, rows: Sequence[tuple[str, str]], widths: tuple[float, float] = (5.0, 12.0)
) -> Any:
    table = doc.add_table(rows=0, cols=2)
    table.style = "Table Grid"
    for label, value in rows:
        cells = table.add_row().cells
        cells[0].text = label
        cells[0].paragraphs[0].runs[0].bold = True
        shade(cells[0], "EAF1FB")
        cells[1].text = value
    fix_widths(table, widths)
    no_split(table)
    return table


def loop_table(
    doc: Any,
    headers: Sequence[str],
    loop: str,
    cells: Sequence[str],
    widths: Sequence[float],
    empty_rows: int = 0,
) -> Any:
    """A table whose middle row repeats `{%tr for ... %}` (or blank rows to fill in)."""
    table = doc.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, headers, strict=True):
        cell.text = text
        cell.paragraphs[0].runs[0].bold = True
        cell.paragraphs[0].runs[0].font.color.rgb = RGBColor(0xFF, 0xFF, 0xFF)
        shade(cell, "1F3864")
    if loop:
        table.add_row().cells[0].text = "{%tr " + loop + " %}"
        for cell, text in zip(table.add_row().cells, cells, strict=True):
            cell.text = text
        table.add_row().cells[0].text = "{%tr endfor %}"
    for _ in range(empty_rows):
        table.add_row()
    fix_widths(table, widths)  # rows may break across pages: LibreOffice drops the rows of a
    header = table.rows[0]._tr.get_or_add_trPr()  # repeating-header table that cannot split
    header.append(parse_xml(f'<w:tblHeader xmlns:w="{W_NS}"/>'))
    return table


def shade(cell: Any, fill: str) -> None:
    cell._tc.get_or_add_tcPr().append(
        parse_xml(f'<w:shd xmlns:w="{W_NS}" w:val="clear" w:color="auto" w:fill="{fill}"/>')
    )


def fix_widths(table: Any, widths: Sequence[float]) -> None:
    table.autofit = False
    for column, width in zip(table.columns, widths, strict=True):
        column.width = Cm(width)
        for cell in column.cells:
            cell.width = Cm(width)


def no_split(table: Any) -> None:
    """Rows never break across pages."""
    for row in table.rows:
        row._tr.get_or_add_trPr().append(parse_xml(f'<w:cantSplit xmlns:w="{W_NS}"/>'))


def para(doc: Any, text: str, bold: bool = False, italic: bool = False) -> Any:
    p = doc.add_paragraph()
    run = p.add_run(text)
    run.bold, run.italic = bold, italic
    return p


SECTION_ONE = [
    ("Case reference", "{{ case.reference }}"),
    ("Child", "{{ case.pseudonym }}"),
    ("Age at the incident", "{{ case.age }}"),
    ("Sex", "{{ case.sex }}"),
    ("Ethnicity", "{{ case.ethnicity }}"),
    ("Looked after", "{{ case.looked_after }}"),
    ("Child protection plan", "{{ case.child_protection_plan }}"),
    ("Incident", "{{ case.incident_type }}, abuse or neglect {{ case.abuse_or_neglect }}"),
    ("Date of the incident", "{{ case.incident_date|long_date }}"),
    ("Setting", "{{ case.setting }}"),
    ("Route", "{{ case.route }}"),
    ("Referral received", "{{ case.referral_received|long_date }} from {{ case.referrer }}"),
]


def section_one(doc: Any) -> None:
    doc.add_heading("Section 1: the facts", level=1)
    facts_table(doc, SECTION_ONE)
    doc.add_heading("Summary of events", level=2)
    doc.add_paragraph("{{ case.summary|lines }}")
    doc.add_heading("Other processes under way", level=2)
    loop_table(
        doc,
        ["Process", "Status"],
        "for p in case.other_processes",
        ["{{ p.process }}", "{{ p.status }}"],
        (10.0, 7.0),
    )


def agencies_section(doc: Any) -> None:
    doc.add_heading("Agencies", level=1)
    para(doc, "{%p if missing_returns %}")
    para(
        doc,
        "Returns still missing: {{ missing_returns|join(', ') }}. The meeting does not "
        "have their information.",
        bold=True,
    )
    para(doc, "{%p endif %}")
    loop_table(
        doc,
        ["Agency", "Return", "Known to agency", "Involvement", "Events"],
        "for a in agencies",
        [
            "{{ a.name }}",
            "{{ a.return_status }}",
            "{{ a.known }}",
            "{{ a.involvement }}",
            "{{ a.events }} ({{ a.key_events }} key)",
        ],
        (4.0, 3.8, 2.0, 4.8, 2.4),
    )
    para(doc, "{%p for a in agencies %}")
    doc.add_heading("{{ a.name }}", level=2)
    for label, field in (
        ("Summary of involvement", "a.summary"),
        ("Immediate actions taken", "a.actions"),
        ("Learning identified", "a.learning"),
        ("Good practice", "a.good_practice"),
    ):
        p = doc.add_paragraph()
        p.add_run(f"{label}: ").bold = True
        p.add_run("{{ " + field + "|lines }}")
    para(doc, "{%p endfor %}")


def key_events_section(doc: Any) -> None:
    doc.add_heading("Key events", level=1)
    doc.add_paragraph("{{ timeline }}")
    loop_table(
        doc,
        ["Date", "Agency", "Event", "Significance"],
        "for e in key_events",
        ["{{ e.date }}", "{{ e.agency }}", "{{ e.event }}", "{{ e.significance }}"],
        (2.4, 3.4, 7.2, 4.0),
    )


def timescales_section(doc: Any) -> None:
    doc.add_heading("Timescales", level=1)
    loop_table(
        doc,
        ["Step", "Due", "Where it stands"],
        "for d in deadlines",
        ["{{ d.title }}", "{{ d.due }}", "{{ d.words }}"],
        (5.5, 3.4, 8.1),
    )


def combined_summary() -> None:
    doc = new_document("Combined Summary")
    title_block(
        doc,
        "Combined Summary for the {{ meeting_name }}",
        "Case {{ case.reference }}, {{ case.pseudonym }}. Produced {{ produced|long_date }}"
        ". {{ marking }}: for the meeting only; do not forward.",
    )
    section_one(doc)
    agencies_section(doc)
    key_events_section(doc)
    timescales_section(doc)
    doc.add_heading("Criteria the meeting must consider", level=1)
    doc.add_paragraph(
        "The meeting must take into account whether the case (Working Together; "
        "LLR 1.4.1), and have regard to the circumstances (LLR 1.4.2). Facts "
        "already known are filled in; the meeting records its answer."
    )
    loop_table(
        doc,
        ["Criterion", "Known so far", "Yes / No / Possibly", "Notes"],
        "for c in criteria",
        ["{{ c.question }}", "{{ c.known }}", "", ""],
        (7.0, 4.0, 2.6, 3.4),
    )
    doc.add_heading("Section 2: learning and immediate actions (completed at the meeting)", level=1)
    para(doc, "Immediate actions", bold=True)
    loop_table(doc, ["Action", "Owner", "Due"], "", [], (9.2, 4.4, 3.4), empty_rows=4)
    para(doc, "Learning identified", bold=True)
    loop_table(doc, ["Learning"], "", [], (17.0,), empty_rows=3)
    doc.add_heading("Section 3: decision and rationale (completed at the meeting)", level=1)
    para(doc, "Quorum: {{ quorum_rule }}", italic=True)
    loop_table(
        doc, ["Attendee", "Role", "Agency", "Partner"], "", [], (4.5, 4.0, 5.0, 3.5), empty_rows=6
    )
    para(doc, "Decision (tick one):", bold=True)
    for option in (
        "Local child safeguarding practice review",
        "Recommend a national review",
        "Other learning (name the option from the menu of learning options)",
        "No review",
    ):
        doc.add_paragraph("\u2610 " + option)
    para(doc, "Rationale", bold=True)
    loop_table(doc, ["Rationale"], "", [], (17.0,), empty_rows=2)
    save(doc, "combined-summary.docx")


def combined_summary_panel() -> None:
    doc = new_document("Combined Summary for the National Panel")
    title_block(
        doc,
        "Combined Summary for the National Panel",
        "Case {{ case.reference }}, {{ case.pseudonym }}. {{ meeting_name|capitalize }} "
        "held {{ meeting.date|long_date }}. Produced {{ produced|long_date }}.",
    )
    section_one(doc)
    agencies_section(doc)
    key_events_section(doc)
    doc.add_heading("The meeting", level=1)
    facts_table(doc, [("Date", "{{ meeting.date|long_date }}"), ("Quorum", "{{ meeting.quorum }}")])
    loop_table(
        doc,
        ["Attendee", "Role", "Agency"],
        "for a in meeting.attendees",
        ["{{ a.name }}", "{{ a.role }}", "{{ a.agency }}"],
        (5.0, 5.5, 6.5),
    )
    doc.add_heading("Criteria", level=1)
    loop_table(
        doc,
        ["Criterion", "Judgement", "Notes"],
        "for c in meeting.criteria",
        ["{{ c.question }}", "{{ c.answer }}", "{{ c.note }}"],
        (7.5, 2.5, 7.0),
    )
    doc.add_heading("Section 2: immediate actions and learning", level=1)
    loop_table(
        doc,
        ["Immediate action", "Owner", "Due"],
        "for a in meeting.actions",
        ["{{ a.action }}", "{{ a.owner }}", "{{ a.due }}"],
        (9.2, 4.4, 3.4),
    )
    para(doc, "Learning", bold=True)
    para(doc, "{%p for item in meeting.learning %}")
    doc.add_paragraph("{{ item }}", style="List Bullet")
    para(doc, "{%p endfor %}")
    para(doc, "Themes: {{ meeting.themes|join('; ') }}")
    doc.add_heading("Independent advice", level=1)
    doc.add_paragraph("{{ meeting.advisor }}")
    doc.add_heading("Section 3: decision and rationale", level=1)
    facts_table(
        doc,
        [
            ("Decision", "{{ decision.outcome }}"),
            ("Learning option", "{{ decision.option }}"),
            ("Recommended for national review", "{{ decision.national_review }}"),
            ("Rationale", "{{ decision.rationale|lines }}"),
        ],
    )
    save(doc, "combined-summary-panel.docx")


def letter(
    name: str, title: str, addressee: list[str], subject: str, body: list[str], contact: bool = True
) -> None:
    """A letter; without `contact` it carries no address, email or phone (published packs)."""
    doc = new_document(title)
    head = doc.add_paragraph()
    head.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    run = head.add_run("{{ partnership.name }}")
    run.bold = True
    if contact:
        head.add_run("\n{{ partnership.letterhead|lines }}")
    doc.add_paragraph("{{ produced|long_date }}")
    doc.add_paragraph("\n".join(addressee))
    para(doc, subject, bold=True)
    for text in body:
        if text.startswith("{%p"):
            para(doc, text)
        else:
            doc.add_paragraph(text)
    doc.add_paragraph("Yours sincerely,")
    doc.add_paragraph("\n\n{{ partnership.signature|lines }}")
    save(doc, f"{name}.docx")


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


def main() -> None:
    global OUT
    if "--check" in sys.argv[1:]:
        with tempfile.TemporaryDirectory() as scratch:
            OUT = Path(scratch)
            write_all()
            made = sorted(p.name for p in OUT.glob("*.docx"))
            stale = [n for n in made if (OUT / n).read_bytes() != _read(SHIPPED / n)]
        if stale:
            print(
                f"templates/ differs from what scripts/make_templates.py makes: {', '.join(stale)}."
                " Run `python scripts/make_templates.py` (or change the script to match).",
                file=sys.stderr,
            )
            sys.exit(1)
        print(f"templates/: all {len(made)} shipped templates are what the script makes.")
        return
    write_all()
    print(f"wrote templates to {OUT}")


def _read(path: Path) -> bytes:
    return path.read_bytes() if path.is_file() else b""


def write_all() -> None:
    OUT.mkdir(exist_ok=True)
    referral_form()
    seven_minute_briefing()
    letter(
        "notice-to-national-bodies",
        "Notice: report sent before publication",
        ["{{ recipients.lines|lines }}"],
        "{{ title }}: the report before publication",
        [
            "Dear colleagues,",
            "Please find attached the final report of the local child safeguarding practice "
            "review concerning {{ case.pseudonym }}, sent to you on "
            "{{ publication.sent|long_date }}.",
            "The safeguarding partners intend to publish {{ publication.full }} on "
            "{{ publication.planned_date|long_date }}, with a 7-minute briefing for "
            "practitioners. The report will stay published for at least a year.",
            "Please let us know before the publication date if you have any concerns.",
        ],
        contact=False,
    )
    letter(
        "request-letter",
        "Information request",
        ["{{ agency.contact }}", "{{ agency.name }}"],
        "Information request: {{ case.reference }} ({{ case.pseudonym }}) - reply by "
        "{{ due|day_date }}",
        [
            "Dear {{ agency.salutation }},",
            "{{ outline }}",
            "Why we are asking: the safeguarding partners must decide, at a {{ meeting_name }}, "
            "whether the case meets the criteria for a local child safeguarding practice "
            "review. To do so they need to know what each agency knew of the child and family.",
            "What to send: please complete the attached reply template "
            "({{ agency.key }}-return.xlsx): the Summary sheet and a chronology of your "
            "agency's involvement from {{ period }}. Keep the sheet and column names; add "
            "your own columns if you need them.",
            "When: by {{ due|day_date }}.",
            "Finding your records: the enclosed annex ({{ agency.key }}-annex.docx) names "
            "the child and family, with dates of birth and addresses. It is OFFICIAL-SENSITIVE: "
            "keep it with your agency's case records, apart from the reply, and never forward "
            "or publish it.",
            "Securing records: please secure all your agency's records about the child and "
            "family now, and tell us if any are held elsewhere.",
            "Who to contact: {{ partnership.contact }}. Please send the completed template by "
            "secure email.",
        ],
    )
    identifying_annex()
    letter(
        "reminder-letter",
        "Reminder: information request",
        ["{{ agency.contact }}", "{{ agency.name }}"],
        "Reminder: information request {{ case.reference }} ({{ case.pseudonym }})",
        [
            "Dear {{ agency.salutation }},",
            "We wrote on {{ sent|long_date }} asking for your agency's information about "
            "{{ case.pseudonym }}. {{ status }}",
            "The {{ meeting_name }} cannot fully consider the case without it. Please send "
            "the completed reply template ({{ agency.key }}-return.xlsx) to "
            "{{ partnership.reply_to }} as soon as you can, or tell us today if there is a "
            "difficulty.",
        ],
    )
    letter(
        "reviewer-appointed",
        "Notice: reviewer appointed",
        ["{{ recipients.names }}", "{{ recipients.emails }}"],
        "Local child safeguarding practice review {{ case.reference }} "
        "({{ case.pseudonym }}): reviewer appointed",
        [
            "Dear colleagues,",
            "Following the {{ meeting_name }} on {{ decision_date|long_date }}, the "
            "safeguarding partners have commissioned a local child safeguarding practice "
            "review. The independent reviewer is {{ reviewer.name }}{{ reviewer.organisation }}, "
            "commissioned on {{ reviewer.commissioned|long_date }}.",
            "The review is due to be completed by {{ due|long_date }}.",
        ],
    )
    letter(
        "delay-notice",
        "Notice: review delayed",
        ["{{ recipients.names }}", "{{ recipients.address }}"],
        "Delay to local child safeguarding practice review {{ case.reference }} "
        "({{ case.pseudonym }})",
        [
            "Dear colleagues,",
            "The review commissioned after the {{ meeting_name }} on "
            "{{ decision_date|long_date }} was due to be completed by {{ due|long_date }}, six "
            "months from the decision. It will not be completed by then.",
            "The reason: {{ reason|lines }}",
            "We will keep you informed and send the report when it is complete.",
        ],
    )
    letter(
        "workshop-invitation",
        "Invitation: reflective learning workshop",
        ["{{ agency.contact }}", "{{ agency.name }}"],
        "Invitation: learning workshop for review {{ case.reference }} ({{ case.pseudonym }})",
        [
            "Dear {{ agency.salutation }},",
            "As part of the review, the independent reviewer {{ reviewer.name }} will hold a "
            "reflective learning workshop on {{ workshop.date|day_date }} at "
            "{{ workshop.place }} ({{ workshop.length }}).",
            "Who should attend: {{ workshop.attendees }}",
            "The workshop looks at the system, not at individuals: practitioners are asked to "
            "reflect on what helped and what hindered their work with the family.",
            "Please confirm the names of those attending to {{ partnership.reply_to }}.",
        ],
    )
    combined_summary()
    combined_summary_panel()
    letter(
        "panel-covering-letter",
        "Covering letter to the National Panel",
        ["{{ panel.name }}", "{{ panel.address }}", "{{ panel.email }}"],
        "{{ meeting_name|capitalize }}: {{ case.reference }} ({{ case.pseudonym }})",
        [
            "Dear {{ panel.salutation }},",
            "Please find enclosed the Combined Summary for the National Panel for "
            "{{ case.pseudonym }} (our reference {{ case.reference }}), {{ case.notified }}.",
            "The {{ meeting_name }} met on {{ meeting.date|long_date }}. {{ meeting.quorum }}",
            "Decision: {{ decision.outcome }}. {{ decision.option_sentence }}",
            "{{ decision.rationale|lines }}",
            "{%p if decision.national_review == 'Yes' %}",
            "The safeguarding partners recommend that the Panel consider a national review.",
            "{%p endif %}",
            "{{ panel_next_steps }}",
        ],
    )
    letter(
        "outcome-letter",
        "Outcome of the rapid review",
        ["{{ agency.contact }}", "{{ agency.name }}"],
        "Outcome of the {{ meeting_name }}: {{ case.reference }} ({{ case.pseudonym }})",
        [
            "Dear {{ agency.salutation }},",
            "{{ agency.thanks }} The {{ meeting_name }} met on "
            "{{ meeting.date|long_date }} and decided: {{ decision.outcome }}. "
            "{{ decision.option_sentence }}",
            "{{ decision.rationale|lines }}",
            "What happens next: {{ next_steps }}",
            "{%p if agency.meeting_actions %}",
            "Immediate actions for your agency:",
            "{%p endif %}",
            "{%p for a in agency.meeting_actions %}",
            "\u2022 {{ a.action }} (owner {{ a.owner }}, due {{ a.due }})",
            "{%p endfor %}",
            "Please keep the records you secured until you hear otherwise.",
        ],
    )


if __name__ == "__main__":
    main()
