"""The record of processing activities (GDPR Art. 30(1)) as a PDF, per entity.

For each controller entity of the group the user may see: its name and country, then each of its
processing activities with what Art. 30(1) lists: (a) controller and DPO contact, (b) purposes,
(c) categories of data subjects and of personal data, (d) categories of recipients, (e)
transfers to third countries with their safeguards (the transfer engine's mechanism and basis
on the as-of date, for the transfers of the activity in effect then), (f) retention, (g) the
technical and organisational security measures. The XLSX of the same record is the register
kind ``record_of_processing`` (``transfers.registers``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.utils.translation import gettext_lazy as _

from compliance import access
from compliance.registry.models import CorporateGroup, GroupEntity
from compliance.reports import registry
from compliance.reports.registry import safe_filename_part
from transfers.models import ProcessingActivity
from transfers.registers import activity_transfers

KIND = "record_of_processing"


@dataclass(frozen=True)
class ActivityEntry:
    activity: ProcessingActivity
    transfers: list[str]


@dataclass(frozen=True)
class EntityRecord:
    entity: GroupEntity
    activities: list[ActivityEntry]


def record_context(
    group: CorporateGroup,
    /,
    *,
    user: Any,
    as_of: date,
    generated_at: datetime,
    period_start: date | None = None,
) -> dict[str, Any]:
    activities_qs = ProcessingActivity.objects.filter(controller__group=group).select_related(
        "controller__country"
    )
    if user is not None:
        activities_qs = access.scope_queryset(activities_qs, user)
    activities = list(activities_qs.order_by("controller__short_name", "name"))
    transfers = activity_transfers(activities, as_of)
    by_entity: dict[int, list[ActivityEntry]] = {}
    entities: dict[int, GroupEntity] = {}
    for activity in activities:
        entities[activity.controller_id] = activity.controller
        by_entity.setdefault(activity.controller_id, []).append(
            ActivityEntry(activity=activity, transfers=transfers.get(activity.pk, []))
        )
    records = [
        EntityRecord(entity=entities[pk], activities=entries) for pk, entries in by_entity.items()
    ]
    return {
        "report_title": _("Record of processing activities"),
        "group": group,
        "as_of": as_of,
        "generated_at": generated_at,
        "records": records,
    }


def record_filename(group: CorporateGroup, as_of: date, lang: str) -> str:
    name = safe_filename_part(group.short_name)
    return f"record-of-processing-{name}-{as_of.isoformat()}-{lang}.pdf"


def register() -> None:
    registry.register_report(
        KIND,
        model=CorporateGroup,
        template="reports/record_of_processing.html",
        context_builder=record_context,
        filename=record_filename,
        title=_("Record of processing activities"),
        description=_(
            "The record GDPR Art. 30(1) requires, per controller entity: contact of the "
            "controller and of the DPO, purposes, categories of data subjects, of personal "
            "data and of recipients, transfers to third countries with their safeguards on "
            "the chosen date, retention and security measures."
        ),
        as_of_help=_(
            "Transfers in effect on this date are listed, with the safeguard the transfer "
            "engine finds on that date. Empty means today."
        ),
    )
