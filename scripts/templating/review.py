"""The documents of the review stage, after the decision."""

from __future__ import annotations


def write() -> None:
    """No review-stage templates yet."""
