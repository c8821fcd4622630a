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

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from compliance import access
from compliance.choices import DeadlineStatus, IncidentState
from compliance.models import BreachIncident, NotificationDeadline

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


register_panel(deadlines_panel, order=10)
register_panel(breaches_panel, order=20)
