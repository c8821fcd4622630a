"""Shared arrangements for the reminder tests: a German entity (one live deadline per breach:
the EU GDPR authority notification, due 72 h after awareness), its people, and the policies."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from django.contrib.auth.models import Group

from compliance.breaches import services as breaches
from compliance.breaches.models import BreachIncident, NotificationDeadline
from compliance.choices import COORDINATOR_GROUP
from compliance.registry.models import GroupEntity
from compliance.reminders.defaults import ensure_default_policies
from compliance.reminders.models import ReminderPolicy
from tests.builders import NOTIFIABLE_FACTS
from tests.factories import GroupEntityFactory

AWARE = datetime(2024, 6, 10, 8, 0, tzinfo=UTC)
GDPR_KIND = "EU_GDPR.authority_notification"


@pytest.fixture
def policies(db: Any) -> None:
    # Transactional tests elsewhere flush the data migration's rows: make sure they exist.
    ensure_default_policies()


@pytest.fixture
def entity(db: Any) -> GroupEntity:
    return GroupEntityFactory(short_name="Düsseldorf")


@pytest.fixture
def owner(django_user_model: Any) -> Any:
    return django_user_model.objects.create_user(
        username="owner", email="owner@example.com", is_staff=True, first_name="Olga"
    )


@pytest.fixture
def coordinator(django_user_model: Any, entity: GroupEntity) -> Any:
    user = django_user_model.objects.create_user(
        username="coord", email="coord@example.com", is_staff=True
    )
    user.groups.add(Group.objects.get(name=COORDINATOR_GROUP))
    entity.coordinators.add(user)
    return user


def facts(**overrides: Any) -> dict[str, Any]:
    values: dict[str, Any] = {
        "title": "Customer database exfiltrated",
        "description": "Stolen credentials.",
        "aware_at": AWARE,
        "aware_time_zone": "Europe/Berlin",
        "cause": "cyber_attack",
        "subject_count": 40,
        **NOTIFIABLE_FACTS,
    }
    values.update(overrides)
    return values


def record(entity: GroupEntity, by: Any, owner: Any = None, **overrides: Any) -> BreachIncident:
    return breaches.record_breach(entity=entity, by=by, owner=owner, **facts(**overrides))


def gdpr_deadline(incident: BreachIncident) -> NotificationDeadline:
    return incident.deadlines.get(regime="EU_GDPR", kind="authority_notification")


def set_policy(kind: str = GDPR_KIND, **values: Any) -> ReminderPolicy:
    ReminderPolicy.objects.filter(kind=kind).update(**values)
    return ReminderPolicy.objects.get(kind=kind)


def hours(n: float) -> timedelta:
    return timedelta(hours=n)
