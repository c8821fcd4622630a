"""The BCR application timeline report (GDPR Art. 47, 63, 64; domain brief §5).

One application's history as a DPO presents it to the board or an auditor: every dated event
up to the as-of date (a month-precision date printed as the month only) with the organisation,
the procedure step it was, what happened, the state before and after, and the documents sent
or received; each change of lead authority (ICO → LDI NRW after Brexit in the demo) called out
with its reason; and the procedure's statutory clocks as on the as-of date, due, met (in time
or late) or still open, each with its legal basis.

Labels are translated; the clocks' legal bases are rendered in the report's language from the
engine's templates (``compliance.legal_text``), citations kept as they are. The context takes a
fixed number of queries however long the timeline is.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import Any

from django.db.models import Prefetch
from django.utils.translation import gettext, gettext_lazy

from compliance import legal_text
from compliance.bcr.models import (
    BCRApplication,
    BCRDocumentVersion,
    BCRTimelineEvent,
    LeadAuthorityChange,
)
from compliance.bcr.models.procedure import DatePrecision
from compliance.bcr.selectors import ClockStatus, clock_label, procedure_clocks
from compliance.registry.models import SupervisoryAuthority
from compliance.reports.registry import safe_filename_part


@dataclass(frozen=True)
class EventRow:
    event: BCRTimelineEvent
    when: str
    action: str
    states: str
    documents: list[str]
    lead_change: LeadAuthorityChange | None


@dataclass(frozen=True)
class ClockRow:
    label: str
    starts_on: date
    due_on: date
    outcome: str
    late: bool
    overdue: bool
    basis: str
    statutory: bool
    # "assumed: …", "moved from Sunday 10 Oct to Monday 11 Oct, Reg. 1182/71 Art. 3(4)", "internal
    # target …, not a statutory deadline".
    notes: list[str]


def bcr_timeline_context(
    application: BCRApplication,
    /,
    *,
    user: Any,
    as_of: date,
    generated_at: datetime,
    period_start: date | None = None,
) -> dict[str, Any]:
    """The timeline of ``application`` up to ``as_of``, its lead changes and clocks.

    Applications are not entity-scoped (the BCRs bind the whole group), so ``user`` changes
    nothing here beyond who may export at all (checked by the caller).
    """
    application = (
        BCRApplication.objects.select_related("group", "lead_authority", "bcr")
        .prefetch_related("co_reviewers")
        .get(pk=application.pk)
    )
    events = list(
        application.timeline.filter(on__lte=as_of)
        .select_related("authority")
        .prefetch_related(
            Prefetch(
                "documents",
                queryset=BCRDocumentVersion.objects.select_related("document").order_by(
                    "document__kind", "document__language", "created_on", "pk"
                ),
            )
        )
        .order_by("on", "pk")
    )
    all_changes = list(
        application.lead_changes.select_related("from_authority", "to_authority").order_by(
            "on", "pk"
        )
    )
    changes = [c for c in all_changes if c.on <= as_of]
    labels = action_labels()
    change_on = {c.on: c for c in changes}
    rows = [
        EventRow(
            event=e,
            when=_when(e),
            action=labels.get(e.action, ""),
            states=_states(e),
            documents=[_document(v) for v in e.documents.all()],
            lead_change=change_on.get(e.on) if e.action == "change_lead" else None,
        )
        for e in events
    ]
    procedure = [e for e in events if e.action]
    return {
        "report_title": gettext_lazy("BCR application timeline"),
        "group": application.group,
        "application": application,
        "as_of": as_of,
        "generated_at": generated_at,
        "rows": rows,
        "lead_changes": changes,
        "state": _state_on(application, procedure),
        "leads": lead_sequence(application, all_changes, as_of),
        "co_reviewers": [a.short_name for a in application.co_reviewers.all()],
        "first_filing": procedure[0] if procedure else None,
        "approval": next((e for e in reversed(procedure) if e.action == "approve"), None),
        "clocks": [clock_row(s) for s in clocks_as_of(application, as_of)],
    }


def bcr_timeline_filename(application: BCRApplication, as_of: date, lang: str) -> str:
    group = safe_filename_part(application.group.short_name)
    kind = safe_filename_part(application.kind)
    return f"bcr-timeline-{group}-{kind}-{as_of.isoformat()}-{lang}.pdf"


def action_labels() -> dict[str, str]:
    """The label of each procedure step (the admin's button), by transition name."""
    field = BCRApplication._meta.get_field("state")
    return {
        t.name: str(t.custom.get("label", t.name))
        for t in field.get_all_transitions(BCRApplication)
    }


def lead_sequence(
    application: BCRApplication, changes: list[LeadAuthorityChange], as_of: date
) -> list[SupervisoryAuthority]:
    """The lead authorities up to ``as_of`` in order: the first one, then each one it changed
    to by then (``changes``: every change of the application, in date order)."""
    if changes:
        return [changes[0].from_authority, *(c.to_authority for c in changes if c.on <= as_of)]
    return [application.lead_authority] if application.lead_authority is not None else []


def _state_on(application: BCRApplication, procedure: list[BCRTimelineEvent]) -> str:
    """The state after the last step up to the as-of date (the record holds today's)."""
    if procedure:
        return str(procedure[-1].get_state_after_display())
    return str(application.get_state_display())


def clocks_as_of(application: BCRApplication, as_of: date) -> list[ClockStatus]:
    """The clocks as they stood on ``as_of``: none that started later, and an act done after
    ``as_of`` not yet done (the application keeps the dates of the procedure so far)."""
    return [
        replace(s, clock=replace(s.clock, met_on=None))
        if s.clock.met_on is not None and s.clock.met_on > as_of
        else s
        for s in procedure_clocks(application, on=as_of)
        if s.clock.starts_on <= as_of
    ]


def clock_row(status: ClockStatus) -> ClockRow:
    """One clock as the report prints it. Only a statutory period missed is "late"; a guideline
    date or internal target passed is "after the target"."""
    clock = status.clock
    if clock.met_on is not None:
        outcome = gettext("met on %(date)s") % {"date": clock.met_on.isoformat()}
        # Outside the f-string, so that makemessages extracts every word.
        if not clock.met_late:
            verdict = gettext("in time")
        elif status.statutory:
            verdict = gettext("late")
        else:
            verdict = gettext("after the target")
        outcome = f"{outcome} — {verdict}"
    elif status.overdue:
        outcome = gettext("open — overdue") if status.statutory else gettext("open — past target")
    else:
        outcome = gettext("open, %(days)s days left") % {"days": status.days_left}
    return ClockRow(
        label=clock_label(clock.kind),
        starts_on=clock.starts_on,
        due_on=clock.due_on,
        outcome=outcome,
        late=status.statutory and clock.met_late,
        overdue=status.overdue,
        basis=legal_text.render(clock.basis),
        statutory=status.statutory,
        notes=status.notes,
    )


def _when(event: BCRTimelineEvent) -> str:
    return event.on.strftime("%Y-%m") if event.precision == DatePrecision.MONTH else str(event.on)


def _states(event: BCRTimelineEvent) -> str:
    if not event.action:
        return ""  # internal and context lines move nothing
    after = str(event.get_state_after_display())
    if event.state_before == event.state_after:
        return after
    return f"{event.get_state_before_display()} → {after}"


def _document(version: BCRDocumentVersion) -> str:
    document = version.document
    return f"{document.get_kind_display()} ({document.language}) v{version.label}"
