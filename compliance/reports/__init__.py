"""PDF reports: one renderer (``pdf``), a static-only URL fetcher, contexts and a registry.

The compliance app's own report kinds are registered here, on first import of the package; other
apps register theirs from their ``AppConfig.ready()`` through ``compliance.reports.registry``.

Kinds: ``group_status`` (with the BCR coverage of ``bcr_sections`` and the breach sections of
``breach_sections`` on each entity page), ``breach_notification``, ``breach_register`` and
``bcr_timeline``. Reports over the sizes in ``jobs`` render in a Celery task
(``compliance.tasks.render_report_job``); ``admin`` shows those jobs.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from compliance.models import BCRApplication, BreachNotification, CorporateGroup
from compliance.reports import (
    bcr_sections,
    bcr_timeline,
    breach_notification,
    breach_register,
    breach_sections,
    contexts,
    jobs,
    registry,
)


def _register_builtin_reports() -> None:
    registry.register_report(
        "group_status",
        model=CorporateGroup,
        template="reports/group_status.html",
        context_builder=contexts.group_status_for,
        filename=contexts.group_status_filename,
        title=_("Group compliance status"),
        description=_(
            "The PDF lists the group's entities active on the chosen date, one page each, with "
            "their supervisory authority and coordinators."
        ),
    )
    registry.register_report(
        "breach_notification",
        model=BreachNotification,
        template="reports/breach_notification.html",
        context_builder=breach_notification.notification_report_context,
        filename=breach_notification.notification_report_filename,
        title=_("Breach notification"),
        description=_(
            "The notification with the content GDPR Art. 33(3) requires, or for an APPI report "
            "the nine items of PPC Rules Art. 8(1) in Japanese; its deadline, whether it was "
            "met, the reasons for a delay and the follow-up phases."
        ),
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
    )
    registry.register_report(
        "bcr_timeline",
        model=BCRApplication,
        template="reports/bcr_timeline.html",
        context_builder=bcr_timeline.bcr_timeline_context,
        filename=bcr_timeline.bcr_timeline_filename,
        title=_("BCR application timeline"),
        description=_(
            "The application's history up to the chosen date, event by event, with the "
            "changes of lead authority and the statutory clocks of the procedure (GDPR "
            "Art. 64(3), 64(7), 65(2), 47(2)(k)): due, met in time or late, or open."
        ),
        as_of_help=_(
            "Events up to this date are printed, with the clocks as they stood then. Empty "
            "means today."
        ),
    )
    # Entity pages: roles (the page itself), BCR coverage, open breaches, overdue deadlines;
    # transfers adds "transfers with blockers" from its ready().
    registry.register_entity_section("bcr-coverage", bcr_sections.bcr_coverage_sections)
    registry.register_entity_section("open-breaches", breach_sections.open_breaches_sections)
    registry.register_entity_section(
        "overdue-deadlines", breach_sections.overdue_deadlines_sections
    )
    # Above these sizes a report renders in a Celery task instead of the web request.
    jobs.register_async_threshold(
        "breach_register", jobs.BREACH_REGISTER_ASYNC_THRESHOLD, breach_register.breach_count
    )
    jobs.register_async_threshold(
        "group_status", jobs.GROUP_STATUS_ASYNC_THRESHOLD, jobs.group_entity_count
    )


_register_builtin_reports()
