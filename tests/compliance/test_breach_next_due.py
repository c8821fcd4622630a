"""The breach's stored next deadline (``next_due_at``) follows every service that changes one."""

from __future__ import annotations

import importlib
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import time_machine

from compliance.breaches import services as breaches
from compliance.breaches.models import BreachIncident, NotificationDeadline
from tests.builders import NOTIFIABLE_FACTS
from tests.factories import GroupEntityFactory

pytestmark = pytest.mark.django_db

NOW = datetime(2024, 6, 12, 12, 0, tzinfo=UTC)
AWARE = datetime(2024, 6, 10, 8, 0, tzinfo=UTC)  # Monday 17:00 JST
EU_72H = AWARE + timedelta(hours=72)
APPI_PRELIMINARY = datetime(2024, 6, 14, 14, 59, 59, tzinfo=UTC)
APPI_FINAL = datetime(2024, 8, 8, 14, 59, 59, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _frozen_now() -> Any:
    with time_machine.travel(NOW, tick=False):
        yield


def _record(by: Any, countries: list[str] | None = None) -> BreachIncident:
    return breaches.record_breach(
        entity=GroupEntityFactory(country_id="JP", region="", time_zone="Asia/Tokyo"),
        by=by,
        affected_countries=countries or [],
        title="Customer database exfiltrated",
        description="Attacker used stolen credentials.",
        aware_at=AWARE,
        aware_time_zone="Asia/Tokyo",
        cause="cyber_attack",
        subject_count=1500,
        wrongful_purpose=True,
        **NOTIFIABLE_FACTS,
    )


def _stored(incident: BreachIncident) -> datetime | None:
    return BreachIncident.objects.values_list("next_due_at", flat=True).get(pk=incident.pk)


def _submit(deadline: NotificationDeadline, by: Any) -> None:
    notification = breaches.start_notification(deadline=deadline, by=by)
    breaches.submit_notification(
        notification=notification, submitted_at=NOW - timedelta(hours=1), by=by
    )


def test_next_due_at_record_breach_stores_the_nearest_open_deadline(dpo_user: Any) -> None:
    incident = _record(dpo_user)

    assert _stored(incident) == APPI_PRELIMINARY
    assert incident.next_due_at == APPI_PRELIMINARY


def test_next_due_at_recompute_follows_added_and_withdrawn_obligations(dpo_user: Any) -> None:
    incident = _record(dpo_user, countries=["FR"])
    with_france = _stored(incident)

    breaches.update_breach(
        incident=incident,
        by=dpo_user,
        expected_version=incident.version,
        changes={},
        affected_countries=[],
    )

    assert (with_france, _stored(incident)) == (EU_72H, APPI_PRELIMINARY)


def test_next_due_at_submission_moves_to_the_next_deadline(dpo_user: Any) -> None:
    incident = _record(dpo_user)

    _submit(incident.deadlines.get(kind="preliminary_report"), dpo_user)

    assert _stored(incident) == APPI_FINAL


def test_next_due_at_is_null_when_nothing_dated_is_open(dpo_user: Any) -> None:
    incident = _record(dpo_user)

    for kind in ("preliminary_report", "final_report"):
        _submit(incident.deadlines.get(kind=kind), dpo_user)

    # the notification of the persons is open but has no fixed instant ("promptly")
    assert _stored(incident) is None


def test_next_due_at_waiver_moves_to_the_next_deadline(dpo_user: Any) -> None:
    incident = _record(dpo_user)

    breaches.waive_deadline(
        deadline=incident.deadlines.get(kind="preliminary_report"),
        by=dpo_user,
        reason="Counsel's decision: not reportable",
    )

    assert _stored(incident) == APPI_FINAL


def test_next_due_at_transition_of_a_stale_instance_keeps_it(dpo_user: Any) -> None:
    incident = _record(dpo_user)
    _submit(
        BreachIncident.objects.get(pk=incident.pk).deadlines.get(kind="preliminary_report"),
        dpo_user,
    )

    breaches.transition_incident(incident=incident, name="start_assessment", by=dpo_user)

    assert _stored(incident) == APPI_FINAL


def test_next_due_at_bulk_fill_matches_the_services(dpo_user: Any) -> None:
    incident = _record(dpo_user, countries=["FR"])
    BreachIncident.objects.update(next_due_at=None)

    updated = breaches.store_next_due_in_bulk(incidents=BreachIncident.objects.all())

    assert (updated, _stored(incident)) == (1, EU_72H)


def test_next_due_at_migration_fills_existing_breaches(dpo_user: Any) -> None:
    from django.apps import apps

    migration = importlib.import_module("compliance.migrations.0011_breach_next_due_at")
    incident = _record(dpo_user, countries=["FR"])
    BreachIncident.objects.update(next_due_at=None)

    migration.fill_next_due_at(apps, None)

    assert _stored(incident) == EU_72H
