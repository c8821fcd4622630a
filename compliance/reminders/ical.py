"""A small iCalendar (RFC 5545) writer: one VCALENDAR of VEVENTs for deadline feeds.

Written here because the ``icalendar`` package is not a dependency and a feed of deadlines
needs only a few properties. What RFC 5545 requires and calendar apps enforce:
- TEXT values escape backslash, semicolon, comma and newline (3.3.11);
- content lines are folded at 75 octets, continuation lines start with one space, and a fold
  never splits a UTF-8 character (3.1) — Japanese titles are three octets per character;
- lines end with CRLF; date-times in UTC carry the ``Z`` suffix (3.3.5).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime

LINE_OCTETS = 75


@dataclass(frozen=True)
class CalendarEvent:
    uid: str
    start: datetime
    summary: str
    description: str = ""
    url: str = ""
    categories: tuple[str, ...] = ()


def escape_text(value: str) -> str:
    return (
        value.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\r", "\\n")
        .replace("\n", "\\n")
    )


def fold(line: str) -> str:
    """Split a content line into chunks of at most 75 octets (the first) and 74 octets plus
    the leading space (the others), on character boundaries."""
    chunks: list[str] = []
    current, size = "", 0
    limit = LINE_OCTETS
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > limit:
            chunks.append(current)
            current, size, limit = "", 0, LINE_OCTETS - 1
        current += char
        size += width
    chunks.append(current)
    return "\r\n ".join(chunks)


def format_utc(instant: datetime) -> str:
    if instant.tzinfo is None:
        raise ValueError("iCalendar times must be aware; got a naive datetime")
    return instant.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def _event_lines(event: CalendarEvent, stamp: str) -> list[str]:
    lines = [
        "BEGIN:VEVENT",
        f"UID:{escape_text(event.uid)}",
        f"DTSTAMP:{stamp}",
        # A deadline is an instant: no DTEND, so the event lasts zero time (RFC 5545 3.6.1).
        f"DTSTART:{format_utc(event.start)}",
        f"SUMMARY:{escape_text(event.summary)}",
        # A deadline does not make anyone busy.
        "TRANSP:TRANSPARENT",
    ]
    if event.description:
        lines.append(f"DESCRIPTION:{escape_text(event.description)}")
    if event.url:
        lines.append(f"URL:{event.url}")  # a URI value: not TEXT-escaped
    if event.categories:
        lines.append("CATEGORIES:" + ",".join(escape_text(c) for c in event.categories))
    lines.append("END:VEVENT")
    return lines


def serialise(events: Iterable[CalendarEvent], *, name: str, now: datetime) -> str:
    """The whole calendar as text with CRLF line ends, ready to serve as text/calendar."""
    stamp = format_utc(now)
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//DPO Desk//Deadlines//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape_text(name)}",
    ]
    for event in events:
        lines += _event_lines(event, stamp)
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)
