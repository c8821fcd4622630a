"""The group-status report: one page per entity active on the date, with the sections the
features register (BCR coverage, open breaches, transfers with blockers), in a fixed number of
queries."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _

from compliance import access
from compliance.registry.models import CorporateGroup, Country, GroupEntity, SupervisoryAuthority
from compliance.reports import registry
from compliance.reports.registry import safe_filename_part

ASYNC_THRESHOLD = 50  # entities, one page each: above this the report renders in the background


@dataclass(frozen=True)
class EntityPage:
    """One page of the group-status report."""

    entity: GroupEntity
    coordinators: list[str]
    sections: list[registry.Section]

    @property
    def anchor(self) -> str:
        return f"entity-{self.entity.pk}"


@dataclass(frozen=True)
class CountryCount:
    country: Country
    entities: int


def group_status_context(
    *, group: CorporateGroup, user: Any, as_of: date, generated_at: datetime
) -> dict[str, Any]:
    """The group's entities active on ``as_of`` that ``user`` may see, one page each.

    ``user`` None (command line, scheduled job) sees every entity. The number of queries does
    not depend on the number of entities: one for the entities with their country, parent and
    lead authority, one for all coordinators, plus whatever the user's scope and the registered
    section providers (which are handed all entities at once) need.
    """
    entities = list(_visible_entities(group, user, as_of))
    main = next((e for e in entities if e.is_eu_main_establishment), None)
    lead: SupervisoryAuthority | None = main.lead_authority if main is not None else None

    entity_sections: dict[int, list[registry.Section]] = {e.pk: [] for e in entities}
    for entity_provider in registry.entity_section_providers():
        for pk, section in entity_provider(entities, as_of, user).items():
            if pk in entity_sections:
                entity_sections[pk].append(section)
    group_sections = [
        group_section
        for group_provider in registry.group_section_providers()
        if (group_section := group_provider(group, entities, as_of, user)) is not None
    ]

    summary_pictures = [
        picture
        for picture_provider in registry.summary_picture_providers()
        if (picture := picture_provider(group, entities, as_of, user)) is not None
    ]

    pages = [
        EntityPage(
            entity=e,
            coordinators=[_person(u) for u in e.coordinators.all()],
            sections=entity_sections[e.pk],
        )
        for e in entities
    ]
    return {
        # Lazy: resolved when the template renders, in the report's language.
        "report_title": _("Group compliance status"),
        "group": group,
        "as_of": as_of,
        "generated_at": generated_at,
        "main_establishment": main,
        "lead_authority": lead,
        "entity_count": len(entities),
        "country_counts": _country_counts(entities),
        "pages": pages,
        # The table of contents lists every page, also in a part that prints none of them
        # (rendered in parts along "pages", compliance.reports.pdf.render_pdf_in_parts).
        "contents": pages,
        # The contents' page numbers by anchor, given to the first part once every part is
        # laid out; empty in one render, where target-counter prints them.
        "anchor_pages": {},
        "group_sections": group_sections,
        "summary_pictures": summary_pictures,
    }


def group_status_for(
    group: CorporateGroup,
    /,
    *,
    user: Any,
    as_of: date,
    generated_at: datetime,
    period_start: date | None = None,
) -> dict[str, Any]:
    """``group_status_context`` in the registry's ``ContextBuilder`` shape."""
    return group_status_context(group=group, user=user, as_of=as_of, generated_at=generated_at)


def group_status_filename(group: CorporateGroup, as_of: date, lang: str) -> str:
    return f"group-status-{safe_filename_part(group.short_name)}-{as_of.isoformat()}-{lang}.pdf"


def _visible_entities(group: CorporateGroup, user: Any, as_of: date) -> Any:
    qs = (
        GroupEntity.objects.filter(group=group)
        .active(at=as_of)
        .select_related("country", "parent", "lead_authority", "lead_authority__country")
        .prefetch_related(
            Prefetch(
                "coordinators",
                queryset=get_user_model().objects.order_by("last_name", "first_name", "username"),
            )
        )
        .order_by("short_name", "pk")
    )
    return qs if user is None else access.scope_queryset(qs, user)


def _country_counts(entities: list[GroupEntity]) -> list[CountryCount]:
    counts = Counter(e.country_id for e in entities)
    countries = {e.country_id: e.country for e in entities}
    return sorted(
        (CountryCount(country=countries[code], entities=n) for code, n in counts.items()),
        key=lambda c: (-c.entities, c.country.display_name),
    )


def _person(user: Any) -> str:
    return str(user.get_full_name() or user.get_username())


def group_entity_count(
    group: CorporateGroup, user: Any, as_of: date, period_start: date | None = None
) -> int:
    """The entities the group-status report prints: one page each."""
    qs = GroupEntity.objects.filter(group=group).active(at=as_of)
    return (qs if user is None else access.scope_queryset(qs, user)).count()
