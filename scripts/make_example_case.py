"""Write the fictional example case's agency returns (cases/NS-2026-011/returns/).

Every name, place, phone number (Ofcom drama range) and postcode area (NT) is
invented. The returns use the messy forms CASE-FORMAT.md lists: title rows,
blank rows, header variants, extra columns, every date form, uncertain dates,
CSV in Windows-1252 and UTF-8 with BOM, and .ods / .xls made with LibreOffice
when it is installed (the committed files were made so).

    python scripts/make_example_case.py [CASE_DIR]
"""

from __future__ import annotations

import csv
import random
import shutil
import subprocess
import sys
import tempfile
from datetime import date, time, timedelta
from pathlib import Path

import openpyxl

CASE = Path(__file__).resolve().parent.parent / "cases" / "NS-2026-011"
BIRTH = date(2024, 3, 14)
INCIDENT = date(2026, 11, 9)

SUMMARY_LABELS = [
    "Agency",
    "Completed by",
    "Role",
    "Email",
    "Date completed",
    "Known to agency",
    "Involvement from",
    "Involvement to",
    "Summary of involvement",
    "Immediate actions taken",
    "Records secured",
    "Learning identified",
    "Good practice",
    "Still involved",
]

# Per agency: routine events to draw from, and key events placed on set days.
ROUTINE = {
    "childrens-services": [
        (
            "Social worker",
            "Home visit to the child and mother. Home conditions adequate; "
            "child observed playing & babbling.",
            "Visit recorded; next visit booked.",
            "Child's presentation appropriate for age.",
        ),
        (
            "Social worker",
            "Telephone call to mother to arrange visit; no answer, message left.",
            "Letter sent with new appointment.",
            "Pattern of missed contact.",
        ),
        (
            "Team manager",
            "Supervision discussion of the case.",
            "Plan reviewed; continue child in need plan.",
            "",
        ),
        (
            "Family support worker",
            "Parenting session at home (routines & boundaries).",
            "Mother engaged well; partner not present.",
            "Partner's role in the home unclear.",
        ),
        (
            "Social worker",
            "Core group meeting held with health visitor and nursery.",
            "Actions agreed; minutes circulated.",
            "Good multi-agency attendance.",
        ),
    ],
    "police": [
        (
            "PC 4471",
            "Call from neighbour reporting shouting at the address.",
            "Officers attended; words only, no offences disclosed.",
            "Domestic abuse risk (DASH) standard.",
        ),
        (
            "Control room",
            "Anonymous call: concern a toddler left alone in the flat.",
            "Officers attended; mother present, child asleep.",
            "No further action.",
        ),
        (
            "DS 2290",
            "Partner's name checked on police systems: previous domestic abuse "
            "with a former partner (2019).",
            "Information shared with children's services.",
            "Relevant history not known to the family's professionals before.",
        ),
        (
            "PCSO 8812",
            "Community contact at the address about anti-social behaviour <noise>.",
            "Advice given.",
            "",
        ),
    ],
    "health-visiting": [
        (
            "Health visitor",
            "Developmental review. Weight on the 25th centile; development within normal range.",
            "Next contact at 2-2.5 year review.",
            "",
        ),
        (
            "Health visitor",
            "Home visit; mother reports feeling low. EPDS completed (score 14).",
            "GP informed; referral to perinatal mental health.",
            "Maternal low mood.",
        ),
        (
            "Health visitor",
            "Visit not accessed: no answer at the door.",
            "Card left; follow-up call arranged.",
            "Second no-access visit in two months.",
        ),
        (
            "Health visitor",
            "Telephone contact with mother: child has a cold, eating well.",
            "Advice given on fever & fluids.",
            "",
        ),
    ],
    "gp": [
        (
            "GP",
            "Child seen with mother: cough and coryza for 3 days. Chest clear.",
            "Safety-netting advice given.",
            "",
        ),
        (
            "Practice nurse",
            "Childhood immunisations given as scheduled.",
            "Next due in 12 months.",
            "",
        ),
        (
            "GP",
            "Mother seen: low mood, poor sleep. Sertraline started.",
            "Review in 4 weeks; talking therapies details given.",
            "Parental mental health.",
        ),
        (
            "GP",
            "Did not attend: child's appointment for rash review.",
            "Letter to mother; HV informed.",
            "Was not brought.",
        ),
        (
            "Receptionist",
            "Mother phoned asking for a same-day appointment; none available.",
            "Signposted to NHS 111.",
            "",
        ),
    ],
    "hospital": [
        (
            "ED nurse",
            "Child brought to the emergency department with a temperature.",
            "Observed 4 hours; discharged home.",
            "",
        ),
        (
            "Paediatric registrar",
            "Seen in paediatric assessment unit with vomiting.",
            "Discharged with advice.",
            "",
        ),
        (
            "Midwife",
            "Antenatal booking appointment. Mother 10 weeks pregnant.",
            "Routine antenatal pathway.",
            "",
        ),
    ],
    "early-years": [
        (
            "Nursery key worker",
            "Child attended nursery; settled well with key worker.",
            "Daily diary completed.",
            "",
        ),
        (
            "Nursery manager",
            "Child absent; no reason given by the family.",
            "Call to mother; no answer.",
            "Unexplained absence.",
        ),
        (
            "Nursery key worker",
            "Small bruise noted on child's shin; mother says fell at the park.",
            "Body map completed; recorded on log.",
            "Explanation consistent at the time.",
        ),
    ],
    "housing": [
        ("Housing officer", "Tenancy visit: flat in reasonable condition.", "No action.", ""),
        ("Repairs team", "Report of damp in the child's bedroom.", "Repair job raised.", ""),
        (
            "Housing officer",
            "Neighbour complaint about noise late at night.",
            "Warning letter sent to tenant.",
            "Possible domestic conflict.",
        ),
    ],
}

