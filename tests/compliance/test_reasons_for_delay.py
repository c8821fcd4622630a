"""Reasons for a delay are asked for and printed only where the law asks for them: GDPR and
UK GDPR Art. 33(1) for a late notification to the authority; not under the PPC Rules, whose
final report has a statutory period but no duty to explain missing it."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
import time_machine
from django.urls import reverse

from compliance.breaches import services as breaches
from compliance.breaches.forms import SubmitNotificationForm
from compliance.breaches.models import BreachNotification
from compliance.reports import registry
from compliance.rules.breach import (
    AUTHORITY_NOTIFICATION,
    BR_LGPD,
    CONTROLLER_NOTIFICATION,
    DATA_SUBJECT_NOTIFICATION,
    EU_GDPR,
    FINAL_REPORT,
    GUIDELINE,
    JP_APPI,
    KR_PIPA,
    STATUTE,
    UK_GDPR,
    reasons_for_delay_basis,
)
from tests.builders import NOTIFIABLE_FACTS, tokyo
from tests.compliance.reports.conftest import page_texts, squeeze

AWARE = datetime(2024, 6, 10, 8, 0, tzinfo=UTC)  # Monday 17:00 JST
LATE = datetime(2024, 9, 2, 3, 0, tzinfo=UTC)  # after the APPI final report's day 60


@pytest.mark.parametrize(
    ("regime", "kind", "source", "basis"),
    [
        (EU_GDPR, AUTHORITY_NOTIFICATION, STATUTE, "GDPR Art. 33(1)"),
        (UK_GDPR, AUTHORITY_NOTIFICATION, STATUTE, "UK GDPR Art. 33(1)"),
        (BR_LGPD, AUTHORITY_NOTIFICATION, STATUTE, "LGPD Art. 48(1)(VI)"),
        (BR_LGPD, DATA_SUBJECT_NOTIFICATION, STATUTE, "LGPD Art. 48(1)(VI)"),
        (JP_APPI, FINAL_REPORT, STATUTE, None),
        (KR_PIPA, AUTHORITY_NOTIFICATION, STATUTE, None),
        (EU_GDPR, CONTROLLER_NOTIFICATION, None, None),
        (EU_GDPR, AUTHORITY_NOTIFICATION, GUIDELINE, None),
    ],
)
def test_reasons_for_delay_are_owed_only_where_the_law_asks(
    regime: str, kind: str, source: str | None, basis: str | None
) -> None:
    assert reasons_for_delay_basis(regime, kind, source) == basis


def _notification(dpo: Any, regime: str, kind: str, countries: list[str]) -> BreachNotification:
    with time_machine.travel(AWARE + timedelta(hours=1), tick=False):
        incident = breaches.record_breach(
            entity=tokyo(),
            by=dpo,
            affected_countries=countries,
            title="Customer database exfiltrated",
            description="Attacker used stolen credentials.",
            aware_at=AWARE,
            aware_time_zone="Asia/Tokyo",
            cause="cyber_attack",
            subject_count=1500,
            wrongful_purpose=True,
            risk="high",
            risk_reasoning="Usable for phishing.",
            **NOTIFIABLE_FACTS,
        )
        deadline = incident.deadlines.get(regime=regime, kind=kind)
        return breaches.start_notification(deadline=deadline, by=dpo)


@pytest.mark.django_db
def test_appi_final_report_after_its_period_is_late_but_asks_no_reasons(dpo_user: Any) -> None:
    notification = _notification(dpo_user, JP_APPI, FINAL_REPORT, ["JP"])

    with time_machine.travel(LATE + timedelta(hours=1), tick=False):
        breaches.submit_notification(notification=notification, submitted_at=LATE, by=dpo_user)

    notification.refresh_from_db()
    deadline = notification.deadline
    assert (deadline.status, deadline.late, deadline.lateness) == ("met", True, "late")
    assert (deadline.asks_reasons_for_delay, notification.needs_late_reasons) == (False, False)


@pytest.mark.django_db
def test_submission_form_asks_reasons_for_the_gdpr_notification_only(dpo_user: Any) -> None:
    appi = _notification(dpo_user, JP_APPI, FINAL_REPORT, ["JP"])
    gdpr = _notification(dpo_user, EU_GDPR, AUTHORITY_NOTIFICATION, ["DE"])

    asked = {
        n.deadline.regime: "late_reasons" in SubmitNotificationForm(instance=n).fields
        for n in (appi, gdpr)
    }

    assert asked == {JP_APPI: False, EU_GDPR: True}


@pytest.mark.django_db
def test_late_appi_final_report_prints_no_reasons_for_the_delay(dpo_user: Any) -> None:
    notification = _notification(dpo_user, JP_APPI, FINAL_REPORT, ["JP"])
    with time_machine.travel(LATE + timedelta(hours=1), tick=False):
        breaches.submit_notification(notification=notification, submitted_at=LATE, by=dpo_user)

    texts = {}
    for lang in ("en", "de", "ja"):
        report = registry.render_report(
            "breach_notification",
            obj=notification,
            user=None,
            lang=lang,
            as_of=date(2024, 9, 3),
            generated_at=LATE + timedelta(days=1),
        )
        texts[lang] = squeeze(" ".join(page_texts(report.content)))

    found = {
        lang: [
            label in text
            for label in ("Reasonsforthedelay", "GründefürdieVerzögerung", "遅延の理由")
        ]
        for lang, text in texts.items()
    }
    assert found == {lang: [False, False, False] for lang in texts}
    assert squeeze("Late yes") in texts["en"]


@pytest.mark.django_db
def test_notification_page_shows_reasons_for_the_delay_only_where_the_law_asks(
    client_for: Any, dpo_user: Any
) -> None:
    appi = _notification(dpo_user, JP_APPI, FINAL_REPORT, ["JP"])
    gdpr = _notification(dpo_user, EU_GDPR, AUTHORITY_NOTIFICATION, ["DE"])
    client = client_for(dpo_user)

    shown = {
        n.deadline.regime: "Reasons for the delay"
        in client.get(
            reverse("admin:compliance_breachnotification_change", args=[n.pk])
        ).content.decode()
        for n in (appi, gdpr)
    }

    assert shown == {JP_APPI: False, EU_GDPR: True}
