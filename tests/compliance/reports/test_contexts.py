from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import date
from typing import Any

import pytest
from django.contrib.auth import get_user_model

from compliance.registry.models import CorporateGroup, GroupEntity, SupervisoryAuthority
from compliance.registry.reports import group_status_context
from compliance.reports import registry
from compliance.reports.pdf import render_html
from tests.compliance.reports.conftest import (
    AS_OF,
    GENERATED_AT,
    Nordlicht,
    page_texts,
    render_group_status,
    squeeze,
)
from tests.factories import CorporateGroupFactory, GroupEntityFactory

pytestmark = pytest.mark.django_db


def _context(group: CorporateGroup, user: Any) -> dict[str, Any]:
    return group_status_context(group=group, user=user, as_of=AS_OF, generated_at=GENERATED_AT)


def _fresh(user: Any) -> Any:
    # access caches the user's roles on the instance; a fresh one counts those queries too.
    return get_user_model().objects.get(pk=user.pk)


def test_group_status_context_shows_a_dpo_every_entity(nordlicht: Nordlicht, dpo_user: Any) -> None:
    context = _context(nordlicht.group, dpo_user)

    assert [p.entity.short_name for p in context["pages"]] == ["NL-DE", "NL-FR", "NL-JP"]
    assert context["main_establishment"] == nordlicht.hq
    assert context["lead_authority"].short_name == "LDI NRW"
    assert [(c.country.code, c.entities) for c in context["country_counts"]] == [
        ("FR", 1),
        ("DE", 1),
        ("JP", 1),
    ]
    assert context["pages"][2].coordinators == ["Hanako Sato"]


def test_group_status_context_shows_a_coordinator_only_their_entities(
    nordlicht: Nordlicht, coordinator_user: Any
) -> None:
    nordlicht.japan.coordinators.add(coordinator_user)

    context = _context(nordlicht.group, _fresh(coordinator_user))

    assert [p.entity.short_name for p in context["pages"]] == ["NL-JP"]
    assert context["entity_count"] == 1
    assert [(c.country.code, c.entities) for c in context["country_counts"]] == [("JP", 1)]
    # The main establishment is another entity, outside this coordinator's scope.
    assert context["main_establishment"] is None


def test_group_status_context_leaves_out_entities_inactive_on_the_as_of_date(
    nordlicht: Nordlicht,
) -> None:
    GroupEntity.objects.filter(pk=nordlicht.france.pk).update(active_to=date(2025, 3, 30))
    GroupEntity.objects.filter(pk=nordlicht.japan.pk).update(active_from=date(2025, 4, 1))

    context = _context(nordlicht.group, None)

    assert [p.entity.short_name for p in context["pages"]] == ["NL-DE"]


def test_group_status_context_leaves_out_other_groups(nordlicht: Nordlicht) -> None:
    GroupEntityFactory(group=CorporateGroupFactory(name="Other AG"), short_name="OT")

    context = _context(nordlicht.group, None)

    assert [p.entity.short_name for p in context["pages"]] == ["NL-DE", "NL-FR", "NL-JP"]


def _group_of(size: int, django_user_model: Any) -> CorporateGroup:
    group = CorporateGroupFactory()
    parent = GroupEntityFactory(group=group, is_eu_main_establishment=True)
    for n in range(size - 1):
        entity = GroupEntityFactory(
            group=group, parent=parent, country_id=("FR", "JP", "NL")[n % 3]
        )
        entity.coordinators.add(django_user_model.objects.create_user(username=f"c{group.pk}-{n}"))
    GroupEntity.objects.filter(group=group).update(
        lead_authority=SupervisoryAuthority.objects.get(key="de_nw_ldi")
    )
    return group


@pytest.mark.parametrize(
    ("role", "queries"),
    [
        # the user's roles, the entities (with country, parent, lead authority), coordinators,
        # one query each for the BCR coverage, open-breaches and overdue-deadlines sections,
        # three for "transfers with blockers" (the transfers, their entities, the BCRs), and
        # two for the executive summary's pictures (the breaches, the transfers; one more for
        # the breaches' regimes when the group has breaches, none here)
        ("dpo_user", 11),
        ("legal_user", 11),
        ("coordinator_user", 12),  # plus the ids of the coordinator's entities
    ],
)
def test_group_status_context_query_count_does_not_grow_with_entities(
    django_user_model: Any,
    django_assert_num_queries: Any,
    django_assert_max_num_queries: Any,
    request: pytest.FixtureRequest,
    role: str,
    queries: int,
) -> None:
    user = request.getfixturevalue(role)
    small, large = _group_of(3, django_user_model), _group_of(30, django_user_model)
    for entity in GroupEntity.objects.all():
        entity.coordinators.add(user)  # the coordinator sees every entity, the worst case
    first, second = _fresh(user), _fresh(user)
    # The template is rendered too: it follows parent, country and lead authority of each entity.
    with django_assert_num_queries(queries):
        html = render_html("reports/group_status.html", _context(small, first), lang="en")
        assert html.count('class="entity"') == 3

    with django_assert_max_num_queries(queries):
        html = render_html("reports/group_status.html", _context(large, second), lang="en")

    assert html.count('class="entity"') == 30
    assert html.count("LDI NRW") == 31  # the summary and each entity page


@pytest.fixture
def sections() -> Iterator[list[str]]:
    """Registers one group and one entity section; records each provider call."""
    calls: list[str] = []

    def open_breaches(
        group: CorporateGroup, entities: Sequence[GroupEntity], as_of: date, user: Any
    ) -> registry.Section:
        calls.append(f"group:{len(entities)}:{as_of.isoformat()}")
        return registry.Section.table(
            key="open-breaches",
            title="Open breaches",
            headers=["Entity", "Breach"],
            rows=[["NL-FR", "<b>Lost laptop</b>"]],
        )

    def transfers(
        entities: Sequence[GroupEntity], as_of: date, user: Any
    ) -> dict[int, registry.Section]:
        calls.append(f"entities:{len(entities)}")
        return {
            e.pk: registry.Section.table(
                key="transfers", title="Test entity section", headers=["Transfer"], rows=[]
            )
            for e in entities
            if e.country_id == "JP"
        }

    registry.register_group_section("test-open-breaches", open_breaches)
    registry.register_entity_section("test-transfers", transfers)
    yield calls
    registry.unregister_section("test-open-breaches")
    registry.unregister_section("test-transfers")


def test_group_status_prints_registered_sections(nordlicht: Nordlicht, sections: list[str]) -> None:
    pdf = render_group_status(nordlicht.group, lang="en")

    pages = [squeeze(t) for t in page_texts(pdf)]
    assert sections == ["entities:3", "group:3:2025-03-31"]  # once each, not once per entity
    assert len(pages) == 5  # summary, the group section, three entities
    lines = [t.splitlines() for t in page_texts(pdf)]
    assert "Open breaches 2" in lines[0]  # the line of the table of contents
    assert lines[1][:3] == ["Open breaches", "Entity Breach", "NL-FR <b>Lost laptop</b>"]
    section = lines[4].index("Test entity section")
    assert lines[4][section + 1] == "Nothing to report."
    assert squeeze("Test entity section") not in pages[3]  # the French entity has none
