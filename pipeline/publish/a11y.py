"""What the accessibility checks share: the finding code, the rule each check mirrors (WCAG
2.2 and PDF/UA-1), and small readers of WordprocessingML."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ..case.model import AccessibilityAllow
from ..core.findings import Finding
from ..office.xml import W_NS, W

CODE = "accessibility"
OFF = {"0", "false", "off"}  # a w:val that switches a property off
RULES = {
    "title": "WCAG 2.2 2.4.2 Page titled; PDF/UA-1 7.1",
    "language": "WCAG 2.2 3.1.1 Language of page; PDF/UA-1 7.2",
    "heading order": "WCAG 2.2 1.3.1 Info and relationships; PDF/UA-1 7.4.2",
    "alt text": "WCAG 2.2 1.1.1 Non-text content; PDF/UA-1 7.3",
    "table header": "WCAG 2.2 1.3.1 Info and relationships; PDF/UA-1 7.5",
    "colour": "WCAG 2.2 1.4.1 Use of colour; PDF/UA-1 7.1",
    "link text": "WCAG 2.2 2.4.4 Link purpose (in context); PDF/UA-1 7.18.5",
    "marked": "WCAG 2.2 1.3.1 Info and relationships; PDF/UA-1 7.1",
    "tagged": "WCAG 2.2 1.3.1 Info and relationships; PDF/UA-1 7.1",
    "display title": "WCAG 2.2 2.4.2 Page titled; PDF/UA-1 7.1",
}


def _text(node: Any) -> str:
    """The visible text under a node: its w:t, tabs and breaks."""
    pieces: list[str] = []
    for el in node.iter(f"{W}t", f"{W}tab", f"{W}br", f"{W}noBreakHyphen"):
        if el.tag == f"{W}t":
            pieces.append(el.text or "")
        elif el.tag == f"{W}noBreakHyphen":
            pieces.append("-")
        else:
            pieces.append(" ")
    return " ".join("".join(pieces).split())


def _val(node: Any, path: str) -> str | None:
    """The w:val of the first element at `path` under node (w: prefixed), or None."""
    if node is None:
        return None
    found = node.find(path, {"w": W_NS})
    return None if found is None else found.get(f"{W}val")


def allowed_by(
    finding: Finding, name: str, allow: Sequence[AccessibilityAllow]
) -> AccessibilityAllow | None:
    """The review.yaml entry that lets `finding` (of the pack's file `name`) through: its rule,
    and its file and place when the entry gives them; None when there is none."""
    for entry in allow:
        if entry.rule != finding.field:
            continue
        if entry.file and entry.file.lower() != name.lower():
            continue
        if entry.place and " ".join(entry.place.split()).casefold() != finding.value.casefold():
            continue
        return entry
    return None