KEY_EVENTS = {
    "childrens-services": [
        (
            date(2024, 1, 18),
            "Social worker",
            "Pre-birth assessment started after referral from "
            "midwifery about mother's history of low mood.",
            "Assessment allocated.",
            "Pre-birth concern.",
        ),
        (
            date(2024, 6, 3),
            "Team manager",
            "Child made subject of a child protection plan (category: neglect).",
            "Plan agreed at initial conference.",
            "Threshold met.",
        ),
        (
            date(2025, 9, 22),
            "Team manager",
            "Child protection plan ended; stepped down to child in need.",
            "CIN plan agreed.",
            "Partner's history not considered at the review.",
        ),
        (
            date(2026, 11, 9),
            "Emergency duty team",
            "Hospital informed EDT that the child has a serious head injury with no explanation.",
            "Strategy discussion convened.",
            "Incident.",
        ),
    ],
    "police": [
        (
            date(2026, 8, 14),
            "DC 3310",
            "Domestic abuse incident: partner arrested for "
            "assault on mother; child present in the flat.",
            "Partner bailed with conditions.",
            "Child exposed to domestic abuse.",
        ),
        (
            date(2026, 11, 9),
            "DS 2290",
            "Strategy discussion with children's services & health.",
            "Joint investigation; section 47 enquiries.",
            "Incident.",
        ),
    ],
    "health-visiting": [
        (
            date(2024, 3, 28),
            "Health visitor",
            "New birth visit. Mother tearful; partner not present.",
            "Enhanced health visiting offer.",
            "Vulnerable family.",
        ),
        (
            date(2026, 9, 5),
            "Health visitor",
            "2-2.5 year review not accessed after three attempts.",
            "Escalated to safeguarding lead.",
            "Child not seen for 5 months.",
        ),
    ],
    "gp": [
        (
            date(2026, 6, 30),
            "GP",
            "Child seen with a bruise to the forehead; mother says fell from the sofa.",
            "Explanation accepted; no referral.",
            "Injury in a non-mobile context not explored.",
        ),
    ],
    "hospital": [
        (
            date(2026, 11, 9),
            "ED consultant",
            "Child brought to ED unresponsive. CT scan: subdural haemorrhage.",
            "Admitted to PICU; safeguarding referral made.",
            "Incident.",
        ),
        (
            date(2026, 11, 9),
            "Safeguarding nurse",
            "Strategy discussion with police & children's services.",
            "Skeletal survey arranged.",
            "Incident.",
        ),
    ],
    "early-years": [
        (
            date(2026, 10, 6),
            "Nursery manager",
            "Child stopped attending without notice.",
            "Letter sent; not followed up with children's services.",
            "Missed opportunity.",
        ),
    ],
    "housing": [
        (
            date(2026, 8, 15),
            "Housing officer",
            "Partner added to the household without a tenancy change.",
            "None.",
            "Household composition changed.",
        ),
    ],
}

