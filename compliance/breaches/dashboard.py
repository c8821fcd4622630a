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
    # Overdue or due within the horizon: the rows listed and the two counts, read from the
    # ``deadline_open_required_due`` index.
    urgent = access.scope_queryset(
        NotificationDeadline.objects.open_required().filter(due_at__lt=now + URGENT_HORIZON), user
    )
    rows = list(
        urgent.select_related(
            "incident", "incident__entity", "entity", "recipient_authority"
        ).order_by("due_at", "pk")[:ROWS]
    )
    counts = urgent.aggregate(
        # Counting the due instants (never null here), not the keys: read from the index
        # alone, no row fetched.
        overdue=Count("due_at", filter=Q(due_at__lt=now)),
        soon=Count("due_at", filter=due_between(now, now + URGENT_HORIZON)),
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
        # Grouped by the state alone: a coordinator's scope is a DISTINCT query, which would
        # add the register's ordering column to the groups (one group per awareness instant,
        # the last one read as the count); each breach counted once however many of the
        # coordinator's entities it involves.
        .order_by()
        .values_list("state")
        .annotate(n=Count("pk", distinct=True))
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
