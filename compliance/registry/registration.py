"""What the registry adds to the shared machinery: its reference files and the group-status
report (the other features add their sections to it)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from compliance.registry import registers as entity_registers
from compliance.registry import reports
from compliance.registry.models import CorporateGroup
from compliance.registry.reference_files import register_files
from compliance.reports import jobs, registry


def register() -> None:
    register_files()
    entity_registers.register()
    registry.register_report(
        "group_status",
        model=CorporateGroup,
        template="reports/group_status.html",
        context_builder=reports.group_status_for,
        filename=reports.group_status_filename,
        title=_("Group compliance status"),
        description=_(
            "The PDF lists the group's entities active on the chosen date, one page each, with "
            "their supervisory authority and coordinators."
        ),
        # Long reports render in parts along the entities' pages (issue 21): an entity's
        # pages are about 60 transfer rows long (full size: 2,436 pages for 300 entities);
        # the contents' page numbers are filled in once every part is laid out.
        parts_along="pages",
        part_weight=60,
        parts_anchors="anchor_pages",
    )
    jobs.register_async_threshold(
        "group_status", reports.ASYNC_THRESHOLD, reports.group_entity_count
    )
