from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime
from typing import Any

import pytest
import time_machine

from compliance.registry.models import CorporateGroup, GroupEntity
from tests.builders import entity_in
from tests.factories import CorporateGroupFactory
from transfers import services
from transfers.models import DataTransfer

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
TODAY = date(2026, 3, 2)


@pytest.fixture(autouse=True)
def _frozen_now() -> Iterator[None]:
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def group(db: Any) -> CorporateGroup:
    return CorporateGroupFactory(name="Test Group", short_name="TG")


@pytest.fixture
def entities(group: CorporateGroup) -> dict[str, GroupEntity]:
    return {
        "DE": entity_in(group, "Berlin", "DE", processor=True),
        "FR": entity_in(group, "Paris", "FR"),
        "JP": entity_in(group, "Tokyo", "JP", processor=True),
        "US": entity_in(group, "Boston", "US", processor=True),
        "SG": entity_in(group, "Singapore", "SG", processor=True),
        "GB": entity_in(group, "London", "GB"),
    }


@pytest.fixture
def walk() -> Callable[..., None]:
    """Walk a transfer's workflow to legal approval (as the system, no user)."""

    def to_legal(t: DataTransfer) -> None:
        services.transition_transfer(transfer=t, name="start_review", by=None)
        services.transition_transfer(transfer=t, name="send_to_legal", by=None)

    return to_legal
