"""The breach register's writes: record a breach, keep its deadlines, notify, transition.

GDPR Art. 33(5): every breach is documented, notified or not. Deadlines come from the breach
engine (``compliance.rules.breach``), run once per involved group entity with that entity's
establishment (domain brief §8.2); a change of facts recomputes them, earlier values stay in the
history, and an obligation that no longer applies is marked withdrawn, never deleted.

A met or waived obligation keeps its status, but a correction of the facts that fix its due
instant re-judges it (issue 13 item 4): new due instant, lateness re-decided against the recorded
submission, and, where a statutory period is now missed, the reasons for the delay asked for on
its notification. The earlier values stay in the deadline's history, which the reports print as
corrections (``selectors.due_corrections``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Min, OuterRef, QuerySet, Subquery
from django.utils import timezone
from django.utils.translation import gettext

from compliance import legal_text
from compliance.access import Actor, recorded_person
from compliance.breaches import contents
from compliance.breaches.choices import (
    Art34Exemption,
    DeadlineStatus,
    IncidentState,
    NotificationState,
    ObligationKind,
    Regime,
    TransferTool,
)
from compliance.breaches.models import (
    BreachIncident,
    BreachInvolvement,
    BreachNotification,
    NotificationDeadline,
    NotificationPhase,
)
from compliance.breaches.selectors import breach_facts, involvements
from compliance.choices import Role
from compliance.inputs import has_visible_character, zone_or_none
from compliance.registry.models import Country, GroupEntity, SupervisoryAuthority
from compliance.reminders.sync import sync_reminders
from compliance.rules.breach import (
    REGIMES,
    Obligation,
    breach_obligations,
    group_notification,
)
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
    # APPI report items (PPC Rules Art. 8(1)): overview, cause, public announcement
    "discovery",
    "entrustment",
    "cause_detail",
    "announced_on",
    "announcement_where",
    "announcement_text",
    "risk",
    "risk_reasoning",
    "likely_consequences",
    "containment",
    "remediation",
    "contact_point",
    "owner",
    # v2 (domain brief §8.1, §8.5)
    "appi_special_care",
    "possibly_over_1000",
    "controller_subject_to_appi",
    "assessed_at",
    "minors",
    "authentication_data",
    "financial_data",
    "unique_identifiers",
    "large_scale",
    "small_agent",
    "nis2_entity",
    "significant_incident",
    "nis2_notified_at",
    "recommended_steps",
    "processing_subject_count",
    "indicators_of_compromise",
)


@dataclass(frozen=True)
class Involvement:
    """One involved group entity as given to ``record_breach`` / ``update_breach`` (§8.2).

    ``targeted_regimes`` None: the reach of other regimes from outside is not assessed.
    ``exporter``, ``transfer_tool`` and ``scc_module``: the EEA/UK group member the entity got the
    data from and under what; the entity then owes it a group notification.
    """

    entity: GroupEntity
    role: str = Role.CONTROLLER
    targeted_regimes: frozenset[str] | None = None
    exporter: GroupEntity | None = None
    transfer_tool: str = ""
    scc_module: int | None = None


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


def _aware_day(incident: BreachIncident) -> date | None:
    """The day of awareness on the calendar of the report's zone."""
    zone = zone_or_none(incident.aware_time_zone)
    if incident.aware_at is None or zone is None or timezone.is_naive(incident.aware_at):
        return None
    return incident.aware_at.astimezone(zone).date()


def _check_announcement(incident: BreachIncident, errors: dict[str, list[str]]) -> None:
    """A public announcement has a day, a place and a text, and is made after awareness."""
    day = incident.announced_on
    told = incident.announcement_where.strip() or incident.announcement_text.strip()
    if day is None:
        if told:
            errors.setdefault("announced_on", []).append(
                gettext("Give the day the announcement was made.")
            )
        return
    for name in ("announcement_where", "announcement_text"):
        if not getattr(incident, name).strip():
            errors.setdefault(name, []).append(
                gettext("Say where the announcement was made and what it said.")
            )
    if day > timezone.localdate():
        errors.setdefault("announced_on", []).append(gettext("This day is in the future."))
    elif (aware := _aware_day(incident)) is not None and day < aware:
        errors.setdefault("announced_on", []).append(
            gettext("A breach is announced after the entity became aware of it.")
        )