SUMMARIES = {
    "childrens-services": (
        "Pre-birth assessment, a child protection plan (June 2024 to "
        "September 2025) and a child in need plan since.",
        "Sibling-free household; the child is safe in hospital under police "
        "protection. Legal planning meeting held.",
    ),
    "police": (
        "Four calls to the address and one domestic abuse arrest in August 2026.",
        "Criminal investigation opened; bail conditions reviewed.",
    ),
    "health-visiting": (
        "Universal plus and enhanced visiting from birth; several visits not accessed in 2026.",
        "Records secured; safeguarding lead informed.",
    ),
    "gp": ("Routine care for the child; the mother treated for low mood.", "Records secured."),
    "hospital": (
        "Antenatal care, two ED attendances and the admission on the day of the incident.",
        "Safeguarding referral; skeletal survey; records secured.",
    ),
    "early-years": (
        "Attended nursery from January 2026 until October 2026.",
        "Records secured; attendance log shared.",
    ),
    "housing": (
        "Tenancy of the flat since 2023; a noise complaint and a repair.",
        "Tenancy file secured.",
    ),
}

DATE_FORMS = ["real", "iso", "slash", "slash-short", "dots", "short-month", "long-month"]


# What two agencies recorded of the child's voice, or of seeing the child alone (the reply
# template's optional last column), by the start of the event's text; other rows say nothing.
VOICE = {
    "Home visit to the child": "Seen at home with his mother, not alone (too young to be "
    "seen alone). Smiled and babbled; went to his mother for comfort.",
    "Child made subject": "Not seen for the conference; the social worker described his day.",
    "Small bruise": "Seen alone with his key worker; said 'fell down' and pointed to his leg.",
}


def voice(row: dict[str, object]) -> str:
    if row["date"] < BIRTH:  # type: ignore[operator]
        return ""
    return next((v for k, v in VOICE.items() if str(row["event"]).startswith(k)), "")


def write_date(day: date, form: str) -> object:
    return {
        "real": day,
        "iso": day.isoformat(),
        "slash": f"{day:%d/%m/%Y}",
        "slash-short": f"{day.day}/{day.month}/{day:%y}",
        "dots": f"{day.day}.{day.month}.{day.year}",
        "short-month": f"{day.day} {day:%b %Y}",
        "long-month": f"{day.day} {day:%B %Y}",
    }[form]


def events(agency: str, count: int, rng: random.Random) -> list[dict[str, object]]:
    start = date(2023, 9, 1) if agency in {"hospital", "childrens-services"} else BIRTH
    if agency == "early-years":
        start = date(2026, 1, 5)
    span = (INCIDENT - timedelta(days=3) - start).days
    rows: list[dict[str, object]] = []
    for day, source, event, action, significance in KEY_EVENTS[agency]:
        rows.append(
            {
                "date": day,
                "source": source,
                "event": event,
                "action": action,
                "significance": significance,
                "key": True,
            }
        )
    while len(rows) < count:
        source, event, action, significance = rng.choice(ROUTINE[agency])
        day = start + timedelta(days=rng.randrange(span))
        while day.weekday() >= 5:
            day -= timedelta(days=1)
        rows.append(
            {
                "date": day,
                "source": source,
                "event": event,
                "action": action,
                "significance": significance,
                "key": False,
            }
        )
    rows.sort(key=lambda r: r["date"])  # type: ignore[arg-type, return-value]
    for row in rows:
        row["time"] = time(rng.randrange(8, 18), rng.choice([0, 15, 30, 45]))
    return rows


