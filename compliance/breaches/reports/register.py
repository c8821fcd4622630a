"""The breach register report (GDPR Art. 33(5)): every breach of a group in a period.

Each breach with what Art. 33(5) asks to document: the facts (what happened), its effects (the
likely consequences), the remedial action taken (containment and remediation), the risk
assessment and the decisions on it with who took them and when (its workflow events); then
every obligation the breach engine stored for it: regime, recipient, due instant, whether it
was met and when, late or not, the reasons given for a delay, and the decisions that a
notification was not required with the decider and the reason.

The period ends on the export's "as of" date and starts on the day the user chose, or by
default twelve months earlier; the register prints the period it covers. Days are UTC days; a
breach belongs to the period of its awareness instant.

The context takes a fixed number of queries however many breaches the group has.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.db.models import F, Prefetch, QuerySet
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from compliance import access
from compliance.breaches.choices import DeadlineStatus, NotificationState
from compliance.breaches.models import BreachIncident, BreachNotification, NotificationDeadline
from compliance.breaches.reports.formatting import (
    approximately,
    correction,
    day_end,
    day_start,
    deadline_outcome,
    instant,
    lateness,
    person,
    utc_instant,
)
from compliance.breaches.selectors import Correction, corrections_from
from compliance.registry.models import CorporateGroup
from compliance.reports.registry import safe_filename_part
from compliance.workflow.models import WorkflowEvent

PERIOD_MONTHS = 12


@dataclass(frozen=True)
class Period:
    """From the first instant of ``first`` to the last of ``last`` (UTC days, both included)."""

    first: date
    last: date

    @property
    def start(self) -> datetime:
        return day_start(self.first)

    @property
    def end(self) -> datetime:
        return day_end(self.last)


def register_period(as_of: date, months: int = PERIOD_MONTHS) -> Period:
    """The ``months`` months up to and including ``as_of``: 2025-03-31 → 2024-04-01..2025-03-31.

    Counting back whole months keeps the period a calendar year when ``as_of`` is a month's end;
    a day that does not exist in the earlier month (29 Feb) moves to that month's last day.
    """
    year, month = divmod(as_of.month - 1 - months, 12)
    year += as_of.year
    month += 1
    day = min(as_of.day, calendar.monthrange(year, month)[1])
    return Period(first=date.fromordinal(date(year, month, day).toordinal() + 1), last=as_of)


@dataclass(frozen=True)
class DeadlineRow:
    obligation: str
    recipient: str
    due: str
    outcome: str
    late: str
    late_reasons: str
    is_late: bool
    overdue: bool
    basis: str
    # "Assumed": the regime was applied because its reach was not assessed (domain brief §8.1).
    assumed: bool = False
    # Earlier due instants, as 'due changed from X to Y on <date> by <user>: <reason>'.
    corrections: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class BreachRow:
    incident: BreachIncident
    aware: str
    occurred: str
    subjects: str
    deadlines: list[DeadlineRow] = field(default_factory=list)
    # GDPR Art. 33(5): the facts, the effects, the remedial action taken, the decisions.
    facts: str = ""
    effects: str = ""
    remedial: str = ""
    risk: str = ""
    decisions: list[str] = field(default_factory=list)


# The breach's workflow actions, as their buttons name them.
ACTIONS = {
    "record": _("Breach recorded"),
    "start_assessment": _("Start assessment"),
    "complete_assessment": _("Assessment done: notify"),
    "start_monitoring": _("Notifications done: monitor"),
    "close": _("Close"),
    "reopen": _("Reopen"),
}


def breach_register_context(
    group: CorporateGroup,
    /,
    *,
    user: Any,
    as_of: date,
    generated_at: datetime,
    period_start: date | None = None,
) -> dict[str, Any]:
    """The breaches of ``group`` that ``user`` may see, aware from ``period_start`` (default:
    twelve months before) to ``as_of``, in order of awareness. ``user`` None (command line,
    task) sees every breach."""
    period = chosen_period(as_of, period_start)
    incidents = list(_incidents(group, user, period))
    deadlines = [d for incident in incidents for d in _deadlines(incident)]
    required = [d for d in deadlines if d.required]
    corrections = _corrections(group, period, {d.pk for d in deadlines})
    events = _events(group, period)
    return {
        "report_title": _("Breach register"),
        "group": group,
        "as_of": as_of,
        "generated_at": generated_at,
        "period": period,
        "period_chosen": period_start is not None,
        "rows": [
            _breach_row(incident, generated_at, corrections, events.get(incident.pk, []))
            for incident in incidents
        ],
        "summary": {
            "breaches": len(incidents),
            "required": len(required),
            "met": sum(1 for d in deadlines if d.status == DeadlineStatus.MET),
            # "late" is a missed statutory period only (domain brief §8.1)
            "late": sum(1 for d in deadlines if d.late_in_law),
            "after_target": sum(1 for d in deadlines if d.late and not d.late_in_law),
            "waived": sum(1 for d in deadlines if d.status == DeadlineStatus.WAIVED),
            "open": sum(1 for d in required if d.status == DeadlineStatus.OPEN),
        },
    }


# Above this many breaches in the period the register renders in the background.
ASYNC_THRESHOLD = 200


def breach_register_filename(group: CorporateGroup, as_of: date, lang: str) -> str:
    return f"breach-register-{safe_filename_part(group.short_name)}-{as_of.isoformat()}-{lang}.pdf"


def breach_count(
    group: CorporateGroup, user: Any, as_of: date, period_start: date | None = None
) -> int:
    """How many breaches the register would print: decides whether it renders in the background."""
    return _incidents(group, user, chosen_period(as_of, period_start)).count()


def chosen_period(as_of: date, period_start: date | None) -> Period:
    """The period the user chose, or the twelve months up to ``as_of``."""
    return (
        register_period(as_of) if period_start is None else Period(first=period_start, last=as_of)
    )


def _incidents(group: CorporateGroup, user: Any, period: Period) -> QuerySet[BreachIncident]:
    submitted = BreachNotification.objects.exclude(state=NotificationState.DRAFT).order_by(
        "submitted_at", "pk"
    )
    deadlines = (
        NotificationDeadline.objects.select_related("recipient_authority", "decided_by")
        .prefetch_related(Prefetch("notifications", queryset=submitted, to_attr="submitted"))
        .order_by(F("due_at").asc(nulls_last=True), "regime", "kind", "recipient_key")
    )
    qs = (
        BreachIncident.objects.filter(
            entity__group=group, aware_at__gte=period.start, aware_at__lt=period.end
        )
        .select_related("entity__country")
        .prefetch_related(Prefetch("deadlines", queryset=deadlines, to_attr="register_deadlines"))
        .order_by("aware_at", "pk")
    )
    return qs if user is None else access.scope_queryset(qs, user)


def _corrections(
    group: CorporateGroup, period: Period, wanted: set[int]
) -> dict[int, list[Correction]]:
    """The due-instant corrections of the listed deadlines, from their history in one query
    (selected by the breaches' group and period, not by a list of ids that could outgrow the
    database's limit on query parameters)."""
    history = NotificationDeadline.history.filter(
        incident__entity__group=group,
        incident__aware_at__gte=period.start,
        incident__aware_at__lt=period.end,
    )
    records: dict[int, list[Any]] = {}
    for record in history.select_related("history_user").order_by("id", "history_date", "pk"):
        if record.id in wanted:
            records.setdefault(record.id, []).append(record)
    return {pk: corrections_from(found) for pk, found in records.items()}


def _events(group: CorporateGroup, period: Period) -> dict[int, list[WorkflowEvent]]:
    """The workflow events of the period's breaches in one query, by breach."""
    breaches = BreachIncident.objects.filter(
        entity__group=group, aware_at__gte=period.start, aware_at__lt=period.end
    ).values("pk")
    found: dict[int, list[WorkflowEvent]] = {}
    events = WorkflowEvent.objects.filter(
        content_type__app_label="compliance",
        content_type__model="breachincident",
        object_id__in=breaches,
    ).select_related("by")
    for event in events.order_by("at", "pk"):
        found.setdefault(event.object_id, []).append(event)
    return found


def _decision(event: WorkflowEvent, zone: str) -> str:
    """'<when> <action> — <who>: <note>'."""
    action = ACTIONS.get(event.transition, event.transition)
    text = f"{instant(event.at, zone)} {action} — {person(event.by) or gettext('the system')}"
    return f"{text}: {event.note}" if event.note else text


def _breach_row(
    incident: BreachIncident,
    now: datetime,
    corrections: dict[int, list[Correction]],
    events: list[WorkflowEvent],
) -> BreachRow:
    zone = incident.aware_time_zone
    risk = str(incident.get_risk_display()) if incident.risk else ""
    if risk and incident.risk_reasoning:
        risk = f"{risk} — {incident.risk_reasoning}"
    return BreachRow(
        incident=incident,
        aware=instant(incident.aware_at, zone),
        occurred=instant(incident.occurred_at, zone),
        subjects=approximately(incident.subject_count),
        deadlines=[_deadline_row(d, now, corrections.get(d.pk, [])) for d in _deadlines(incident)],
        facts=incident.description,
        effects=incident.likely_consequences,
        remedial="\n".join(t for t in (incident.containment, incident.remediation) if t.strip()),
        risk=risk,
        decisions=[_decision(event, zone) for event in events],
    )


def _deadlines(incident: BreachIncident) -> list[NotificationDeadline]:
    # Prefetched by ``_incidents`` (``to_attr``), in the register's order.
    return incident.register_deadlines  # type: ignore[attr-defined]


def _deadline_row(
    deadline: NotificationDeadline, now: datetime, corrections: list[Correction]
) -> DeadlineRow:
    authority = deadline.recipient_authority
    recipient = authority.short_name if authority is not None else deadline.recipient_key
    # Printed where the law asks a late notification for them (GDPR Art. 33(1)), not under
    # the PPC Rules.
    reasons = (
        "\n".join(n.late_reasons for n in getattr(deadline, "submitted", []) if n.late_reasons)
        if deadline.reasons_for_delay_basis
        else ""
    )
    open_ = deadline.status == DeadlineStatus.OPEN
    return DeadlineRow(
        obligation=f"{deadline.get_regime_display()}: {deadline.get_kind_display()}",
        recipient=recipient,
        due=utc_instant(deadline.due_at),
        outcome=deadline_outcome(deadline),
        late=lateness(deadline),
        late_reasons=reasons,
        is_late=deadline.late_in_law,
        overdue=open_ and deadline.due_at is not None and deadline.due_at < now,
        # Why an obligation was not owed is part of the documentation (Art. 33(5)).
        basis=deadline.basis_text if deadline.status == DeadlineStatus.NOT_REQUIRED else "",
        assumed=deadline.assumed,
        corrections=[correction(found) for found in corrections],
    )
