from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from compliance.registry.models import GroupEntity
from tests.factories import CorporateGroupFactory, GroupEntityFactory

pytestmark = pytest.mark.django_db

CHANGELISTS = [
    "admin:compliance_country_changelist",
    "admin:compliance_supervisoryauthority_changelist",
    "admin:compliance_corporategroup_changelist",
    "admin:compliance_groupentity_changelist",
]


@pytest.mark.parametrize("url_name", CHANGELISTS)
def test_admin_changelist_renders_for_dpo(client_for: Any, dpo_user: Any, url_name: str) -> None:
    GroupEntityFactory()

    response = client_for(dpo_user).get(reverse(url_name))

    assert response.status_code == 200


@pytest.mark.parametrize("query", ["?eea=yes", "?eea=no", "?role=processor", "?q=Entity"])
def test_entity_changelist_filters_render(client_for: Any, dpo_user: Any, query: str) -> None:
    GroupEntityFactory()

    response = client_for(dpo_user).get(reverse("admin:compliance_groupentity_changelist") + query)

    assert response.status_code == 200


def test_entity_eea_filter_separates_countries(client_for: Any, dpo_user: Any) -> None:
    GroupEntityFactory(short_name="In", country_id="FR", region="", time_zone="Europe/Paris")
    GroupEntityFactory(short_name="Out", country_id="JP", region="", time_zone="Asia/Tokyo")
    url = reverse("admin:compliance_groupentity_changelist")
    client = client_for(dpo_user)

    inside = client.get(url + "?eea=yes").context["cl"].result_list
    outside = client.get(url + "?eea=no").context["cl"].result_list

    assert [e.short_name for e in inside] == ["In"]
    assert [e.short_name for e in outside] == ["Out"]


def test_entity_add_form_rejects_unknown_time_zone_and_saves_nothing(
    client_for: Any, dpo_user: Any
) -> None:
    group = CorporateGroupFactory()

    response = client_for(dpo_user).post(
        reverse("admin:compliance_groupentity_add"),
        {
            "group": group.pk,
            "legal_name": "Bad TZ GmbH",
            "short_name": "BadTZ",
            "country": "DE",
            "region": "DE-BE",
            "time_zone": "Europe/Atlantis",
            "is_controller": "on",
            "children-TOTAL_FORMS": "0",
            "children-INITIAL_FORMS": "0",
        },
    )

    assert response.status_code == 200
    assert "Europe/Atlantis is not an IANA time zone" in response.content.decode()
    assert not GroupEntity.objects.filter(short_name="BadTZ").exists()


def test_entity_add_form_rejects_unknown_country(client_for: Any, dpo_user: Any) -> None:
    group = CorporateGroupFactory()

    response = client_for(dpo_user).post(
        reverse("admin:compliance_groupentity_add"),
        {
            "group": group.pk,
            "legal_name": "Nowhere Ltd",
            "short_name": "NW",
            "country": "XX",
            "time_zone": "UTC",
            "is_controller": "on",
            "children-TOTAL_FORMS": "0",
            "children-INITIAL_FORMS": "0",
        },
    )

    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not GroupEntity.objects.filter(short_name="NW").exists()


def test_entity_add_through_admin_derives_lead_and_records_author(
    client_for: Any, dpo_user: Any
) -> None:
    main = GroupEntityFactory(short_name="HQ", is_eu_main_establishment=True)

    response = client_for(dpo_user).post(
        reverse("admin:compliance_groupentity_add"),
        {
            "group": main.group_id,
            "legal_name": "Paris SAS",
            "short_name": "Paris",
            "country": "FR",
            "time_zone": "Europe/Paris",
            "is_controller": "on",
            "children-TOTAL_FORMS": "0",
            "children-INITIAL_FORMS": "0",
        },
    )

    assert response.status_code == 302
    paris = GroupEntity.objects.get(short_name="Paris")
    assert paris.lead_authority is not None
    assert paris.lead_authority.short_name == "LDI NRW"
    assert paris.history.first().history_user == dpo_user


