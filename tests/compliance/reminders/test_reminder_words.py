"""Reminder kinds and moments in words, in the reader's language, never as codes."""

from __future__ import annotations

from typing import Any

import pytest
import time_machine
from django.urls import reverse
from django.utils import translation

from compliance import labels
from tests.compliance.reminders.conftest import AWARE, gdpr_deadline, hours, record


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", "EU GDPR — notification to data subjects"),
        ("de", "EU-DSGVO — Benachrichtigung der betroffenen Personen"),
        ("ja", "EU GDPR — 本人への通知"),
    ],
)
def test_breach_reminder_kind_reads_as_words(language: str, expected: str) -> None:
    with translation.override(language):
        assert labels.reminder_kind("EU_GDPR.data_subject_notification") == expected


@pytest.mark.parametrize(
    ("threshold", "internal", "stored", "expected"),
    [
        ("due-24h", False, "24 hours before the deadline", "期限の24時間前"),
        ("due-0h", True, "at the internal target", "社内目標の時点"),
        ("start+48h", False, "48 hours after awareness", "認識から48時間後"),
        (
            "overdue-2",
            False,
            "overdue: 12 hours past the deadline (repeat 2)",
            "期限を12時間超過（2回目の再通知）",
        ),
        ("odd", False, "as stored", "as stored"),
    ],
)
def test_reminder_moment_reads_in_japanese(
    threshold: str, internal: bool, stored: str, expected: str
) -> None:
    with translation.override("ja"):
        assert labels.reminder_threshold(threshold, internal=internal, stored=stored) == expected


def test_reminder_moment_reads_in_english_as_planned() -> None:
    assert labels.reminder_threshold("due-1d", internal=False, stored="") == (
        "1 day before the deadline"
    )


@pytest.mark.django_db
def test_upcoming_page_reads_in_german(
    client_for: Any, policies: None, entity: Any, dpo_user: Any, owner: Any, coordinator: Any
) -> None:
    with time_machine.travel(AWARE, tick=False):
        record(entity, dpo_user, owner, title="Breach")
    client = client_for(dpo_user)
    client.post(reverse("set_language"), {"language": "de", "next": "/"})

    with time_machine.travel(AWARE + hours(1), tick=False):
        html = client.get(reverse("admin:compliance_reminder_upcoming")).content.decode()

    assert "24 Stunden vor der Frist" in html
    assert "Senden am (UTC)" in html
    assert "Pending reminders" not in html
    assert "24 hours before" not in html


@pytest.mark.django_db
def test_reminder_list_shows_kind_in_words_and_the_record(
    client_for: Any, policies: None, entity: Any, dpo_user: Any, owner: Any
) -> None:
    with time_machine.travel(AWARE, tick=False):
        incident = record(entity, dpo_user, owner, title="Breach")

    html = client_for(dpo_user).get(reverse("admin:compliance_reminder_changelist"))
    text = html.content.decode()

    assert "EU GDPR — notification to the authority" in text
    assert "EU_GDPR.authority_notification</td>" not in text
    assert "Object ID" not in text
    assert f"notification deadline #{gdpr_deadline(incident).pk}" in text
