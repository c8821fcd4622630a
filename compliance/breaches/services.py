"""The breach register's writes: record a breach, keep its deadlines, notify, transition.

GDPR Art. 33(5): every breach is documented, notified or not. Deadlines come from the breach
engine (``compliance.rules.breach``); a change of facts recomputes them, earlier values stay in
the history, and an obligation that no longer applies is marked withdrawn, never deleted.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Min, OuterRef, QuerySet, Subquery
from django.utils import timezone

from compliance.access import Actor, recorded_person
from compliance.breaches.choices import DeadlineStatus, IncidentState, NotificationState
from compliance.breaches.models import (
    BreachIncident,
    BreachNotification,
    NotificationDeadline,
    NotificationPhase,
)
from compliance.breaches.selectors import breach_facts
from compliance.registry.models import Country, GroupEntity, SupervisoryAuthority
from compliance.reminders.sync import sync_reminders
from compliance.rules.breach import breach_obligations
from compliance.workflow.models import WorkflowEvent
from compliance.workflow.services import (
    TransitionRefused,
    apply_transition,
    claim_version,
    record_event,
)

# Clock skew allowed between a user's device and the server before a time counts as future.
FUTURE_TOLERANCE = timedelta(minutes=5)

FACT_FIELDS = (
    "role",
    "title",
    "description",
    "occurred_at",
    "aware_at",
    "aware_time_zone",
    "data_categories",
    "subject_categories",
    "subject_count",
    "record_count",
    "special_category",
    "property_damage_risk",
    "wrongful_purpose",
    "encrypted",
    "cause",
    "risk",
    "risk_reasoning",
    "likely_consequences",
    "containment",
    "remediation",
    "contact_point",
    "owner",
)


def _check_instant(value: datetime | None, label: str, errors: dict[str, list[str]]) -> None:
    if value is None:
        return
    if timezone.is_naive(value):
        errors.setdefault(label, []).append(
            "A time without a time zone cannot be placed on the clock; give the zone it was "
            "reported in."
        )
    elif value > timezone.now() + FUTURE_TOLERANCE:
        errors.setdefault(label, []).append("This time is in the future.")


def _validate_facts(incident: BreachIncident, countries: list[str] | None) -> None:
    errors: dict[str, list[str]] = {}
    _check_instant(incident.aware_at, "aware_at", errors)
    _check_instant(incident.occurred_at, "occurred_at", errors)
    if (
        not errors
        and incident.occurred_at is not None
        and incident.aware_at is not None
        and incident.occurred_at > incident.aware_at
    ):
        errors.setdefault("aware_at", []).append(
            "The entity cannot have become aware of the breach before it occurred."
        )
    for name in ("subject_count", "record_count"):
        value = getattr(incident, name)
        if value is not None and value < 0:
            errors.setdefault(name, []).append("A number of people or records cannot be negative.")
    if countries is not None:
        known = set(Country.objects.filter(code__in=countries).values_list("code", flat=True))
        unknown = sorted(set(countries) - known)
        if unknown:
            errors.setdefault("affected_countries", []).append(
                f"Unknown country code(s): {', '.join(unknown)} (use ISO 3166-1 alpha-2, e.g. GB)."
            )
    if errors:
        raise ValidationError(errors)
    try:
        incident.full_clean(exclude=["affected_countries", "state"])
    except ValidationError as exc:
        raise ValidationError(exc.message_dict) from exc


@transaction.atomic
def record_breach(
    *,
    entity: GroupEntity,
    by: Actor | None,
    affected_countries: Iterable[str] = (),
    **facts: Any,
) -> BreachIncident:
    """Record a breach (GDPR Art. 33(5)) and compute its deadlines. All or nothing."""
    unknown = set(facts) - set(FACT_FIELDS)
    if unknown:
        raise TypeError(f"unknown breach fields: {', '.join(sorted(unknown))}")
    incident = BreachIncident(entity=entity, **facts)
    countries = sorted({c.strip().upper() for c in affected_countries})
    _validate_facts(incident, countries)
    _attribute(incident, by, "recorded")
    incident.save()
    incident.affected_countries.set(Country.objects.filter(code__in=countries))
    record_event(
        subject=incident, transition="record", from_state="", to_state=incident.state, by=by
    )
    recompute_deadlines(incident=incident, by=by, reason="breach recorded")
    return incident


@transaction.atomic
def update_breach(
    *,
    incident: BreachIncident,
    by: Actor | None,
    expected_version: int,
    changes: dict[str, Any],
    affected_countries: Iterable[str] | None = None,
    reason: str = "",
) -> BreachIncident:
    """Change the facts of a breach and recompute its deadlines.

    Refused with ``EditConflict`` when someone saved the breach since ``expected_version`` was
    loaded; nothing of either edit is lost (the other one is saved, this one is returned).
    """
    unknown = set(changes) - set(FACT_FIELDS)
    if unknown:
        raise TypeError(f"unknown breach fields: {', '.join(sorted(unknown))}")
    for name, value in changes.items():
        setattr(incident, name, value)
    countries = (
        sorted({c.strip().upper() for c in affected_countries})
        if affected_countries is not None
        else None
    )
    _validate_facts(incident, countries)
    claim_version(incident, expected_version)
    _attribute(incident, by, reason or "facts changed")
    incident.save()
    if countries is not None:
        incident.affected_countries.set(Country.objects.filter(code__in=countries))
    recompute_deadlines(incident=incident, by=by, reason=reason or "facts changed")
    return incident


def _attribute(obj: Any, by: Actor | None, reason: str) -> None:
    if getattr(by, "is_authenticated", False):
        obj._history_user = by
    obj._change_reason = reason


def _authority_for(incident: BreachIncident, country: str) -> SupervisoryAuthority | None:
    """The competent authority in ``country``: for the entity's own country the one of its
    region (a German Land, BDSG § 40); in the country of the group's EU main establishment the
    authority of that establishment; elsewhere the national authority. None when a federal
    country's Land is unknown: the DPO then names the authority on the notification."""
    entity = incident.entity
    region = ""
    if country == entity.country_id:
        region = entity.region
    else:
        main = entity.main_establishment()
        if main is not None and main.country_id == country:
            region = main.region
    return SupervisoryAuthority.objects.competent_for(country, region)


