"""The Japanese administrative calendar. Expected days are taken by hand from the published
calendar of national holidays (Cabinet Office) and the 29 Dec - 3 Jan closure."""

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest

from compliance.rules.jp_calendar import (
    day_of,
    end_of_day_jst,
    is_closed,
    national_holidays,
    nth_day,
    roll_forward,
)

TOKYO = ZoneInfo("Asia/Tokyo")


@pytest.mark.parametrize(
    ("day", "closed"),
    [
        (date(2023, 5, 2), False),  # Tuesday between Showa Day week-end and Constitution Day
        (date(2023, 5, 3), True),  # Constitution Day
        (date(2023, 5, 4), True),  # Greenery Day
        (date(2023, 5, 5), True),  # Children's Day
        (date(2023, 5, 6), True),  # Saturday
        (date(2023, 5, 7), True),  # Sunday
        (date(2023, 5, 8), False),  # Monday
        (date(2024, 5, 6), True),  # substitute holiday for Children's Day on a Sunday
        (date(2023, 12, 28), False),  # Thursday, last open day of 2023
        (date(2023, 12, 29), True),  # year-end closure starts
        (date(2024, 1, 2), True),  # closure, a Tuesday
        (date(2024, 1, 3), True),  # closure ends
        (date(2024, 1, 4), False),  # Thursday
        (date(2019, 4, 30), True),  # "national holiday" between two holidays (2019 only)
        (date(2019, 5, 1), True),  # Emperor's enthronement (2019 only)
        (date(2020, 7, 24), True),  # Sports Day moved for the Olympics
        (date(2020, 10, 12), False),  # second Monday of October 2020: Sports Day moved away
        (date(2021, 7, 23), True),  # Sports Day moved for the Olympics again
        (date(2021, 10, 11), False),  # second Monday of October 2021: an ordinary Monday
        (date(2026, 9, 22), True),  # citizens' holiday between two holidays
    ],
)
def test_is_closed_matches_the_administrative_calendar(day: date, closed: bool) -> None:
    assert is_closed(day) is closed


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2023, 7, 13), date(2023, 7, 13)),  # an open Thursday stays
        (date(2023, 7, 30), date(2023, 7, 31)),  # Sunday -> Monday
        (date(2023, 5, 3), date(2023, 5, 8)),  # Golden Week 3-5 May + week-end
        (date(2023, 12, 29), date(2024, 1, 4)),  # closure -> Thursday 4 Jan
        (date(2024, 12, 28), date(2025, 1, 6)),  # Sat, closure, 4-5 Jan week-end -> Mon 6 Jan
        (date(2026, 9, 19), date(2026, 9, 24)),  # week-end, 21, 22, 23 Sep holidays -> Thu
    ],
)
def test_roll_forward_moves_to_the_next_open_day(day: date, expected: date) -> None:
    assert roll_forward(day) == expected


def test_end_of_day_jst_is_the_last_second_in_utc() -> None:
    due = end_of_day_jst(date(2023, 7, 5))

    # 23:59:59 JST is 14:59:59 UTC the same day (JST = UTC+9, no DST).
    assert due == datetime(2023, 7, 5, 14, 59, 59, tzinfo=UTC)
    assert due.tzinfo is UTC


@pytest.mark.parametrize(
    ("at", "expected"),
    [
        (datetime(2023, 6, 30, 14, 59, 59, tzinfo=UTC), date(2023, 6, 30)),  # 23:59:59 JST
        (datetime(2023, 6, 30, 15, 0, tzinfo=UTC), date(2023, 7, 1)),  # 00:00 JST
        (datetime(2023, 6, 30, 16, 30, tzinfo=UTC), date(2023, 7, 1)),  # 01:30 JST
        (datetime(2023, 7, 1, 0, 30, tzinfo=TOKYO), date(2023, 7, 1)),
    ],
)
def test_day_of_uses_the_tokyo_calendar(at: datetime, expected: date) -> None:
    assert day_of(at) == expected


def test_day_of_rejects_a_naive_datetime() -> None:
    with pytest.raises(ValueError, match="naive"):
        day_of(datetime(2023, 6, 30, 12, 0))  # noqa: DTZ001 - the point of the test


@pytest.mark.parametrize(
    ("n", "expected"),
    [
        (1, date(2023, 7, 1)),
        (5, date(2023, 7, 5)),
        (30, date(2023, 7, 30)),
        (60, date(2023, 8, 29)),
    ],
)
def test_nth_day_counts_the_day_of_awareness_as_day_one(n: int, expected: date) -> None:
    assert nth_day(datetime(2023, 6, 30, 16, 30, tzinfo=UTC), n) == expected


def test_nth_day_rejects_day_zero() -> None:
    with pytest.raises(ValueError, match="start at 1"):
        nth_day(datetime(2023, 7, 1, tzinfo=UTC), 0)


def test_national_holidays_refuses_years_without_data() -> None:
    with pytest.raises(ValueError, match="no Japanese holiday calendar for 2100"):
        national_holidays(2100)
