"""Time left to a deadline as a coloured badge, the same on every page and for every feature."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

# A day-counted clock (BCR procedure) is urgent in its last week.
URGENT_DAYS = 7


def countdown(due: datetime | None, now: datetime) -> str:
    """'overdue 5 h 12 min' / '2 d 3 h left', coloured by urgency (overdue, < 24 h, later)."""
    if due is None:
        return format_html('<span class="countdown countdown-none">{}</span>', "—")
    delta = due - now
    seconds = abs(int(delta.total_seconds()))
    days, rest = divmod(seconds, 86400)
    hours, rest = divmod(rest, 3600)
    minutes = rest // 60
    if days:
        span = _("%(days)s d %(hours)s h") % {"days": days, "hours": hours}
    else:
        span = _("%(hours)s h %(minutes)s min") % {"hours": hours, "minutes": minutes}
    if delta < timedelta(0):
        css, text = "countdown-overdue", _("overdue %(span)s") % {"span": span}
    elif delta < timedelta(hours=24):
        css, text = "countdown-urgent", _("%(span)s left") % {"span": span}
    else:
        css, text = "countdown-ok", _("%(span)s left") % {"span": span}
    return format_html(
        '<span class="countdown {}" title="{}">{}</span>', css, f"{due:%Y-%m-%d %H:%M} UTC", text
    )


def day_countdown(*, due_on: date, days_left: int, met_on: date | None, met_late: bool) -> str:
    """'overdue 3 d' / '12 d left' / 'met 2021-08-02', coloured like the instant countdowns."""
    if met_on is not None:
        late = str(_(" (late)")) if met_late else ""
        return format_html(
            '<span class="countdown countdown-none">{} {}{}</span>', _("met"), met_on, late
        )
    if days_left < 0:
        css, text = "countdown-overdue", _("overdue %(n)s d") % {"n": -days_left}
    elif days_left <= URGENT_DAYS:
        css, text = "countdown-urgent", _("%(n)s d left") % {"n": days_left}
    else:
        css, text = "countdown-ok", _("%(n)s d left") % {"n": days_left}
    return format_html(
        '<span class="countdown {}" title="{}">{}</span>',
        css,
        _("due %(date)s") % {"date": due_on},
        text,
    )


def due_in_zones(due: datetime | None, zone: str, *, also: tuple[str, ...] = ()) -> str:
    """A due instant in ``zone`` with the zone named, then in UTC, then in each zone of ``also``
    not shown yet: '2026-01-11 01:00 CET (Europe/Berlin)', '2026-01-11 00:00 UTC', one a line."""
    if due is None:
        return "—"
    return format_html_join(
        mark_safe("<br>"),
        '<span class="due-instant">{}</span>',
        ((line,) for line in _zone_lines(due, zone, also)),
    )


def instant_words(at: datetime | None, zone: str) -> str:
    """``due_in_zones`` as plain text on one line (for a tooltip)."""
    return " · ".join(_zone_lines(at, zone, ())) if at is not None else "—"


def _zone_lines(at: datetime, zone: str, also: tuple[str, ...]) -> list[str]:
    zones = [z for z in dict.fromkeys((zone, *also)) if z and z != "UTC"]
    lines = [f"{at.astimezone(_zone(z)):%Y-%m-%d %H:%M %Z} ({z})" for z in zones]
    # The owing entity's own zone first, UTC second, the other clocks' zones after.
    at_utc = 1 if zone in zones else 0
    lines.insert(at_utc, f"{at.astimezone(UTC):%Y-%m-%d %H:%M} UTC")
    return lines


def _zone(name: str) -> tzinfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return UTC
