"""The one error/warning model: every stage reports problems as Findings.

Each finding has a stable `code` from CODES (its severity and a standing hint),
a location (file, sheet, cell, row, field) and the bad value. Stages collect
findings in a Findings list instead of raising at the first problem.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Literal

Severity = Literal["error", "warning"]

# code: (severity, hint shown when the finding gives none of its own)
CODES: dict[str, tuple[Severity, str]] = {
    # case folder and YAML files
    "case-folder-missing": ("error", "Give the path of a case folder (cases/<reference>)."),
    "case-file-missing": ("error", "Every case folder needs a case.yaml; see CASE-FORMAT.md."),
    "case-file-empty": ("error", "Fill in case.yaml with the case's keys; see CASE-FORMAT.md."),
    "link-outside-case": (
        "error",
        "Put the file itself in the case folder in place of the link; links out are not followed.",
    ),
    "yaml-unreadable": (
        "error",
        "Fix the YAML syntax at the line shown (indentation, colons, quotes).",
    ),
    "yaml-duplicate-key": ("warning", "Remove one of the two entries; only the last one is used."),
    "key-missing": ("error", "Add the key; see CASE-FORMAT.md for its meaning."),
    "key-unknown": ("warning", "Check the spelling against CASE-FORMAT.md; the value is ignored."),
    "value-invalid": ("error", "Correct the value to one of the forms shown."),
    "reference-invalid": ("error", "Use 1-64 letters, digits, '-' or '_' for the folder name."),
    "reference-mismatch": ("error", "Make `reference` in case.yaml equal the case folder's name."),
    "agency-duplicate": ("error", "Give each agency in case.yaml a different key."),
    "case-date-order": ("warning", "Check the two dates: they are in an unexpected order."),
    "rule-invalid": ("error", "Correct the deadline rule in partnership.yaml; see README."),
    "date-in-future": (
        "warning",
        "Check the date: it is after today, so the step is not counted as done until then.",
    ),
    "dates-contradict": (
        "warning",
        "Check the two dates: one step falls after the step that needs it.",
    ),
    "identifying-in-pack": (
        "warning",
        "Read the text before the pack is sent: use the pseudonym, or add a reasoned "
        "leak_allow entry to review.yaml.",
    ),
    "briefing-mismatch": (
        "warning",
        "Check the briefing against the case: the number it gives is none of the case's.",
    ),
    "owner-unknown": (
        "warning",
        "Name the owner by an agency key or name from case.yaml, so its letter carries it.",
    ),
    "meeting-inquorate": (
        "warning",
        "Record the attendees fully; an inquorate decision may "
        "need ratifying by the safeguarding partners.",
    ),
    "decision-incomplete": (
        "error",
        "Add decision.learning_option from the menu in CASE-FORMAT.md (meeting.yaml).",
    ),
    "theme-unmapped": (
        "warning",
        "Write the theme in a national theme's words, or map it in partnership.yaml's themes.",
    ),
    "episode-invalid": (
        "warning",
        "Name an episode in episodes.yaml by the first day the Combined Summary gives it, and a "
        "row by its return file and row; the entry is ignored.",
    ),
    "template-invalid": (
        "error",
        "Correct the template in Word (templates/README.md lists the fields), or remove the "
        "partnership's copy to use the shipped one.",
    ),
    "record-unreadable": (
        "error",
        "Give the Combined Summary made by `cspr summary` (a .docx), filled in and saved; "
        "make it again if the partnership's own template predates its controls.",
    ),
    "record-case-mismatch": (
        "error",
        "Give the case folder the document is for, or the Combined Summary of this case.",
    ),
    "family-member-unknown": (
        "error",
        "Name the family member by their relationship or name exactly as case.yaml's family "
        "lists them (by name where two share a relationship).",
    ),
    "family-reason-missing": (
        "warning",
        "Add the reason to review.yaml (family[].reason): every reason a family member did not "
        "take part goes in the report (LLR 7.4.2).",
    ),
    # publication
    "publication-incomplete": ("error", "Add what is missing before building the pack."),
    "sign-off-missing": (
        "error",
        "Record the step in review.yaml (sign_off: step, date, by) once it is done; "
        "`cspr profiles show NAME` lists the partnership's chain.",
    ),
    "learning-brief-not-applicable": (
        "error",
        "A case with a full report publishes its 7-minute briefing in the publication pack "
        "(cspr publish-pack).",
    ),
    "publication-too-early": ("error", "Move the publication date, or send the report sooner."),
    "report-tracked-changes": (
        "error",
        "Open the report in Word, accept or reject every "
        "tracked change, save it, and build the pack again.",
    ),
    "identifying-text": (
        "error",
        "Remove the text, or add a reasoned leak_allow entry to "
        "review.yaml if it does not identify anyone.",
    ),
    "accessibility": (
        "error",
        "Fix it in the document (the place and the rule are given) and build the pack again; "
        "only a reasoned accessibility_allow entry in review.yaml lets it through.",
    ),
    "accessibility-in-pack": (
        "warning",
        "Fix it in the partnership's template (the place and the rule are given) before the "
        "documents go.",
    ),
    # agency returns
    "return-missing": ("warning", "Chase the agency; the meeting can go ahead without it."),
    "review-return-missing": (
        "warning",
        "Chase the agency (cspr chase lists it), or record `received` for the request in "
        "review.yaml.",
    ),
    "review-return-unrequested": (
        "warning",
        "Name the file <agency>-<kind>.xlsx after a request in review.yaml, or add the request.",
    ),
    "review-return-incomplete": (
        "warning",
        "Ask the agency to complete the answer; the rest of the return is read.",
    ),
    "notice-recipient-missing": (
        "warning",
        "Send the reviewer's name to the Panel, Ofsted and DfE mailboxes (LLR 6.1.2): check "
        "`notices` and `national_bodies` in partnership.yaml.",
    ),
    "return-unknown-agency": (
        "warning",
        "Rename the file to an agency key from case.yaml, or add the agency.",
    ),
    "return-duplicate": ("error", "Keep one return per agency in returns/ and remove the other."),
    "return-unsupported": ("warning", "Save the return as .xlsx, .xls, .ods or .csv."),
    "return-unreadable": ("error", "Ask the agency to re-send the return as a normal .xlsx file."),
    "return-too-large": (
        "error",
        "Ask the agency for the Summary and Chronology alone, with no stray cells far from the "
        "table; the limits are in the README.",
    ),
    "csv-rows-merged": (
        "error",
        'Open the file in a text editor and remove (or close) the stray " at the line given.',
    ),
    "csv-encoding-mixed": (
        "warning",
        "Check the accented letters on the lines given; ask the agency to save as CSV UTF-8.",
    ),
    "formula-no-value": (
        "warning",
        "Open the file in Excel and save it, or ask the agency to paste values for formulas.",
    ),
    "sheet-missing": (
        "error",
        "Name the sheet 'Chronology' (or 'Summary') as in the reply template.",
    ),
    "summary-missing": ("warning", "Add the Summary sheet from the reply template."),
    "header-missing": (
        "error",
        "Give the chronology one header row with Date, Source and Event columns.",
    ),
    "column-missing": ("error", "Add the required column to the header row."),
    "column-extra": ("warning", "Extra columns are kept in the chronology; no action needed."),
    "date-missing": ("error", "Enter the date of the event (dd/mm/yyyy)."),
    "date-invalid": ("error", "Write the date day-first as dd/mm/yyyy, e.g. 03/10/2025."),
    "date-uncertain": (
        "warning",
        "Kept as an uncertain date; confirm it with the agency if you can.",
    ),
    "date-after-incident": ("warning", "Check the date: it is after the incident."),
    "date-before-birth": (
        "warning",
        "Check the date: it is more than a year before the child's birth.",
    ),
    "time-missing": (
        "warning",
        "Record the time too (YYYY-MM-DDTHH:MM), so hours are counted from it.",
    ),
    "time-invalid": ("warning", "Write the time as hh:mm (24-hour); the text is kept as it is."),
    "cell-empty": ("warning", "Fill in the cell; the row is kept."),
    "cell-too-long": (
        "warning",
        "Read the full text in the .docx (or the return); shorten it if the workbook needs it.",
    ),
    "key-event-invalid": ("warning", "Write Yes or No (Y/N) in the key event column."),
    "row-duplicate": ("warning", "Both rows are kept; ask the agency whether one is a copy."),
    "summary-label-unknown": (
        "warning",
        "Use the labels of the reply template; the answer is ignored.",
    ),
    "summary-case-mismatch": ("warning", "Check the return is for this case; it names another."),
    "summary-value-invalid": ("warning", "Correct the answer (a date dd/mm/yyyy, or Yes/No)."),
}


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem found: its code (severity and hint), message, and where it is."""

    code: str
    message: str
    file: str = ""
    sheet: str = ""
    cell: str = ""
    row: int | None = None
    field: str = ""
    value: str = ""
    hint: str = ""

    @property
    def severity(self) -> Severity:
        return CODES[self.code][0]

    def as_dict(self) -> dict[str, object]:
        data = asdict(self)
        data["severity"] = self.severity
        data["hint"] = self.hint or CODES[self.code][1]
        order = ["code", "severity", "file", "sheet", "cell", "row", "field", "value", "message"]
        return {key: data[key] for key in [*order, "hint"]}


class Findings(list[Finding]):
    """An ordered collection of findings with a few conveniences."""

    def add(self, code: str, message: str, **where: object) -> None:
        """Record a finding; KeyError for a code not in CODES (a bug, not user input)."""
        if code not in CODES:
            raise KeyError(f"unknown finding code {code!r}")
        if "value" in where:
            where["value"] = show_value(where["value"])
        self.append(Finding(code, message, **where))  # type: ignore[arg-type]

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self if f.severity == "error"]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self if f.severity == "warning"]


def show_value(value: object) -> str:
    """A bad value as a user would recognise it, kept short."""
    if value is None:
        return ""
    text = str(value)
    return text if len(text) <= 80 else text[:77] + "..."


def column_letters(col: int) -> str:
    """Spreadsheet column letters from a 0-based column: 0 -> 'A', 26 -> 'AA'."""
    letters = ""
    col += 1
    while col:
        col, rem = divmod(col - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def cell_name(row: int, col: int) -> str:
    """Spreadsheet cell name from 1-based row and 0-based column: (7, 0) -> 'A7'."""
    return f"{column_letters(col)}{row}"
