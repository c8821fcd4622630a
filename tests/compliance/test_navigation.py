"""Links that follow the work: breach ⇄ entity, deadlines, notifications."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import time_machine
from django.urls import reverse

from compliance.breaches import services as breaches
from compliance.breaches.models import BreachIncident
from tests.builders import breach
from tests.factories import GroupEntityFactory

pytestmark = pytest.mark.django_db

NOW = datetime(2024, 6, 14, 12, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _frozen_now() -> Any:
    with time_machine.travel(NOW, tick=False):
        yield


def _breach(entity: Any, by: Any, title: str) -> BreachIncident:
    return breach(
        entity, by, title=title, aware_at=NOW - timedelta(hours=5), affected_countries=("FR", "DE")
    )


def _related(html: str) -> dict[str, tuple[str, str]]:
    """The 'Related records' links: label -> (url, count)."""
    nav = html[html.index('aria-label="Related records"') :]
    nav = nav[: nav.index("</nav>")]
    found = re.findall(r'<a href="([^"]+)">([^<]+)</a>(?: \((\d+)\))?', nav)
    return {label: (url.replace("&amp;", "&"), count) for url, label, count in found}


def test_breach_page_links_to_its_entity_deadlines_and_notifications(
    client_for: Any, dpo_user: Any
) -> None:
    entity = GroupEntityFactory(short_name="Paris", country_id="FR", region="")
    incident = _breach(entity, dpo_user, "Mine")
    _breach(entity, dpo_user, "Another")
    breaches.start_notification(deadline=incident.deadlines.filter(required=True)[0], by=dpo_user)
    client = client_for(dpo_user)

    html = client.get(
        reverse("admin:compliance_breachincident_change", args=[incident.pk])
    ).content.decode()

    links = _related(html)
    deadlines_url, deadlines_count = links["Notification deadlines of this breach"]
    notifications_url, notifications_count = links["Notifications of this breach"]
    assert links["Reporting entity: Paris"] == (
        reverse("admin:compliance_groupentity_change", args=[entity.pk]),
        "",
    )
    listed = client.get(deadlines_url).context["cl"].result_list
    assert {d.pk for d in listed} == set(incident.deadlines.values_list("pk", flat=True))
    assert deadlines_count == str(incident.deadlines.count())
    listed = client.get(notifications_url).context["cl"].result_list
    assert [n.incident_id for n in listed] == [incident.pk]
    assert notifications_count == "1"


def test_deadline_and_notification_lists_link_back_to_the_breach(
    client_for: Any, dpo_user: Any
) -> None:
    entity = GroupEntityFactory(short_name="Paris", country_id="FR", region="")
    incident = _breach(entity, dpo_user, "Mine")
    breaches.start_notification(deadline=incident.deadlines.filter(required=True)[0], by=dpo_user)
    client = client_for(dpo_user)
    back = reverse("admin:compliance_breachincident_change", args=[incident.pk])

    for name in ("notificationdeadline", "breachnotification"):
        html = client.get(reverse(f"admin:compliance_{name}_changelist")).content.decode()
        assert f'<a href="{back}">' in html


def test_entity_page_links_to_its_breaches_and_bcr_memberships(
    client_for: Any, dpo_user: Any
) -> None:
    entity = GroupEntityFactory(short_name="Paris", country_id="FR", region="")
    other = GroupEntityFactory(short_name="Berlin")
    _breach(entity, dpo_user, "Mine 1")
    _breach(entity, dpo_user, "Mine 2")
    _breach(other, dpo_user, "Not mine")
    client = client_for(dpo_user)

    html = client.get(
        reverse("admin:compliance_groupentity_change", args=[entity.pk])
    ).content.decode()

    links = _related(html)
    url, count = links["Breaches reported by this entity"]
    titles = sorted(b.title for b in client.get(url).context["cl"].result_list)
    assert (titles, count) == (["Mine 1", "Mine 2"], "2")
    url, count = links["BCR memberships"]
    assert (list(client.get(url).context["cl"].result_list), count) == ([], "0")


def test_entity_page_links_count_in_a_coordinators_scope(
    client_for: Any, dpo_user: Any, coordinator_user: Any
) -> None:
    entity = GroupEntityFactory(short_name="Paris", country_id="FR", region="")
    entity.coordinators.add(coordinator_user)
    _breach(entity, dpo_user, "Mine")

    html = (
        client_for(coordinator_user)
        .get(reverse("admin:compliance_groupentity_change", args=[entity.pk]))
        .content.decode()
    )

    assert _related(html)["Breaches reported by this entity"][1] == "1"