FROZEN = (DeadlineStatus.MET, DeadlineStatus.WAIVED)


def _store_next_due(incident: BreachIncident) -> None:
    """Keep ``incident.next_due_at`` equal to its earliest open required due instant.

    Called by every service that changes a deadline's status or due instant, inside its
    transaction. An UPDATE of the derived column only: not an edit of the breach, so no version
    bump and no history row.
    """
    nearest = incident.deadlines.open_required().aggregate(nearest=Min("due_at"))["nearest"]
    BreachIncident.objects.filter(pk=incident.pk).update(next_due_at=nearest)
    incident.next_due_at = nearest


def store_next_due_in_bulk(*, incidents: QuerySet[BreachIncident]) -> int:
    """``_store_next_due`` for many breaches in one UPDATE (deadlines inserted in bulk)."""
    nearest = (
        NotificationDeadline.objects.open_required()
        .filter(incident=OuterRef("pk"), due_at__isnull=False)
        .order_by("due_at")
        .values("due_at")[:1]
    )
    return incidents.update(next_due_at=Subquery(nearest))


@transaction.atomic
def recompute_deadlines(
    *, incident: BreachIncident, by: Actor | None = None, reason: str = ""
) -> list[NotificationDeadline]:
    """Bring the deadline rows in line with what the engine says for the current facts.

    A met or waived obligation is frozen: it records what applied when it was met (and whether
    it was late). Other rows are updated in place, so their history keeps earlier due instants;
    rows the engine no longer returns are marked withdrawn.
    """
    obligations = breach_obligations(breach_facts(incident))
    existing = {
        (d.regime, d.kind, d.recipient_key): d for d in incident.deadlines.select_for_update().all()
    }
    seen: set[tuple[str, str, str]] = set()
    for ob in obligations:
        for country in ob.recipients or ("",):
            key = (ob.regime, ob.kind, country)
            seen.add(key)
            values = {
                "required": ob.required,
                "due_at": ob.due_at,
                "basis": ob.basis,
                "recipient_country_id": country or None,
                "recipient_authority": _authority_for(incident, country) if country else None,
                "status": DeadlineStatus.OPEN if ob.required else DeadlineStatus.NOT_REQUIRED,
            }
            deadline = existing.get(key)
            if deadline is None:
                deadline = NotificationDeadline(
                    incident=incident,
                    regime=ob.regime,
                    kind=ob.kind,
                    recipient_key=country,
                    **values,
                )
            elif deadline.status in FROZEN or all(
                getattr(deadline, k) == v for k, v in values.items()
            ):
                continue
            else:
                for k, v in values.items():
                    setattr(deadline, k, v)
            _attribute(deadline, by, f"computed by the breach engine: {reason}")
            deadline.save()
    for key, deadline in existing.items():
        if key not in seen and deadline.status not in (*FROZEN, DeadlineStatus.WITHDRAWN):
            deadline.status = DeadlineStatus.WITHDRAWN
            _attribute(deadline, by, f"no longer returned by the breach engine: {reason}")
            deadline.save()
    _store_next_due(incident)
    deadlines = list(incident.deadlines.order_by("due_at", "regime", "kind"))
    for deadline in deadlines:
        sync_reminders(deadline)
    return deadlines


