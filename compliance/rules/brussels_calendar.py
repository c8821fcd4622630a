"""The Brussels working-day calendar on which the BCR procedure's periods end.

Regulation (EEC, Euratom) No 1182/71 Art. 3(4): a period expressed otherwise than in hours whose
last day is a public holiday, a Sunday or a Saturday ends with the expiry of the last hour of the
following working day. Art. 2(1) leaves the public holidays to the place where the act is to be
done. The EDPB and its secretariat sit in Brussels, so the holidays are, as a stated
**convention**, the union of

- Belgium's public holidays (Law of 4 January 1974; the ``holidays`` package, ``holidays.BE``),
- the public holidays of the EU institutions in Brussels (Staff Regulations Art. 61; fixed each
  year by a Commission decision).

The institutions' list is encoded here as the standing rules those yearly decisions follow: New
Year's Day and the day after, Maundy Thursday, Good Friday, Easter Monday, 1 May, 9 May (the
anniversary of the Schuman declaration), Ascension Day and the day after, Whit Monday, 21 July
(Belgian national day, for staff in Brussels), 15 August, 1 and 2 November, and the end-of-year
days 24 to 31 December. Sources: Commission Decision of 21 December 2012 on the public holidays
for 2014 (OJ C 39, 12.2.2013, p. 26, 2013/C 39/03) and Commission Decision of 25 May 2021 on
public holidays in 2023 for staff of the European institutions in Brussels and Luxembourg (OJ C
201 I, 28.5.2021, p. 2, 2021/C 201 I/02). The decisions list only the days that fall on weekdays;
the rules give the same working days. 23 June (Luxembourg national day) is for staff in Luxembourg
and is not a Brussels holiday.

Pure: no Django, no clock. The Belgian table is built lazily and cached per year (the ``holidays``
import is slow); outside the package's data range this module refuses to answer rather than
treat every weekday as a working day.
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import cache

from compliance.rules.text import Text

__all__ = [
    "CALENDAR_CONVENTION",
    "add_working_days",
    "belgian_holidays",
    "brussels_holidays",
    "easter_sunday",
    "eu_institution_holidays",
    "is_working_day",
    "roll_forward",
]

# A Text: it is part of the BCR clocks' bases, which render in the reader's language.
CALENDAR_CONVENTION = Text(
    "working days are Monday to Friday other than Belgium's public holidays and the EU "
    "institutions' public holidays in Brussels (Staff Regulations Art. 61 and the Commission's "
    "yearly list, e.g. 2021/C 201 I/02), where the EDPB sits (a convention)"
)

# The end-of-year closure (24-31 Dec) plus New Year's Day, the day after and a week-end is the
# longest run of closed days in the calendar: 12 days. A longer run means the data is wrong.
_MAX_CLOSED_RUN = 14

# (month, day) of the fixed holidays of the institutions in Brussels.
_EU_FIXED = (
    (1, 1),  # New Year's Day
    (1, 2),  # day after New Year's Day
    (5, 1),  # Labour Day
    (5, 9),  # anniversary of the Schuman declaration (Europe Day)
    (7, 21),  # Belgian national day, for staff in Brussels
    (8, 15),  # Assumption
    (11, 1),  # All Saints' Day
    (11, 2),  # All Souls' Day
    *((12, day) for day in range(24, 32)),  # end-of-year days
)

# Days from Easter Sunday of the movable holidays of the institutions.
_EU_EASTER_OFFSETS = (
    -3,  # Maundy Thursday
    -2,  # Good Friday
    1,  # Easter Monday
    39,  # Ascension Day
    40,  # day after Ascension Day
    50,  # Whit Monday
)


def easter_sunday(year: int) -> date:
    """Western Easter Sunday (the anonymous Gregorian algorithm, Meeus/Jones/Butcher)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    weekday_shift = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * weekday_shift) // 451
    month, day = divmod(h + weekday_shift - 7 * m + 114, 31)
    return date(year, month, day + 1)


@cache
def belgian_holidays(year: int) -> frozenset[date]:
    """Belgium's public holidays of ``year`` (``holidays.BE``, public category)."""
    import holidays  # slow import, kept out of module load on purpose

    table = holidays.country_holidays("BE", years=year)
    # Outside its data range the package returns no holidays at all rather than failing.
    if not table.start_year <= year <= table.end_year:
        raise ValueError(
            f"no Belgian holiday calendar for {year}: the holiday data covers "
            f"{table.start_year}-{table.end_year}"
        )
    return frozenset(table.keys())


@cache
def eu_institution_holidays(year: int) -> frozenset[date]:
    """The public holidays of the EU institutions in Brussels in ``year`` (standing rules)."""
    sunday = easter_sunday(year)
    fixed = {date(year, month, day) for month, day in _EU_FIXED}
    movable = {sunday + timedelta(days=offset) for offset in _EU_EASTER_OFFSETS}
    return frozenset(fixed | movable)


@cache
def brussels_holidays(year: int) -> frozenset[date]:
    """Belgium's public holidays and the EU institutions' of ``year``."""
    return belgian_holidays(year) | eu_institution_holidays(year)


def is_working_day(day: date) -> bool:
    """Monday to Friday and not a Brussels holiday."""
    return day.weekday() < 5 and day not in brussels_holidays(day.year)


def roll_forward(day: date) -> date:
    """``day`` itself when a working day, else the next working day (Reg. 1182/71 Art. 3(4))."""
    candidate = day
    for _ in range(_MAX_CLOSED_RUN + 1):
        if is_working_day(candidate):
            return candidate
        candidate += timedelta(days=1)
    raise ValueError(f"no working day within {_MAX_CLOSED_RUN} days of {day.isoformat()}")


def add_working_days(start: date, days: int) -> date:
    """The ``days``-th working day after ``start``; ``start`` itself is not counted."""
    if days < 1:
        raise ValueError(f"a count of working days starts at 1, got {days}")
    candidate = start
    for _ in range(days):
        candidate = roll_forward(candidate + timedelta(days=1))
    return candidate
