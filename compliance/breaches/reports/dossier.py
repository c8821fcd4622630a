"""The dossier of one breach: everything the record holds about it, for the file of the case.

Where the breach register (``register.py``) lists every breach of a group in a period, the
dossier is one breach in full (GDPR Art. 33(5): the facts, the effects and the remedial action,
and the documentation that lets the authority verify compliance): the facts, the assessment of
the risk, every obligation the breach engine stored with its legal basis, its due instant and
when it was met or decided, every notification with its follow-up phases, the decisions with
who took them and when, and the history of every change to these records.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.db import models
from django.db.models import F, Q
from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from compliance.breaches import contents
from compliance.breaches.choices import IncidentState, NotificationState
from compliance.breaches.models import (
    BreachIncident,
    BreachInvolvement,
    BreachNotification,
    NotificationDeadline,
    NotificationPhase,
)
from compliance.breaches.reports.formatting import (
    correction,
    deadline_outcome,
    exemption,
    instant,
    lateness,
    person,
    persons,
    records,
    yes_no,
)
from compliance.breaches.reports.notification import Line
from compliance.breaches.selectors import due_corrections
from compliance.reports.registry import safe_filename_part
from compliance.workflow.models import WorkflowEvent

# What each recorded action is called on the timeline (the codes the services record).
ACTIONS: dict[str, str | Promise] = {
    "record": _("Breach recorded"),
    "start_assessment": _("Start assessment"),
    "complete_assessment": _("Assessment done: notify"),
    "start_monitoring": _("Notifications done: monitor"),
    "close": _("Close"),
    "reopen": _("Reopen"),
    "create": _("Draft created"),
    "submit": _("Record submission"),
    "acknowledge": _("Record acknowledgement"),
    "follow_up": _("Follow-up information"),
    "late_reasons": _("Reasons for the delay"),
}

CHANGE_TYPES: dict[str, str | Promise] = {
    "+": _("created"),
    "~": _("changed"),
    "-": _("deleted"),
}

# Bookkeeping columns every history record has; not facts of the breach.
UNTRACKED = frozenset({"version", "next_due_at"})


@dataclass(frozen=True)
class ObligationRow:
    obligation: str
    owed_by: str
    recipient: str
    required: str
    due: str
    source: str
    outcome: str
    late: str
    basis: str
    corrections: tuple[str, ...]


@dataclass(frozen=True)
class NotificationBlock:
    title: str
    lines: tuple[Line, ...]
    phases: tuple[tuple[str, str, str, str], ...]


@dataclass(frozen=True)
class DecisionRow:
    at: str
    by: str
    subject: str
    action: str
    note: str


@dataclass(frozen=True)
class HistoryRow:
    at: str
    by: str
    record: str
    change: str
    fields: str
    reason: str


def breach_dossier_context(
    incident: BreachIncident,
    /,
    *,
    user: Any,
    as_of: date,
    generated_at: datetime,
    period_start: date | None = None,
) -> dict[str, Any]:
    """The dossier of ``incident``, which the caller looked up through its scope."""
    incident = BreachIncident.objects.select_related(
        "entity__country", "entity__group", "owner"
    ).get(pk=incident.pk)
    zone = incident.aware_time_zone
    deadlines = list(
        incident.deadlines.select_related("entity", "recipient_authority", "decided_by").order_by(
            F("due_at").asc(nulls_last=True), "regime", "kind", "recipient_key"
        )
    )
    notifications = list(
        incident.notifications.select_related("deadline", "recipient_authority", "created_by")
        .prefetch_related("phases__submitted_by")
        .order_by("pk")
    )
    return {
        "report_title": gettext("Dossier of a personal data breach"),
        "group": incident.entity.group,
        "as_of": as_of,
        "generated_at": generated_at,
        "incident": incident,
        "facts": _facts(incident, zone),
        "assessment": _assessment(incident, zone),
        "appi_items": _appi_items(incident),
        "regime_facts": _regime_facts(incident, zone),
        "involvements": [
            (str(i.entity), str(i.get_role_display()))
            for i in incident.involvements.select_related("entity__country")
        ],
        "obligations": [_obligation(d, zone) for d in deadlines],
        "notifications": [_notification(n, zone) for n in notifications],
        "decisions": _decisions(incident, deadlines, notifications, zone),
        "history": _history(incident, {n.pk: str(n.deadline) for n in notifications}, zone),
    }


def breach_dossier_filename(incident: BreachIncident, as_of: date, lang: str) -> str:
    return f"breach-dossier-{safe_filename_part(incident.reference)}-{as_of.isoformat()}-{lang}.pdf"


def _facts(incident: BreachIncident, zone: str) -> tuple[Line, ...]:
    countries = ", ".join(f"{c.display_name} ({c.code})" for c in incident.affected_countries.all())
    entity = incident.entity
    return (
        Line(_("Breach"), f"{incident.reference} {incident.title}"),
        Line(_("Reporting entity"), f"{entity.legal_name} ({entity.short_name})"),
        Line(_("Role of the entity"), str(incident.get_role_display())),
        Line(_("State"), str(incident.get_state_display())),
        Line(_("Incident owner"), person(incident.owner)),
        Line(_("What happened"), incident.description),
        Line(_("Occurred at"), instant(incident.occurred_at, zone)),
        Line(_("Became aware at"), instant(incident.aware_at, zone)),
        Line(_("Recorded at"), instant(incident.created_at, zone)),
        Line(_("Cause"), str(incident.get_cause_display())),
        Line(_("Categories of data subjects"), incident.subject_categories),
        Line(_("Approximate number of data subjects"), persons(incident.subject_count)),
        Line(_("Categories of personal data"), incident.data_categories),
        Line(_("Approximate number of records"), records(incident.record_count)),
        Line(_("Countries of affected persons"), countries),
        Line(_("Likely consequences"), incident.likely_consequences),
        Line(_("Containment measures"), incident.containment),
        Line(_("Remediation measures"), incident.remediation),
        Line(_("Contact point"), incident.contact_point),
    )


def _assessment(incident: BreachIncident, zone: str) -> tuple[Line, ...]:
    return (
        Line(_("Risk to the rights and freedoms of persons"), str(incident.get_risk_display())),
        Line(_("Reasoning"), incident.risk_reasoning),
        Line(_("Notifiability assessment completed at"), instant(incident.assessed_at, zone)),
        Line(_("Special categories of personal data"), yes_no(incident.special_category)),
        Line(_("Data unintelligible (strong encryption)"), yes_no(incident.encrypted)),
        Line(_("Misuse may cause property damage"), yes_no(incident.property_damage_risk)),
        Line(_("Suspected wrongful purpose"), yes_no(incident.wrongful_purpose)),
    )


def _appi_items(incident: BreachIncident) -> tuple[Line, ...]:
    """The items of the PPC Rules Art. 8(1) that only the APPI asks for: how the leak was
    discovered and the entrusting or entrusted businesses (item (1)), the cause in words
    (item (4)) and the public announcement (item (7))."""
    if incident.announced_on is None:
        announcement: tuple[Line, ...] = (Line(_("Public announcement"), gettext("not made")),)
    else:
        announcement = (
            Line(_("Day of the announcement"), f"{incident.announced_on:%Y-%m-%d}"),
            Line(_("Where announced"), incident.announcement_where),
            Line(_("Text of the announcement"), incident.announcement_text),
        )
    return (
        Line(_("How the breach was discovered"), incident.discovery),
        Line(_("Entrusting or entrusted businesses"), incident.entrustment),
        Line(_("Cause in detail"), incident.cause_detail),
        *announcement,
    )


def _regime_facts(incident: BreachIncident, zone: str) -> tuple[Line, ...]:
    """The facts the regimes beyond the GDPR turn on or ask their notifications to contain
    (domain brief §8.1, §8.5), each with the provision that asks for it."""
    special_care = (
        gettext("not answered: the answer on special categories is used")
        if incident.appi_special_care is None
        else yes_no(incident.appi_special_care)
    )
    return (
        Line(_("Special care-required personal information (APPI Art. 2(3))"), special_care),
        Line(
            _("More than 1,000 people possibly affected (PPC Rules Art. 7(iv))"),
            yes_no(incident.possibly_over_1000),
        ),
        Line(
            _("Entrusting business under the APPI (APPI Art. 26(1) proviso)"),
            yes_no(incident.controller_subject_to_appi),
        ),
        Line(
            _("National identification numbers (PIPA Art. 24)"),
            yes_no(incident.unique_identifiers),
        ),
        Line(_("Data of children (ANPD Res. 15/2024 Art. 5)"), yes_no(incident.minors)),
        Line(
            _("Authentication data (ANPD Res. 15/2024 Art. 5)"),
            yes_no(incident.authentication_data),
        ),
        Line(_("Financial data (ANPD Res. 15/2024 Art. 5)"), yes_no(incident.financial_data)),
        Line(_("Large scale (ANPD Res. 15/2024 Art. 5)"), yes_no(incident.large_scale)),
        Line(_("Small processing agent (ANPD Res. 2/2022)"), yes_no(incident.small_agent)),
        Line(
            _("Data subjects of the processing affected (ANPD Res. 15/2024 Art. 6, XII)"),
            persons(incident.processing_subject_count),
        ),
        Line(
            _(
                "Steps recommended to the affected persons (Privacy Act s 26WK(3)(d); "
                "PDPA s 26D(2); PIPA Art. 34(1); PIPL Art. 57(2))"
            ),
            incident.recommended_steps,
        ),
        Line(_("Essential or important entity (NIS2 Art. 3)"), yes_no(incident.nis2_entity)),
        Line(_("Significant incident (NIS2 Art. 23(3))"), yes_no(incident.significant_incident)),
        Line(
            _("NIS2 incident notification submitted at (Art. 23(4)(b))"),
            instant(incident.nis2_notified_at, zone),
        ),
        Line(
            _("Indicators of compromise (NIS2 Art. 23(4)(b))"),
            incident.indicators_of_compromise,
        ),
    )


def _obligation(deadline: NotificationDeadline, zone: str) -> ObligationRow:
    authority = deadline.recipient_authority
    return ObligationRow(
        obligation=f"{deadline.get_regime_display()}: {deadline.get_kind_display()}",
        owed_by=deadline.entity.short_name,
        recipient=authority.short_name if authority is not None else deadline.recipient_key,
        required=yes_no(deadline.required),
        due=instant(deadline.due_at, zone)
        or gettext("without undue delay (no fixed instant in law)"),
        source=str(deadline.get_deadline_source_display()) if deadline.deadline_source else "",
        outcome=deadline_outcome(deadline, zone),
        late=lateness(deadline),
        basis=deadline.basis_text,
        corrections=tuple(correction(found, zone) for found in due_corrections(deadline)),
    )


def _notification(notification: BreachNotification, zone: str) -> NotificationBlock:
    authority = notification.recipient_authority
    phases: list[tuple[str, str, str, str]] = []
    if notification.submitted_at is not None:
        # Phase 1 is the notification itself; the follow-ups of Art. 33(4) number from 2.
        phases.append(
            ("1", instant(notification.submitted_at, zone), gettext("Initial notification"), "")
        )
    phases.extend(
        (str(p.number), instant(p.submitted_at, zone), p.content, person(p.submitted_by))
        for p in notification.phases.all()
    )
    return NotificationBlock(
        title=str(notification.deadline),
        lines=(
            Line(
                _("Recipient"),
                f"{authority.short_name} — {authority.display_name}"
                if authority is not None
                else "",
            ),
            Line(_("State"), str(notification.get_state_display())),
            Line(_("Created by"), person(notification.created_by)),
            Line(_("Submitted at"), instant(notification.submitted_at, zone)),
            Line(_("Reasons for the delay"), notification.late_reasons),
            Line(
                _("Items not yet known at submission"),
                "; ".join(str(item.label) for item in contents.unknown_items(notification)),
            ),
            Line(_("Authority's case reference"), notification.authority_reference),
            Line(_("Acknowledged at"), instant(notification.acknowledged_at, zone)),
            Line(_("Content as submitted"), notification.summary),
        ),
        phases=tuple(phases),
    )


def _decisions(
    incident: BreachIncident,
    deadlines: list[NotificationDeadline],
    notifications: list[BreachNotification],
    zone: str,
) -> list[DecisionRow]:
    """Every transition of the breach and its notifications, and every decision that an
    obligation is not required, in the order they were taken."""
    subjects = {("breachincident", incident.pk): gettext("Breach")}
    subjects.update({("breachnotification", n.pk): str(n.deadline) for n in notifications})
    states = {**dict(IncidentState.choices), **dict(NotificationState.choices)}
    events = WorkflowEvent.objects.filter(
        Q(content_type__model="breachincident", object_id=incident.pk)
        | Q(content_type__model="breachnotification", object_id__in=[n.pk for n in notifications]),
        content_type__app_label="compliance",
    ).select_related("content_type", "by")
    found: list[tuple[datetime, DecisionRow]] = []
    for event in events:
        action = str(ACTIONS.get(event.transition, event.transition))
        if event.from_state != event.to_state:
            action += f" ({states.get(event.from_state, event.from_state) or '—'} → "
            action += f"{states.get(event.to_state, event.to_state)})"
        found.append(
            (
                event.at,
                DecisionRow(
                    at=instant(event.at, zone),
                    by=person(event.by),
                    subject=subjects[(event.content_type.model, event.object_id)],
                    action=action,
                    note=event_note(event.transition, event.note),
                ),
            )
        )
    for deadline in deadlines:
        if deadline.decided_at is None:
            continue
        ground = exemption(deadline)
        found.append(
            (
                deadline.decided_at,
                DecisionRow(
                    at=instant(deadline.decided_at, zone),
                    by=person(deadline.decided_by),
                    subject=str(deadline),
                    action=str(deadline.get_status_display()),
                    note=f"{ground} — {deadline.decision_reason}"
                    if ground
                    else deadline.decision_reason,
                ),
            )
        )
    return [row for _at, row in sorted(found, key=lambda item: item[0])]


# The reasons ``compliance.breaches.services`` writes into the history itself are stored in
# English (``_change_reason``); the dossier words them in its own language (issue 16: no English
# sentence in a German or Japanese document). A reason a user typed is printed as typed.
def _fixed_reasons() -> dict[str, str]:
    return {
        "recorded": gettext("recorded"),
        "breach recorded": gettext("breach recorded"),
        "facts changed": gettext("facts changed"),
        "marked not required": gettext("marked not required"),
        "draft created": gettext("draft created"),
        "follow-up": gettext("follow-up phase added"),
        "NIS2 incident notification submitted": gettext("NIS2 incident notification submitted"),
        "reasons for the delay given after a correction of the facts": gettext(
            "reasons for the delay given after a correction of the facts"
        ),
        "content drafted again from the breach record": gettext(
            "content drafted again from the breach record"
        ),
    }


def _prefixed_reasons() -> list[tuple[str, str]]:
    """(stored prefix, wording with ``%(reason)s`` for the rest, itself worded in turn)."""
    return [
        ("computed by the breach engine: ", gettext("computed by the breach engine: %(reason)s")),
        (
            "re-judged after a correction of the facts: ",
            gettext("re-judged after a correction of the facts: %(reason)s"),
        ),
        (
            "no longer returned by the breach engine: ",
            gettext("no longer returned by the breach engine: %(reason)s"),
        ),
        ("no longer involved: ", gettext("no longer involved: %(reason)s")),
    ]


def change_reason(reason: str) -> str:
    """``reason`` from a history record in the active language when the application wrote it."""
    fixed = _fixed_reasons()
    if reason in fixed:
        return fixed[reason]
    number = reason.removeprefix("met by notification ")
    if number != reason and number.isdigit():
        return gettext("met by notification %(number)s") % {"number": number}
    for prefix, wording in _prefixed_reasons():
        if reason.startswith(prefix):
            return wording % {"reason": change_reason(reason[len(prefix) :])}
    return reason


def event_note(transition: str, note: str) -> str:
    """A decision's note in the active language when the application wrote it: a follow-up
    records "phase <n>" (``services.add_follow_up``); a note a user typed is printed as typed."""
    number = note.removeprefix("phase ")
    if transition == "follow_up" and number != note and number.isdigit():
        return gettext("phase %(number)s") % {"number": number}
    return note


def _history(
    incident: BreachIncident, notifications: dict[int, str], zone: str
) -> list[HistoryRow]:
    """Every version of the breach and of the records under it, oldest first, each with the
    fields it changed; its instants in the breach's zone with UTC beside them, as every other
    instant of the dossier."""
    sources: list[tuple[type[models.Model], Any, Any]] = [
        (
            BreachIncident,
            BreachIncident.history.filter(id=incident.pk),
            lambda r: gettext("Breach"),
        ),
        (
            BreachInvolvement,
            BreachInvolvement.history.filter(incident_id=incident.pk),
            lambda r: f"{BreachInvolvement._meta.verbose_name}: {r.entity}",
        ),
        (
            NotificationDeadline,
            NotificationDeadline.history.filter(incident_id=incident.pk),
            lambda r: (
                f"{r.get_regime_display()} {r.get_kind_display()}"
                + (f" ({r.recipient_key})" if r.recipient_key else "")
            ),
        ),
        (
            BreachNotification,
            BreachNotification.history.filter(incident_id=incident.pk),
            lambda r: f"{BreachNotification._meta.verbose_name}: {notifications.get(r.id, r.id)}",
        ),
        (
            NotificationPhase,
            NotificationPhase.history.filter(notification__incident_id=incident.pk),
            lambda r: (
                f"{NotificationPhase._meta.verbose_name} {r.number}: "
                f"{notifications.get(r.notification_id, r.notification_id)}"
            ),
        ),
    ]
    found: list[tuple[datetime, HistoryRow]] = []
    for model, history, name in sources:
        previous: dict[int, Any] = {}
        for record in history.select_related("history_user").order_by("history_date", "pk"):
            before = previous.get(record.id)
            previous[record.id] = record
            found.append(
                (
                    record.history_date,
                    HistoryRow(
                        at=instant(record.history_date, zone),
                        by=person(record.history_user),
                        record=str(name(record)),
                        change=str(CHANGE_TYPES.get(record.history_type, record.history_type)),
                        fields=_changed_fields(model, record, before),
                        reason=change_reason(record.history_change_reason or ""),
                    ),
                )
            )
    # A stable sort: changes made in the same instant keep the order breach, entities,
    # obligations, notifications, phases.
    return [row for _at, row in sorted(found, key=lambda item: item[0])]


def _changed_fields(model: type[models.Model], record: Any, before: Any) -> str:
    if before is None:
        return ""
    names = [
        change.field
        for change in record.diff_against(before, foreign_keys_are_objs=False).changes
        if change.field not in UNTRACKED
    ]
    return ", ".join(
        str(getattr(model._meta.get_field(name), "verbose_name", name)) for name in names
    )
