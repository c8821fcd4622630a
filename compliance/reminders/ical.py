"""The deadline feed as an iCalendar (RFC 5545) document, written by the ``icalendar`` package.

The package escapes TEXT values (3.3.11), folds content lines at 75 octets without splitting a
UTF-8 character (3.1; Japanese titles are three octets per character), ends lines with CRLF and
writes UTC date-times with the ``Z`` suffix (3.3.5). What is ours: a deadline is an instant, so an
event has no DTEND (it lasts zero time, 3.6.1) and is transparent (it makes nobody busy).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime

import icalendar


@dataclass(frozen=True)
class CalendarEvent:
    uid: str
    start: datetime
    summary: str
    description: str = ""
    url: str = ""
    categories: tuple[str, ...] = ()


def _utc(instant: datetime) -> datetime:
    if instant.tzinfo is None:
        raise ValueError("iCalendar times must be aware; got a naive datetime")
    return instant.astimezone(UTC)


def _event(event: CalendarEvent, stamp: datetime) -> icalendar.Event:
    vevent = icalendar.Event()
    vevent.add("uid", event.uid)
    vevent.add("dtstamp", stamp)
    vevent.add("dtstart", _utc(event.start))
    vevent.add("summary", event.summary)
    vevent.add("transp", "TRANSPARENT")
    if event.description:
        vevent.add("description", event.description)
    if event.url:
        vevent.add("url", event.url)
    if event.categories:
        vevent.add("categories", list(event.categories))
    return vevent


def serialise(events: Iterable[CalendarEvent], *, name: str, now: datetime) -> str:
    """The whole calendar as text with CRLF line ends, ready to serve as text/calendar."""
    calendar = icalendar.Calendar()
    calendar.add("version", "2.0")
    calendar.add("prodid", "-//DPO Desk//Deadlines//EN")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    stamp = _utc(now)
    for event in events:
        calendar.add_component(_event(event, stamp))
    return calendar.to_ical().decode("utf-8")
