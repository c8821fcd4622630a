"""Reads of the BCR programme: the procedure's clocks, its timeline, what blocks a step.

The clocks are computed by ``compliance.rules.bcr`` from the dates stored on the application;
nothing here writes. ``clocks_to_store`` gives the clocks the reminders follow (stored as
``BCRClock`` rows by ``compliance.bcr.services.sync_bcr_clocks``); ``step_problem``
gives the reason a step of the procedure is refused (the services' guards).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db.models import Prefetch, QuerySet
from django.utils import dateformat, timezone
from django.utils.functional import Promise
from django.utils.translation import gettext, gettext_lazy

from compliance import legal_text
from compliance.bcr.models.clocks import BCRClockKind
from compliance.bcr.models.procedure import ApplicationState
from compliance.rules import bcr as rules
from compliance.rules.territories import in_gdpr_territory

if TYPE_CHECKING:
    from compliance.bcr.models import (
        BCRApplication,
        BCRSubstantialChange,
        BCRTimelineEvent,
        BindingCorporateRules,
    )
    from compliance.registry.models import SupervisoryAuthority

# The one name of each clock (translated), for the admin, the dashboard, the reminders and the
# timeline report: the labels of ``BCRClockKind``.
CLOCK_LABELS: dict[str, str | Promise] = {kind.value: kind.label for kind in BCRClockKind}

ASSUMED_NOTES: dict[str, Promise] = {
    rules.LEAD_RESPONSE: gettext_lazy(
        "assumed: the day the lead authority received the opinion is not recorded; counted "
        "from the opinion's date (the earlier start)"
    ),
}
ASSUMED_NOTE = gettext_lazy("assumed: counted from a date that is not recorded")
SOURCE_NOTES: dict[str, Promise] = {
    rules.GUIDELINE: gettext_lazy("date set by guidance, not a statutory deadline"),
    rules.INTERNAL: gettext_lazy("internal target of the DPO office, not a statutory deadline"),
}


def clock_label(kind: str) -> str:
    return str(CLOCK_LABELS.get(kind, kind))


def moved_note(calendar_end: date | None, due_on: date) -> str:
    """ "moved from Sunday 10 Oct to Monday 11 Oct, Reg. 1182/71 Art. 3(4)" (or "")."""
    if calendar_end is None or calendar_end == due_on:
        return ""
    return gettext("moved from %(from)s to %(to)s, Reg. 1182/71 Art. 3(4)") % {
        "from": dateformat.format(calendar_end, "l j M"),
        "to": dateformat.format(due_on, "l j M"),
    }


def clock_notes(
    *, kind: str, assumed: bool, moved_from: date | None, due_on: date, deadline_source: str
) -> list[str]:
    """What a reader must know besides the dates: a clock counted from an assumed date, a last
    day moved off a week-end or holiday, a date that is not a statutory deadline."""
    notes = []
    if assumed:
        notes.append(str(ASSUMED_NOTES.get(kind, ASSUMED_NOTE)))
    if moved := moved_note(moved_from, due_on):
        notes.append(moved)
    if deadline_source in SOURCE_NOTES:
        notes.append(str(SOURCE_NOTES[deadline_source]))
    return notes


@dataclass(frozen=True)
class ClockStatus:
    """A clock as of a day: what it is, whether it is open, overdue, met late."""

    clock: rules.Clock
    label: str
    on: date

    @property
    def open(self) -> bool:
        return self.clock.met_on is None

    @property
    def overdue(self) -> bool:
        return self.clock.is_overdue(self.on)

    @property
    def days_left(self) -> int:
        return (self.clock.due_on - self.on).days

    @property
    def statutory(self) -> bool:
        return self.clock.deadline_source == rules.STATUTE

    @property
    def late(self) -> bool:
        """Met after its last day or still open after it, for a statutory period only: a
        missed guideline date or internal target is "after the target", not late."""
        return self.statutory and (self.clock.met_late or self.overdue)

    @property
    def notes(self) -> list[str]:
        c = self.clock
        return clock_notes(
            kind=c.kind,
            assumed=c.assumed,
            moved_from=c.moved_from,
            due_on=c.due_on,
            deadline_source=c.deadline_source,
        )


def procedure_facts(application: BCRApplication) -> rules.ProcedureFacts:
    return rules.ProcedureFacts(
        file_complete_on=application.file_complete_on,
        opinion_extended=application.opinion_extended,
        opinion_on=application.opinion_on,
        response_on=application.response_on,
        dispute_referred_on=application.dispute_referred_on,
        dispute_extended=application.dispute_extended,
        dispute_decided_on=application.dispute_decided_on,
        opinion_received_on=application.opinion_received_on,
        dispute_notified_on=application.dispute_notified_on,
        final_decision_on=application.final_decision_on,
    )


def substantial_change_working_days() -> int:
    """The office's target for reporting a substantial change "promptly", in working days
    (``BCR_SUBSTANTIAL_CHANGE_WORKING_DAYS``; the engine's default when unset)."""
    return int(
        getattr(
            settings,
            "BCR_SUBSTANTIAL_CHANGE_WORKING_DAYS",
            rules.SUBSTANTIAL_CHANGE_WORKING_DAYS,
        )
    )


def substantial_change_clock(change: BCRSubstantialChange) -> rules.Clock | None:
    """The "promptly" clock of a change that may affect the level of protection (one that does
    not waits for the annual update and has none)."""
    if not change.affects_protection:
        return None
    return rules.substantial_change_clock(
        changed_on=change.changed_on,
        reported_on=change.reported_on,
        working_days=substantial_change_working_days(),
    )


def substantial_change_clocks(
    bcr: BindingCorporateRules | None,
) -> list[tuple[BCRSubstantialChange, rules.Clock]]:
    """The clock of each reportable change of an approved BCR, oldest first (reads
    ``bcr.substantial_changes``: prefetch it for many)."""
    if bcr is None or bcr.approved_on is None:
        return []
    changes = sorted(bcr.substantial_changes.all(), key=lambda c: (c.changed_on, c.pk))
    return [(c, clock) for c in changes if (clock := substantial_change_clock(c)) is not None]


def annual_update_clock(
    bcr: BindingCorporateRules | None, *, last_update_on: date | None = None, lookup: bool = True
) -> rules.Clock | None:
    """The next annual update of an approved BCR in force, or None.

    ``lookup=False`` takes ``last_update_on`` as given (a changelist annotates it) instead of
    querying the updates sent.
    """
    if bcr is None or bcr.approved_on is None or bcr.invalid_from is not None:
        return None
    if lookup:
        last = bcr.annual_updates.order_by("-sent_on").values_list("sent_on", flat=True).first()
        last_update_on = last
    return rules.annual_update_clock(approved_on=bcr.approved_on, last_update_on=last_update_on)


def procedure_clocks(
    application: BCRApplication,
    *,
    on: date | None = None,
    last_update_on: date | None = None,
    lookup: bool = True,
) -> list[ClockStatus]:
    """Every clock of the current run (met or not) as of ``on`` (default today; the Art. 65(3)
    clock appears once the Art. 65(2) period has ended), the next annual update once approved
    and the "promptly" clock of each substantial change of the approved BCR."""
    today = on or timezone.localdate()
    clocks = list(rules.procedure_clocks(procedure_facts(application), on=today))
    bcr = application.bcr if application.bcr_id is not None else None
    annual = annual_update_clock(bcr, last_update_on=last_update_on, lookup=lookup)
    if annual is not None:
        clocks.append(annual)
    clocks.extend(clock for _change, clock in substantial_change_clocks(bcr))
    return [ClockStatus(clock=c, label=clock_label(c.kind), on=today) for c in clocks]


def annual_update_history(bcr: BindingCorporateRules | None) -> list[rules.Clock]:
    """Every annual-update period of an approved BCR, oldest first: one per update sent (met
    on the day it was sent) and, while the BCR is in force, the open one."""
    if bcr is None or bcr.approved_on is None:
        return []
    clocks = []
    last: date | None = None
    for sent_on in bcr.annual_updates.order_by("sent_on").values_list("sent_on", flat=True):
        clocks.append(
            rules.annual_update_clock(
                approved_on=bcr.approved_on, last_update_on=last, sent_on=sent_on
            )
        )
        last = sent_on
    if bcr.invalid_from is None:
        clocks.append(rules.annual_update_clock(approved_on=bcr.approved_on, last_update_on=last))
    return clocks


@dataclass(frozen=True)
class ClockToStore:
    """A clock with what identifies its row: its kind, its start and, for a substantial-change
    clock, the change (several may fall on one day)."""

    clock: rules.Clock
    substantial_change_id: int | None = None

    @property
    def key(self) -> tuple[str, date, int | None]:
        return (self.clock.kind, self.clock.starts_on, self.substantial_change_id)


def clocks_to_store(application: BCRApplication, *, on: date | None = None) -> list[ClockToStore]:
    """The clocks ``BCRClock`` rows keep as of ``on`` (default today): those of the current run
    (the Art. 65(3) clock once the Art. 65(2) period has ended, hence the daily sync), every
    annual-update period of the approved BCR and the clock of each of its reportable
    substantial changes. A withdrawn application has none (its open rows are cancelled).
    """
    if application.state == ApplicationState.WITHDRAWN:
        return []
    today = on or timezone.localdate()
    bcr = application.bcr if application.bcr_id is not None else None
    return [
        *(ClockToStore(c) for c in rules.procedure_clocks(procedure_facts(application), on=today)),
        *(ClockToStore(c) for c in annual_update_history(bcr)),
        *(ClockToStore(c, change.pk) for change, c in substantial_change_clocks(bcr)),
    ]


def procedure_deadlines(application: BCRApplication) -> list[tuple[str, date, str]]:
    """The open clocks of an application as (kind, due date, basis).

    Kinds: ``bcr.edpb_opinion``, ``bcr.lead_response``, ``bcr.art65_decision``,
    ``bcr.art65_majority_decision``, ``bcr.lead_final_decision``, ``bcr.annual_update``,
    ``bcr.substantial_change_report``. A withdrawn application has none.
    """
    if application.state == ApplicationState.WITHDRAWN:
        return []
    return [
        (s.clock.kind, s.clock.due_on, s.clock.basis)
        for s in procedure_clocks(application)
        if s.open
    ]


def timeline(application: BCRApplication) -> QuerySet[BCRTimelineEvent]:
    """The application's history in date order, with what the admin and reports print."""
    from compliance.bcr.models import BCRDocumentVersion

    return application.timeline.select_related("authority", "recorded_by").prefetch_related(
        Prefetch("documents", queryset=BCRDocumentVersion.objects.select_related("document"))
    )


# What stands in the way of a step (read by compliance.bcr.services before each one).


def _lead_problem(lead: SupervisoryAuthority | None, on: date, what: str) -> str | None:
    if lead is None:
        return "Name the lead authority."
    if not in_gdpr_territory(lead.country_id, on):
        return (
            f"{lead.short_name} is not an authority of the EEA on {on.isoformat()}: it cannot "
            f"{what} under the GDPR (Art. 47(1), 56, 64)."
        )
    return None


def date_problem(application: BCRApplication, on: date) -> str | None:
    if on > timezone.localdate():
        return gettext("The date is in the future.")
    last = (
        application.timeline.exclude(action="").order_by("-on").values_list("on", flat=True).first()
    )
    if last is not None and on < last:
        return (
            f"The date {on.isoformat()} is before the last step of the procedure "
            f"({last.isoformat()}); steps are recorded in the order they happened."
        )
    return None


def _refusal(check: rules.Check) -> str:
    """A refused check's reason and basis, in the reader's language."""
    return legal_text.render(check.reason + " (" + check.basis + ")")


def _co_review_problem(app: BCRApplication, on: date, params: dict[str, Any]) -> str | None:
    reviewers = list(params.get("co_reviewers") or ())
    check = rules.co_reviewer_check(len({r.pk for r in reviewers}))
    if not check.allowed:
        return _refusal(check)
    if app.lead_authority_id in {r.pk for r in reviewers}:
        return "The lead authority cannot also be a co-reviewer."
    return None


def _submission_problem(app: BCRApplication, on: date, params: dict[str, Any]) -> str | None:
    check = rules.submission_check(tuple(app.open_checklist_letters()))
    if not check.allowed:
        return _refusal(check)
    if problem := _leave_review_problem(app, on, params):
        return problem
    complete = params.get("file_complete_on")
    if complete is not None and complete < on:
        return "The file cannot be complete before it was submitted."
    return _lead_problem(app.lead_authority, on, "submit a draft decision to the EDPB")


def _approval_problem(app: BCRApplication, on: date, params: dict[str, Any]) -> str | None:
    check = rules.approval_check(
        approve_on=on,
        opinion_on=app.opinion_on,
        in_dispute=app.state == ApplicationState.EDPB_DISPUTE,
        dispute_decided_on=app.dispute_decided_on,
    )
    if not check.allowed:
        return _refusal(check)
    response_on = params.get("response_on")
    if response_on is not None and app.opinion_on is not None and response_on < app.opinion_on:
        return "The lead's response cannot precede the opinion."
    return _lead_problem(app.lead_authority, on, "approve BCRs")


def _change_lead_problem(app: BCRApplication, on: date, params: dict[str, Any]) -> str | None:
    lead = params.get("lead")
    if lead is not None and lead.pk == app.lead_authority_id:
        return f"{lead.short_name} is already the lead authority."
    if not str(params.get("reason", "")).strip():
        return "Give the reason for the change of lead authority."
    return _lead_problem(lead, on, "lead a BCR procedure")


def _not_before(field: str, what: str) -> Callable[[BCRApplication, date, dict[str, Any]], Any]:
    def problem(app: BCRApplication, on: date, params: dict[str, Any]) -> str | None:
        earlier = getattr(app, field)
        if earlier is not None and on < earlier:
            return f"This cannot be dated before {what} ({earlier.isoformat()})."
        return None

    return problem


def _revision_problem(app: BCRApplication, on: date, params: dict[str, Any]) -> str | None:
    if not app.awaiting_revision:
        return f"No comments await a revision in round {app.round}: record the comments first."
    return None


def _leave_review_problem(app: BCRApplication, on: date, params: dict[str, Any]) -> str | None:
    if app.awaiting_revision:
        return (
            f"The reviewers' comments of round {app.round} await a revised draft: record the "
            "revision before moving on."
        )
    return None


def _opinion_extension_problem(app: BCRApplication, on: date, params: dict[str, Any]) -> str | None:
    if app.file_complete_on is None:
        return "The period starts with the complete file: record that the file is complete first."
    if app.opinion_extended:
        return "The opinion period was already extended; GDPR Art. 64(3) allows one extension."
    return None


def _dispute_extension_problem(app: BCRApplication, on: date, params: dict[str, Any]) -> str | None:
    if app.dispute_decided_on is not None:
        return "The binding decision has been adopted; there is nothing to extend."
    if app.dispute_extended:
        return "The dispute period was already extended; GDPR Art. 65(2) allows one extension."
    return None


def _later_date_problem(
    param: str, what: str
) -> Callable[[BCRApplication, date, dict[str, Any]], str | None]:
    """A second date given with a step (the receipt of the opinion, the notification of the
    binding decision): not before the step's own date, not in the future."""

    def problem(app: BCRApplication, on: date, params: dict[str, Any]) -> str | None:
        later = params.get(param)
        if later is None:
            return None
        if later < on:
            return f"The {what} ({later.isoformat()}) cannot precede {on.isoformat()}."
        if later > timezone.localdate():
            return f"The {what} is in the future."
        return None

    return problem


def _reason_required(app: BCRApplication, on: date, params: dict[str, Any]) -> str | None:
    return None if str(params.get("reason", "")).strip() else "Give the reason."


GUARDS: dict[str, Callable[[BCRApplication, date, dict[str, Any]], str | None]] = {
    "request_lead": lambda app, on, p: _lead_problem(p.get("lead"), on, "lead a BCR procedure"),
    "submit_revision": _revision_problem,
    "start_co_review": lambda app, on, p: (
        _leave_review_problem(app, on, p) or _co_review_problem(app, on, p)
    ),
    "start_concerned_review": _leave_review_problem,
    "submit_to_edpb": _submission_problem,
    "confirm_file_complete": lambda app, on, p: (
        ("The file is already complete." if app.file_complete_on else None)
        or _not_before("submitted_on", "the submission")(app, on, p)
    ),
    "extend_opinion_period": _opinion_extension_problem,
    "record_plenary": lambda app, on, p: (
        (None if app.file_complete_on else "The EDPB has not yet confirmed the file complete.")
        or _not_before("file_complete_on", "the complete file")(app, on, p)
    ),
    "extend_dispute_period": _dispute_extension_problem,
    "record_opinion": lambda app, on, p: (
        _not_before("file_complete_on", "the complete file")(app, on, p)
        or _later_date_problem("received_on", "receipt of the opinion")(app, on, p)
    ),
    "record_opinion_receipt": lambda app, on, p: (
        ("The receipt of the opinion is already recorded." if app.opinion_received_on else None)
        or _not_before("opinion_on", "the opinion")(app, on, p)
    ),
    "record_dispute_decision": lambda app, on, p: (
        ("The binding decision is already recorded." if app.dispute_decided_on else None)
        or _not_before("dispute_referred_on", "the referral")(app, on, p)
        or _later_date_problem("notified_on", "notification of the binding decision")(app, on, p)
    ),
    "record_dispute_notification": lambda app, on, p: (
        ("The notification is already recorded." if app.dispute_notified_on else None)
        or (None if app.dispute_decided_on else "Record the binding decision first.")
        or _not_before("dispute_decided_on", "the binding decision")(app, on, p)
    ),
    "approve": _approval_problem,
    "invalidate": _reason_required,
    "change_lead": _change_lead_problem,
}


def step_problem(
    application: BCRApplication, name: str, on: date, params: dict[str, Any]
) -> str | None:
    """What stands in the way of the step ``name`` on ``on`` with ``params``, or None.

    The guards of ``compliance.bcr.services.transition_application``: GDPR Art. 47(2) (the
    checklist), 64(6) (no approval before the opinion), the co-operation procedure (one or two
    co-reviewers), an EEA lead, and dates that follow the procedure's own order.
    """
    check = GUARDS.get(name)
    return check(application, on, params) if check else None


def applications_visible_to(user: Any) -> QuerySet[BCRApplication]:
    """The applications ``user`` may see, withdrawn ones included: every one for the DPO and
    Legal; for a coordinator those of the groups of their entities (the BCRs bind the whole
    group); none for anyone else, nor for a user without the view permission."""
    from compliance import access
    from compliance.bcr.models import BCRApplication
    from compliance.registry.models import GroupEntity

    applications = BCRApplication.objects.all()
    if not (
        getattr(user, "is_active", False)
        and getattr(user, "is_staff", False)
        and user.has_perm("compliance.view_bcrapplication")
    ):
        return applications.none()
    if access.sees_everything(user):
        return applications
    if not access.is_coordinator(user):
        return applications.none()
    entities = GroupEntity.objects.filter(pk__in=access.coordinated_entity_ids(user))
    return applications.filter(group__in=entities.values("group_id"))
