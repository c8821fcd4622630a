"""The DPO's dashboard on the admin index: what is due, what is late, what is open.

Each app contributes panels through ``register_panel``; compliance never imports the apps that
register. A panel is a callable ``(user, now) -> dict | None`` returning the context of its template
(``template`` key) or None when it has nothing to show to that user. Every panel reads through the
entity scope of ``compliance.access``, so a coordinator sees only their entities.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from django.db.models import Count, Max, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from compliance import access
from compliance.choices import DeadlineStatus, IncidentState
from compliance.models import (
    BCRApplication,
    BreachIncident,
    CorporateGroup,
    GroupEntity,
    NotificationDeadline,
)
from compliance.models.bcr_procedure import ApplicationState
from compliance.reminders.selectors import upcoming_reminders
from compliance.reports.registry import EXPORT_PERMISSION, get_report, report_kinds
from compliance.selectors_bcr import procedure_clocks

Panel = Callable[[Any, datetime], dict[str, Any] | None]
PANELS: list[tuple[int, Panel]] = []

HORIZON = timedelta(hours=72)
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


def deadlines_panel(user: Any, now: datetime) -> dict[str, Any] | None:
    """Statutory deadlines overdue or due within 72 hours, across all regimes (soonest first)."""
    if not user.has_perm("compliance.view_notificationdeadline"):
        return None
    open_required = access.scope_queryset(
        NotificationDeadline.objects.filter(
            required=True, status=DeadlineStatus.OPEN, due_at__isnull=False
        ),
        user,
    )
    rows = list(
        open_required.filter(due_at__lt=now + HORIZON)
        .select_related("incident", "incident__entity", "recipient_authority")
        .order_by("due_at")[:ROWS]
    )
    counts = open_required.aggregate(
        overdue=Count("pk", filter=Q(due_at__lt=now)),
        soon=Count("pk", filter=Q(due_at__gte=now, due_at__lt=now + HORIZON)),
    )
    return {
        "template": "admin/compliance/dashboard/deadlines.html",
        "title": _("Deadlines overdue or due within 72 hours"),
        "rows": rows,
        "now": now,
        **counts,
    }


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


def breaches_panel(user: Any, now: datetime) -> dict[str, Any] | None:
    """Open breaches by state (closed ones are in the register)."""
    if not user.has_perm("compliance.view_breachincident"):
        return None
    by_state = dict(
        access.scope_queryset(BreachIncident.objects.all(), user)
        .exclude(state=IncidentState.CLOSED)
        .values_list("state")
        .annotate(n=Count("pk"))
        .values_list("state", "n")
    )
    return {
        "template": "admin/compliance/dashboard/breaches.html",
        "title": _("Open breaches"),
        "states": [
            (state, label, by_state.get(state, 0))
            for state, label in IncidentState.choices
            if state != IncidentState.CLOSED
        ],
    }


def visible_applications(user: Any) -> Any:
    """BCR applications belong to a group: a coordinator sees those of their entities' groups."""
    applications = BCRApplication.objects.exclude(state=ApplicationState.WITHDRAWN)
    if access.sees_everything(user):
        return applications
    ids = access.coordinated_entity_ids(user) if access.is_coordinator(user) else frozenset()
    return applications.filter(group__in=GroupEntity.objects.filter(pk__in=ids).values("group_id"))


def bcr_clocks_panel(user: Any, now: datetime) -> dict[str, Any] | None:
    """The open clocks of the BCR procedures (EDPB opinion, lead response, Art. 65 decision,
    annual update), soonest first; one query whatever the number of applications."""
    if not user.has_perm("compliance.view_bcrapplication"):
        return None
    today = timezone.localdate(now)
    applications = (
        visible_applications(user)
        .select_related("group", "bcr")
        .annotate(last_update_on=Max("bcr__annual_updates__sent_on"))
        .order_by("pk")
    )
    rows = [
        (application, status)
        for application in applications
        for status in procedure_clocks(
            application, on=today, last_update_on=application.last_update_on, lookup=False
        )
        if status.open
    ]
    rows.sort(key=lambda row: (row[1].clock.due_on, row[0].pk))
    return {
        "template": "admin/compliance/dashboard/bcr_clocks.html",
        "title": _("BCR procedure clocks"),
        "rows": rows,
        "overdue": sum(1 for _app, status in rows if status.overdue),
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


register_panel(deadlines_panel, order=10)
register_panel(breaches_panel, order=20)
register_panel(bcr_clocks_panel, order=40)
register_panel(reminders_panel, order=60)
register_panel(reports_panel, order=70)
