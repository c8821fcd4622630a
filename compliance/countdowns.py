"""Time left to a deadline as a coloured badge, the same on every page and for every feature."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from django.utils.html import format_html
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
    span = f"{days} d {hours} h" if days else f"{hours} h {minutes} min"
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
        '<span class="countdown {}" title="{}">{}</span>', css, f"due {due_on}", text
    )
