"""Lead times as people type them: ``10d, 3d, 24h, 6h, 0h`` (days, hours, minutes).

A leaf: no ORM, no settings. Policies store the canonical text, so that what the admin shows is
what the sweep uses, and a threshold key (``due-24h``) names its own offset.
"""

from __future__ import annotations

import re
from datetime import timedelta

# Longer than a year of BCR annual-update lead time, shorter than anything that is surely a typo
# (400 days, not 365, so that "a year and a month before" still fits).
MAX_LEAD_TIME = timedelta(days=400)

_UNITS = {"d": timedelta(days=1), "h": timedelta(hours=1), "m": timedelta(minutes=1)}
_TOKEN = re.compile(r"^(?P<sign>[+-]?)\s*(?P<number>\d+)\s*(?P<unit>[dhm]?)$")


class DurationError(ValueError):
    """A lead time that cannot be used; the message tells the user what to write instead."""


def parse_duration(token: str) -> timedelta:
    """One duration: ``24h``, ``10d``, ``90m`` or ``0``; refuses negative and absurd values."""
    text = token.strip().lower()
    match = _TOKEN.match(text)
    if match is None:
        raise DurationError(
            f"“{token.strip()}” is not a duration: write a whole number followed by d (days), "
            "h (hours) or m (minutes), for example 24h or 10d."
        )
    number = int(match["number"])
    unit = match["unit"] or ("h" if number == 0 else "")
    if not unit:
        raise DurationError(
            f"“{token.strip()}” has no unit: write {number}d, {number}h or {number}m."
        )
    value = number * _UNITS[unit]
    if match["sign"] == "-" and value:
        raise DurationError(
            f"“{token.strip()}” is negative: give how long before the deadline to remind "
            "(0h means at expiry; reminders after expiry are the escalation's job)."
        )
    if value > MAX_LEAD_TIME:
        raise DurationError(
            f"“{token.strip()}” is more than {MAX_LEAD_TIME.days} days: a reminder that far "
            "ahead is surely a typo (check the unit: d, h or m)."
        )
    return value


def parse_durations(text: str) -> list[timedelta]:
    """A comma-separated list, longest first, each duration once."""
    tokens = [t for t in re.split(r"[,;]", text or "") if t.strip()]
    errors: list[str] = []
    values: set[timedelta] = set()
    for token in tokens:
        try:
            values.add(parse_duration(token))
        except DurationError as exc:
            errors.append(str(exc))
    if errors:
        raise DurationError(" ".join(errors))
    return sorted(values, reverse=True)


def format_duration(value: timedelta) -> str:
    """The canonical token: whole days from two days up, else hours, else minutes."""
    minutes = int(value.total_seconds() // 60)
    if minutes and minutes % 1440 == 0 and minutes >= 2880:
        return f"{minutes // 1440}d"
    if minutes % 60 == 0:
        return f"{minutes // 60}h"
    return f"{minutes}m"


def format_durations(values: list[timedelta]) -> str:
    return ", ".join(format_duration(v) for v in sorted(set(values), reverse=True))


def humanize(value: timedelta) -> str:
    """``10 days``, ``24 hours``, ``1 hour``, ``90 minutes``: for reminder wording."""
    token = format_duration(value)
    number, unit = int(token[:-1]), token[-1]
    word = {"d": "day", "h": "hour", "m": "minute"}[unit]
    return f"{number} {word}{'' if number == 1 else 's'}"
