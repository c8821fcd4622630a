"""The breach register and the deadline register out (``compliance.registers``).

The breach register carries what GDPR Art. 33(5) asks the controller to document: the facts of
the breach, its effects and the remedial action taken, and the decisions about notification
(obligations judged not required with their reasons, notifications and their late reasons).
Export only: breaches come in through the form and the intake API, where the engine runs.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from compliance.breaches import contents
from compliance.breaches.choices import DeadlineStatus
from compliance.breaches.models import BreachIncident, BreachNotification, NotificationDeadline
from compliance.breaches.reports.formatting import exemption
from compliance.registers.registry import Column, register_register

BREACH_COLUMNS = (
    Column("reference", _("reference"), width=16),
    Column("entity", _("reporting entity")),
    Column("role", _("role of the entity"), width=12),
    Column("title", _("title"), width=30),
    Column("description", _("what happened"), width=40),
    Column("occurred_at", _("occurred at (UTC)"), "datetime", width=17),
    Column("aware_at", _("became aware at (UTC)"), "datetime", width=17),
    Column("aware_time_zone", _("time zone of the report"), width=16),
    Column("cause", _("cause"), width=20),
    # APPI report items (PPC Rules Art. 8(1)(i), (iv)): overview and cause in words.
    Column("cause_detail", _("cause in detail"), width=36),
    Column("discovery", _("how the breach was discovered"), width=36),
    Column("entrustment", _("entrusting or entrusted businesses"), width=30),
    Column("data_categories", _("categories of personal data"), width=28),
    Column("subject_categories", _("categories of data subjects"), width=24),
    Column("subject_count", _("approximate number of data subjects"), "int", width=12),
    Column("record_count", _("approximate number of records"), "int", width=12),
    Column("affected_countries", _("countries of affected persons"), width=14),
    Column("special_category", _("special categories / special care-required data"), "bool"),
    Column("encrypted", _("data unintelligible (strong encryption)"), "bool"),
    # The facts the regimes' clocks turn on (domain brief §8.1, §8.5); empty: not answered.
    Column("appi_special_care", _("special care-required personal information (APPI)"), "bool"),
    Column("property_damage_risk", _("misuse may cause property damage"), "bool"),
    Column("wrongful_purpose", _("suspected wrongful purpose"), "bool"),
    Column("possibly_over_1000", _("more than 1,000 people possibly affected"), "bool"),
    Column("controller_subject_to_appi", _("the entrusting business is under the APPI"), "bool"),
    Column("assessed_at", _("notifiability assessment completed at (UTC)"), "datetime", width=17),
    Column("minors", _("data of children"), "bool"),
    Column("authentication_data", _("credentials or authentication data"), "bool"),
    Column("financial_data", _("financial data"), "bool"),
    Column("unique_identifiers", _("national identification numbers"), "bool"),
    Column("large_scale", _("large scale"), "bool"),
    Column("small_agent", _("small processing agent (Brazil)"), "bool"),
    Column("nis2_entity", _("essential or important entity under NIS2"), "bool"),
    Column("significant_incident", _("significant incident (NIS2)"), "bool"),
    Column(
        "nis2_notified_at",
        _("NIS2 incident notification submitted at (UTC)"),
        "datetime",
        width=17,
    ),
    Column("risk", _("risk assessment"), width=16),
    Column("risk_reasoning", _("reasoning of the risk assessment"), width=36),
    Column("likely_consequences", _("likely consequences"), width=36),
    Column("containment", _("containment measures"), width=36),
    Column("remediation", _("remediation measures"), width=36),
    Column("contact_point", _("contact point"), width=24),
    # Items of the other regimes' notifications that no GDPR item holds.
    Column("recommended_steps", _("steps recommended to the affected persons"), width=36),
    Column(
        "processing_subject_count", _("data subjects of the processing affected"), "int", width=12
    ),
    Column("indicators_of_compromise", _("indicators of compromise"), width=30),
    # PPC Rules Art. 8(1)(vii): the public announcement.
    Column("announced_on", _("public announcement made on"), "date", width=12),
    Column("announcement_where", _("where the announcement was made"), width=28),
    Column("announcement_text", _("text of the public announcement"), width=40),
    Column("state", _("state"), width=12),
    Column("next_due_at", _("next deadline (UTC)"), "datetime", width=17),
    Column("decisions", _("decisions on notification"), width=60),
)

# The regime facts printed as they are recorded (yes/no, or an instant).
REGIME_FLAGS = (
    "appi_special_care",
    "property_damage_risk",
    "wrongful_purpose",
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
)

DEADLINE_COLUMNS = (
    Column("breach", _("breach"), width=16),
    Column("entity", _("reporting entity")),
    Column("regime", _("regime"), width=14),
    Column("obligation", _("obligation"), width=28),
    Column("recipient_country", _("authority's country"), width=10),
    Column("recipient_authority", _("recipient authority"), width=20),
    Column("required", _("required by law"), "bool", width=10),
    Column("due_at", _("due at (UTC)"), "datetime", width=17),
    Column("status", _("status"), width=18),
    Column("met_at", _("met at (UTC)"), "datetime", width=17),
    Column("late", _("late"), "bool", width=8),
    Column("decided_by", _("decided by"), width=14),
    Column("decision_reason", _("reason of the decision"), width=36),
    Column("basis", _("legal basis"), width=50),
)


def _decision_reason(deadline: NotificationDeadline) -> str:
    """The reason of a decision, after the ground of GDPR Art. 34(3) it rests on, if any."""
    ground = exemption(deadline)
    if ground and deadline.decision_reason:
        return f"{ground} — {deadline.decision_reason}"
    return ground or deadline.decision_reason


def _decision_lines(incident: BreachIncident) -> list[str]:
    lines = []
    for deadline in incident.deadlines.all():
        obligation = f"{deadline.get_regime_display()}: {deadline.get_kind_display()}"
        if deadline.recipient_country_id:
            obligation += f" ({deadline.recipient_country_id})"
        if deadline.status in (DeadlineStatus.WAIVED, DeadlineStatus.NOT_REQUIRED):
            who = deadline.decided_by.get_username() if deadline.decided_by else ""
            reason = _decision_reason(deadline) or deadline.basis_text
            detail = f"{reason} ({who})" if who else reason
            lines.append(f"{obligation}: {deadline.get_status_display()} — {detail}")
        elif deadline.status == DeadlineStatus.MET and deadline.met_at is not None:
            status = gettext("met on %(date)s") % {"date": f"{deadline.met_at:%Y-%m-%d %H:%M} UTC"}
            if deadline.late:
                status += ", " + gettext("late")
            lines.append(f"{obligation}: {status}")
        for notification in deadline.notifications.all():
            unknown = contents.unknown_items(notification)
            if unknown:
                # GDPR Art. 33(4); PPC GL 3-5-3-3: what was submitted without these items.
                lines.append(
                    f"{obligation}: "
                    + gettext("items not yet known at submission: %(items)s")
                    % {"items": "; ".join(str(item.label) for item in unknown)}
                )
            if notification.late_reasons:
                lines.append(
                    f"{obligation}: "
                    + gettext("reasons for the delay: %(reasons)s")
                    % {"reasons": notification.late_reasons}
                )
    return lines


def breach_rows(queryset: QuerySet[BreachIncident], as_of: date) -> Iterable[Mapping[str, Any]]:
    deadlines = NotificationDeadline.objects.select_related("decided_by").prefetch_related(
        Prefetch("notifications", queryset=BreachNotification.objects.order_by("pk"))
    )
    qs = (
        queryset.select_related("entity")
        .prefetch_related("affected_countries", Prefetch("deadlines", queryset=deadlines))
        .order_by("aware_at", "pk")
    )
    for incident in qs:
        yield {
            "reference": incident.reference,
            "entity": incident.entity.short_name,
            "role": incident.get_role_display(),
            "title": incident.title,
            "description": incident.description,
            "occurred_at": incident.occurred_at,
            "aware_at": incident.aware_at,
            "aware_time_zone": incident.aware_time_zone,
            "cause": incident.get_cause_display(),
            "cause_detail": incident.cause_detail,
            "discovery": incident.discovery,
            "entrustment": incident.entrustment,
            "data_categories": incident.data_categories,
            "subject_categories": incident.subject_categories,
            "subject_count": incident.subject_count,
            "record_count": incident.record_count,
            "affected_countries": ", ".join(
                sorted(c.code for c in incident.affected_countries.all())
            ),
            "special_category": incident.special_category,
            "encrypted": incident.encrypted,
            **{name: getattr(incident, name) for name in REGIME_FLAGS},
            "risk": incident.get_risk_display() if incident.risk else gettext("not assessed"),
            "risk_reasoning": incident.risk_reasoning,
            "likely_consequences": incident.likely_consequences,
            "containment": incident.containment,
            "remediation": incident.remediation,
            "contact_point": incident.contact_point,
            "recommended_steps": incident.recommended_steps,
            "processing_subject_count": incident.processing_subject_count,
            "indicators_of_compromise": incident.indicators_of_compromise,
            "announced_on": incident.announced_on,
            "announcement_where": incident.announcement_where,
            "announcement_text": incident.announcement_text,
            "state": incident.get_state_display(),
            "next_due_at": incident.next_due_at,
            "decisions": "\n".join(_decision_lines(incident)),
        }


def deadline_rows(
    queryset: QuerySet[NotificationDeadline], as_of: date
) -> Iterable[Mapping[str, Any]]:
    qs = queryset.select_related("incident__entity", "recipient_authority", "decided_by").order_by(
        "incident__aware_at", "incident_id", "due_at", "regime", "kind"
    )
    for deadline in qs:
        yield {
            "breach": deadline.incident.reference,
            "entity": deadline.incident.entity.short_name,
            "regime": deadline.get_regime_display(),
            "obligation": deadline.get_kind_display(),
            "recipient_country": deadline.recipient_country_id or "",
            "recipient_authority": (
                deadline.recipient_authority.short_name if deadline.recipient_authority else ""
            ),
            "required": deadline.required,
            "due_at": deadline.due_at,
            "status": deadline.get_status_display(),
            "met_at": deadline.met_at,
            "late": deadline.late,
            "decided_by": deadline.decided_by.get_username() if deadline.decided_by else "",
            "decision_reason": _decision_reason(deadline),
            "basis": deadline.basis_text,
        }


def register() -> None:
    register_register(
        "breaches",
        model=BreachIncident,
        title=_("Breach register"),
        columns=BREACH_COLUMNS,
        rows=breach_rows,
        group_path="entity__group",
    )
    register_register(
        "deadlines",
        model=NotificationDeadline,
        title=_("Notification deadlines"),
        columns=DEADLINE_COLUMNS,
        rows=deadline_rows,
        group_path="incident__entity__group",
    )
