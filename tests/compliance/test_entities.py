from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from compliance.registry import services
from compliance.registry.models import GroupEntity, SupervisoryAuthority
from tests.factories import CorporateGroupFactory, GroupEntityFactory

pytestmark = pytest.mark.django_db


def _main_in_nrw() -> GroupEntity:
    main = GroupEntityFactory(short_name="HQ", is_eu_main_establishment=True)
    return services.save_entity(entity=main)


def test_save_entity_derives_lead_authority_from_main_establishment() -> None:
    main = _main_in_nrw()
    sub = GroupEntityFactory.build(
        group=main.group, country_id="FR", region="", time_zone="Europe/Paris"
    )

    services.save_entity(entity=sub)

    assert sub.lead_authority is not None
    assert sub.lead_authority.short_name == "LDI NRW"


def test_entity_parent_cycle_is_rejected_and_nothing_saved() -> None:
    group = CorporateGroupFactory()
    a = GroupEntityFactory(group=group, short_name="A")
    b = GroupEntityFactory(group=group, short_name="B", parent=a)
    c = GroupEntityFactory(group=group, short_name="C", parent=b)
    a.parent = c

    with pytest.raises(ValidationError) as excinfo:
        services.save_entity(entity=a)

    assert excinfo.value.message_dict["parent"] == [
        "C is a subsidiary of A: this parent would make a cycle."
    ]
    a.refresh_from_db()
    assert a.parent_id is None


def test_entity_cannot_be_its_own_parent() -> None:
    a = GroupEntityFactory(short_name="A")
    a.parent = a

    with pytest.raises(ValidationError) as excinfo:
        services.save_entity(entity=a)

    assert excinfo.value.message_dict["parent"] == ["An entity cannot be its own parent."]


def test_second_main_establishment_is_rejected_with_a_clear_message() -> None:
    main = _main_in_nrw()
    other = GroupEntityFactory.build(
        group=main.group, short_name="NL", country_id="NL", region="", is_eu_main_establishment=True
    )

    with pytest.raises(ValidationError) as excinfo:
        services.save_entity(entity=other)

    assert excinfo.value.message_dict["is_eu_main_establishment"] == [
        "HQ is already the group's EU main establishment; a group has one at a time. "
        "Use the action 'Designate as EU main establishment' to move it."
    ]
    assert not GroupEntity.objects.filter(short_name="NL").exists()


def test_second_main_establishment_is_refused_by_the_database_too() -> None:
    main = _main_in_nrw()

    with pytest.raises(IntegrityError), transaction.atomic():
        GroupEntity.objects.create(
            group=main.group,
            short_name="X",
            legal_name="X",
            country_id="NL",
            time_zone="Europe/Amsterdam",
            is_eu_main_establishment=True,
        )


def test_main_establishment_outside_the_eea_is_rejected() -> None:
    entity = GroupEntityFactory.build(
        country_id="JP",
        region="",
        time_zone="Asia/Tokyo",
        is_eu_main_establishment=True,
        group=CorporateGroupFactory(),
    )

    with pytest.raises(ValidationError) as excinfo:
        services.save_entity(entity=entity)

    assert (
        "must be in the EEA (GDPR Art. 4(16))"
        in excinfo.value.message_dict["is_eu_main_establishment"][0]
    )


def test_lead_authority_of_another_country_is_rejected() -> None:
    main = _main_in_nrw()
    sub = GroupEntityFactory.build(
        group=main.group,
        country_id="FR",
        region="",
        time_zone="Europe/Paris",
        lead_authority=SupervisoryAuthority.objects.get(key="fr_cnil"),
        lead_authority_reason="we prefer Paris",
    )

    with pytest.raises(ValidationError) as excinfo:
        services.save_entity(entity=sub)

    assert excinfo.value.message_dict["lead_authority"] == [
        "CNIL is not an authority of DE, where the group's main establishment (HQ) is; "
        "the lead authority must be (GDPR Art. 56(1))."
    ]


def test_lead_authority_override_needs_a_reason_and_is_kept_with_one() -> None:
    main = _main_in_nrw()
    bfdi = SupervisoryAuthority.objects.get(key="de_bfdi")
    sub = GroupEntityFactory.build(group=main.group, lead_authority=bfdi)

    with pytest.raises(ValidationError) as excinfo:
        services.save_entity(entity=sub)
    sub.lead_authority_reason = "Telecommunications services: BfDI competent (TDDDG § 29)"
    services.save_entity(entity=sub)

    assert (
        "record the reason for the override"
        in excinfo.value.message_dict["lead_authority_reason"][0]
    )
    sub.refresh_from_db()
    assert sub.lead_authority == bfdi


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("time_zone", "Europe/Atlantis", "Europe/Atlantis is not an IANA time zone"),
        ("region", "FR-IDF", "Region FR-IDF is not a subdivision of DE."),
    ],
)
def test_entity_bad_field_is_rejected(field: str, value: str, message: str) -> None:
    entity = GroupEntityFactory.build(group=CorporateGroupFactory(), **{field: value})

    with pytest.raises(ValidationError) as excinfo:
        services.save_entity(entity=entity)

    assert message in excinfo.value.message_dict[field][0]
    assert not GroupEntity.objects.filter(short_name=entity.short_name).exists()


def test_entity_with_unknown_country_is_rejected() -> None:
    entity = GroupEntityFactory.build(group=CorporateGroupFactory(), country_id="XX", region="")

    with pytest.raises(ValidationError) as excinfo:
        services.save_entity(entity=entity)

    assert "country" in excinfo.value.message_dict


def test_designate_main_establishment_moves_it_and_rederives_leads(django_user_model) -> None:
    user = django_user_model.objects.create_user("dpo")
    group = CorporateGroupFactory()
    london = GroupEntityFactory(
        group=group, short_name="London", country_id="GB", region="", time_zone="Europe/London"
    )
    dus = GroupEntityFactory(group=group, short_name="Dus")
    tokyo = GroupEntityFactory(
        group=group, short_name="Tokyo", country_id="JP", region="", time_zone="Asia/Tokyo"
    )
    services.designate_main_establishment(
        entity=london, since=date(2016, 1, 1), reason="EU HQ", by=user
    )
    tokyo.refresh_from_db()
    assert tokyo.lead_authority is not None
    assert tokyo.lead_authority.short_name == "ICO"

    services.designate_main_establishment(
        entity=dus, since=date(2020, 12, 2), reason="Brexit: EU HQ moves", by=user
    )

    london.refresh_from_db()
    dus.refresh_from_db()
    tokyo.refresh_from_db()
    assert (london.is_eu_main_establishment, dus.is_eu_main_establishment) == (False, True)
    assert dus.main_establishment_since == date(2020, 12, 2)
    assert tokyo.lead_authority.short_name == "LDI NRW"
    last = dus.history.first()
    assert last.history_user == user
    assert last.history_change_reason == "Designated EU main establishment: Brexit: EU HQ moves"


def test_designate_main_establishment_requires_a_reason() -> None:
    entity = GroupEntityFactory()

    with pytest.raises(ValidationError):
        services.designate_main_establishment(entity=entity, since=date(2020, 1, 1), reason=" ")