def test_entity_history_page_shows_changes(client_for: Any, dpo_user: Any) -> None:
    entity = GroupEntityFactory(legal_name="Before GmbH")
    entity.legal_name = "After GmbH"
    entity.save()

    response = client_for(dpo_user).get(
        reverse("admin:compliance_groupentity_history", args=[entity.pk])
    )

    assert response.status_code == 200
    assert "After GmbH" in response.content.decode()


def test_designate_view_moves_main_establishment(client_for: Any, dpo_user: Any) -> None:
    group = CorporateGroupFactory()
    old = GroupEntityFactory(group=group, short_name="Old", is_eu_main_establishment=True)
    new = GroupEntityFactory(
        group=group, short_name="New", country_id="NL", region="", time_zone="Europe/Amsterdam"
    )

    response = client_for(dpo_user).post(
        reverse("admin:compliance_groupentity_designate", args=[new.pk]),
        {"since": "2024-01-01", "reason": "Central administration moved"},
    )

    assert response.status_code == 302
    old.refresh_from_db()
    new.refresh_from_db()
    assert (old.is_eu_main_establishment, new.is_eu_main_establishment) == (False, True)
    assert new.lead_authority is not None
    assert new.lead_authority.country_id == "NL"


def test_designate_view_is_refused_to_a_coordinator(client_for: Any, coordinator_user: Any) -> None:
    entity = GroupEntityFactory()
    entity.coordinators.add(coordinator_user)

    response = client_for(coordinator_user).post(
        reverse("admin:compliance_groupentity_designate", args=[entity.pk]),
        {"since": "2024-01-01", "reason": "x"},
    )

    assert response.status_code == 403
    entity.refresh_from_db()
    assert entity.is_eu_main_establishment is False


def test_entity_changelist_query_count_does_not_grow_with_rows(
    client_for: Any, dpo_user: Any, django_assert_num_queries: Any
) -> None:
    group = CorporateGroupFactory()
    parent = GroupEntityFactory(group=group, short_name="Root", is_eu_main_establishment=True)
    GroupEntityFactory.create_batch(3, group=group, parent=parent)
    client = client_for(dpo_user)
    url = reverse("admin:compliance_groupentity_changelist")
    with django_assert_num_queries(15):
        assert client.get(url).status_code == 200

    GroupEntityFactory.create_batch(40, group=group, parent=parent)

    with django_assert_num_queries(15):
        assert client.get(url).status_code == 200


def test_add_group_named_like_another_but_for_case_warns_and_names_it(
    client_for: Any, dpo_user: Any
) -> None:
    from compliance.registry.models import CorporateGroup
    from tests.compliance.integrity.formdata import page_data

    CorporateGroupFactory(name="Example Internet Group", short_name="EIG")
    client = client_for(dpo_user)
    url = reverse("admin:compliance_corporategroup_add")
    data = {**page_data(client.get(url)), "name": "EXAMPLE INTERNET GROUP", "short_name": "EIG2"}

    response = client.post(url, data)

    assert response.status_code == 302
    shown = [str(m) for m in response.wsgi_request._messages if m.level_tag == "warning"]
    assert shown == [
        "“Example Internet Group” has the same name but for letter case: if it is the same "
        "group, record the facts there."
    ]
    assert CorporateGroup.objects.filter(name__iexact="example internet group").count() == 2


def test_group_saved_under_its_own_name_is_not_warned(client_for: Any, dpo_user: Any) -> None:
    from tests.compliance.integrity.formdata import page_data

    group: Any = CorporateGroupFactory(name="Example Internet Group", short_name="EIG")
    CorporateGroupFactory(name="Other Group", short_name="OG")
    client = client_for(dpo_user)
    url = reverse("admin:compliance_corporategroup_change", args=[group.pk])

    response = client.post(url, page_data(client.get(url)))

    assert response.status_code == 302
    assert [m for m in response.wsgi_request._messages if m.level_tag == "warning"] == []
