"""A group with two entities, a coordinator of one of them, and a breach of each."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import pytest
import time_machine

from compliance.breaches import services as breaches
from compliance.breaches.models import BreachIncident
from compliance.registry.models import CorporateGroup, GroupEntity
from tests.factories import CorporateGroupFactory, GroupEntityFactory

NOW = datetime(2024, 6, 14, 12, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _frozen_now() -> Iterator[None]:
    with time_machine.travel(NOW, tick=False):
        yield


@dataclass
class Scene:
    group: CorporateGroup
    own: GroupEntity
    other: GroupEntity
    breach: BreachIncident
    other_breach: BreachIncident


def record(entity: GroupEntity, by: Any = None, **facts: Any) -> BreachIncident:
    values: dict[str, Any] = {
        "title": "Mailbox compromised",
        "description": "Phishing",
        "aware_at": datetime(2024, 6, 13, 9, 0, tzinfo=UTC),
        "aware_time_zone": "Europe/Berlin",
        "subject_count": 200,
        "cause": "cyber_attack",
    }
    values.update(facts)
    return breaches.record_breach(entity=entity, by=by, affected_countries=["DE"], **values)


@pytest.fixture
def scene(db: Any, coordinator_user: Any) -> Scene:
    group = CorporateGroupFactory(name="Integrity Group", short_name="IG")
    own = GroupEntityFactory(group=group, short_name="Own", legal_name="Own GmbH")
    other = GroupEntityFactory(group=group, short_name="Other", legal_name="Other GmbH")
    own.coordinators.add(coordinator_user)
    return Scene(group, own, other, record(own), record(other))
