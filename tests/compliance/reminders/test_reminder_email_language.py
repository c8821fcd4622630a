"""A reminder e-mail reads in its recipient's stored language: the kind of deadline and the
reminder policy in words, never as the codes or the English text they are stored as."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import time_machine
from django.utils import translation

from compliance.preferences.models import UserPreference
from compliance.reminders.defaults import policy_description
from compliance.reminders.mail import send_pending_mail
from compliance.reminders.sweep import send_due_reminders
from tests.compliance.reminders.conftest import AWARE, gdpr_deadline, hours, record, set_policy

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _site_language_afterwards() -> Iterator[None]:
    """A page read in another language leaves that language active in this thread: the tests
    that follow read the site's language again."""
    yield
    translation.deactivate()


@pytest.fixture
def mails(
    policies: None, entity: Any, dpo_user: Any, owner: Any, coordinator: Any, mailoutbox: Any
) -> dict[str, Any]:
    """The "at awareness" reminder of a GDPR authority notification, sent to a German-reading
    owner, a Japanese-reading coordinator and a DPO who chose no language."""
    UserPreference.objects.create(user=owner, language="de")
    UserPreference.objects.create(user=coordinator, language="ja")
    with time_machine.travel(AWARE, tick=False):
        gdpr_deadline(record(entity, dpo_user, owner))
    with time_machine.travel(AWARE + hours(0.01), tick=False):
        send_due_reminders(budget=float("inf"))
        send_pending_mail(budget=float("inf"))
    return {m.to[0].split("@")[0]: m for m in mailoutbox}


def _all_text(mail: Any) -> str:
    return "\n".join((mail.subject, mail.body, mail.alternatives[0][0]))


def test_german_reader_gets_the_kind_and_the_policy_in_german(mails: dict[str, Any]) -> None:
    mail = mails["owner"]
    text = _all_text(mail)

    assert "Pflicht:     EU-DSGVO — Meldung an die Aufsichtsbehörde" in mail.body
    assert "Erinnerungsregel: DSGVO Art. 33 Abs. 1: 72 Stunden nach Kenntnisnahme" in mail.body
    assert "<td>EU-DSGVO — Meldung an die Aufsichtsbehörde</td>" in mail.alternatives[0][0]
    assert mail.subject.startswith("[DPO Desk] Erinnerung: BR-2024-")
    assert mail.subject.endswith(
        ": EU-DSGVO Meldung an die Aufsichtsbehörde (DE) (bei Kenntnisnahme)"
    )
    assert "Do, 13. Juni 2024, 10:00 CEST (Europe/Berlin)" in mail.body
    assert "noch 2 Tage" in mail.body
    assert "EU_GDPR" not in text
    assert "authority_notification" not in text
    assert "72 hours after awareness" not in text
    assert "Obligation" not in text


def test_japanese_reader_gets_the_kind_and_the_policy_in_japanese(mails: dict[str, Any]) -> None:
    mail = mails["coord"]
    text = _all_text(mail)

    assert "EU GDPR — 監督機関への報告" in mail.body
    assert "<td>EU GDPR — 監督機関への報告</td>" in mail.alternatives[0][0]
    assert "GDPR第33条第1項：認識から72時間" in mail.body
    assert "2024年6月13日(木) 10:00 CEST (Europe/Berlin)" in mail.body
    assert "EU_GDPR" not in text
    assert "authority_notification" not in text
    assert "72 hours after awareness" not in text


def test_reader_without_a_language_reads_english(mails: dict[str, Any]) -> None:
    mail = mails["dpo-user"]

    assert "Obligation:  EU GDPR — notification to the authority" in mail.body
    assert "Reminder policy: GDPR Art. 33(1): 72 hours after awareness" in mail.body
    assert "EU_GDPR" not in _all_text(mail)


def test_edited_policy_description_is_shown_as_written() -> None:
    """Only the text DPO Desk seeded is translated: an office's own wording is its own."""
    with translation.override("de"):
        assert policy_description("EU_GDPR.authority_notification", "Our own rule") == (
            "Our own rule"
        )
        assert policy_description(
            "EU_GDPR.authority_notification", "GDPR Art. 33(1): 72 hours after awareness"
        ) == ("DSGVO Art. 33 Abs. 1: 72 Stunden nach Kenntnisnahme")


def test_edited_policy_description_reaches_the_email(
    policies: None, entity: Any, dpo_user: Any, owner: Any, coordinator: Any, mailoutbox: Any
) -> None:
    set_policy(description="Ring the DPO first")
    UserPreference.objects.create(user=owner, language="de")
    with time_machine.travel(AWARE, tick=False):
        record(entity, dpo_user, owner)
    with time_machine.travel(AWARE + hours(0.01), tick=False):
        send_due_reminders(budget=float("inf"))
        send_pending_mail(budget=float("inf"))

    mail = next(m for m in mailoutbox if m.to == ["owner@example.com"])
    assert "Erinnerungsregel: Ring the DPO first" in mail.body


def test_policy_list_reads_the_seeded_descriptions_in_japanese(
    client_for: Any, policies: None, dpo_user: Any
) -> None:
    from django.urls import reverse

    client = client_for(dpo_user)
    client.post(reverse("set_language"), {"language": "ja", "next": "/"})

    html = client.get(reverse("admin:compliance_reminderpolicy_changelist")).content.decode()

    assert "GDPR第33条第1項：認識から72時間" in html
    assert "72 hours after awareness" not in html
