"""A coordinator's scope over the breach register is asked as a subquery of the breaches in
scope, not as a join through the involved entities: the records come once each without a
DISTINCT (which made the register's queries read and sort every column, and grouped counts
by the register's ordering column), and exactly the records of their entities."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from django.db import connection
from django.db.models import Count
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from compliance import access
from compliance.breaches.models import BreachIncident, BreachNotification, NotificationDeadline
from compliance.breaches.services import Involvement
from tests.builders import breach
from tests.factories import GroupEntityFactory

pytestmark = pytest.mark.django_db

AWARE = datetime(2024, 6, 10, 8, 0, tzinfo=UTC)


@pytest.fixture
def register(dpo_user: Any, coordinator_user: Any) -> dict[str, BreachIncident]:
    own = GroupEntityFactory(short_name="Own", country_id="FR", region="", time_zone="UTC")
    other = GroupEntityFactory(group=own.group, short_name="Other", country_id="DE")
    own.coordinators.add(coordinator_user)
    return {
        "reported": breach(own, dpo_user, title="Reported by own", aware_at=AWARE),
        "both": breach(
            own,
            dpo_user,
            title="Reported by own, also other",
            aware_at=AWARE - timedelta(days=1),
            involved=[Involvement(entity=own), Involvement(entity=other)],
        ),
        "involving": breach(
            other,
            dpo_user,
            title="Reported by other, involving own",
            aware_at=AWARE - timedelta(days=2),
            involved=[Involvement(entity=other), Involvement(entity=own)],
        ),
        "outside": breach(other, dpo_user, title="Other only", aware_at=AWARE),
    }


def test_coordinator_sees_each_breach_of_their_entities_once_without_distinct(
    coordinator_user: Any, register: dict[str, BreachIncident]
) -> None:
    scoped = access.scope_queryset(BreachIncident.objects.all(), coordinator_user)

    assert scoped.query.distinct is False
    assert sorted(scoped.values_list("title", flat=True)) == [
        "Reported by other, involving own",
        "Reported by own",
        "Reported by own, also other",
    ]


def test_records_under_a_breach_follow_the_breaches_in_scope(
    coordinator_user: Any, register: dict[str, BreachIncident]
) -> None:
    in_scope = {register[k].pk for k in ("reported", "both", "involving")}
    deadlines = access.scope_queryset(NotificationDeadline.objects.all(), coordinator_user)
    notifications = access.scope_queryset(BreachNotification.objects.all(), coordinator_user)

    assert deadlines.query.distinct is False
    assert sorted(deadlines.values_list("pk", flat=True)) == sorted(
        NotificationDeadline.objects.filter(incident__in=in_scope).values_list("pk", flat=True)
    )
    assert deadlines.count() > 0
    assert sorted(notifications.values_list("pk", flat=True)) == sorted(
        BreachNotification.objects.filter(incident__in=in_scope).values_list("pk", flat=True)
    )


def test_grouped_counts_over_the_scope_count_each_breach_once(
    coordinator_user: Any, register: dict[str, BreachIncident]
) -> None:
    counts = dict(
        access.scope_queryset(BreachIncident.objects.all(), coordinator_user)
        .values_list("state")
        .annotate(n=Count("pk"))
        .values_list("state", "n")
    )

    assert counts == {"detected": 3}


def test_in_scope_agrees_with_the_scoped_register(
    coordinator_user: Any, register: dict[str, BreachIncident]
) -> None:
    assert {key: access.in_scope(coordinator_user, obj) for key, obj in register.items()} == {
        "reported": True,
        "both": True,
        "involving": True,
        "outside": False,
    }


def test_a_coordinators_change_page_asks_the_scope_of_its_breach_once(
    client_for: Any,
    coordinator_user: Any,
    register: dict[str, BreachIncident],
) -> None:
    client = client_for(coordinator_user)
    url = reverse("admin:compliance_breachincident_change", args=[register["both"].pk])
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)

    assert response.status_code == 200
    table = BreachIncident._meta.db_table
    checks = [
        q["sql"]
        for q in queries.captured_queries
        if q["sql"].startswith('SELECT 1 AS "a" FROM "' + table + '"')  # noqa: S608 - a prefix to recognise, not a query
    ]
    assert len(checks) == 1
    # Out of scope is still refused: the answer is kept per record, not per page.
    assert (
        client.get(
            reverse("admin:compliance_breachincident_change", args=[register["outside"].pk])
        ).status_code
        == 302
    )