@transaction.atomic
def waive_deadline(
    *, deadline: NotificationDeadline, by: Actor | None, reason: str
) -> NotificationDeadline:
    """Record a decision that a required obligation is not owed, with the decider and reason."""
    if not getattr(by, "is_authenticated", False):
        raise ValidationError(
            "A decision that a notification is not required needs a named decider."
        )
    if not reason.strip():
        raise ValidationError(
            {"decision_reason": "Give the reason the notification is not required."}
        )
    deadline = NotificationDeadline.objects.select_for_update().get(pk=deadline.pk)
    if deadline.status != DeadlineStatus.OPEN:
        raise ValidationError(
            f"Only an open obligation can be marked not required; this one is "
            f"{deadline.get_status_display()}."
        )
    deadline.status = DeadlineStatus.WAIVED
    deadline.decided_by = recorded_person(by)
    deadline.decision_reason = reason.strip()
    deadline.decided_at = timezone.now()
    _attribute(deadline, by, "marked not required")
    deadline.save()
    _store_next_due(deadline.incident)
    sync_reminders(deadline)
    return deadline


@transaction.atomic
def start_notification(
    *, deadline: NotificationDeadline, by: Actor | None, summary: str = ""
) -> BreachNotification:
    """Open a draft notification for an obligation (authority notification or report)."""
    if deadline.status == DeadlineStatus.WITHDRAWN:
        raise ValidationError("This obligation no longer applies; nothing to notify.")
    notification = BreachNotification(
        incident=deadline.incident,
        deadline=deadline,
        recipient_authority=deadline.recipient_authority,
        summary=summary,
        created_by=recorded_person(by),
    )
    _attribute(notification, by, "draft created")
    notification.save()
    record_event(
        subject=notification,
        transition="create",
        from_state="",
        to_state=NotificationState.DRAFT,
        by=by,
    )
    return notification


DRAFT_FIELDS = ("summary", "recipient_authority")


@transaction.atomic
def update_draft_notification(
    *,
    notification: BreachNotification,
    by: Actor | None,
    expected_version: int | None,
    changes: dict[str, Any],
    reason: str = "",
) -> BreachNotification:
    """Change a draft's content or recipient. What was submitted is a record, not a draft; a
    save over someone else's (since ``expected_version``) is refused with ``EditConflict``."""
    unknown = set(changes) - set(DRAFT_FIELDS)
    if unknown:
        raise TypeError(f"unknown draft fields: {', '.join(sorted(unknown))}")
    if notification.state != NotificationState.DRAFT:
        raise ValidationError("Only a draft notification can be changed.")
    for name, value in changes.items():
        setattr(notification, name, value)
    if expected_version is not None:
        claim_version(notification, expected_version)
    else:
        claim_version(notification, notification.version)
    _attribute(notification, by, reason or "draft changed")
    notification.save(update_fields=[*changes, "version"])
    return notification


def _submission_problem(
    notification: BreachNotification, submitted_at: datetime, late_reasons: str
) -> str | None:
    if timezone.is_naive(submitted_at):
        return "Give the submission time with its time zone."
    incident = notification.incident
    if submitted_at < incident.aware_at:
        return (
            f"The submission time {submitted_at:%Y-%m-%d %H:%M %Z} is before the entity became "
            f"aware of the breach ({incident.aware_at:%Y-%m-%d %H:%M %Z})."
        )
    if submitted_at > timezone.now() + FUTURE_TOLERANCE:
        return "The submission time is in the future."
    deadline = notification.deadline
    if deadline.is_late_at(submitted_at) and not late_reasons.strip():
        return (
            f"Submitted after the deadline ({deadline.due_at:%Y-%m-%d %H:%M} UTC): give the "
            "reasons for the delay (GDPR Art. 33(1); PPC Rules Art. 8)."
        )
    return None


