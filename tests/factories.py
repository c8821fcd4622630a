from __future__ import annotations

import factory

from compliance.registry.models import CorporateGroup, GroupEntity


class CorporateGroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CorporateGroup
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Group {n}")
    short_name = factory.Sequence(lambda n: f"G{n}")


class GroupEntityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = GroupEntity

    group = factory.SubFactory(CorporateGroupFactory)
    legal_name = factory.Sequence(lambda n: f"Entity {n} GmbH")
    short_name = factory.Sequence(lambda n: f"E{n}")
    country_id = "DE"
    region = "DE-NW"
    time_zone = "Europe/Berlin"
