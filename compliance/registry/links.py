"""Links from a record to the filtered lists of the records about it, with counts.

The entity's change page links to the records of each feature about it (its breaches, BCR
memberships, transfers as exporter and as importer), each registered by its feature with
``register_entity_links`` from its ``registration.register()``. Each link counts through the
user's entity scope and is shown only to users who may view the target list; one count query
per link, whatever the data.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django.db import models
from django.urls import reverse

from compliance import access
from compliance.registry.models import GroupEntity


@dataclass(frozen=True)
class RelatedLink:
    label: Any
    url: str
    count: int | None = None  # None: a link to one record, not a list


def changelist_link(
    label: Any, user: Any, queryset: models.QuerySet[Any], **params: Any
) -> RelatedLink | None:
    """A link to ``queryset``'s changelist filtered by ``params``, counted in ``user``'s scope;
    None when the user may not view that list."""
    opts = queryset.model._meta
    if not user.has_perm(f"{opts.app_label}.view_{opts.model_name}"):
        return None
    url = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
    count = access.scope_queryset(queryset, user).count()
    return RelatedLink(label=label, url=f"{url}?{urlencode(params)}", count=count)


EntityLinks = Callable[[GroupEntity, Any], list[RelatedLink | None]]
_ENTITY_LINKS: list[EntityLinks] = []


def register_entity_links(provider: EntityLinks) -> None:
    """Add the links ``provider(entity, user)`` returns to every entity page (idempotent)."""
    if provider not in _ENTITY_LINKS:
        _ENTITY_LINKS.append(provider)


def entity_links(entity: GroupEntity, user: Any) -> list[RelatedLink]:
    return [link for provider in _ENTITY_LINKS for link in provider(entity, user) if link]
