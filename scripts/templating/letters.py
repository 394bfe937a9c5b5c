"""The letters and notices of the front of the process."""

from __future__ import annotations

from .base import letter


def write() -> None:
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
