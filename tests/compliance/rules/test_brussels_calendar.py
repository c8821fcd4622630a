"""The Brussels working-day calendar of the BCR procedure clocks (Reg. 1182/71 Art. 3(4)):
Belgium's public holidays plus the EU institutions'. Every expected day is read off the calendar
by hand and, for 2023, off the Commission's list (2021/C 201 I/02)."""

from datetime import date

import pytest

from compliance.rules.brussels_calendar import (
    add_working_days,
    belgian_holidays,
    brussels_holidays,
    easter_sunday,
    eu_institution_holidays,
    is_working_day,
    roll_forward,
)


@pytest.mark.parametrize(
    ("year", "expected"),
    [
        (2008, date(2008, 3, 23)),  # early
        (2019, date(2019, 4, 21)),
        (2021, date(2021, 4, 4)),
        (2024, date(2024, 3, 31)),
        (2025, date(2025, 4, 20)),
        (2038, date(2038, 4, 25)),  # the latest possible date
    ],
)
def test_easter_sunday_on_the_gregorian_computus(year: int, expected: date) -> None:
    assert easter_sunday(year) == expected


def test_eu_institution_holidays_on_weekdays_match_the_commission_list_of_2023() -> None:
    weekdays = sorted(d for d in eu_institution_holidays(2023) if d.weekday() < 5)

    # Commission Decision of 25 May 2021 (2021/C 201 I/02), staff in Brussels: 18 days.
    assert weekdays == [
        date(2023, 1, 2),
        date(2023, 4, 6),
        date(2023, 4, 7),
        date(2023, 4, 10),
        date(2023, 5, 1),
        date(2023, 5, 9),
        date(2023, 5, 18),
        date(2023, 5, 19),
        date(2023, 5, 29),
        date(2023, 7, 21),
        date(2023, 8, 15),
        date(2023, 11, 1),
        date(2023, 11, 2),
        date(2023, 12, 25),
        date(2023, 12, 26),
        date(2023, 12, 27),
        date(2023, 12, 28),
        date(2023, 12, 29),
    ]


def test_brussels_holidays_add_belgium_days_the_institutions_do_not_keep() -> None:
    only_belgian = brussels_holidays(2024) - eu_institution_holidays(2024)

    # Easter Sunday and Whit Sunday are Sundays anyway; 11 November is Armistice Day.
    assert sorted(only_belgian) == [date(2024, 3, 31), date(2024, 5, 19), date(2024, 11, 11)]


@pytest.mark.parametrize(
    ("day", "working"),
    [
        (date(2024, 11, 11), False),  # Armistice Day: Belgian only
        (date(2024, 5, 10), False),  # day after Ascension: EU institutions only
        (date(2024, 3, 28), False),  # Maundy Thursday: EU institutions only
        (date(2023, 11, 2), False),  # All Souls' Day: EU institutions only
        (date(2024, 5, 9), False),  # Ascension and Europe Day
        (date(2024, 12, 24), False),  # end-of-year days start
        (date(2024, 12, 31), False),  # end-of-year days end
        (date(2025, 1, 3), True),  # first working day of 2025
        (date(2024, 12, 23), True),  # last working day of 2024
        (date(2023, 6, 23), True),  # Luxembourg national day: not in Brussels
        (date(2024, 7, 20), False),  # Saturday
        (date(2024, 7, 21), False),  # Sunday, Belgian national day
        (date(2024, 7, 22), True),  # no substitute day for a holiday on a Sunday
    ],
)
def test_is_working_day_on_the_brussels_calendar(day: date, working: bool) -> None:
    assert is_working_day(day) is working


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2021, 10, 8), date(2021, 10, 8)),  # a working day stays
        (date(2021, 10, 9), date(2021, 10, 11)),  # Saturday → Monday
        (date(2021, 10, 10), date(2021, 10, 11)),  # Sunday → Monday
        (date(2024, 3, 28), date(2024, 4, 2)),  # Maundy Thursday → Tuesday after Easter
        (date(2024, 5, 9), date(2024, 5, 13)),  # Ascension, day after, week-end
        (date(2024, 11, 9), date(2024, 11, 12)),  # Saturday before Armistice Day → Tuesday
        (date(2024, 12, 24), date(2025, 1, 3)),  # the whole year-end closure
        (date(2024, 12, 28), date(2025, 1, 3)),
    ],
)
def test_roll_forward_moves_to_the_next_working_day(day: date, expected: date) -> None:
    assert roll_forward(day) == expected


@pytest.mark.parametrize(
    ("start", "days", "expected"),
    [
        (date(2021, 6, 28), 1, date(2021, 6, 29)),  # the start day is not counted
        (date(2021, 6, 28), 10, date(2021, 7, 12)),  # two working weeks
        (date(2021, 6, 26), 1, date(2021, 6, 28)),  # from a Saturday
        (date(2024, 3, 27), 1, date(2024, 4, 2)),  # over Easter
        (date(2024, 12, 20), 1, date(2024, 12, 23)),
        (date(2024, 12, 20), 2, date(2025, 1, 3)),  # over the year-end closure
        (date(2024, 12, 20), 10, date(2025, 1, 15)),
    ],
)
def test_add_working_days_skips_week_ends_and_holidays(
    start: date, days: int, expected: date
) -> None:
    assert add_working_days(start, days) == expected


@pytest.mark.parametrize("days", [0, -1])
def test_add_working_days_refuses_a_count_below_one(days: int) -> None:
    with pytest.raises(ValueError, match="starts at 1"):
        add_working_days(date(2024, 1, 8), days)


def test_belgian_holidays_refuse_a_year_without_data() -> None:
    with pytest.raises(ValueError, match="no Belgian holiday calendar for 1850"):
        belgian_holidays(1850)
