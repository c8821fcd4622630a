"""The month calendar of deadlines: the feed's events for the same people, drawn as SVG."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Any

import pytest
import time_machine
from django.urls import reverse

from tests.builders import breach, entity, tokyo
from tests.factories import CorporateGroupFactory

pytestmark = pytest.mark.django_db

NOW = datetime(2024, 6, 14, 12, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _frozen_now() -> Any:
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def scene(dpo_user: Any, coordinator_user: Any) -> dict[str, str]:
    group = CorporateGroupFactory()
    jp = tokyo(group)
    de = entity(
        group, short_name="Berlin", country_id="DE", region="DE-BE", time_zone="Europe/Berlin"
    )
    de.coordinators.add(coordinator_user)
    portal = breach(
        jp, dpo_user, title="<i>Portal</i>", aware_at=datetime(2024, 6, 13, 8, tzinfo=UTC)
    )
    laptop = breach(de, dpo_user, title="Laptop", aware_at=datetime(2024, 6, 12, 8, tzinfo=UTC))
    # References come from a database sequence that does not restart between tests on PostgreSQL.
    return {"portal": portal.reference, "laptop": laptop.reference}


def _entries(html: str) -> list[str]:
    svg = re.search(r'<svg id="deadline-calendar".*?</svg>', html, flags=re.S)
    assert svg is not None
    return re.findall(r'<a class="entry" href="[^"]*">.*?<title>([^<]*)</title></a>', svg.group(0))


def test_calendar_shows_the_months_deadlines(
    scene: dict[str, str], client_for: Any, dpo_user: Any
) -> None:
    html = client_for(dpo_user).get(reverse("admin:compliance_reminder_calendar")).content.decode()

    # In due order: Laptop's 72 hours end 2024-06-15 08:00 UTC, the portal's 2024-06-16 08:00.
    assert _entries(html) == [
        f"Deadline: {scene['laptop']} Laptop: EU GDPR notification to the authority (DE)",
        f"Deadline: {scene['portal']} &lt;i&gt;Portal&lt;/i&gt;: EU GDPR notification to the "
        "authority (FR)",
    ]
    assert html.count('<g class="day">') == 30
    assert "<i>Portal</i>" not in html


def test_coordinator_calendar_is_scoped(
    scene: dict[str, str], client_for: Any, coordinator_user: Any
) -> None:
    html = (
        client_for(coordinator_user)
        .get(reverse("admin:compliance_reminder_calendar"))
        .content.decode()
    )

    assert _entries(html) == [
        f"Deadline: {scene['laptop']} Laptop: EU GDPR notification to the authority (DE)"
    ]


def test_calendar_refuses_a_month_that_is_not_one(
    scene: dict[str, str], client_for: Any, dpo_user: Any
) -> None:
    response = client_for(dpo_user).get(
        reverse("admin:compliance_reminder_calendar"), {"month": "2024-13"}
    )

    assert response.status_code == 200
    assert "“2024-13” is not a month; write it as YYYY-MM." in response.content.decode()
