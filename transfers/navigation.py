"""The entity page's links to its transfers (registered by ``transfers.registration``)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from compliance.registry.links import RelatedLink, changelist_link
from compliance.registry.models import GroupEntity
from transfers.models import DataTransfer


def transfer_entity_links(entity: GroupEntity, user: Any) -> list[RelatedLink | None]:
    return [
        changelist_link(
            _("Transfers exported by this entity"),
            user,
            DataTransfer.objects.filter(exporter=entity),
            exporter__id__exact=entity.pk,
        ),
        changelist_link(
            _("Transfers imported by this entity"),
            user,
            DataTransfer.objects.filter(importer=entity),
            importer__id__exact=entity.pk,
        ),
    ]