@transaction.atomic
def submit_notification(
    *,
    notification: BreachNotification,
    submitted_at: datetime,
    by: Actor | None,
    late_reasons: str = "",
    note: str = "",
) -> WorkflowEvent:
    """Record that a notification was submitted; the deadline is met at that instant and
    whether it was late is frozen there (a later change of facts does not rewrite it)."""
    event = apply_transition(
        obj=notification,
        name="submit",
        by=by,
        note=note,
        guard=lambda: _submission_problem(notification, submitted_at, late_reasons),
        submitted_at=submitted_at,
        late_reasons=late_reasons.strip(),
    )
    deadline = NotificationDeadline.objects.select_for_update().get(pk=notification.deadline_id)
    if deadline.status in (DeadlineStatus.OPEN, DeadlineStatus.NOT_REQUIRED):
        deadline.status = DeadlineStatus.MET
        deadline.met_at = submitted_at
        deadline.late = deadline.is_late_at(submitted_at)
        _attribute(deadline, by, f"met by notification {notification.pk}")
        deadline.save()
        _store_next_due(notification.incident)
    sync_reminders(deadline)
    return event


@transaction.atomic
def acknowledge_notification(
    *,
    notification: BreachNotification,
    acknowledged_at: datetime,
    by: Actor | None,
    authority_reference: str = "",
) -> WorkflowEvent:
    def problem() -> str | None:
        if timezone.is_naive(acknowledged_at):
            return "Give the acknowledgement time with its time zone."
        if notification.submitted_at and acknowledged_at < notification.submitted_at:
            return "An acknowledgement cannot precede the submission."
        return None

    return apply_transition(
        obj=notification,
        name="acknowledge",
        by=by,
        guard=problem,
        acknowledged_at=acknowledged_at,
        authority_reference=authority_reference.strip(),
    )


@transaction.atomic
def add_follow_up(
    *, notification: BreachNotification, submitted_at: datetime, content: str, by: Actor | None
) -> NotificationPhase:
    """Information provided in phases (GDPR Art. 33(4)): recorded, the clock is not reset."""
    notification = BreachNotification.objects.select_for_update().get(pk=notification.pk)
    if notification.state == NotificationState.DRAFT:
        raise ValidationError("Submit the initial notification before adding follow-up phases.")
    if not content.strip():
        raise ValidationError({"content": "Describe the information provided."})
    if notification.submitted_at and submitted_at < notification.submitted_at:
        raise ValidationError("A follow-up cannot precede the initial notification.")
    number = notification.phases.count() + 2  # phase 1 is the initial notification
    phase = NotificationPhase(
        notification=notification,
        number=number,
        submitted_at=submitted_at,
        content=content.strip(),
        submitted_by=recorded_person(by),
    )
    _attribute(phase, by, "follow-up")
    phase.save()
    record_event(
        subject=notification,
        transition="follow_up",
        from_state=notification.state,
        to_state=notification.state,
        by=by,
        note=f"phase {number}",
    )
    return phase


def _open_deadlines_problem(incident: BreachIncident, action: str) -> str | None:
    pending = incident.open_required_deadlines()
    if not pending:
        return None
    listed = "; ".join(
        f"{d}" + (f" due {d.due_at:%Y-%m-%d %H:%M} UTC" if d.due_at else "") for d in pending
    )
    return (
        f"Cannot {action} while required notifications are open: {listed}. Submit them, or mark "
        "them not required with a reason."
    )


GUARDS = {
    "complete_assessment": lambda i: i.assessment_problem(),
    "start_monitoring": lambda i: _open_deadlines_problem(i, "move to monitoring"),
    "close": lambda i: _open_deadlines_problem(i, "close the breach"),
}


@transaction.atomic
def transition_incident(
    *, incident: BreachIncident, name: str, by: Actor | None, note: str = ""
) -> WorkflowEvent:
    guard = GUARDS.get(name)
    event = apply_transition(
        obj=incident,
        name=name,
        by=by,
        note=note,
        guard=(lambda: guard(incident)) if guard else None,
    )
    # The transition saved the whole row, with the next deadline as this instance had it: a
    # deadline met through another instance meanwhile must not be undone by that save.
    _store_next_due(incident)
    return event


__all__ = [
    "FACT_FIELDS",
    "IncidentState",
    "TransitionRefused",
    "acknowledge_notification",
    "add_follow_up",
    "recompute_deadlines",
    "record_breach",
    "start_notification",
    "store_next_due_in_bulk",
    "submit_notification",
    "transition_incident",
    "update_breach",
    "waive_deadline",
]
