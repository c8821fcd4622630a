"""What the breach register adds to the shared machinery: its deadlines as a reminder source,
its dashboard panels, its reports and sections, its links on the entity page and its demo data."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from compliance.breaches import dashboard, demo, pictures, reminders, scale
from compliance.breaches import registers as breach_registers
from compliance.breaches.models import BreachIncident, BreachNotification
from compliance.breaches.reports import dossier, notification, sections
from compliance.breaches.reports import register as breach_register
from compliance.dashboard import register_panel
from compliance.registry.demo import register_demo, register_scale
from compliance.registry.links import RelatedLink, changelist_link, register_entity_links
from compliance.registry.models import CorporateGroup, GroupEntity
from compliance.reports import jobs, registry


def entity_links(entity: GroupEntity, user: Any) -> list[RelatedLink | None]:
    return [
        changelist_link(
            _("Breaches reported by this entity"),
            user,
            BreachIncident.objects.filter(entity=entity),
            entity__id__exact=entity.pk,
        )
    ]


def register() -> None:
    reminders.register()
    breach_registers.register()
    register_panel(dashboard.deadlines_panel, order=10)
    register_panel(dashboard.breaches_panel, order=20)
    register_panel(pictures.breaches_chart_panel, order=25)
    registry.register_summary_picture(
        "breach-quarters", pictures.breaches_summary_picture, order=10
    )
    registry.register_report(
        "breach_notification",
        model=BreachNotification,
        template="reports/breach_notification.html",
        context_builder=notification.notification_report_context,
        filename=notification.notification_report_filename,
        title=_("Breach notification"),
        description=_(
            "The notification with the content GDPR Art. 33(3) requires, or for an APPI report "
            "the nine items of PPC Rules Art. 8(1) in Japanese; its deadline, whether it was "
            "met, the reasons for a delay and the follow-up phases."
        ),
    )
    registry.register_report(
        "breach_dossier",
        model=BreachIncident,
        template="reports/breach_dossier.html",
        context_builder=dossier.breach_dossier_context,
        filename=dossier.breach_dossier_filename,
        title=_("Breach dossier"),
        description=_(
            "One breach in full: its facts, the risk assessment, every obligation with its legal "
            "basis, due instant and outcome, every notification and its phases, the decisions "
            "with who took them and when, and the history of every change (GDPR Art. 33(5))."
        ),
        as_of_help=_("Printed on the dossier; the records are shown as they are now."),
    )
    registry.register_report(
        "breach_register",
        model=CorporateGroup,
        template="reports/breach_register.html",
        context_builder=breach_register.breach_register_context,
        filename=breach_register.breach_register_filename,
        title=_("Breach register"),
        description=_(
            "Every breach of the group the entity became aware of in the chosen period (by "
            "default the twelve months up to its end), with its deadlines, whether they were "
            "met, late reasons and decisions that a notification was not required "
            "(GDPR Art. 33(5))."
        ),
        period=True,
        # Long registers render in parts (issue 21); a breach with its obligations is about
        # four transfer rows long (full size: 1,456 pages).
        parts_along="rows",
        part_weight=4,
    )
    jobs.register_async_threshold(
        "breach_register", breach_register.ASYNC_THRESHOLD, breach_register.breach_count
    )
    registry.register_entity_section("open-breaches", sections.open_breaches_sections, order=20)
    registry.register_entity_section(
        "overdue-deadlines", sections.overdue_deadlines_sections, order=30
    )
    register_entity_links(entity_links)
    register_demo(demo.seed_demo_breaches, order=10)
    register_scale(demo.seed_scale_breaches, order=10)
    # after the breaches: the reminders are the thresholds of their deadlines
    register_scale(scale.seed_scale_reminders, order=20)
