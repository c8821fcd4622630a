"""Local calendars for day-counted breach deadlines.

"By the end of day N" is 23:59:59 local time of the regime's calendar (domain brief §8.5). Where a
zone repeats that second (São Paulo's DST ended at midnight, so 23:00-23:59:59 of the Saturday ran
twice) the first occurrence is taken: the reading that notifies earlier. Instants come back in UTC.

Brazilian business days skip Saturdays, Sundays and national holidays as listed by the ``holidays``
package (``holidays.BR``, public category: Carnival is an optional point, not a holiday, so it
counts as a business day, the reading that notifies earlier). The package is imported lazily.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from functools import cache
from zoneinfo import ZoneInfo

__all__ = [
    "SAO_PAULO",
    "SEOUL",
    "SHANGHAI",
    "SINGAPORE",
    "SYDNEY",
    "ZURICH",
    "brazil_holidays",
    "end_of_day",
    "end_of_nth_day_after",
    "is_brazil_business_day",
    "local_day",
    "nth_brazil_business_day_after",
]

SEOUL = ZoneInfo("Asia/Seoul")
SINGAPORE = ZoneInfo("Asia/Singapore")
SAO_PAULO = ZoneInfo("America/Sao_Paulo")
ZURICH = ZoneInfo("Europe/Zurich")
SYDNEY = ZoneInfo("Australia/Sydney")
SHANGHAI = ZoneInfo("Asia/Shanghai")

_END_OF_DAY = time(23, 59, 59)
# A run of this many consecutive closed days means the calendar data is wrong.
_MAX_CLOSED_RUN = 14


def local_day(at: datetime, zone: ZoneInfo) -> date:
    """The calendar date of the aware instant ``at`` in ``zone``."""
    if at.tzinfo is None or at.utcoffset() is None:
        raise ValueError("a naive datetime cannot be placed on a calendar; give a time zone")
    return at.astimezone(zone).date()


def end_of_day(day: date, zone: ZoneInfo) -> datetime:
    """23:59:59 local time in ``zone`` on ``day`` (its first occurrence), as a UTC instant."""
    return datetime.combine(day, _END_OF_DAY, tzinfo=zone).astimezone(UTC)


def end_of_nth_day_after(at: datetime, zone: ZoneInfo, n: int) -> tuple[date, datetime]:
    """The end of the ``n``-th calendar day after the local day of ``at`` (that day is day 0)."""
    if n < 1:
        raise ValueError(f"day numbers start at 1, got {n}")
    day = local_day(at, zone) + timedelta(days=n)
    return day, end_of_day(day, zone)


@cache
def brazil_holidays(year: int) -> frozenset[date]:
    """Brazilian national holidays of ``year`` (``holidays.BR``, public category)."""
    import holidays  # slow import, kept out of module load on purpose

    table = holidays.country_holidays("BR", years=year)
    if not table.start_year <= year <= table.end_year:
        raise ValueError(
            f"no Brazilian holiday calendar for {year}: the holiday data covers "
            f"{table.start_year}-{table.end_year}"
        )
    return frozenset(table.keys())


def is_brazil_business_day(day: date) -> bool:
    return day.weekday() < 5 and day not in brazil_holidays(day.year)  # Saturday = 5


def nth_brazil_business_day_after(day: date, n: int) -> date:
    """The ``n``-th business day after ``day`` (``day`` itself is not counted)."""
    if n < 1:
        raise ValueError(f"business day numbers start at 1, got {n}")
    candidate, counted = day, 0
    for _ in range(n * _MAX_CLOSED_RUN):
        candidate += timedelta(days=1)
        if is_brazil_business_day(candidate):
            counted += 1
            if counted == n:
                return candidate
    raise ValueError(f"no {n} business days found after {day.isoformat()}")
