"""The involved entities of a breach are chosen by autocomplete, not from a select of every group
entity (a select of 300 entities, four times on the page, was most of its time): the choices stay
what the select offered, to a coordinator too (every group entity: a breach names the other
entities it concerns, domain brief §8.2), while every other entity autocomplete stays scoped."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Any

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from compliance.breaches import services as breaches
from compliance.breaches.forms import BreachInvolvementForm
from tests.builders import tokyo
from tests.factories import GroupEntityFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def entities(coordinator_user: Any) -> tuple[Any, Any]:
    own = tokyo()
    other = GroupEntityFactory(
        group=own.group, short_name="Düsseldorf", country_id="DE", time_zone="Europe/Berlin"
    )
    own.coordinators.add(coordinator_user)
    return own, other


def _record(entity: Any, user: Any) -> Any:
    return breaches.record_breach(
        entity=entity,
        by=user,
        title="Portal breach",
        description="D",
        aware_at=datetime(2024, 6, 10, 8, 0, tzinfo=UTC),
        aware_time_zone="Asia/Tokyo",
        cause="other",
    )


def _autocomplete(client: Any, model_name: str, field_name: str, term: str = "") -> list[str]:
    response = client.get(
        reverse("admin:autocomplete"),
        {
            "app_label": "compliance",
            "model_name": model_name,
            "field_name": field_name,
            "term": term,
        },
    )
    assert response.status_code == 200
    return [row["text"] for row in response.json()["results"]]


def _select_choices(field_name: str) -> list[str]:
    """What the inline's plain select offered: the model form field's choices."""
    field = BreachInvolvementForm.base_fields[field_name]
    return [label for value, label in field.choices if value != ""]


@pytest.mark.parametrize("field_name", ["entity", "exporter"])
def test_coordinator_picks_involved_entities_from_the_whole_group_as_the_select_offered(
    client_for: Any, coordinator_user: Any, entities: Any, field_name: str
) -> None:
    client = client_for(coordinator_user)

    assert _autocomplete(client, "breachinvolvement", field_name) == [
        "Düsseldorf (DE)",
        "Tokyo (JP)",
    ]
    assert _autocomplete(client, "breachinvolvement", field_name) == _select_choices(field_name)
    assert _autocomplete(client, "breachinvolvement", field_name, "düss") == ["Düsseldorf (DE)"]


def test_other_entity_autocompletes_stay_scoped_to_the_coordinators_entity(
    client_for: Any, coordinator_user: Any, entities: Any
) -> None:
    client = client_for(coordinator_user)

    assert _autocomplete(client, "breachincident", "entity") == ["Tokyo (JP)"]
    assert _autocomplete(client, "groupentity", "parent") == ["Tokyo (JP)"]
    assert _autocomplete(client, "notificationdeadline", "entity") == ["Tokyo (JP)"]


def test_a_user_who_may_not_fill_in_involved_entities_gets_no_group_wide_list(
    client_for: Any, django_user_model: Any, entities: Any
) -> None:
    # Allowed to look entities up, not to record breaches, and coordinating none: scoped to
    # nothing, as every other entity autocomplete is for them.
    reader = django_user_model.objects.create_user(username="reader", is_staff=True)
    reader.user_permissions.add(Permission.objects.get(codename="view_groupentity"))

    assert _autocomplete(client_for(reader), "breachinvolvement", "entity") == []
    assert _autocomplete(client_for(reader), "groupentity", "parent") == []


def test_dpo_picks_involved_entities_from_the_whole_group(
    client_for: Any, dpo_user: Any, entities: Any
) -> None:
    assert _autocomplete(client_for(dpo_user), "breachinvolvement", "entity") == [
        "Düsseldorf (DE)",
        "Tokyo (JP)",
    ]


def test_breach_page_lists_no_entity_options_however_many_entities_the_group_has(
    client_for: Any, dpo_user: Any, entities: Any
) -> None:
    own, _other = entities
    incident = _record(own, dpo_user)
    client = client_for(dpo_user)
    url = reverse("admin:compliance_breachincident_change", args=[incident.pk])

    def involvement_selects() -> dict[str, tuple[int, bool]]:
        html = client.get(url).content.decode()
        found = {}
        for attrs, options in re.findall(r"<select([^>]*)>(.*?)</select>", html, re.S):
            name = re.search(r'name="(involvements-[^"]+-(?:entity|exporter))"', attrs)
            if name:
                found[name.group(1)] = (options.count("<option"), "admin-autocomplete" in attrs)
        return found

    before = involvement_selects()
    for n in range(10):
        GroupEntityFactory(group=own.group, short_name=f"Extra {n}")

    assert (
        involvement_selects()
        == before
        == {
            # the reporting entity's row shows its entity; an empty exporter shows the blank choice
            "involvements-0-entity": (1, True),
            "involvements-0-exporter": (1, True),
            "involvements-__prefix__-entity": (0, True),
            "involvements-__prefix__-exporter": (1, True),
        }
    )


def test_a_non_numeric_involved_entity_is_a_form_error_not_a_server_error(
    client_for: Any, dpo_user: Any, entities: Any
) -> None:
    own, _other = entities
    form = {
        "entity": own.pk,
        "role": "controller",
        "title": "Portal breach",
        "description": "D",
        "aware_at_0": "2024-06-10",
        "aware_at_1": "17:00:00",
        "aware_time_zone": "Asia/Tokyo",
        "cause": "other",
        "involvements-TOTAL_FORMS": "1",
        "involvements-INITIAL_FORMS": "0",
        "involvements-MIN_NUM_FORMS": "0",
        "involvements-MAX_NUM_FORMS": "1000",
        "involvements-0-entity": "abc",
        "involvements-0-exporter": "x1",
        "involvements-0-role": "controller",
        "involvements-0-reach": "not_assessed",
    }

    response = client_for(dpo_user).post(reverse("admin:compliance_breachincident_add"), form)

    assert response.status_code == 200
    errors = response.context["inline_admin_formsets"][0].formset.forms[0].errors
    assert errors["entity"] == [
        "Select a valid choice. That choice is not one of the available choices."
    ]
    assert errors["exporter"] == [
        "Select a valid choice. That choice is not one of the available choices."
    ]