def summary_rows(agency: str, name: str, rows: list[dict[str, object]]) -> list[list[object]]:
    involvement, actions = SUMMARIES[agency]
    first = min(r["date"] for r in rows)  # type: ignore[type-var]
    answers: list[object] = [
        name,
        "A. Reviewer",
        "Safeguarding lead",
        f"{agency}@example.org",
        date(2026, 11, 19),
        "Yes",
        first,
        INCIDENT,
        involvement,
        actions,
        "Yes",
        "Information about the partner was not shared between agencies.",
        "Prompt safeguarding referral on the day of the incident.",
        "Yes",
    ]
    return [[label, answer] for label, answer in zip(SUMMARY_LABELS, answers, strict=True)]


def xlsx(
    path: Path,
    summary: list[list[object]],
    title_rows: list[list[object]],
    header: list[str],
    body: list[list[object]],
) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Summary"
    for row in summary:
        sheet.append(row)
    chron = book.create_sheet("chronology ")  # agencies' own sheet names vary
    for row in [*title_rows, header, *body]:
        chron.append(row)
    for row in chron.iter_rows():
        for cell in row:
            if isinstance(cell.value, str) and cell.value.startswith("="):
                cell.data_type = "s"  # agency text, not a formula
            elif isinstance(cell.value, date):
                cell.number_format = "dd/mm/yyyy"
    book.save(path)


def convert(source: Path, target: Path, filter_name: str) -> bool:
    office = shutil.which("soffice") or shutil.which("libreoffice")
    if not office:
        print(f"LibreOffice not found: {target.name} not made", file=sys.stderr)
        return False
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(
            [office, "--headless", "--convert-to", filter_name, "--outdir", tmp, str(source)],
            check=True,
            capture_output=True,
        )
        made = next(Path(tmp).iterdir())
        shutil.move(made, target)
    source.unlink()
    return True


