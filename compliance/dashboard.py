"""The DPO's dashboard on the admin index: what is due, what is late, what is open.

Each feature contributes panels through ``register_panel`` from its ``registration.register()``
(breach deadlines and open breaches, BCR clocks, transfer blockers and reviews); this module
knows none of them and adds only the panels of the infrastructure (next reminders, reports).
A panel is a callable ``(user, now) -> dict | None`` returning the context of its template
(``template`` key) or None when it has nothing to show to that user. Every panel reads through the
entity scope of ``compliance.access``, so a coordinator sees only their entities.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from compliance.registry.models import CorporateGroup
from compliance.reminders.selectors import upcoming_reminders
from compliance.reports.registry import EXPORT_PERMISSION, get_report, report_kinds

Panel = Callable[[Any, datetime], dict[str, Any] | None]
PANELS: list[tuple[int, Panel]] = []

ROWS = 25


def register_panel(panel: Panel, *, order: int = 50) -> None:
    if all(p is not panel for _, p in PANELS):
        PANELS.append((order, panel))
        PANELS.sort(key=lambda item: item[0])


def panels_for(user: Any, now: datetime) -> list[dict[str, Any]]:
    shown = []
    for _order, panel in PANELS:
        context = panel(user, now)
        if context is not None:
            shown.append(context)
    return shown


def group_report_links(group: CorporateGroup) -> list[tuple[str, str]]:
    """(title, export URL) of every report of a group, including those other apps register."""
    links = []
    for kind in report_kinds():
        spec = get_report(kind)
        if spec.model is not CorporateGroup:
            continue
        if kind == "group_status":
            url = reverse("admin:compliance_corporategroup_export_status", args=[group.pk])
        else:
            url = reverse("admin:compliance_corporategroup_export", args=[group.pk, kind])
        links.append((str(spec.title), url))
    return links


def reports_panel(user: Any, now: datetime) -> dict[str, Any] | None:
    """The group reports (status, breach register, transfer register, ...) for the users who
    export them (DPO, Legal): Legal's way into its work from a read-only dashboard."""
    if not user.has_perm(EXPORT_PERMISSION):
        return None
    return {
        "template": "admin/compliance/dashboard/reports.html",
        "title": _("Reports (PDF)"),
        "groups": [
            (group, group_report_links(group)) for group in CorporateGroup.objects.order_by("name")
        ],
    }


REMINDER_DAYS = 7


def reminders_panel(user: Any, now: datetime) -> dict[str, Any] | None:
    """The next reminders to go out within 7 days: all of them for the DPO group, the ones of
    the deadlines they are responsible for to everyone else."""
    entries = upcoming_reminders(now=now, days=REMINDER_DAYS, limit=ROWS, user=user)
    return {
        "template": "admin/compliance/dashboard/reminders.html",
        "title": _("Next reminders to go out (7 days)"),
        "entries": entries,
        "truncated": len(entries) == ROWS,
        "limit": ROWS,
        "upcoming_url": reverse("admin:compliance_reminder_upcoming")
        if user.has_perm("compliance.view_reminder")
        else None,
    }


def register() -> None:
    register_panel(reminders_panel, order=60)
    register_panel(reports_panel, order=70)
