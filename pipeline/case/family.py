"""The family's part in a review (review.yaml `family:`; LLR 7.3-7.4, BCP §11): who each
entry is in case.yaml's family, and what the records must hold."""

from __future__ import annotations

from ..core.findings import Findings
from .model import CaseFolder, FamilyMember, FamilyResponse

NOT_TAKING_PART = ("declined", "no-response", "not-invited")


def _plain(text: str) -> str:
    return " ".join(text.replace("\u2019", "'").casefold().split())


def matches(members: list[FamilyMember], ref: str) -> list[FamilyMember]:
    """The family members `ref` names: by name, else by relationship (case and spacing
    aside)."""
    wanted = _plain(ref)
    by_name = [m for m in members if _plain(m.name) == wanted]
    return by_name or [m for m in members if m.relationship and _plain(m.relationship) == wanted]


def family_members(folder: CaseFolder) -> list[tuple[FamilyResponse, FamilyMember]]:
    """Each review.yaml family entry with the one case.yaml member it names (entries that
    name no one, or two people, are left out: validation reports them)."""
    if folder.case is None or folder.review is None:
        return []
    pairs = []
    for entry in folder.review.family:
        found = matches(folder.case.family, entry.member)
        if len(found) == 1:
            pairs.append((entry, found[0]))
    return pairs


def check_family(folder: CaseFolder, findings: Findings) -> None:
    """Every entry names one family member, once; replies follow invitations; a member who
    did not take part has the reason the report must give (LLR 7.4.2)."""
    case, review = folder.case, folder.review
    if case is None or review is None:
        return
    seen: dict[int, str] = {}
    for i, entry in enumerate(review.family):
        where = f"family[{i}]"
        found = matches(case.family, entry.member)
        if len(found) != 1:
            known = [m.relationship or m.name for m in case.family]
            findings.add(
                "family-member-unknown",
                f"'{where}.member' is '{entry.member}', which names "
                + (
                    "no one in case.yaml's family"
                    if not found
                    else f"{len(found)} people in case.yaml's family; name one of them"
                )
                + f" (the family: {', '.join(known) or 'none listed'}).",
                file="review.yaml",
                field=f"{where}.member",
                value=entry.member,
            )
            continue
        if id(found[0]) in seen:
            findings.add(
                "value-invalid",
                f"'{where}.member' ('{entry.member}') is the same person as "
                f"'{seen[id(found[0])]}'; record each family member once.",
                file="review.yaml",
                field=f"{where}.member",
                value=entry.member,
            )
        seen[id(found[0])] = entry.member
        _check_entry(entry, where, findings)


def _check_entry(entry: FamilyResponse, where: str, findings: Findings) -> None:
    if entry.response in NOT_TAKING_PART and not entry.reason:
        findings.add(
            "family-reason-missing",
            f"'{entry.member}' is recorded as {entry.response} with no reason; the report must "
            "give every reason a family member did not take part (LLR 7.4.2).",
            file="review.yaml",
            field=f"{where}.reason",
        )
    later = [("responded", entry.responded), ("told_outcome", entry.told_outcome)]
    for key, day in later:
        if entry.invited and day and day < entry.invited:
            findings.add(
                "dates-contradict",
                f"'{where}.{key}' ({day:%d/%m/%Y}) is before '{entry.member}' was invited "
                f"({entry.invited:%d/%m/%Y}).",
                file="review.yaml",
                field=f"{where}.{key}",
                value=day.isoformat(),
            )
    if entry.response == "not-invited" and entry.invited:
        findings.add(
            "dates-contradict",
            f"'{entry.member}' is recorded as not invited, but with an invitation date "
            f"({entry.invited:%d/%m/%Y}).",
            file="review.yaml",
            field=f"{where}.invited",
            value=entry.invited.isoformat(),
        )
