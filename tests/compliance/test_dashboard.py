from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import time_machine
from django.urls import reverse

from tests.builders import breach
from tests.factories import GroupEntityFactory

pytestmark = pytest.mark.django_db

NOW = datetime(2024, 6, 14, 12, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _frozen_now() -> Any:
    with time_machine.travel(NOW, tick=False):
        yield


def _breach(entity: Any, user: Any, title: str, hours_ago: int) -> Any:
    return breach(entity, user, title=title, aware_at=NOW - timedelta(hours=hours_ago))


def test_dashboard_lists_overdue_and_due_soon_deadlines(client_for: Any, dpo_user: Any) -> None:
    entity = GroupEntityFactory(country_id="FR", region="", time_zone="Europe/Paris")
    _breach(entity, dpo_user, "Overdue one", hours_ago=80)
    _breach(entity, dpo_user, "Due soon", hours_ago=10)
    _breach(entity, dpo_user, "Old and met later", hours_ago=500)

    html = client_for(dpo_user).get(reverse("admin:index")).content.decode()

    panel = html[html.index('id="panel-deadlines"') : html.index('id="panel-breaches"')]
    assert panel.index("Overdue one") < panel.index("Due soon")
    summary = panel[panel.index("<p>") : panel.index("</p>")]
    # the 80-hour-old and the 500-hour-old breach are overdue, the 10-hour-old one due soon
    assert " ".join(re.sub(r"<[^>]+>", "", summary).split()) == "2 overdue · 1 due within 72 hours"
    assert "countdown-overdue" in panel


def test_dashboard_for_a_coordinator_shows_only_their_entities(
    client_for: Any, dpo_user: Any, coordinator_user: Any
) -> None:
    own = GroupEntityFactory(short_name="Own", country_id="FR", region="", time_zone="UTC")
    other = GroupEntityFactory(short_name="Other", country_id="FR", region="", time_zone="UTC")
    own.coordinators.add(coordinator_user)
    _breach(own, dpo_user, "Mine", hours_ago=5)
    _breach(other, dpo_user, "Not mine", hours_ago=5)

    html = client_for(coordinator_user).get(reverse("admin:index")).content.decode()

    assert "Mine" in html
    assert "Not mine" not in html


def test_dashboard_query_count_does_not_grow_with_deadlines(
    client_for: Any, dpo_user: Any, django_assert_num_queries: Any
) -> None:
    entity = GroupEntityFactory(country_id="FR", region="", time_zone="UTC")
    client = client_for(dpo_user)
    _breach(entity, dpo_user, "B0", hours_ago=5)
    # 30 (the transfer blockers' two counts are one query since issue 21), and two for the
    # pictures: breaches per quarter and regime, transfers by destination and basis (each
    # counted by the database in one query since issue 21).
    with django_assert_num_queries(32):
        assert client.get(reverse("admin:index")).status_code == 200

    for i in range(15):
        _breach(entity, dpo_user, f"B{i + 1}", hours_ago=i)

    with django_assert_num_queries(32):
        assert client.get(reverse("admin:index")).status_code == 200
