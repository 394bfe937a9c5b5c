"""The documents for families, learning without a full report, and the impact follow-up."""

from __future__ import annotations


def write() -> None:
    """No templates in this group yet."""