def main(case: Path = CASE) -> None:
    rng = random.Random(11)
    returns = case / "returns"
    returns.mkdir(parents=True, exist_ok=True)
    names = {
        "childrens-services": "Northshire Children's Services",
        "police": "Northshire Police",
        "health-visiting": "Northshire Community Health",
        "gp": "Eastbridge Medical Practice",
        "hospital": "Northshire Hospitals",
        "early-years": "Early Years Setting",
        "housing": "Northshire Homes",
    }
    counts = {
        "childrens-services": 38,
        "police": 24,
        "health-visiting": 26,
        "gp": 25,
        "hospital": 14,
        "early-years": 16,
        "housing": 11,
    }

    # Children's services: clean template headers, real dates, Y/N key events.
    rows = events("childrens-services", counts["childrens-services"], rng)
    body = [
        [
            r["date"],
            r["time"],
            r["source"],
            r["event"],
            r["action"],
            r["significance"],
            "Y" if r["key"] else "N",
            voice(r),
        ]
        for r in rows
    ]
    body[5][0] = "c. " + f"{rows[5]['date']:%d/%m/%Y}"  # uncertain, as written
    body[9][3] = "=Mother said she 'would sort it' (quoted from case note)"
    xlsx(
        returns / "childrens-services.xlsx",
        summary_rows("childrens-services", names["childrens-services"], rows),
        [],
        ["Date", "Time", "Source", "Event", "Action", "Significance", "Key event"]
        + ["Child's voice / seen alone"],
        body,
    )

    # Police: title rows, blank rows, variant headers, an extra column, text dates.
    rows = events("police", counts["police"], rng)
    body = []
    for i, r in enumerate(rows):
        body.append(
            [
                write_date(r["date"], DATE_FORMS[i % len(DATE_FORMS)]),  # type: ignore[arg-type]
                f"{r['time']:%H%M}",
                r["source"],
                r["event"],
                r["action"],
                r["significance"],
                "Yes" if r["key"] else "No",
                f"NP/{26000 + i * 37}",
            ]
        )
        if i % 9 == 8:
            body.append([])
    body[2][0] = "?" + str(body[2][0])
    body[4][0] = "October 2025"
    xlsx(
        returns / "police.xlsx",
        summary_rows("police", names["police"], rows),
        [["Northshire Police - Rapid Review Chronology"], ["OFFICIAL-SENSITIVE"], []],
        [
            "Date of event",
            "Time of event",
            "Source of information",
            "Details",
            "Action taken",
            "Analysis",
            "Key",
            "Police reference",
        ],
        body,
    )

    # Health visiting: .ods, headers with units in brackets.
    rows = events("health-visiting", counts["health-visiting"], rng)
    body = [
        [
            r["date"],
            r["time"],
            r["source"],
            r["event"],
            r["action"],
            r["significance"],
            "Y" if r["key"] else "",
        ]
        for r in rows
    ]
    tmp = returns / "health-visiting.xlsx"
    xlsx(
        tmp,
        summary_rows("health-visiting", names["health-visiting"], rows),
        [["Health visiting chronology"]],
        [
            "Event date (dd/mm/yyyy)",
            "Start time",
            "Practitioner role",
            "Event details",
            "Outcome",
            "Significance / analysis",
            "Significant event (Y/N)",
        ],
        body,
    )
    convert(tmp, returns / "health-visiting.ods", "ods")

    # Hospital: .xls (Excel 97-2003).
    rows = events("hospital", counts["hospital"], rng)
    body = [
        [
            r["date"],
            r["time"],
            r["source"],
            r["event"],
            r["action"],
            r["significance"],
            "Yes" if r["key"] else "No",
            "Ward notes",
        ]
        for r in rows
    ]
    body.append(
        [
            date(2026, 11, 10),
            time(9, 0),
            "Paediatric consultant",
            "Skeletal survey: no further fractures.",
            "Results shared at strategy meeting.",
            "",
            "No",
            "Radiology",
        ]
    )
    tmp = returns / "hospital.xlsx"
    xlsx(
        tmp,
        summary_rows("hospital", names["hospital"], rows),
        [],
        [
            "Date",
            "Time",
            "Author",
            "What happened",
            "Action / outcome",
            "Comment",
            "Key event",
            "Record type",
        ],
        body,
    )
    convert(tmp, returns / "hospital.xls", "xls:MS Excel 97")

    # GP: CSV in Windows-1252 (curly quotes, a pound sign), semicolon-free.
    rows = events("gp", counts["gp"], rng)
    with (returns / "gp.csv").open("w", encoding="cp1252", newline="") as f:
        out = csv.writer(f)
        out.writerow(["Event date", "Time", "Author", "Description", "Outcome", "Key event"])
        for i, r in enumerate(rows):
            event = str(r["event"]).replace("'", "\u2019")
            if i == 3:
                event += " Prescription charge (\u00a39.90) waived."
            out.writerow(
                [
                    write_date(r["date"], "slash"),
                    f"{r['time']:%H:%M}",
                    r["source"],  # type: ignore[arg-type]
                    event,
                    r["action"],
                    "Y" if r["key"] else "N",
                ]
            )

    # Early years: CSV, UTF-8 with BOM, 2-digit years and a month-only date.
    rows = events("early-years", counts["early-years"], rng)
    with (returns / "early-years.csv").open("w", encoding="utf-8-sig", newline="") as f:
        out = csv.writer(f)
        out.writerow(
            ["Date of contact", "Practitioner", "Contact / event", "Action / outcome", "Key event"]
            + ["Voice of the child"]
        )
        for i, r in enumerate(rows):
            when = write_date(r["date"], "slash-short")  # type: ignore[arg-type]
            if i == 7:
                when = f"{r['date']:%B %Y}"
            key = "Yes" if r["key"] else "No"
            out.writerow([when, r["source"], r["event"], r["action"], key, voice(r)])

    # Housing: an exact duplicate row and template text in a cell.
    rows = events("housing", counts["housing"], rng)
    body = [
        [
            r["date"],
            r["source"],
            r["event"],
            r["action"],
            r["significance"],
            "Y" if r["key"] else "N",
        ]
        for r in rows
    ]
    body[3][2] = "Tenant wrote: {{ please call me }} & asked for a transfer <urgent>."
    body.insert(6, list(body[5]))
    xlsx(
        returns / "housing.xlsx",
        summary_rows("housing", names["housing"], rows),
        [["Northshire Homes"], ["Chronology for rapid review"]],
        ["Date", "Role", "Description", "Action", "Comment", "Key"],
        body,
    )
    total = sum(counts.values()) + 2
    print(f"wrote {total} chronology rows (police blank rows excluded) to {returns}")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else CASE)
