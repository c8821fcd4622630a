"""The breach register's panels on the dashboard: deadlines due soon, open breaches by state."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from compliance import access
from compliance.breaches.choices import IncidentState
from compliance.breaches.models import (
    URGENT_HORIZON,
    BreachIncident,
    NotificationDeadline,
    due_between,
)

ROWS = 25


def deadlines_panel(user: Any, now: datetime) -> dict[str, Any] | None:
    """Statutory deadlines overdue or due within 72 hours, across all regimes (soonest first)."""
    if not user.has_perm("compliance.view_notificationdeadline"):
        return None
    open_required = access.scope_queryset(
        NotificationDeadline.objects.open_required().filter(due_at__isnull=False), user
    )
    rows = list(
        open_required.filter(due_at__lt=now + URGENT_HORIZON)
        .select_related("incident", "incident__entity", "entity", "recipient_authority")
        .order_by("due_at")[:ROWS]
    )
    counts = open_required.aggregate(
        overdue=Count("pk", filter=Q(due_at__lt=now)),
        soon=Count("pk", filter=due_between(now, now + URGENT_HORIZON)),
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
