"""The Japanese administrative calendar used for APPI day-counted deadlines.

A deadline for a filing with a Japanese administrative organ that falls on an administrative
holiday moves to the next day that is not one (Act on Holidays of Administrative Organs, Act No. 91
of 1988, Art. 1(1) and Art. 2). Administrative holidays are Saturdays, Sundays, national holidays
(Act on National Holidays, Act No. 178 of 1948, including substitute and "citizens'" holidays) and
the year-end closure from 29 December to 3 January.

National holidays come from the ``holidays`` package, which carries the one-off holidays too
(2019 enthronement, the 2020 and 2021 Olympic moves). Its data covers 1949-2099; outside that
range this module refuses to answer rather than treat every weekday as open.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from functools import cache
from zoneinfo import ZoneInfo

__all__ = [
    "TOKYO",
    "day_of",
    "end_of_day_jst",
    "is_closed",
    "national_holidays",
    "nth_day",
    "roll_forward",
]

TOKYO = ZoneInfo("Asia/Tokyo")

# The deadline is the last second of the day: a report filed at 23:59:59 JST on the last day is
# on time (convention; the law counts whole days).
_END_OF_DAY = time(23, 59, 59)

# 29 Dec - 3 Jan, as (month, day) bounds of the two halves that straddle the new year.
_YEAR_END_FROM = (12, 29)
_YEAR_START_UNTIL = (1, 3)

# A year has at most a handful of consecutive closed days (Golden Week plus a weekend, or the
# year-end closure plus a weekend); a longer run means the calendar data is wrong.
_MAX_CLOSED_RUN = 14


@cache
def national_holidays(year: int) -> frozenset[date]:
    """Japanese national holidays of ``year``.

    Imported lazily and cached per year: building the table costs close to a second the first time,
    which a module import must not pay. A frozenset keeps the cached value immutable.
    """
    import holidays  # slow import, kept out of module load on purpose

    table = holidays.country_holidays("JP", years=year)
    # Outside its data range the package returns no holidays at all rather than failing.
    if not table.start_year <= year <= table.end_year:
        raise ValueError(
            f"no Japanese holiday calendar for {year}: the holiday data covers "
            f"{table.start_year}-{table.end_year}"
        )
    return frozenset(table.keys())


def _in_year_end_closure(day: date) -> bool:
    month_day = (day.month, day.day)
    return month_day >= _YEAR_END_FROM or month_day <= _YEAR_START_UNTIL


def is_closed(day: date) -> bool:
    """True when ``day`` is an administrative holiday (Act No. 91 of 1988, Art. 1(1))."""
    weekend = day.weekday() >= 5  # Saturday = 5, Sunday = 6
    return weekend or _in_year_end_closure(day) or day in national_holidays(day.year)


def roll_forward(day: date) -> date:
    """``day`` itself when open, else the next open day (Act No. 91 of 1988, Art. 2)."""
    candidate = day
    for _ in range(_MAX_CLOSED_RUN + 1):
        if not is_closed(candidate):
            return candidate
        candidate += timedelta(days=1)
    raise ValueError(f"no open day within {_MAX_CLOSED_RUN} days of {day.isoformat()}")


def end_of_day_jst(day: date) -> datetime:
    """The instant 23:59:59 Asia/Tokyo on ``day``, as an aware UTC datetime."""
    return datetime.combine(day, _END_OF_DAY, tzinfo=TOKYO).astimezone(UTC)


def day_of(at: datetime) -> date:
    """The Asia/Tokyo calendar date of the instant ``at`` (which must be aware)."""
    if at.tzinfo is None or at.utcoffset() is None:
        raise ValueError(
            "a naive datetime cannot be placed on the Tokyo calendar; give a time zone"
        )
    return at.astimezone(TOKYO).date()


def nth_day(at: datetime, n: int) -> date:
    """Day ``n`` of a period starting at ``at``, counting the Tokyo day of ``at`` as day 1.

    Counting the day of awareness as day 1 follows the PPC General Rules Guideline 3-5-3-4. It is
    shown to the user as a convention because Civil Code Art. 140, the general rule for periods,
    would leave the first day out.
    """
    if n < 1:
        raise ValueError(f"day numbers start at 1, got {n}")
    return day_of(at) + timedelta(days=n - 1)
