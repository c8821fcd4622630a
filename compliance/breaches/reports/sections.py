"""The breach blocks of each entity page of the group-status report.

"Open breaches" and "Overdue deadlines", computed for all printed entities at once: one query
each, however many entities the group has (``registry.register_entity_section``).

Overdue is judged at the end of the as-of day, or now when that is still to come: a deadline
counts when it was due before that instant and had not been met or decided by then, so a report
"as of" a past date shows what was overdue on that date. A breach's state has no such history;
"open" is its state now, among the breaches the entity was aware of by the as-of date.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import date, datetime, timedelta
from typing import Any

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from compliance.breaches.choices import DeadlineStatus, IncidentState
from compliance.breaches.models import BreachIncident, NotificationDeadline
from compliance.breaches.reports.formatting import day_end, utc_instant
from compliance.registry.models import GroupEntity
from compliance.reports.registry import Section


def cutoff_for(as_of: date, now: datetime | None = None) -> datetime:
    """The instant "as of" means: the end of that UTC day, or ``now`` if that is earlier."""
    return min(day_end(as_of), now or timezone.now())


def open_breaches_sections(
    entities: Sequence[GroupEntity], as_of: date, user: Any
) -> dict[int, Section]:
    incidents = (
        BreachIncident.objects.filter(
            entity__in=[e.pk for e in entities], aware_at__lt=cutoff_for(as_of)
        )
        .exclude(state=IncidentState.CLOSED)
        .order_by("aware_at", "pk")
    )
    rows: dict[int, list[list[str]]] = defaultdict(list)
    for incident in incidents:
        rows[incident.entity_id].append(
            [
                f"{incident.reference} {incident.title}",
                utc_instant(incident.aware_at),
                str(incident.get_state_display()),
                # Kept by the breach services: the nearest open required due instant.
                utc_instant(incident.next_due_at) or "—",
            ]
        )
    headers = [_("Breach"), _("Became aware (UTC)"), _("State (now)"), _("Next deadline (UTC)")]
    return Section.per_entity(
        entities,
        rows,
        key="open-breaches",
        title=_("Open breaches"),
        headers=headers,
        empty=_("No open breach."),
    )


def overdue_deadlines_sections(
    entities: Sequence[GroupEntity], as_of: date, user: Any
) -> dict[int, Section]:
    cutoff = cutoff_for(as_of)
    # Open now, or met / decided only after the cutoff: overdue at the cutoff either way.
    pending = (
        Q(status=DeadlineStatus.OPEN)
        | Q(status=DeadlineStatus.MET, met_at__gt=cutoff)
        | Q(status=DeadlineStatus.WAIVED, decided_at__gt=cutoff)
    )
    deadlines = (
        NotificationDeadline.objects.filter(
            pending,
            # each entity's page lists the obligations it owes (domain brief §8.2)
            entity__in=[e.pk for e in entities],
            required=True,
            due_at__lt=cutoff,
        )
        .select_related("incident", "recipient_authority")
        .order_by("due_at", "pk")
    )
    rows: dict[int, list[list[str]]] = defaultdict(list)
    for deadline in deadlines:
        incident = deadline.incident
        authority = deadline.recipient_authority
        rows[deadline.entity_id].append(
            [
                f"{incident.reference} {incident.title}",
                f"{deadline.get_regime_display()}: {deadline.get_kind_display()}"
                + (f" ({authority.short_name})" if authority is not None else ""),
                utc_instant(deadline.due_at),
                _span(cutoff - deadline.due_at),  # type: ignore[operator]
            ]
        )
    headers = [_("Breach"), _("Obligation (recipient)"), _("Due (UTC)"), _("Overdue by")]
    return Section.per_entity(
        entities,
        rows,
        key="overdue-deadlines",
        title=_("Overdue deadlines"),
        headers=headers,
        empty=_("No overdue deadline."),
    )


def _span(delta: timedelta) -> str:
    hours = int(delta.total_seconds()) // 3600
    days, hours = divmod(hours, 24)
    if not days:
        return gettext("%(hours)s h") % {"hours": hours}
    return gettext("%(days)s d %(hours)s h") % {"days": days, "hours": hours}