def _validate_facts(incident: BreachIncident, countries: list[str] | None) -> None:
    errors: dict[str, list[str]] = {}
    _check_instant(incident.aware_at, "aware_at", errors)
    _check_instant(incident.occurred_at, "occurred_at", errors)
    for name in ("assessed_at", "nis2_notified_at"):
        _check_instant(getattr(incident, name), name, errors)
        moment = getattr(incident, name)
        if (
            name not in errors
            and moment is not None
            and incident.aware_at is not None
            and moment < incident.aware_at
        ):
            errors.setdefault(name, []).append(
                "This cannot be before the entity became aware of the breach."
            )
    if (
        not errors
        and incident.occurred_at is not None
        and incident.aware_at is not None
        and incident.occurred_at > incident.aware_at
    ):
        errors.setdefault("aware_at", []).append(
            "The entity cannot have become aware of the breach before it occurred."
        )
    _check_announcement(incident, errors)
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
    involved: Iterable[Involvement] = (),
    **facts: Any,
) -> BreachIncident:
    """Record a breach (GDPR Art. 33(5)) and compute its deadlines. All or nothing.

    ``involved``: the group entities the breach concerns (§8.2). The reporting ``entity`` is
    always one of them, with the breach's ``role``; an entry for it supplies its
    ``targeted_regimes`` answer and exporter.
    """
    unknown = set(facts) - set(FACT_FIELDS)
    if unknown:
        raise TypeError(f"unknown breach fields: {', '.join(sorted(unknown))}")
    incident = BreachIncident(entity=entity, **facts)
    countries = sorted({c.strip().upper() for c in affected_countries})
    _validate_facts(incident, countries)
    _attribute(incident, by, "recorded")
    incident.save()
    incident.affected_countries.set(Country.objects.filter(code__in=countries))
    _store_involvements(incident, list(involved), by=by, reason="breach recorded", replace=True)
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
    involved: Iterable[Involvement] | None = None,
    reason: str = "",
) -> BreachIncident:
    """Change the facts of a breach and recompute its deadlines.

    ``involved`` None keeps the involved entities; a list replaces them (the reporting entity
    stays, with the breach's role). Every deadline, met or waived too, is re-judged against
    the new facts (``recompute_deadlines``); ``reason`` is recorded with every changed row.

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
    _store_involvements(
        incident,
        None if involved is None else list(involved),
        by=by,
        reason=reason or "facts changed",
        replace=involved is not None,
    )
    recompute_deadlines(incident=incident, by=by, reason=reason or "facts changed")
    return incident


def _involvement_problems(
    incident: BreachIncident, given: list[Involvement]
) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    seen: set[int] = set()
    for item in given:
        name = item.entity.short_name
        if item.entity.group_id != incident.entity.group_id:
            errors.setdefault("involvements", []).append(
                f"{name} is not a member of the breach's group."
            )
        if item.entity.pk in seen:
            errors.setdefault("involvements", []).append(f"{name} is listed twice.")
        seen.add(item.entity.pk)
        if item.role not in Role.values:
            errors.setdefault("involvements", []).append(f"{name}: unknown role {item.role!r}.")
        if item.targeted_regimes is not None:
            unknown = sorted(set(item.targeted_regimes) - set(REGIMES))
            if unknown:
                errors.setdefault("involvements", []).append(
                    f"{name}: unknown regime(s) {', '.join(unknown)}."
                )
        problem = _exporter_problem(incident, item)
        if problem:
            errors.setdefault("involvements", []).append(f"{name}: {problem}")
    return errors


def _exporter_problem(incident: BreachIncident, item: Involvement) -> str | None:
    if item.exporter is None:
        if item.transfer_tool or item.scc_module is not None:
            return "name the group member the data was received from."
        return None
    if item.exporter.pk == item.entity.pk:
        return "an entity does not export data to itself."
    if item.exporter.group_id != incident.entity.group_id:
        return f"{item.exporter.short_name} is not a member of the breach's group."
    if item.transfer_tool not in TransferTool.values:
        return "say whether the data was received under BCRs or SCCs."
    try:
        _group_obligation(incident, item.exporter, item.transfer_tool, item.scc_module)
    except ValueError as exc:
        return str(exc)
    return None


def _group_obligation(
    incident: BreachIncident, exporter: GroupEntity, tool: str, module: int | None
) -> Obligation:
    return group_notification(
        aware_at=incident.aware_at,
        exporter=exporter.short_name,
        exporter_country=exporter.country_id,
        tool=tool,
        scc_module=module,
    )


def _store_involvements(
    incident: BreachIncident,
    given: list[Involvement] | None,
    *,
    by: Actor | None,
    reason: str,
    replace: bool,
) -> None:
    """Keep the involved entities. The reporting entity is always one, with the breach's role
    (an entry for it in ``given`` supplies its other answers). With ``replace`` the others are
    exactly those ``given``: a removed one's open deadlines are then withdrawn by the
    recomputation, its met and waived ones stay. Without, only the reporting one is kept in line.
    """
    given = given or []
    errors = _involvement_problems(incident, given)
    if errors:
        raise ValidationError(errors)
    existing = {i.entity_id: i for i in incident.involvements.select_for_update()}
    wanted = {item.entity.pk: item for item in given} if replace else {}
    current = existing.get(incident.entity_id)
    reporting = wanted.get(incident.entity_id) or Involvement(
        entity=incident.entity,
        targeted_regimes=current.targeted if current else None,
        exporter=current.exporter if current else None,
        transfer_tool=current.transfer_tool if current else "",
        scc_module=current.scc_module if current else None,
    )
    wanted[incident.entity_id] = Involvement(
        entity=incident.entity,
        role=incident.role,
        targeted_regimes=reporting.targeted_regimes,
        exporter=reporting.exporter,
        transfer_tool=reporting.transfer_tool,
        scc_module=reporting.scc_module,
    )
    for entity_id, item in wanted.items():
        values = {
            "role": item.role,
            "targeted_regimes": None
            if item.targeted_regimes is None
            else sorted(item.targeted_regimes, key=REGIMES.index),
            "exporter": item.exporter,
            "transfer_tool": item.transfer_tool if item.exporter else "",
            "scc_module": item.scc_module if item.transfer_tool == TransferTool.SCC else None,
        }
        row = existing.get(entity_id)
        if row is None:
            row = BreachInvolvement(incident=incident, entity=item.entity, **values)
        elif all(getattr(row, k) == v for k, v in values.items()):
            continue
        else:
            for k, v in values.items():
                setattr(row, k, v)
        _attribute(row, by, reason)
        row.save()
    if replace:
        for entity_id, row in existing.items():
            if entity_id not in wanted:
                _attribute(row, by, f"no longer involved: {reason}")
                row.delete()


def _attribute(obj: Any, by: Actor | None, reason: str) -> None:
    if getattr(by, "is_authenticated", False):
        obj._history_user = by
    obj._change_reason = reason


def _authority_for(entity: GroupEntity, country: str, regime: str) -> SupervisoryAuthority | None:
    """The competent authority in ``country`` for an obligation of ``entity``: for the entity's
    own country the one of its region (a German Land, BDSG § 40); in the country of the group's
    EU main establishment the authority of that establishment; elsewhere the national
    authority. None when a federal country's Land is unknown: the DPO then names the authority
    on the notification. A NIS2 report goes to the member state's CSIRT (or its competent
    authority), not to a data protection authority (NIS2 Art. 23(1))."""
    if regime == Regime.EU_NIS2:
        return SupervisoryAuthority.objects.nis2_recipient(country)
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


DeadlineKey = tuple[int, str, str, str]

# What the engine decides of an obligation; a met or waived row takes all of it but the status.
_ENGINE_VALUES = (
    "required",
    "due_at",
    "deadline_source",
    "assumed",
    "basis",
    "recipient_country_id",
    "recipient_authority",
)


def _obligations(incident: BreachIncident) -> list[tuple[BreachInvolvement, Obligation]]:
    """Every obligation of every involved entity, each computed with that entity's own
    establishment, role and reach (§8.2), plus its group notification where it received the
    data from an EEA/UK member under BCRs or SCCs."""
    found = []
    for involvement in involvements(incident):
        for ob in breach_obligations(breach_facts(incident, involvement)):
            found.append((involvement, ob))
        if involvement.exporter is not None and involvement.transfer_tool:
            try:
                ob = _group_obligation(
                    incident,
                    involvement.exporter,
                    involvement.transfer_tool,
                    involvement.scc_module,
                )
            except ValueError:
                # The exporter is not under the GDPR / UK GDPR at the (corrected) awareness:
                # no group notification; an existing open row is withdrawn below.
                continue
            found.append((involvement, ob))
    return found


def _update_parts(deadline: NotificationDeadline, parts: list[Any]) -> None:
    if deadline.basis_parts != parts:
        deadline.basis_parts = parts
        NotificationDeadline.objects.filter(pk=deadline.pk).update(basis_parts=parts)


def _rejudge(deadline: NotificationDeadline, values: dict[str, Any]) -> bool:
    """Apply the engine's values to a met or waived row (its status stays) and re-decide its
    lateness against the recorded submission. True when anything changed."""
    changed = False
    for k, v in values.items():
        if k != "status" and getattr(deadline, k) != v:
            setattr(deadline, k, v)
            changed = True
    if deadline.status == DeadlineStatus.MET and deadline.met_at is not None:
        late = deadline.is_late_at(deadline.met_at)
        if deadline.late != late:
            deadline.late = late
            changed = True
    return changed


@transaction.atomic
def recompute_deadlines(
    *, incident: BreachIncident, by: Actor | None = None, reason: str = ""
) -> list[NotificationDeadline]:
    """Bring the deadline rows in line with what the engine says for the current facts.

    One row per (owing entity, regime, kind, recipient). Open rows are updated in place, so
    their history keeps earlier due instants; rows the engine no longer returns are marked
    withdrawn. A met or waived row keeps its status but is re-judged (issue 13 item 4): the
    engine's new due instant, source and basis, and for a met one whether it was met late,
    decided again against its recorded submission; the change is recorded with ``reason`` as
    a correction.
    """
    existing: dict[DeadlineKey, NotificationDeadline] = {
        (d.entity_id, d.regime, d.kind, d.recipient_key): d
        for d in incident.deadlines.select_for_update().all()
    }
    seen: set[DeadlineKey] = set()
    for involvement, ob in _obligations(incident):
        entity = involvement.entity
        for country in ob.recipients or ("",):
            key = (entity.pk, ob.regime, ob.kind, country)
            seen.add(key)
            values = {
                "required": ob.required,
                "due_at": ob.due_at,
                "deadline_source": ob.deadline_source or "",
                "assumed": ob.assumed,
                "basis": ob.basis,
                "recipient_country_id": country or None,
                "recipient_authority": (
                    _authority_for(entity, country, ob.regime) if country else None
                ),
                "status": DeadlineStatus.OPEN if ob.required else DeadlineStatus.NOT_REQUIRED,
            }
            # The basis's parts only say how to word the same basis in other languages: brought
            # up to date without a history entry or a correction of their own.
            parts = legal_text.to_json(ob.basis)
            deadline = existing.get(key)
            if deadline is None:
                deadline = NotificationDeadline(
                    incident=incident,
                    entity=entity,
                    regime=ob.regime,
                    kind=ob.kind,
                    recipient_key=country,
                    basis_parts=parts,
                    **values,
                )
                note = f"computed by the breach engine: {reason}"
            elif deadline.status in FROZEN:
                if not _rejudge(deadline, values):
                    _update_parts(deadline, parts)
                    continue
                deadline.basis_parts = parts
                note = f"re-judged after a correction of the facts: {reason}"
            elif all(getattr(deadline, k) == v for k, v in values.items()):
                _update_parts(deadline, parts)
                continue
            else:
                deadline.basis_parts = parts
                for k, v in values.items():
                    setattr(deadline, k, v)
                note = f"computed by the breach engine: {reason}"
            _attribute(deadline, by, note)
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


def notifications_needing_late_reasons(incident: BreachIncident) -> list[BreachNotification]:
    """Submitted notifications whose statutory deadline was missed (perhaps only since a
    correction moved it) and that give no reasons for the delay yet (GDPR Art. 33(1))."""
    found = incident.notifications.exclude(state=NotificationState.DRAFT).select_related("deadline")
    return [n for n in found if n.needs_late_reasons]


@transaction.atomic
def give_late_reasons(
    *, notification: BreachNotification, reasons: str, by: Actor | None
) -> BreachNotification:
    """Record the reasons for the delay of a submitted notification whose statutory deadline
    turned out to be missed after a correction of the facts (GDPR Art. 33(1), second sentence).
    Reasons already recorded are a record and are not replaced."""
    notification = BreachNotification.objects.select_for_update().get(pk=notification.pk)
    # Zero-width characters are not a reason: the record would show an empty one.
    if not has_visible_character(reasons):
        raise ValidationError({"late_reasons": gettext("Give the reasons for the delay.")})
    if not notification.needs_late_reasons:
        raise ValidationError(
            "This notification does not ask for reasons for a delay: it was not submitted after "
            "a statutory deadline, or its reasons are already recorded."
        )
    notification.late_reasons = reasons.strip()
    notification.version += 1
    _attribute(notification, by, "reasons for the delay given after a correction of the facts")
    notification.save(update_fields=["late_reasons", "version"])
    record_event(
        subject=notification,
        transition="late_reasons",
        from_state=notification.state,
        to_state=notification.state,
        by=by,
        note="reasons for the delay recorded",
    )
    return notification


@transaction.atomic
def waive_deadline(
    *, deadline: NotificationDeadline, by: Actor | None, reason: str, exemption: str = ""
) -> NotificationDeadline:
    """Record a decision that a required obligation is not owed, with the decider and reason.

    A communication to the data subjects under GDPR or UK GDPR Art. 34 is not required only on
    one of the grounds of Art. 34(3): ``exemption`` names it (``Art34Exemption``); other
    obligations take none.
    """
    if not getattr(by, "is_authenticated", False):
        raise ValidationError(
            "A decision that a notification is not required needs a named decider."
        )
    if not has_visible_character(reason):
        raise ValidationError(
            {"decision_reason": gettext("Give the reason the notification is not required.")}
        )
    deadline = NotificationDeadline.objects.select_for_update().get(pk=deadline.pk)
    if deadline.status != DeadlineStatus.OPEN:
        raise ValidationError(
            f"Only an open obligation can be marked not required; this one is "
            f"{deadline.get_status_display()}."
        )
    _check_exemption(deadline, exemption)
    deadline.status = DeadlineStatus.WAIVED
    deadline.exemption = exemption
    deadline.decided_by = recorded_person(by)
    deadline.decision_reason = reason.strip()
    deadline.decided_at = timezone.now()
    _attribute(deadline, by, "marked not required")
    deadline.save()
    _store_next_due(deadline.incident)
    sync_reminders(deadline)
    return deadline


def _check_exemption(deadline: NotificationDeadline, exemption: str) -> None:
    if deadline.is_art34_communication:
        if exemption not in Art34Exemption.values:
            raise ValidationError(
                {
                    "exemption": gettext(
                        "Choose the ground of GDPR Art. 34(3) on which the communication to the "
                        "data subjects is not required."
                    )
                }
            )
    elif exemption:
        raise ValidationError(
            {
                "exemption": gettext(
                    "The grounds of GDPR Art. 34(3) apply only to a communication to the data "
                    "subjects under the GDPR or UK GDPR."
                )
            }
        )


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
        return gettext("Give the submission time with its time zone.")
    incident = notification.incident
    if submitted_at < incident.aware_at:
        return gettext(
            "The submission time %(submitted)s is before the entity became aware of the breach "
            "(%(aware)s)."
        ) % {
            "submitted": f"{submitted_at:%Y-%m-%d %H:%M %Z}",
            "aware": f"{incident.aware_at:%Y-%m-%d %H:%M %Z}",
        }
    if submitted_at > timezone.now() + FUTURE_TOLERANCE:
        return gettext("The submission time is in the future.")
    deadline = notification.deadline
    # Only where the law asks a late notification for its reasons (GDPR Art. 33(1); the PPC
    # Rules fix the final report's period but ask no reasons).
    law = deadline.reasons_for_delay_basis
    if deadline.is_late_at(submitted_at) and law and not late_reasons.strip():
        return gettext(
            "Submitted after the deadline (%(due)s UTC): give the reasons for the delay (%(law)s)."
        ) % {"due": f"{deadline.due_at:%Y-%m-%d %H:%M}", "law": legal_text.render(law)}
    return None


def _unknown_items(notification: BreachNotification, not_yet_known: Iterable[str]) -> list[str]:
    """The items recorded as not yet known that are indeed empty, in the law's order; an item
    the law does not ask of this notification is refused."""
    deadline = notification.deadline
    items = contents.required_items(deadline.regime, deadline.kind)
    given = set(not_yet_known)
    unknown = sorted(given - {item.code for item in items})
    if unknown:
        raise ValidationError(
            {
                "not_yet_known": gettext(
                    "This notification does not ask for these items: %(codes)s."
                )
                % {"codes": ", ".join(unknown)}
            }
        )
    empty = contents.empty_items(notification.incident, deadline.regime, deadline.kind)
    return [item.code for item in empty if item.code in given]


def _missing_items_problem(
    notification: BreachNotification, not_yet_known: list[str]
) -> str | None:
    deadline = notification.deadline
    missing = contents.missing_items(
        notification.incident, deadline.regime, deadline.kind, not_yet_known
    )
    if not missing:
        return None
    return gettext(
        "The law asks this notification for items that are empty on the breach: %(items)s. "
        "Fill them in on the breach, or record them as not yet known (%(basis)s)."
    ) % {
        "items": "; ".join(f"{item.label} ({item.citation})" for item in missing),
        "basis": contents.open_items_basis(deadline.regime, deadline.kind),
    }


@transaction.atomic
def submit_notification(
    *,
    notification: BreachNotification,
    submitted_at: datetime,
    by: Actor | None,
    late_reasons: str = "",
    not_yet_known: Iterable[str] = (),
    note: str = "",
) -> WorkflowEvent:
    """Record that a notification was submitted; the deadline is met at that instant and
    whether it was late is frozen there (a later change of facts does not rewrite it).

    Refused while an item the law asks of it (``compliance.breaches.contents``) is empty on the
    breach, unless it is recorded in ``not_yet_known`` (GDPR Art. 33(4); PPC GL 3-5-3-3)."""
    unknown = _unknown_items(notification, not_yet_known)
    event = apply_transition(
        obj=notification,
        name="submit",
        by=by,
        note=note,
        guard=lambda: (
            _submission_problem(notification, submitted_at, late_reasons)
            or _missing_items_problem(notification, unknown)
        ),
        submitted_at=submitted_at,
        late_reasons=late_reasons.strip(),
        not_yet_known=unknown,
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
    if (
        deadline.regime == Regime.EU_NIS2
        and deadline.kind == ObligationKind.INCIDENT_NOTIFICATION
        and deadline.entity_id == notification.incident.entity_id
    ):
        _start_nis2_final_report(notification.incident, submitted_at, by)
    return event


def _start_nis2_final_report(
    incident: BreachIncident, submitted_at: datetime, by: Actor | None
) -> None:
    """The NIS2 final report is due one month after the incident notification (Art. 23(4)(d)):
    its submission starts that clock, unless an instant was already recorded."""
    incident = BreachIncident.objects.select_for_update().get(pk=incident.pk)
    if incident.nis2_notified_at is not None:
        return
    incident.nis2_notified_at = submitted_at
    incident.version += 1
    _attribute(incident, by, "NIS2 incident notification submitted")
    incident.save(update_fields=["nis2_notified_at", "version"])
    recompute_deadlines(incident=incident, by=by, reason="NIS2 incident notification submitted")


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
        if acknowledged_at > timezone.now() + FUTURE_TOLERANCE:
            return gettext("The acknowledgement time is in the future.")
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
    if submitted_at > timezone.now() + FUTURE_TOLERANCE:
        raise ValidationError(
            {"submitted_at": gettext("The time the information was provided is in the future.")}
        )
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
    "Involvement",
    "TransitionRefused",
    "acknowledge_notification",
    "add_follow_up",
    "give_late_reasons",
    "notifications_needing_late_reasons",
    "recompute_deadlines",
    "record_breach",
    "start_notification",
    "store_next_due_in_bulk",
    "submit_notification",
    "transition_incident",
    "update_breach",
    "waive_deadline",
]
