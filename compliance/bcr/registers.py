"""The register of BCR members out (``compliance.registers``): which entity is bound by which
binding corporate rules, from when until when, and whether on the export's date."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from compliance.bcr.models import BCRMember
from compliance.registers.registry import Column, register_register

COLUMNS = (
    Column("bcr", _("BCR"), width=32),
    Column("kind", _("kind"), width=22),
    Column("approved_on", _("approved on"), "date", width=12),
    Column("lead_authority", _("lead supervisory authority"), width=14),
    Column("entity", _("entity"), width=18),
    Column("country", _("country"), width=8),
    Column("joined_on", _("bound from"), "date", width=12),
    Column("left_on", _("bound until"), "date", width=12),
    Column("bound_on_date", _("bound on the date of the export"), "bool", width=12),
)


def member_rows(queryset: QuerySet[BCRMember], as_of: date) -> Iterable[Mapping[str, Any]]:
    qs = queryset.select_related("bcr__lead_authority", "entity").order_by(
        "bcr__title", "entity__short_name", "joined_on", "pk"
    )
    for member in qs:
        bcr = member.bcr
        yield {
            "bcr": bcr.title,
            "kind": bcr.get_kind_display(),
            "approved_on": bcr.approved_on,
            "lead_authority": bcr.lead_authority.short_name if bcr.lead_authority else "",
            "entity": member.entity.short_name,
            "country": member.entity.country_id,
            "joined_on": member.joined_on,
            "left_on": member.left_on,
            "bound_on_date": member.bound_on(as_of),
        }


def register() -> None:
    register_register(
        "bcr_members",
        model=BCRMember,
        title=_("BCR members"),
        columns=COLUMNS,
        rows=member_rows,
        group_path="bcr__group",
    )
