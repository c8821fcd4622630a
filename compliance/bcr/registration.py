"""What the BCR programme adds to the shared machinery: its clocks as a reminder source, its
dashboard panel, the timeline report, the coverage section, its links and its demo data."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from compliance.bcr import dashboard, demo, reminders
from compliance.bcr import registers as bcr_registers
from compliance.bcr import tasks as tasks  # the worker learns the daily clock sync here
from compliance.bcr.models import BCRApplication, BCRMember
from compliance.bcr.reports import sections, timeline
from compliance.bcr.services import follow_main_establishment
from compliance.dashboard import register_panel
from compliance.registry.demo import register_demo
from compliance.registry.links import RelatedLink, changelist_link, register_entity_links
from compliance.registry.models import GroupEntity
from compliance.registry.services import register_main_establishment_follower
from compliance.reports import registry


def entity_links(entity: GroupEntity, user: Any) -> list[RelatedLink | None]:
    return [
        changelist_link(
            _("BCR memberships"),
            user,
            BCRMember.objects.filter(entity=entity),
            entity__id__exact=entity.pk,
        )
    ]


def register() -> None:
    reminders.register()
    bcr_registers.register()
    register_main_establishment_follower(follow_main_establishment)
    register_panel(dashboard.bcr_clocks_panel, order=40)
    registry.register_report(
        "bcr_timeline",
        model=BCRApplication,
        template="reports/bcr_timeline.html",
        context_builder=timeline.bcr_timeline_context,
        filename=timeline.bcr_timeline_filename,
        title=_("BCR application timeline"),
        description=_(
            "The application's history up to the chosen date, event by event, with the "
            "changes of lead authority and the clocks of the procedure (GDPR Art. 64(3), "
            "64(7), 65(2), 65(3), 65(6), 47(2)(k)) and of substantial changes: due, met in "
            "time or late (a statutory period) or after the target, or open."
        ),
        as_of_help=_(
            "Events up to this date are printed, with the clocks as they stood then. Empty "
            "means today."
        ),
    )
    registry.register_entity_section("bcr-coverage", sections.bcr_coverage_sections, order=10)
    register_entity_links(entity_links)
    register_demo(demo.seed_demo_bcr, order=20)
