"""A breach's reference (BR-2026-00006) finds it in the admin's list searches."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from django.urls import reverse

from compliance.breaches.models import BreachIncident
from compliance.workflow.search import Reference, parse_reference
from tests.builders import breach, tokyo

pytestmark = pytest.mark.django_db


def _two_breaches(dpo_user: Any) -> tuple[BreachIncident, BreachIncident]:
    entity = tokyo()
    first = breach(entity, dpo_user, title="Portal", aware_at=datetime(2026, 1, 5, tzinfo=UTC))
    second = breach(entity, dpo_user, title="Mailbox", aware_at=datetime(2026, 2, 5, tzinfo=UTC))
    return first, second


def _search(client: Any, model: str, term: str) -> list[Any]:
    response = client.get(reverse(f"admin:compliance_{model}_changelist"), {"q": term})
    assert response.status_code == 200
    return list(response.context["cl"].result_list)


def test_breach_list_finds_a_breach_by_its_reference(client_for: Any, dpo_user: Any) -> None:
    first, second = _two_breaches(dpo_user)
    client = client_for(dpo_user)

    assert _search(client, "breachincident", second.reference) == [second]
    assert _search(client, "breachincident", second.reference.lower()) == [second]
    # The reference without its leading zeros names the same record.
    assert _search(client, "breachincident", f"BR-2026-{first.pk}") == [first]


def test_breach_reference_with_another_year_finds_nothing(client_for: Any, dpo_user: Any) -> None:
    first, _second = _two_breaches(dpo_user)

    found = _search(client_for(dpo_user), "breachincident", f"BR-2025-{first.pk:05d}")

    assert found == []


def test_deadline_list_finds_the_obligations_of_a_breach_reference(
    client_for: Any, dpo_user: Any
) -> None:
    first, second = _two_breaches(dpo_user)
    client = client_for(dpo_user)

    deadlines = _search(client, "notificationdeadline", second.reference)

    assert {d.incident_id for d in deadlines} == {second.pk}
    assert len(deadlines) == second.deadlines.count()
    assert _search(client, "notificationdeadline", first.reference)[0].incident_id == first.pk


@pytest.mark.parametrize(
    ("term", "expected"),
    [
        ("BR-2026-00006", Reference(prefix="BR", number=6, year=2026)),
        (" br-2026-6 ", Reference(prefix="BR", number=6, year=2026)),
        ("BR-00006", Reference(prefix="BR", number=6, year=None)),
        ("TR-00020", None),
        ("BR-2026", Reference(prefix="BR", number=2026, year=None)),
        ("Portal BR-2026-00006", None),
        ("BR-", None),
    ],
)
def test_parse_reference_reads_prefix_year_and_number(term: str, expected: Any) -> None:
    assert parse_reference(term, "BR") == expected
