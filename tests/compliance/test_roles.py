"""The role matrix walked through the admin: what each role can read and change."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from compliance.registry.models import GroupEntity
from tests.factories import CorporateGroupFactory, GroupEntityFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_entities(coordinator_user: Any) -> tuple[GroupEntity, GroupEntity]:
    group = CorporateGroupFactory()
    own = GroupEntityFactory(
        group=group,
        short_name="Own",
        legal_name="Own Entity B.V.",
        country_id="NL",
        region="",
        time_zone="Europe/Amsterdam",
    )
    other = GroupEntityFactory(group=group, short_name="Other", legal_name="Other Entity GmbH")
    own.coordinators.add(coordinator_user)
    return own, other


def _change_url(entity: GroupEntity) -> str:
    return reverse("admin:compliance_groupentity_change", args=[entity.pk])


def _post_data(entity: GroupEntity, **changes: Any) -> dict[str, Any]:
    data = {
        "group": entity.group_id,
        "legal_name": entity.legal_name,
        "short_name": entity.short_name,
        "registration_id": entity.registration_id,
        "country": entity.country_id,
        "region": entity.region,
        "time_zone": entity.time_zone,
        "is_controller": "on",
        "children-TOTAL_FORMS": "0",
        "children-INITIAL_FORMS": "0",
    }
    data.update(changes)
    return data


def test_coordinator_changelist_lists_only_their_entities(
    client_for: Any, coordinator_user: Any, two_entities: Any
) -> None:
    response = client_for(coordinator_user).get(reverse("admin:compliance_groupentity_changelist"))

    assert response.status_code == 200
    assert [e.short_name for e in response.context["cl"].result_list] == ["Own"]


@pytest.mark.parametrize("view", ["change", "history", "delete"])
def test_coordinator_cannot_open_another_entity_by_url(
    client_for: Any, coordinator_user: Any, two_entities: Any, view: str
) -> None:
    _own, other = two_entities

    response = client_for(coordinator_user).get(
        reverse(f"admin:compliance_groupentity_{view}", args=[other.pk])
    )

    assert response.status_code in (302, 403, 404)
    assert b"Other Entity GmbH" not in response.content


def test_coordinator_cannot_change_another_entity_by_post(
    client_for: Any, coordinator_user: Any, two_entities: Any
) -> None:
    _own, other = two_entities

    client_for(coordinator_user).post(_change_url(other), _post_data(other, legal_name="Hijacked"))

    other.refresh_from_db()
    assert other.legal_name == "Other Entity GmbH"


def test_coordinator_autocomplete_does_not_reveal_other_entities(
    client_for: Any, coordinator_user: Any, two_entities: Any
) -> None:
    response = client_for(coordinator_user).get(
        reverse("admin:autocomplete"),
        {
            "app_label": "compliance",
            "model_name": "groupentity",
            "field_name": "parent",
            "term": "E",
        },
    )

    assert b"Other" not in response.content


def test_coordinator_can_change_their_own_entity_and_is_recorded(
    client_for: Any, coordinator_user: Any, two_entities: Any
) -> None:
    own, _other = two_entities

    response = client_for(coordinator_user).post(
        _change_url(own), _post_data(own, legal_name="Own Entity Netherlands B.V.")
    )

    assert response.status_code == 302
    own.refresh_from_db()
    assert own.legal_name == "Own Entity Netherlands B.V."
    assert own.history.first().history_user == coordinator_user


def test_coordinator_cannot_restructure_the_group(
    client_for: Any, coordinator_user: Any, two_entities: Any
) -> None:
    own, other = two_entities

    client_for(coordinator_user).post(
        _change_url(own), _post_data(own, parent=other.pk, group=CorporateGroupFactory().pk)
    )

    own.refresh_from_db()
    assert (own.parent_id, own.group_id) == (None, other.group_id)


def test_legal_sees_every_entity_read_only(
    client_for: Any, legal_user: Any, two_entities: Any
) -> None:
    _own, other = two_entities
    client = client_for(legal_user)

    listing = client.get(reverse("admin:compliance_groupentity_changelist"))
    page = client.get(_change_url(other))
    client.post(_change_url(other), _post_data(other, legal_name="Edited by legal"))

    assert {e.short_name for e in listing.context["cl"].result_list} == {"Own", "Other"}
    assert page.status_code == 200
    assert page.context["has_change_permission"] is False
    other.refresh_from_db()
    assert other.legal_name == "Other Entity GmbH"


def test_legal_cannot_add_entities(client_for: Any, legal_user: Any) -> None:
    response = client_for(legal_user).get(reverse("admin:compliance_groupentity_add"))

    assert response.status_code == 403


def test_dpo_can_edit_any_entity(client_for: Any, dpo_user: Any, two_entities: Any) -> None:
    _own, other = two_entities

    response = client_for(dpo_user).post(
        _change_url(other), _post_data(other, legal_name="Other Entity Deutschland GmbH")
    )

    assert response.status_code == 302
    other.refresh_from_db()
    assert other.legal_name == "Other Entity Deutschland GmbH"


def test_user_without_role_sees_nothing(client_for: Any, django_user_model: Any) -> None:
    user = django_user_model.objects.create_user("nobody", is_staff=True)

    response = client_for(user).get(reverse("admin:compliance_groupentity_changelist"))

    assert response.status_code == 403


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("dpo_user", {"view", "add", "change", "delete"}),
        ("legal_user", {"view"}),
        ("coordinator_user", {"view", "change"}),
    ],
)
def test_role_matrix_on_entities(request: Any, role: str, expected: set[str]) -> None:
    user = request.getfixturevalue(role)

    granted = {
        action
        for action in ("view", "add", "change", "delete")
        if user.has_perm(f"compliance.{action}_groupentity")
    }

    assert granted == expected


@pytest.mark.parametrize(
    ("role", "may_export"),
    [
        ("dpo_user", True),
        ("legal_user", True),
        ("coordinator_user", False),
    ],
)
def test_role_matrix_export_permission(request: Any, role: str, may_export: bool) -> None:
    assert request.getfixturevalue(role).has_perm("compliance.export_reports") is may_export
