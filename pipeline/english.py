"""Dates and counts written the way English public bodies write them."""

from __future__ import annotations

from datetime import date


def long_date(day: date | None) -> str:
    """18 January 2027"""
    return f"{day.day} {day:%B %Y}" if day else ""


def day_date(day: date | None) -> str:
    """Monday 18 January 2027"""
    return f"{day:%A} {long_date(day)}" if day else ""


def short_date(day: date | None) -> str:
    """18/01/2027"""
    return f"{day:%d/%m/%Y}" if day else ""


def plural(n: int, word: str, words: str | None = None) -> str:
    return f"{n} {word if n == 1 else (words or word + 's')}"
