"""The deadlines of a month as a calendar picture: the same events as the calendar feed, for
the same people (a coordinator sees their entities' deadlines; DPO and Legal see all)."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime
from typing import Any

from django.utils import timezone
from django.utils.dates import MONTHS, WEEKDAYS_ABBR
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from compliance import charts
from compliance.access import sees_everything
from compliance.reminders.calendar import deadline_events

TONE_STATUTORY, TONE_INTERNAL, TONE_OVERDUE = 0, 1, 5


def month_entries(
    user: Any, *, year: int, month: int, now: datetime
) -> dict[date, list[charts.DayEntry]]:
    """Each day of the month (in the site's zone) -> its deadlines, earliest first."""
    found: dict[date, list[tuple[datetime, charts.DayEntry]]] = defaultdict(list)
    for event in deadline_events(user, everything=sees_everything(user)):
        day = timezone.localdate(event.start)
        if (day.year, day.month) != (year, month):
            continue
        internal = "DPO Desk" in event.categories and event.summary.startswith("Internal")
        tone = TONE_OVERDUE if event.start < now else TONE_INTERNAL if internal else TONE_STATUTORY
        found[day].append(
            (
                event.start,
                # The box shows the deadline's title; the colour says statutory or internal.
                charts.DayEntry(
                    label=event.summary,
                    url=event.url,
                    tone=tone,
                    short=event.summary.split(": ", 1)[-1],
                ),
            )
        )
    return {day: [e for _at, e in sorted(rows, key=lambda r: r[0])] for day, rows in found.items()}


def month_picture(user: Any, *, year: int, month: int, now: datetime) -> SafeString:
    weekdays = [str(WEEKDAYS_ABBR[i]) for i in range(7)]
    return charts.month_calendar(
        element_id="deadline-calendar",
        title=_("Deadlines in %(month)s %(year)d") % {"month": MONTHS[month], "year": year},
        year=year,
        month=month,
        weekdays=weekdays,
        entries=month_entries(user, year=year, month=month, now=now),
        today=timezone.localdate(now),
        more=_("+%(n)d more"),
    )
