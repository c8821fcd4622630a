"""Completeness before submission for the regimes beyond the GDPR and the APPI (domain brief
§8.5): a notification is recorded as submitted only with the items its document prints filled
on the breach or recorded as not yet known, and the document then says "not yet known"."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from types import SimpleNamespace
from typing import Any

import pytest
import time_machine

from compliance.breaches import contents
from compliance.breaches import services as breaches
from compliance.breaches.choices import DeadlineStatus, NotificationState
from compliance.breaches.forms import SubmitNotificationForm
from compliance.breaches.models import BreachNotification
from compliance.reports import registry
from compliance.workflow.services import TransitionRefused
from tests.compliance.reports.conftest import page_texts, squeeze
from tests.factories import GroupEntityFactory

AWARE = datetime(2026, 3, 2, 1, 0, tzinfo=UTC)
SUBMITTED = AWARE + timedelta(days=1)

FILLED = {
    "data_categories": "name, e-mail",
    "subject_categories": "customers",
    "subject_count": 48000,
    "record_count": 52000,
    "likely_consequences": "Account takeover.",
    "containment": "Accounts locked.",
    "remediation": "Second factor.",
    "contact_point": "Group DPO, dpo@example.com",
    "recommended_steps": "Change your password.",
    "processing_subject_count": 900000,
}
EMPTY = {name: None if isinstance(value, int) else "" for name, value in FILLED.items()}

# (regime, kind): the codes of the items its document prints that a breach may leave empty,
# in the law's order.
EXPECTED = {
    ("KR_PIPA", "authority_notification"): [
        "data_categories",
        "recommended_steps",
        "measures",
        "contact_point",
    ],
    ("KR_PIPA", "data_subject_notification"): [
        "data_categories",
        "recommended_steps",
        "measures",
        "contact_point",
    ],
    ("SG_PDPA", "authority_notification"): [
        "subject_count",
        "data_categories",
        "likely_consequences",
        "measures",
        "contact_point",
    ],
    ("SG_PDPA", "data_subject_notification"): [
        "data_categories",
        "likely_consequences",
        "measures",
        "recommended_steps",
        "contact_point",
    ],
    ("BR_LGPD", "authority_notification"): [
        "data_categories",
        "subject_count",
        "likely_consequences",
        "measures",
        "contact_point",
        "processing_subject_count",
    ],
    ("BR_LGPD", "data_subject_notification"): [
        "data_categories",
        "likely_consequences",
        "measures",
        "contact_point",
    ],
    ("CH_FADP", "authority_notification"): [
        "data_categories",
        "record_count",
        "subject_categories",
        "subject_count",
        "likely_consequences",
        "measures",
        "contact_point",
    ],
    ("CH_FADP", "data_subject_notification"): [
        "likely_consequences",
        "measures",
        "contact_point",
    ],
    ("AU_NDB", "authority_notification"): [
        "contact_point",
        "data_categories",
        "recommended_steps",
    ],
    ("AU_NDB", "data_subject_notification"): [
        "contact_point",
        "data_categories",
        "recommended_steps",
    ],
    ("CN_PIPL", "authority_notification"): [
        "data_categories",
        "likely_consequences",
        "measures",
        "recommended_steps",
        "contact_point",
    ],
    ("CN_PIPL", "data_subject_notification"): [
        "data_categories",
        "likely_consequences",
        "measures",
        "recommended_steps",
        "contact_point",
    ],
    ("EU_NIS2", "early_warning"): [],
    ("EU_NIS2", "incident_notification"): ["likely_consequences"],
    ("EU_NIS2", "final_report"): ["likely_consequences", "measures"],
}


@pytest.mark.parametrize(("regime", "kind"), sorted(EXPECTED))
def test_empty_breach_lacks_the_items_the_document_prints(regime: str, kind: str) -> None:
    empty = SimpleNamespace(**EMPTY)
    filled = SimpleNamespace(**FILLED)

    assert [i.code for i in contents.missing_items(empty, regime, kind)] == EXPECTED[regime, kind]
    assert contents.missing_items(filled, regime, kind) == []


def test_every_item_of_the_other_regimes_cites_its_provision() -> None:
    citations = {
        (regime, kind): [str(i.citation) for i in contents.required_items(regime, kind)]
        for regime, kind in [
            ("KR_PIPA", "authority_notification"),
            ("CH_FADP", "data_subject_notification"),
            ("EU_NIS2", "final_report"),
        ]
    }

    assert citations == {
        ("KR_PIPA", "authority_notification"): [
            "PIPA Art. 34(1) item 1",
            "PIPA Art. 34(1) item 3",
            "PIPA Art. 34(1) item 4",
            "PIPA Art. 34(1) item 5",
        ],
        ("CH_FADP", "data_subject_notification"): [
            "Data Protection Ordinance Art. 15(3), 15(1)(e)",
            "Data Protection Ordinance Art. 15(3), 15(1)(f)",
            "Data Protection Ordinance Art. 15(3), 15(1)(g)",
        ],
        ("EU_NIS2", "final_report"): ["NIS2 Art. 23(4)(d)(i)", "NIS2 Art. 23(4)(d)(iii)"],
    }


def _draft(regime: str, kind: str, country: str, zone: str, by: Any, **facts: Any) -> Any:
    entity = GroupEntityFactory(
        short_name=f"EIG {country}", country_id=country, region="", time_zone=zone
    )
    with time_machine.travel(AWARE + timedelta(days=2), tick=False):
        incident = breaches.record_breach(
            entity=entity,
            by=by,
            title="Customer database copied",
            description="An attacker copied the customer database.",
            aware_at=AWARE,
            aware_time_zone=zone,
            cause="cyber_attack",
            risk="high",
            risk_reasoning="Credentials of many customers.",
            wrongful_purpose=True,
            **{**FILLED, **facts},
        )
    deadline = incident.deadlines.get(regime=regime, kind=kind)
    return breaches.start_notification(deadline=deadline, by=by)


@pytest.mark.django_db
def test_korean_report_without_the_recommended_steps_is_refused_and_nothing_written(
    dpo_user: Any,
) -> None:
    notification = _draft(
        "KR_PIPA", "authority_notification", "KR", "Asia/Seoul", dpo_user, recommended_steps=""
    )

    with pytest.raises(TransitionRefused) as excinfo:
        breaches.submit_notification(notification=notification, submitted_at=SUBMITTED, by=dpo_user)

    assert str(excinfo.value) == (
        "The law asks this notification for items that are empty on the breach: "
        "What the data subjects can do to minimise the possible harm (PIPA Art. 34(1) item 3). "
        "Fill them in on the breach, or record them as not yet known (what is not yet known is "
        "stated so and given in a follow-up when known)."
    )
    notification.refresh_from_db()
    assert notification.state == NotificationState.DRAFT
    assert notification.deadline.status == DeadlineStatus.OPEN


@pytest.mark.django_db
def test_swiss_report_names_the_ordinance_that_lets_information_follow(dpo_user: Any) -> None:
    notification = _draft(
        "CH_FADP", "authority_notification", "CH", "Europe/Zurich", dpo_user, record_count=None
    )

    with pytest.raises(TransitionRefused) as excinfo:
        breaches.submit_notification(notification=notification, submitted_at=SUBMITTED, by=dpo_user)

    assert str(excinfo.value) == (
        "The law asks this notification for items that are empty on the breach: "
        "approximate number of personal data records concerned "
        "(Data Protection Ordinance Art. 15(1)(c)). "
        "Fill them in on the breach, or record them as not yet known (information not "
        "available at once is provided as soon as possible (Data Protection Ordinance "
        "Art. 15(2)))."
    )


@pytest.mark.django_db
def test_item_recorded_as_not_yet_known_is_submitted_and_printed_so(dpo_user: Any) -> None:
    notification = _draft(
        "KR_PIPA", "authority_notification", "KR", "Asia/Seoul", dpo_user, recommended_steps=""
    )
    form = SubmitNotificationForm(instance=notification)

    breaches.submit_notification(
        notification=notification,
        submitted_at=SUBMITTED,
        by=dpo_user,
        not_yet_known=["recommended_steps"],
    )

    assert [code for code, _label in form.fields["not_yet_known"].choices] == ["recommended_steps"]
    stored = BreachNotification.objects.get(pk=notification.pk)
    assert (stored.state, stored.not_yet_known) == (
        NotificationState.SUBMITTED,
        ["recommended_steps"],
    )
    pdf = registry.render_report(
        "breach_notification", obj=stored, user=None, lang="en", as_of=SUBMITTED.date()
    ).content
    assert squeeze("Recommended steps not yet known") in squeeze(" ".join(page_texts(pdf)))
