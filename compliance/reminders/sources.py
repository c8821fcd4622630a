"""The deadline sources compliance owns: the breach notification deadlines and the clocks of
the BCR programme (EDPB opinion, lead response, Art. 65 decision, annual update).

Imported once from ``ComplianceConfig.ready``. Transfers (TIA, SCC reviews) register theirs the
same way from their own ``ready``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.db.models import Q, QuerySet
from django.utils.translation import gettext

from compliance.choices import DeadlineStatus
from compliance.demo import DEMO_EXTENSIONS
from compliance.models import BCRClock, BCRClockStatus, CorporateGroup, NotificationDeadline
from compliance.models.reminders import COORDINATORS, OWNER
from compliance.reminders.defaults import ensure_default_policies
from compliance.reminders.registry import (
    Deadline,
    admin_change_url,
    end_of_day,
    register_deadline_source,
    start_of_day,
)
from compliance.rules import bcr as rules

ANNUAL_UPDATE_NATURE = "Due under the BCR's commitment to report changes yearly to the BCR Lead"


def _live_breach_deadlines() -> QuerySet[NotificationDeadline]:
    # "not required" obligations are recorded for the register, not reminded of.
    return NotificationDeadline.objects.filter(status=DeadlineStatus.OPEN, required=True)


def describe_breach_deadline(deadline: NotificationDeadline) -> Deadline:
    incident = deadline.incident
    return Deadline(
        kind=f"{deadline.regime}.{deadline.kind}",
        title=f"{incident.reference} {incident.title}: {deadline}",
        record=incident.reference,
        basis=deadline.basis,
        admin_url=admin_change_url(incident),
        start_at=incident.aware_at,
        start_label="awareness",
        due_at=deadline.due_at,
        done=not (deadline.status == DeadlineStatus.OPEN and deadline.required),
        status=str(deadline.get_status_display()),
        time_zone=incident.entity.time_zone,
    )


def _breach_audiences(deadline: NotificationDeadline) -> Mapping[str, Iterable[int]]:
    incident = deadline.incident
    return {
        OWNER: [incident.owner_id] if incident.owner_id else [],
        # .all() so that the sweep's prefetch serves it without a query per deadline.
        COORDINATORS: [u.pk for u in incident.entity.coordinators.all()],
    }


def _breach_responsible(user: Any) -> Q:
    return Q(incident__owner=user) | Q(incident__entity__coordinators=user)


register_deadline_source(
    NotificationDeadline,
    live=_live_breach_deadlines,
    describe=describe_breach_deadline,
    audiences=_breach_audiences,
    responsible=_breach_responsible,
    select_related=("incident__entity",),
    prefetch_related=("incident__entity__coordinators",),
)


def _live_bcr_clocks() -> QuerySet[BCRClock]:
    return BCRClock.objects.filter(status=BCRClockStatus.OPEN)


def describe_bcr_clock(clock: BCRClock) -> Deadline:
    application = clock.application
    # The days are counted where the BCR Lead sits: the authority of the group's EU main
    # establishment (GDPR Art. 56(1)), so the main establishment's zone; the whole last day
    # counts, so the instant is its end. UTC when the group has no main establishment.
    zone = clock.entity.time_zone if clock.entity is not None else "UTC"
    return Deadline(
        kind=clock.kind,
        title=gettext("%(application)s: %(clock)s due %(due)s")
        % {
            "application": application.title,
            "clock": clock.get_kind_display(),
            "due": clock.due_on.isoformat(),
        },
        record=application.get_kind_display(),
        basis=clock.basis,
        admin_url=admin_change_url(application),
        start_at=start_of_day(clock.starts_on, zone),
        # Not translated: it becomes part of the reminder labels stored in English.
        start_label="the start of the period",
        due_at=end_of_day(clock.due_on, zone),
        done=clock.status != BCRClockStatus.OPEN,
        status=str(clock.get_status_display()),
        time_zone=zone,
        # The procedure's periods are set by the GDPR (Art. 64(3), 65(2), 66); the annual
        # update's date follows from the BCR's own reporting commitment (Art. 47(2)(k)).
        nature=ANNUAL_UPDATE_NATURE if clock.kind == rules.ANNUAL_UPDATE else "",
    )


def _bcr_clock_audiences(clock: BCRClock) -> Mapping[str, Iterable[int]]:
    # An application has no owner: the DPO office runs it (the policies notify the DPO group).
    coordinators = clock.entity.coordinators.all() if clock.entity is not None else []
    return {OWNER: [], COORDINATORS: [u.pk for u in coordinators]}


def _bcr_clock_responsible(user: Any) -> Q:
    return Q(entity__coordinators=user)


register_deadline_source(
    BCRClock,
    live=_live_bcr_clocks,
    describe=describe_bcr_clock,
    audiences=_bcr_clock_audiences,
    responsible=_bcr_clock_responsible,
    select_related=("application", "entity"),
    prefetch_related=("entity__coordinators",),
)


def _demo_policies(group: CorporateGroup) -> None:
    # The data migration ships the policies; a demo database flushed and re-seeded gets them too.
    ensure_default_policies()


if _demo_policies not in DEMO_EXTENSIONS:
    DEMO_EXTENSIONS.append(_demo_policies)
