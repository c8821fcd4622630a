"""Issue 13 items 6 and 8 where the services check, not only the forms: an acknowledgement or a
follow-up phase in the future, a reason of invisible characters, a transfer starting in 1900 or
9999 (an import does not pass the admin form)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.utils import translation

from compliance.breaches import services as breaches
from compliance.breaches.choices import NotificationState
from compliance.workflow.services import TransitionRefused
from tests.builders import NOTIFIABLE_FACTS, tokyo

pytestmark = pytest.mark.django_db

NOW = datetime(2024, 6, 14, 12, 0, tzinfo=UTC)
AWARE = datetime(2024, 6, 10, 8, 0, tzinfo=UTC)
SUBMITTED = AWARE + timedelta(hours=10)
TOMORROW = NOW + timedelta(days=1)


@pytest.fixture(autouse=True)
def _frozen_now() -> Any:
    with time_machine.travel(NOW, tick=False):
        yield


def _submitted(dpo_user: Any) -> Any:
    incident = breaches.record_breach(
        entity=tokyo(),
        by=dpo_user,
        title="Customer database exfiltrated",
        description="Attacker used stolen credentials.",
        aware_at=AWARE,
        aware_time_zone="Asia/Tokyo",
        cause="cyber_attack",
        subject_count=1500,
        wrongful_purpose=True,
        **NOTIFIABLE_FACTS,
    )
    deadline = incident.deadlines.get(kind="preliminary_report")
    notification = breaches.start_notification(deadline=deadline, by=dpo_user)
    breaches.submit_notification(notification=notification, submitted_at=SUBMITTED, by=dpo_user)
    notification.refresh_from_db()
    return notification


def test_acknowledgement_in_the_future_is_refused(dpo_user: Any) -> None:
    notification = _submitted(dpo_user)

    with pytest.raises(TransitionRefused) as caught:
        breaches.acknowledge_notification(
            notification=notification, acknowledged_at=TOMORROW, by=dpo_user
        )

    assert str(caught.value) == "The acknowledgement time is in the future."
    notification.refresh_from_db()
    assert (notification.state, notification.acknowledged_at) == (
        NotificationState.SUBMITTED,
        None,
    )


def test_follow_up_phase_in_the_future_is_refused(dpo_user: Any) -> None:
    notification = _submitted(dpo_user)

    with pytest.raises(ValidationError) as caught:
        breaches.add_follow_up(
            notification=notification, submitted_at=TOMORROW, content="Root cause", by=dpo_user
        )

    assert caught.value.message_dict == {
        "submitted_at": ["The time the information was provided is in the future."]
    }
    assert notification.phases.count() == 0


def test_follow_up_message_is_translated(dpo_user: Any) -> None:
    notification = _submitted(dpo_user)

    with translation.override("de"), pytest.raises(ValidationError) as caught:
        breaches.add_follow_up(
            notification=notification, submitted_at=TOMORROW, content="Root cause", by=dpo_user
        )

    assert caught.value.message_dict["submitted_at"] == [
        "Der Zeitpunkt, zu dem die Informationen übermittelt wurden, liegt in der Zukunft."
    ]


@pytest.mark.parametrize("reason", ["\u200b\u200c\u200d", "\ufeff \u2060"])
def test_waiver_reason_of_invisible_characters_is_refused(dpo_user: Any, reason: str) -> None:
    notification = _submitted(dpo_user)
    deadline = notification.deadline.incident.deadlines.get(
        regime="JP_APPI", kind="data_subject_notification"
    )

    with pytest.raises(ValidationError) as caught:
        breaches.waive_deadline(deadline=deadline, by=dpo_user, reason=reason)

    assert caught.value.message_dict == {
        "decision_reason": ["Give the reason the notification is not required."]
    }
    deadline.refresh_from_db()
    assert (deadline.status, deadline.decision_reason) == ("open", "")


def test_late_reasons_of_invisible_characters_are_refused(dpo_user: Any) -> None:
    notification = _submitted(dpo_user)

    with pytest.raises(ValidationError) as caught:
        breaches.give_late_reasons(notification=notification, reasons="\u200b\u200b", by=dpo_user)

    assert caught.value.message_dict == {"late_reasons": ["Give the reasons for the delay."]}


@pytest.mark.parametrize(
    ("start", "message"),
    [
        (
            date(1900, 1, 1),
            "1900-01-01 is before 1995-10-24 (Directive 95/46/EC): no EU transfer rule "
            "existed; check the year.",
        ),
        (date(9999, 12, 31), "9999-12-31 is after 2034-06-22; check the year."),
    ],
)
def test_transfer_starting_in_an_implausible_year_is_refused_by_the_service(
    dpo_user: Any, start: date, message: str
) -> None:
    from tests.builders import entity_in
    from tests.factories import CorporateGroupFactory
    from transfers import services as transfers
    from transfers.models import DataTransfer

    group = CorporateGroupFactory(name="Test Group", short_name="TG")
    exporter = entity_in(group, "Berlin", "DE")
    importer = entity_in(group, "Tokyo", "JP")

    with pytest.raises(ValidationError) as caught:
        transfers.request_transfer(
            exporter=exporter, importer=importer, name="To Tokyo", start_date=start, by=dpo_user
        )

    assert caught.value.message_dict["start_date"] == [message]
    assert DataTransfer.objects.count() == 0
