from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
import time_machine
from django import forms
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.urls import reverse

from compliance.inputs import (
    InstantField,
    IsoDateField,
    LineField,
    ProseField,
    check_text,
    normalise_text,
)
from compliance.registry.reference_loader import _read_text

NOW = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _frozen_now() -> Any:
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.mark.parametrize(
    ("typed", "expected"),
    [("2026-12-05", date(2026, 12, 5)), ("2018-05-25", date(2018, 5, 25))],
)
def test_iso_date_field_reads_iso_dates(typed: str, expected: date) -> None:
    assert IsoDateField().clean(typed) == expected


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("05/12/2026", "ambiguous_date"),
        ("05.12.2026", "ambiguous_date"),
        ("12-05-26", "ambiguous_date"),
        ("5 Dec 2026", "invalid"),
        ("0001-01-01", "too_early"),
        ("9999-12-31", "too_late"),
    ],
)
def test_iso_date_field_refuses_ambiguous_and_implausible_dates(typed: str, code: str) -> None:
    with pytest.raises(ValidationError) as caught:
        IsoDateField().clean(typed)
    assert [e.code for e in caught.value.error_list] == [code]


def test_ambiguous_date_message_shows_the_expected_format() -> None:
    with pytest.raises(ValidationError) as caught:
        IsoDateField().clean("05/12/2026")
    assert "YYYY-MM-DD, e.g. 2026-12-05" in caught.value.messages[0]


@pytest.mark.parametrize("lang", ["en", "de", "ja"])
def test_plain_date_fields_refuse_us_order_in_every_language(lang: str) -> None:
    from django.utils import translation

    with translation.override(lang), pytest.raises(ValidationError):
        forms.DateField().clean("05/12/2026")


@pytest.mark.parametrize(
    ("day", "clock", "expected"),
    [
        ("2026-03-02", "09:00", datetime(2026, 3, 2, 8, 0, tzinfo=UTC)),  # CET
        ("2025-07-01", "09:00", datetime(2025, 7, 1, 7, 0, tzinfo=UTC)),  # CEST
    ],
)
def test_instant_field_reads_the_wall_time_of_its_zone(
    day: str, clock: str, expected: datetime
) -> None:
    field = InstantField(zone="Europe/Berlin", not_future=True)
    assert field.clean([day, clock]) == expected


@pytest.mark.parametrize(
    ("day", "clock", "code"),
    [
        ("2026-03-02", "14:00", "future"),  # 13:00 UTC, one hour ahead of now
        ("2026-03-29", "02:30", "nonexistent_time"),
        ("2025-10-26", "02:30", "ambiguous_time"),
        ("0001-01-01", "00:00", "too_early"),
    ],
)
def test_instant_field_refuses_future_gaps_and_year_one(day: str, clock: str, code: str) -> None:
    field = InstantField(zone="Europe/Berlin", not_future=True)
    with pytest.raises(ValidationError) as caught:
        field.clean([day, clock])
    assert [e.code for e in caught.value.error_list] == [code]


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("\u200b\u200b\u200b", "invisible"),
        ("\ufeff \u2060", "invisible"),
        ("Invoice \u202egnp.exe", "bidi_control"),
        ("Title\r\nsecond line", "line_break"),
    ],
)
def test_line_field_refuses_unreadable_titles(text: str, code: str) -> None:
    with pytest.raises(ValidationError) as caught:
        LineField().clean(text)
    assert [e.code for e in caught.value.error_list] == [code]


def test_prose_field_refuses_a_reason_of_zero_width_characters() -> None:
    with pytest.raises(ValidationError) as caught:
        ProseField().clean("\u200b\u200c\u200d")
    assert [e.code for e in caught.value.error_list] == ["invisible"]


def test_prose_field_refuses_text_longer_than_its_limit() -> None:
    with pytest.raises(ValidationError) as caught:
        ProseField(max_length=10_000).clean("x" * 10_001)
    assert [e.code for e in caught.value.error_list] == ["max_length"]


def test_normalise_text_keeps_inner_joiners_and_unifies_line_ends() -> None:
    assert normalise_text("\u200b Line one\r\nline two\u200b ", multiline=True) == (
        "Line one\nline two"
    )


def test_check_text_accepts_hebrew_and_emoji_with_joiners() -> None:
    check_text("דליפת מידע 👩\u200d💻", multiline=False)


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"\xef\xbb\xbfcode,name\nDE,Germany\n", "code,name\nDE,Germany\n"),
        (b"code,name\nDE,Germany\n", "code,name\nDE,Germany\n"),
    ],
)
def test_reference_files_are_read_as_utf8_with_or_without_bom(
    tmp_path: Path, content: bytes, expected: str
) -> None:
    path = tmp_path / "countries.csv"
    path.write_bytes(content)
    assert _read_text(path, []) == expected


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        (
            b"code,name\nAT,\xd6sterreich\n",
            "countries.csv line 2: is not UTF-8 (byte 0xD6 at offset 13; perhaps Latin-1 or "
            'Windows-1252); save the file as "CSV UTF-8 (comma delimited)"',
        ),
        (
            b"PK\x03\x04\x00\x00binary",
            "countries.csv: is not a text file (it contains NUL bytes); save the sheet as "
            '"CSV UTF-8 (comma delimited)"',
        ),
    ],
)
def test_reference_files_in_latin1_or_binary_are_named_not_crashed(
    tmp_path: Path, content: bytes, problem: str
) -> None:
    path = tmp_path / "countries.csv"
    path.write_bytes(content)
    problems: list[str] = []
    assert _read_text(path, problems) is None
    assert problems == [problem]


@pytest.mark.django_db
@pytest.mark.parametrize("as_of", ["9999-12-31", "0001-01-01"])
def test_export_report_refuses_implausible_as_of(reference_data: Any, as_of: str) -> None:
    from compliance.registry.models import CorporateGroup

    group = CorporateGroup.objects.create(name="G", short_name="G")
    with pytest.raises(CommandError) as caught:
        call_command("export_report", "group_status", "--id", str(group.pk), "--as-of", as_of)
    assert "check the year" in str(caught.value)


@pytest.mark.django_db
def test_breach_register_as_of_a_future_date_is_refused_without_a_start(
    reference_data: Any,
) -> None:
    from compliance.registry.models import CorporateGroup

    group = CorporateGroup.objects.create(name="G", short_name="G")
    with pytest.raises(CommandError) as caught:
        call_command(
            "export_report", "breach_register", "--id", str(group.pk), "--as-of", "2026-12-31"
        )
    assert str(caught.value) == "The period cannot end (2026-12-31) after today (2026-03-02)."


@pytest.mark.django_db
def test_unknown_transition_name_is_404_not_500(
    reference_data: Any, client_for: Any, dpo_user: Any
) -> None:
    from compliance.breaches import services as breaches
    from tests.factories import GroupEntityFactory

    entity = GroupEntityFactory(time_zone="Europe/Berlin")
    incident = breaches.record_breach(
        entity=entity,
        by=None,
        title="Lost laptop",
        description="x",
        aware_at=datetime(2026, 3, 1, 9, 0, tzinfo=UTC),
        aware_time_zone="Europe/Berlin",
        cause="lost_device",
    )
    url = reverse(
        "admin:compliance_breachincident_transition",
        kwargs={"object_id": incident.pk, "transition_name": "delete"},
    )
    assert client_for(dpo_user).get(url).status_code == 404
