"""Countdowns read in the reader's language: 残り4日12時間, noch 4 T. 12 Std."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from django.utils import translation
from django.utils.html import strip_tags

from compliance.countdowns import countdown

NOW = datetime(2026, 1, 9, 12, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("language", "delta", "expected"),
    [
        ("en", timedelta(days=4, hours=12), "4 d 12 h left"),
        ("en", timedelta(hours=-5, minutes=-12), "overdue 5 h 12 min"),
        ("de", timedelta(days=4, hours=12), "noch 4 T. 12 Std."),
        ("de", timedelta(hours=5, minutes=12), "noch 5 Std. 12 Min."),
        ("de", -timedelta(days=2, hours=1), "seit 2 T. 1 Std. überfällig"),
        ("ja", timedelta(days=4, hours=12), "残り4日12時間"),
        ("ja", timedelta(hours=5, minutes=12), "残り5時間12分"),
        ("ja", -timedelta(days=2, hours=1), "2日1時間超過"),
    ],
)
def test_countdown_reads_in_the_readers_language(
    language: str, delta: timedelta, expected: str
) -> None:
    with translation.override(language):
        assert strip_tags(countdown(NOW + delta, NOW)) == expected
