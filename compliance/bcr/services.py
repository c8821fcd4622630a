"""The BCR programme's writes: the approval procedure and the life of approved BCRs.

Every step of the procedure goes through ``transition_application``: it checks the date, the
guards of the step (GDPR Art. 47(2), 64(6), the co-operation procedure), applies the transition
(``apply_transition`` records its ``WorkflowEvent``), makes its effects (co-reviewers, the lead
change, the approved ``BindingCorporateRules`` and its members) and records the dated line of the
timeline. All or nothing: one transaction per call.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import File
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext

from compliance import legal_text
from compliance.access import Actor, recorded_person
from compliance.bcr.documents import validate_document
from compliance.bcr.models import (
    Art47ChecklistItem,
    BCRAnnualUpdate,
    BCRApplication,
    BCRClock,
    BCRClockStatus,
    BCRDocument,
    BCRDocumentVersion,
    BCRMember,
    BCRSubstantialChange,
    BCRTimelineEvent,
    BindingCorporateRules,
    LeadAuthorityChange,
)
from compliance.bcr.models.procedure import (
    ApplicationState,
    DatePrecision,
    EventCategory,
    OrganisationKind,
)
from compliance.bcr.selectors import clocks_to_store, date_problem, step_problem
from compliance.registry.models import CorporateGroup, GroupEntity, SupervisoryAuthority
from compliance.reminders.sync import sync_reminders
from compliance.rules import bcr as rules
from compliance.workflow.services import (
    EditConflict,
    TransitionRefused,
    apply_transition,
    claim_version,
    record_event,
)

S = ApplicationState

# The arguments each step takes besides ``on``; anything else is a programming error.
PARAMS: dict[str, frozenset[str]] = {
    "request_lead": frozenset({"lead"}),
    "accept_lead": frozenset(),
    "request_revision": frozenset(),
    "submit_revision": frozenset(),
    "start_co_review": frozenset({"co_reviewers"}),
    "start_concerned_review": frozenset(),
    "submit_to_edpb": frozenset({"file_complete_on"}),
    "confirm_file_complete": frozenset(),
    "extend_opinion_period": frozenset(),
    "record_plenary": frozenset(),
    "record_opinion": frozenset({"reference", "received_on"}),
    "record_opinion_receipt": frozenset(),
    "refer_to_dispute": frozenset(),
    "extend_dispute_period": frozenset(),
    "record_dispute_decision": frozenset({"notified_on"}),
    "record_dispute_notification": frozenset(),
    "approve": frozenset({"reference", "response_on", "members"}),
    "invalidate": frozenset({"reason"}),
    "withdraw": frozenset({"reason"}),
    "change_lead": frozenset({"lead", "reason"}),
}

EDPB_STEPS = frozenset(
    {
        "confirm_file_complete",
        "extend_opinion_period",
        "record_plenary",
        "record_opinion",
        "extend_dispute_period",
        "record_dispute_decision",
        "record_dispute_notification",
    }
)
APPLICANT_STEPS = frozenset({"request_lead", "submit_revision", "withdraw"})


@dataclass(frozen=True)
class Organisation:
    """Who acted, as the timeline names it: an authority, the EDPB, an internal unit, context."""

    kind: str
    authority: SupervisoryAuthority | None = None
    name: str = ""

    @classmethod
    def of(cls, authority: SupervisoryAuthority) -> Organisation:
        return cls(OrganisationKind.AUTHORITY, authority=authority)


INTERNAL = Organisation(OrganisationKind.INTERNAL, name="Group data protection office")
EDPB = Organisation(OrganisationKind.EDPB, name="EDPB")


def _attribute(obj: Any, by: Actor | None, reason: str) -> None:
    if getattr(by, "is_authenticated", False):
        obj._history_user = by
    obj._change_reason = reason


def _normalise(on: date, precision: str) -> date:
    # Only the month is known: stored as its first day, so it sorts before the dated events.
    return on.replace(day=1) if precision == DatePrecision.MONTH else on


def start_problem(group: CorporateGroup, kind: str) -> str | None:
    """Why ``group`` cannot start a ``kind`` application now, or None."""
    if BCRApplication.objects.filter(group=group, kind=kind).exclude(state=S.WITHDRAWN).exists():
        return f"{group} already has an open {kind} application."
    return None


@transaction.atomic
def start_application(
    *, group: CorporateGroup, kind: str, title: str, by: Actor | None = None
) -> BCRApplication:
    """Open an application in drafting, with its Art. 47(2) checklist (items (a)–(n))."""
    if problem := start_problem(group, kind):
        raise ValidationError(problem)
    application = BCRApplication(group=group, kind=kind, title=title.strip())
    application.full_clean(exclude=["state"])
    _attribute(application, by, "application started")
    application.save()
    Art47ChecklistItem.objects.bulk_create(
        Art47ChecklistItem(application=application, letter=letter, description=text)
        for letter, text in rules.ART_47_2_ITEMS
    )
    record_event(
        subject=application, transition="create", from_state="", to_state=S.DRAFTING, by=by
    )
    return application


@transaction.atomic
def record_timeline_event(
    *,
    application: BCRApplication,
    on: date,
    note: str,
    organisation: Organisation,
    category: str = EventCategory.INTERNAL,
    precision: str = DatePrecision.DAY,
    documents: Iterable[BCRDocumentVersion] = (),
    by: Actor | None = None,
    action: str = "",
    state_before: str | None = None,
    workflow_event: Any = None,
) -> BCRTimelineEvent:
    """Record one dated line of the history (a step of the procedure, or internal/context)."""
    if on > timezone.localdate():
        raise ValidationError({"on": gettext("The date is in the future.")})
    event = BCRTimelineEvent(
        application=application,
        on=_normalise(on, precision),
        precision=precision,
        category=category,
        organisation_kind=organisation.kind,
        authority=organisation.authority,
        organisation=organisation.name,
        action=action,
        note=note.strip(),
        state_before=state_before if state_before is not None else application.state,
        state_after=application.state,
        round=application.round,
        workflow_event=workflow_event,
        recorded_by=recorded_person(by),
    )
    event.full_clean(exclude=["workflow_event", "recorded_by"])
    _attribute(event, by, "timeline")
    event.save()
    versions = list(documents)
    foreign = [v for v in versions if v.document.application_id != application.pk]
    if foreign:
        raise ValidationError("A document of another application cannot be attached.")
    event.documents.set(versions)
    return event


def _default_organisation(application: BCRApplication, name: str) -> Organisation:
    if name in EDPB_STEPS:
        return EDPB
    if name in APPLICANT_STEPS or application.lead_authority is None:
        return INTERNAL
    return Organisation.of(application.lead_authority)


@transaction.atomic
def transition_application(
    *,
    application: BCRApplication,
    name: str,
    on: date,
    by: Actor | None = None,
    note: str = "",
    precision: str = DatePrecision.DAY,
    organisation: Organisation | None = None,
    documents: Sequence[BCRDocumentVersion] = (),
    **params: Any,
) -> BCRTimelineEvent:
    """Take one step of the procedure on the day ``on`` and record it on the timeline.

    Refused with ``TransitionRefused`` (the reason a DPO can act on) or ``EditConflict`` (another
    user changed the application since it was loaded: of two simultaneous steps one wins).
    """
    if name not in PARAMS:
        raise TransitionRefused(f"{name} is not a step of a BCR application.")
    unknown = set(params) - PARAMS[name]
    if unknown:
        raise TypeError(f"{name} takes no {', '.join(sorted(unknown))}")
    on = _normalise(on, precision)
    if problem := date_problem(application, on):
        raise TransitionRefused(problem)
    loaded_version = application.version
    before, before_lead = application.state, application.lead_authority
    kwargs = {k: v for k, v in params.items() if k not in ("co_reviewers", "members")}
    try:
        # The conditional UPDATE of the version serialises steps of the same application,
        # also those that keep its state (a second round, say), which the state check of
        # ConcurrentTransitionMixin alone would let through twice.
        claim_version(application, loaded_version)
        workflow_event = apply_transition(
            obj=application,
            name=name,
            by=by,
            note=note,
            guard=lambda: step_problem(application, name, on, params),
            on=on,
            **kwargs,
        )
    except Exception:
        application.version = loaded_version  # the transaction is rolled back; so is the copy
        raise
    _effects(application, name, on, params, before_lead, by)
    sync_bcr_clocks(application=application, by=by)
    return record_timeline_event(
        application=application,
        on=on,
        precision=precision,
        note=note or str(application.get_state_display()),
        organisation=organisation or _default_organisation(application, name),
        category=EventCategory.PROCEDURE,
        documents=documents,
        by=by,
        action=name,
        state_before=before,
        workflow_event=workflow_event,
    )


def _effects(
    application: BCRApplication,
    name: str,
    on: date,
    params: dict[str, Any],
    before_lead: SupervisoryAuthority | None,
    by: Actor | None,
) -> None:
    if name == "start_co_review":
        application.co_reviewers.set(params["co_reviewers"])
    elif name == "change_lead" and before_lead is not None:
        change = LeadAuthorityChange(
            application=application,
            from_authority=before_lead,
            to_authority=params["lead"],
            on=on,
            reason=params["reason"].strip(),
        )
        _attribute(change, by, "lead authority changed")
        change.save()
    elif name == "approve":
        application.bcr = _approved_bcr(application, on, params.get("reference", ""), by)
        _attribute(application, by, "approved BCR recorded")
        application.save(update_fields=["bcr"])
        bind_members(bcr=application.bcr, on=on, entities=params.get("members"), by=by)
    elif name in ("invalidate", "withdraw") and application.bcr is not None:
        bcr = application.bcr
        if bcr.invalid_from is None and bcr.approved_on is not None:
            bcr.invalid_from = on
            _attribute(bcr, by, f"{name}: {params.get('reason', '')}".strip(": "))
            bcr.save()


def _approved_bcr(
    application: BCRApplication, on: date, reference: str, by: Actor | None
) -> BindingCorporateRules:
    """The ``BindingCorporateRules`` row of this approval, created or brought up to date.

    Idempotent with a row another seeder or an import already made for the group and kind: a
    valid row (not invalidated) approved on the same day, or not yet dated, is updated rather
    than duplicated. A valid row of an earlier approval is superseded from ``on``. Invalidated
    rows are history (transfers were covered while they were in force) and stay as they are.
    """
    current = application.bcr
    if current is None or current.invalid_from is not None:
        valid = BindingCorporateRules.objects.select_for_update().filter(
            group_id=application.group_id, kind=application.kind, invalid_from__isnull=True
        )
        current = valid.filter(
            models.Q(approved_on__isnull=True) | models.Q(approved_on=on)
        ).first()
        for earlier in valid.filter(approved_on__lt=on):
            earlier.invalid_from = on
            _attribute(earlier, by, f"superseded by the approval of {on.isoformat()}")
            earlier.save()
    bcr = current or BindingCorporateRules(group_id=application.group_id, kind=application.kind)
    assert application.lead_authority is not None
    bcr.title = application.title
    bcr.lead_authority = application.lead_authority
    bcr.approved_on = on
    bcr.reference = reference or bcr.reference
    _attribute(bcr, by, f"approved by {application.lead_authority.short_name}")
    bcr.save()
    return bcr


@transaction.atomic
def bind_members(
    *,
    bcr: BindingCorporateRules,
    on: date,
    entities: Iterable[GroupEntity] | None = None,
    by: Actor | None = None,
) -> list[BCRMember]:
    """Bind entities (default: the group's entities active on ``on``) from ``on``.

    An entity already bound (an open membership) keeps its membership: binding is idempotent.
    No transfers to a member are covered before the day it is bound.
    """
    if entities is None:
        entities = GroupEntity.objects.filter(group_id=bcr.group_id).active(at=on)
    bound = set(bcr.members.filter(left_on__isnull=True).values_list("entity_id", flat=True))
    created = []
    for entity in entities:
        if entity.group_id != bcr.group_id:
            raise ValidationError(f"{entity} is not an entity of the group.")
        if entity.pk in bound:
            continue
        member = BCRMember(bcr=bcr, entity=entity, joined_on=on)
        _attribute(member, by, "bound")
        member.save()
        bound.add(entity.pk)
        created.append(member)
    return created


@transaction.atomic
def release_member(*, member: BCRMember, left_on: date, by: Actor | None = None) -> BCRMember:
    """End a membership: transfers to the entity are no longer covered after ``left_on``."""
    member = BCRMember.objects.select_for_update().get(pk=member.pk)
    if member.left_on is not None:
        raise ValidationError(f"{member.entity} already left on {member.left_on.isoformat()}.")
    if left_on < member.joined_on:
        raise ValidationError("A member cannot leave before it joined.")
    member.left_on = left_on
    _attribute(member, by, "left")
    member.save()
    return member


def change_lead_authority(
    *,
    application: BCRApplication,
    lead: SupervisoryAuthority,
    on: date,
    reason: str,
    by: Actor | None = None,
    note: str = "",
    precision: str = DatePrecision.DAY,
    organisation: Organisation | None = None,
) -> BCRTimelineEvent:
    """Move the application to another BCR Lead; the change row keeps both authorities."""
    return transition_application(
        application=application,
        name="change_lead",
        on=on,
        by=by,
        note=note or f"Lead authority changed to {lead.short_name}: {reason}",
        precision=precision,
        organisation=organisation or Organisation.of(lead),
        lead=lead,
        reason=reason,
    )


def approve_application(
    *,
    application: BCRApplication,
    on: date,
    by: Actor | None = None,
    reference: str = "",
    **extra: Any,
) -> BCRTimelineEvent:
    """Approval by the lead authority (Art. 47(1)); never before the EDPB opinion (Art. 64(6))."""
    return transition_application(
        application=application, name="approve", on=on, by=by, reference=reference, **extra
    )


def invalidate_approval(
    *, application: BCRApplication, on: date, reason: str, by: Actor | None = None, **extra: Any
) -> BCRTimelineEvent:
    """The approval stops being valid from ``on`` (e.g. ICO approvals after the transition
    period); the approved BCR is marked invalid from that day and the procedure re-runs."""
    return transition_application(
        application=application, name="invalidate", on=on, by=by, reason=reason, **extra
    )


@transaction.atomic
def record_document_version(
    *,
    application: BCRApplication,
    kind: str,
    language: str,
    label: str,
    created_on: date,
    url: str = "",
    file: File[Any] | None = None,
    note: str = "",
    title: str = "",
    by: Actor | None = None,
) -> BCRDocumentVersion:
    """A version of a document (BCR text, application form) in one language.

    An attached file must be an allow-listed document type by its content and within
    ``settings.BCR_DOCUMENT_MAX_BYTES`` (``compliance.bcr.documents``)."""
    if file is not None:
        validate_document(file)
    document, created = BCRDocument.objects.get_or_create(
        application=application,
        kind=kind,
        language=language.strip().lower(),
        defaults={"title": title},
    )
    if created:
        document.full_clean()
    version = BCRDocumentVersion(
        document=document, label=label.strip(), created_on=created_on, url=url, note=note
    )
    if file is not None:
        version.file = file
    version.full_clean()
    _attribute(version, by, "document version")
    version.save()
    return version


@transaction.atomic
def update_checklist_item(
    *,
    item: Art47ChecklistItem,
    status: str,
    evidence: str = "",
    evidence_url: str = "",
    by: Actor | None,
) -> Art47ChecklistItem:
    """Record the evidence for an Art. 47(2) element; an item is done only with evidence."""
    item = Art47ChecklistItem.objects.select_for_update().get(pk=item.pk)
    item.status, item.evidence, item.evidence_url = status, evidence.strip(), evidence_url.strip()
    if status == Art47ChecklistItem.Status.DONE and not (item.evidence or item.evidence_url):
        raise ValidationError(
            f"Art. 47(2)({item.letter}) is done only with its evidence: a link or a reference "
            "to the section of the BCRs."
        )
    item.full_clean()
    _attribute(item, by, "checklist")
    item.save()
    return item


def annual_update_problem(bcr: BindingCorporateRules, sent_on: date) -> str | None:
    """Why an annual update cannot be recorded as sent on ``sent_on``, or None."""
    if sent_on > timezone.localdate():
        return gettext(
            "The update cannot have been sent on %(day)s: that date is in the future."
        ) % {"day": sent_on.isoformat()}
    if bcr.approved_on is None or sent_on < bcr.approved_on:
        return "An annual update follows the approval of the BCRs."
    last = bcr.annual_updates.order_by("-sent_on").first()
    if last is not None and sent_on <= last.sent_on:
        return f"The last update was sent on {last.sent_on.isoformat()}."
    return None


@transaction.atomic
def record_annual_update(
    *, bcr: BindingCorporateRules, sent_on: date, changes: str, by: Actor | None = None
) -> BCRAnnualUpdate:
    """The yearly report to the BCR Lead (Art. 47(2)(k)) with the member list as it stands."""
    if problem := annual_update_problem(bcr, sent_on):
        raise ValidationError(problem)
    assert bcr.approved_on is not None  # annual_update_problem refuses unapproved rules
    last = bcr.annual_updates.order_by("-sent_on").first()
    clock = rules.annual_update_clock(
        approved_on=bcr.approved_on, last_update_on=last.sent_on if last else None
    )
    members = bcr.members.select_related("entity").order_by("entity__short_name", "joined_on")
    update = BCRAnnualUpdate(
        bcr=bcr,
        period_start=clock.starts_on,
        period_end=sent_on,
        due_on=clock.due_on,
        sent_on=sent_on,
        sent_to=bcr.lead_authority,
        members_snapshot=[
            {
                "entity": m.entity.short_name,
                "legal_name": m.entity.legal_name,
                "country": m.entity.country_id,
                "joined_on": m.joined_on.isoformat(),
                "left_on": m.left_on.isoformat() if m.left_on else None,
            }
            for m in members
            if m.joined_on <= sent_on
        ],
        changes=changes.strip(),
        basis=clock.basis,
        basis_parts=legal_text.to_json(clock.basis),
    )
    update.full_clean()
    _attribute(update, by, "annual update sent")
    update.save()
    for application in bcr.applications.all():
        sync_bcr_clocks(application=application, by=by)
    return update


@transaction.atomic
def sync_bcr_clocks(
    *, application: BCRApplication, by: Actor | None = None, on: date | None = None
) -> list[BCRClock]:
    """Store the application's clocks as of ``on`` (default today) as ``BCRClock`` rows and
    bring their reminders in line; returns the rows, oldest first.

    The clocks: GDPR Art. 64(3), 64(7), 65(2), 65(3) (once the 65(2) period has ended: the
    daily ``sync_open_bcr_clocks`` makes it appear), 65(6), the annual update (47(2)(k)) and
    the "promptly" report of each substantial change. Called by every step of the procedure,
    by the annual updates and by the substantial changes, inside their transaction. A clock is
    found by its kind, its start and (for a substantial change) its change: an extension moves
    its last day, a new period gets a new row. A row whose clock no longer applies (withdrawal,
    invalidation, a change no longer reportable) is cancelled if it was open, never deleted; a
    met row stays met. Idempotent.
    """
    entity_id = (
        GroupEntity.objects.filter(group_id=application.group_id, is_eu_main_establishment=True)
        .order_by("pk")
        .values_list("pk", flat=True)
        .first()
    )
    # of=("self",): PostgreSQL refuses to lock the nullable side of the entity join.
    stored_rows = BCRClock.objects.select_for_update(of=("self",)).filter(application=application)
    rows = {
        (row.kind, row.starts_on, row.substantial_change_id): row
        for row in stored_rows.select_related("entity")
    }
    current = {item.key: item for item in clocks_to_store(application, on=on)}
    for key, item in current.items():
        clock = item.clock
        row = rows.get(key) or BCRClock(
            application=application,
            kind=clock.kind,
            starts_on=clock.starts_on,
            substantial_change_id=item.substantial_change_id,
        )
        status = BCRClockStatus.MET if clock.met_on is not None else BCRClockStatus.OPEN
        _save_clock(
            row,
            by,
            basis_parts=legal_text.to_json(clock.basis),
            due_on=clock.due_on,
            basis=clock.basis,
            met_on=clock.met_on,
            status=status,
            entity_id=entity_id,
            deadline_source=clock.deadline_source,
            assumed=clock.assumed,
            moved_from=clock.moved_from,
        )
        rows[key] = row
    for key, row in rows.items():
        if key not in current and row.status == BCRClockStatus.OPEN:
            _save_clock(row, by, status=BCRClockStatus.CANCELLED)
    stored = sorted(rows.values(), key=lambda r: (r.starts_on, r.kind, r.pk))
    for row in stored:
        row.application = application  # what the reminders describe, without a query per row
        sync_reminders(row)
    return stored


def sync_open_bcr_clocks(*, on: date | None = None) -> int:
    """Store anew the clocks of every application not withdrawn, as of ``on`` (default today);
    returns how many applications. Run daily (``compliance.bcr.tasks``): a clock that starts
    with the passing of time, not with a step, appears on its day (GDPR Art. 65(3): when the
    Art. 65(2) period has ended without a decision). One transaction per application."""
    applications = BCRApplication.objects.exclude(state=ApplicationState.WITHDRAWN).order_by("pk")
    count = 0
    for application in applications:
        sync_bcr_clocks(application=application, on=on)
        count += 1
    return count


def _save_clock(
    row: BCRClock, by: Actor | None, *, basis_parts: list[Any] | None = None, **values: Any
) -> None:
    """Save the row when its values changed. The basis's parts only say how to word the same
    basis in other languages: brought up to date without a history entry of their own."""
    parts_changed = basis_parts is not None and row.basis_parts != basis_parts
    if basis_parts is not None:
        row.basis_parts = basis_parts
    if row.pk is not None and all(getattr(row, k) == v for k, v in values.items()):
        if parts_changed:
            BCRClock.objects.filter(pk=row.pk).update(basis_parts=basis_parts)
        return
    for name, value in values.items():
        setattr(row, name, value)
    _attribute(row, by, f"clock {row.status}")
    row.save()


@transaction.atomic
def report_substantial_change(
    *,
    bcr: BindingCorporateRules,
    changed_on: date,
    description: str,
    reported_on: date | None = None,
    affects_protection: bool = True,
    by: Actor | None = None,
) -> BCRSubstantialChange:
    """A change affecting the level of protection, reported to the Lead promptly (§5): its
    "promptly" clock (``BCR_SUBSTANTIAL_CHANGE_WORKING_DAYS`` working days, an internal target)
    is stored with its reminders."""
    change = BCRSubstantialChange(
        bcr=bcr,
        changed_on=changed_on,
        description=description.strip(),
        affects_protection=affects_protection,
        reported_on=reported_on,
        reported_to=bcr.lead_authority if reported_on else None,
    )
    return save_substantial_change(change=change, by=by, reason="substantial change")


@transaction.atomic
def save_substantial_change(
    *, change: BCRSubstantialChange, by: Actor | None = None, reason: str = ""
) -> BCRSubstantialChange:
    """Save a substantial change (new or edited) and store its clock anew: recording the report
    meets it, a change that no longer may affect the protection cancels it."""
    if change.reported_on is not None and change.reported_to_id is None:
        change.reported_to = change.bcr.lead_authority
    save_record(record=change, by=by, reason=reason or "substantial change")
    for application in change.bcr.applications.all():
        sync_bcr_clocks(application=application, by=by)
    return change


@transaction.atomic
def save_record(*, record: models.Model, by: Actor | None = None, reason: str = "") -> Any:
    """Validate and save a post-approval record (training, complaint, change) with its author."""
    if record.pk is not None and getattr(record, "version", None) is not None:
        raise EditConflict("Versioned records are saved through their own service.")
    record.full_clean()
    _attribute(record, by, reason or "saved")
    record.save()
    return record


__all__ = [
    "EDPB",
    "INTERNAL",
    "EditConflict",
    "Organisation",
    "TransitionRefused",
    "approve_application",
    "bind_members",
    "change_lead_authority",
    "invalidate_approval",
    "record_annual_update",
    "record_document_version",
    "record_timeline_event",
    "release_member",
    "report_substantial_change",
    "save_record",
    "save_substantial_change",
    "start_application",
    "sync_bcr_clocks",
    "sync_open_bcr_clocks",
    "transition_application",
    "update_checklist_item",
]


def follow_main_establishment(entity: GroupEntity, by: Actor | None) -> None:
    """The clocks remind the main establishment's coordinators, in its time zone: store them
    anew when the group's EU main establishment changes or is edited."""
    applications = BCRApplication.objects.filter(group_id=entity.group_id).exclude(
        state=ApplicationState.WITHDRAWN
    )
    for application in applications:
        sync_bcr_clocks(application=application, by=by)
