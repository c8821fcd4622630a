"""The breach notification deadlines as a reminder source (registered by
``compliance.breaches.registration``): one per deadline row, reminded to the breach's owner and
to the coordinators of the entity that owes it (domain brief §8.2)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.db.models import Q, QuerySet
from django.utils.functional import lazy
from django.utils.text import format_lazy
from django.utils.translation import gettext

from compliance import labels, legal_text
from compliance.breaches.choices import DeadlineStatus, ObligationKind, Regime
from compliance.breaches.models import NotificationDeadline
from compliance.reminders.models import COORDINATORS, OWNER
from compliance.reminders.registry import Deadline, admin_change_url, register_deadline_source


def _live_breach_deadlines() -> QuerySet[NotificationDeadline]:
    # "not required" obligations are recorded for the register, not reminded of.
    return NotificationDeadline.objects.open_required()


def describe_breach_deadline(deadline: NotificationDeadline) -> Deadline:
    incident = deadline.incident
    return Deadline(
        kind=f"{deadline.regime}.{deadline.kind}",
        # Lazy: each reader (an e-mail's recipient, a calendar's owner) reads the obligation
        # in their own language.
        title=_lazy_title(deadline),
        record=incident.reference,
        basis=legal_text.from_json(deadline.basis_parts, deadline.basis),
        admin_url=admin_change_url(incident),
        start_at=incident.aware_at,
        start_label="awareness",
        due_at=deadline.due_at,
        done=not (deadline.status == DeadlineStatus.OPEN and deadline.required),
        status=str(deadline.get_status_display()),
        time_zone=deadline.entity.time_zone,
    )


def _title(deadline: NotificationDeadline) -> str:
    incident = deadline.incident
    return f"{incident.reference} {incident.title}: {deadline}{_owed_by(deadline)}"


_lazy_title = lazy(_title, str)


def _owed_by(deadline: NotificationDeadline) -> str:
    """Who owes it, where that is not the entity that reported the breach."""
    if deadline.entity_id == deadline.incident.entity_id:
        return ""
    return gettext(" (owed by %(entity)s)") % {"entity": deadline.entity.short_name}


def _breach_audiences(deadline: NotificationDeadline) -> Mapping[str, Iterable[int]]:
    incident = deadline.incident
    return {
        OWNER: [incident.owner_id] if incident.owner_id else [],
        # .all() so that the sweep's prefetch serves it without a query per deadline.
        COORDINATORS: [u.pk for u in deadline.entity.coordinators.all()],
    }


def _breach_responsible(user: Any) -> Q:
    # The deadlines of the breaches they own and those their entities owe, as one UNION of
    # keys: an OR across the two joins made the database read every open deadline of the
    # group for a coordinator's dashboard.
    owned = NotificationDeadline.objects.filter(incident__owner=user).order_by().values("pk")
    owed = NotificationDeadline.objects.filter(entity__coordinators=user).order_by().values("pk")
    return Q(pk__in=owned.union(owed))


def register() -> None:
    register_deadline_source(
        NotificationDeadline,
        live=_live_breach_deadlines,
        describe=describe_breach_deadline,
        audiences=_breach_audiences,
        responsible=_breach_responsible,
        select_related=("incident", "entity"),
        prefetch_related=("entity__coordinators",),
    )
    labels.register_reminder_kinds(
        {
            f"{regime.value}.{kind.value}": format_lazy("{} — {}", regime.label, kind.label)
            for regime in Regime
            for kind in ObligationKind
        }
    )
