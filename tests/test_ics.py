"""The tracker's calendar text: any deadline text survives icalendar's reader, and no
line is longer than RFC 5545's 75 octets."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from icalendar import Calendar

from pipeline.tracker.ics import _fold, _text

TEXT = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\r"), max_size=300)


@settings(max_examples=300, deadline=None)
@given(TEXT)
def test_any_text_reads_back(value: str) -> None:
    line = _fold(f"SUMMARY:{_text(value)}")
    assert all(len(part.encode()) <= 75 for part in line.split("\r\n"))
    ics = (
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//t//EN\r\nBEGIN:VEVENT\r\n"
        + line
        + "END:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    event = Calendar.from_ical(ics).walk("VEVENT")[0]
    expected = "".join(" " if ord(c) < 32 and c != "\n" or c == "\x7f" else c for c in value)
    assert str(event["SUMMARY"]) == expected


@given(st.text(st.sampled_from("ab;,\\\n"), max_size=400))
def test_ascii_lines_fold_as_any_other(value: str) -> None:
    line = _fold(f"DESCRIPTION:{_text(value)}")
    parts = line.removesuffix("\r\n").split("\r\n ")
    assert all(len(p) <= 74 for p in parts[1:]) and len(parts[0]) <= 75
    assert "".join(parts) == f"DESCRIPTION:{_text(value)}"
