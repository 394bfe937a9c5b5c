"""Dates, counts, ages and prose written the way English public bodies write them."""

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
    """ "1 working day", "3 working days"."""
    return f"{n} {word if n == 1 else (words or word + 's')}"


def prose(text: str) -> str:
    """Text from YAML with its line wrapping undone; blank lines stay paragraph breaks."""
    paragraphs = [" ".join(p.split()) for p in text.strip().split("\n\n")]
    return "\n".join(p for p in paragraphs if p)


def age(born: date, on: date) -> str:
    """Age in years and months, as a summary writes it: '2 years 7 months'."""
    months = (on.year - born.year) * 12 + on.month - born.month - (on.day < born.day)
    years, months = divmod(max(months, 0), 12)
    if years == 0:
        return plural(months, "month")
    return plural(years, "year") + (f" {plural(months, 'month')}" if months else "")
