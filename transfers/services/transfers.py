"""Writes of the transfer register: recipients, processing records, transfers, their workflow.

Each is atomic: a refused or invalid write leaves nothing behind. A change of facts re-runs the
engine; transitions go through ``compliance.workflow.services.apply_transition`` and are recorded
as workflow events.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy

from compliance import legal_text
from compliance.access import Actor, is_legal
from compliance.inputs import TRANSFER_EARLIEST, TRANSFER_HORIZON, check_date_range
from compliance.registry.models import Country, GroupEntity
from compliance.reminders.sync import sync_reminders
from compliance.workflow.models import WorkflowEvent
from compliance.workflow.services import apply_transition, claim_version, record_event
from transfers.choices import TransferState
from transfers.models import DataTransfer, ExternalRecipient, ProcessingActivity
from transfers.remedies import remedy
from transfers.rules.mechanisms import evaluate_transfer
from transfers.selectors import built_facts
from transfers.services.common import attribute, full_clean
from transfers.services.evaluations import evaluate, reevaluate_transfers
from transfers.validation import scc_link_problems

FACT_FIELDS = (
    "name",
    "exporter",
    "exporter_role",
    "importer",
    "external_recipient",
    "importer_role",
    "processing_activity",
    "data_categories",
    "special_categories",
    "purpose",
    "frequency",
    "start_date",
    "end_date",
    "continues",
    "hr_data",
    "eu_origin",
    "appi_consent",
    "appi_equivalent_measures",
    "derogation",
    "compelling_interests",
    "authority_informed_on",
    "subjects_informed_on",
)
# A change to any of these is a change to the processing, which sends an approved transfer back
# to review. A new name, an earlier end, or recording that the duties of the compelling-interests
# derogation were carried out (informing the authority and the data subjects) changes nothing
# the approval relied on.
MATERIAL_FIELDS = tuple(
    f
    for f in FACT_FIELDS
    if f not in ("name", "end_date", "authority_informed_on", "subjects_informed_on")
)
UNDER_APPROVAL = (TransferState.ACTIVE, TransferState.SUSPENDED)
# Transitions into the active state: refused while the engine reports a blocker.
ACTIVATING = ("approve", "resume")
INSERT_BATCH = 2000

# --- Registry records ----------------------------------------------------------------------------


@transaction.atomic
def save_processing_activity(
    *,
    activity: ProcessingActivity,
    by: Actor | None = None,
    reason: str = "",
    expected_version: int | None = None,
) -> ProcessingActivity:
    """Record or change an Art. 30(1) record of processing activities (refused with
    ``EditConflict`` when saved by someone else since ``expected_version``)."""
    full_clean(activity)
    if activity.pk is not None and expected_version is not None:
        claim_version(activity, expected_version)
    attribute(activity, by, reason or "saved")
    activity.save()
    return activity


@transaction.atomic
def save_external_recipient(
    *,
    recipient: ExternalRecipient,
    by: Actor | None = None,
    reason: str = "",
    expected_version: int | None = None,
) -> ExternalRecipient:
    """Record or change a recipient outside the group; its transfers are re-evaluated today,
    since a certification date (and its scope: HR data) decides US adequacy (Decision (EU)
    2023/1795 Art. 1), and the review of its certification's end follows. Refused with
    ``EditConflict`` when saved by someone else since ``expected_version``."""
    full_clean(recipient)
    if recipient.pk is not None and expected_version is not None:
        claim_version(recipient, expected_version)
    attribute(recipient, by, reason or "saved")
    recipient.save()
    reevaluate_transfers(
        transfers=DataTransfer.objects.filter(external_recipient=recipient),
        as_of=timezone.localdate(),
    )
    # The certification's end may have moved or gone: its review reminders follow.
    sync_reminders(recipient)
    return recipient


def record_external_recipient(
    *, name: str, country: str, by: Actor | None = None, **details: Any
) -> ExternalRecipient:
    code = country.strip().upper()
    found = Country.objects.filter(code=code).first()
    if found is None:
        raise ValidationError(
            {"country": f"Unknown country code {country!r} (use ISO 3166-1 alpha-2, e.g. US)."}
        )
    recipient = ExternalRecipient(name=name, country=found, **details)
    return save_external_recipient(recipient=recipient, by=by, reason="recorded")


# --- Transfers -----------------------------------------------------------------------------------


def _check_fields(names: Any) -> None:
    unknown = set(names) - set(FACT_FIELDS)
    if unknown:
        raise TypeError(f"unknown transfer fields: {', '.join(sorted(unknown))}")


def date_problems(values: dict[str, Any]) -> dict[str, ValidationError]:
    """The start or end of a transfer that cannot be meant: before the first EU transfer rule
    (Directive 95/46/EC) or more than ten years ahead (2206 typed for 2026)."""
    latest = timezone.localdate() + TRANSFER_HORIZON
    problems = {}
    for name in ("start_date", "end_date"):
        value = values.get(name)
        if value is None:
            continue
        try:
            check_date_range(
                value,
                earliest=TRANSFER_EARLIEST,
                latest=latest,
                earliest_reason=gettext_lazy(
                    "%(value)s is before %(earliest)s (Directive 95/46/EC): no EU transfer "
                    "rule existed; check the year."
                ),
            )
        except ValidationError as exc:
            problems[name] = exc
    return problems


def _validate_transfer(transfer: DataTransfer) -> None:
    dates = date_problems({f: getattr(transfer, f) for f in ("start_date", "end_date")})
    if dates:
        raise ValidationError({name: exc.messages for name, exc in dates.items()})
    full_clean(transfer)
    if transfer.pk is None:
        return
    problems = [
        problem
        for contract in transfer.scc_contracts.filter(terminated_on__isnull=True)
        for problem in scc_link_problems(contract, transfer)
    ]
    if problems:
        raise ValidationError({"exporter_role": problems})


@transaction.atomic
def request_transfer(
    *, exporter: GroupEntity, by: Actor | None = None, **facts: Any
) -> DataTransfer:
    """Record a requested transfer and evaluate it as of today. All or nothing."""
    _check_fields(facts)
    transfer = DataTransfer(exporter=exporter, **facts)
    if getattr(by, "is_authenticated", False):
        transfer.requested_by = by
    _validate_transfer(transfer)
    attribute(transfer, by, "requested")
    transfer.save()
    record_event(
        subject=transfer, transition="request", from_state="", to_state=transfer.state, by=by
    )
    evaluate(transfer=transfer, on=timezone.localdate())
    return transfer


@transaction.atomic
def update_transfer(
    *,
    transfer: DataTransfer,
    by: Actor | None,
    expected_version: int,
    changes: dict[str, Any],
    reason: str = "",
) -> DataTransfer:
    """Change a transfer's facts; an approved transfer whose processing changed goes back to
    DPO review (its approval covered the processing as it was). Re-evaluated as of today.

    Refused with ``EditConflict`` when someone saved it since ``expected_version`` was loaded.
    """
    _check_fields(changes)
    material = sorted(
        name
        for name, value in changes.items()
        if name in MATERIAL_FIELDS and getattr(transfer, name) != value
    )
    for name, value in changes.items():
        setattr(transfer, name, value)
    _validate_transfer(transfer)
    claim_version(transfer, expected_version)
    attribute(transfer, by, reason or "facts changed")
    transfer.save()
    if material and transfer.state in UNDER_APPROVAL:
        note = f"Processing changed ({', '.join(material)})" + (f": {reason}" if reason else "")
        apply_transition(obj=transfer, name="reopen_review", by=by, note=note)
    evaluate(transfer=transfer, on=timezone.localdate())
    return transfer


def activation_date(transfer: DataTransfer, approved_on: date | None = None) -> date:
    """The day an approval is judged on: the approval day, or the start if that is later."""
    day = approved_on or timezone.localdate()
    return max(day, transfer.start_date)


def blocker_problem(transfer: DataTransfer, on: date) -> str | None:
    """Why the transfer may not be active on ``on``: the engine's blockers, with their basis."""
    evaluation = evaluate_transfer(built_facts(transfer, on).facts)
    blockers = [f for f in evaluation.findings if f.severity == "blocker"]
    if not blockers:
        return None
    # The findings and the sentence in the reader's language (the English text in English).
    listed = "; ".join(
        f"{f.code}: {legal_text.render(f.message)} ({legal_text.render(f.basis)})" for f in blockers
    )
    fix = remedy(
        codes=[f.code for f in blockers],
        regime=evaluation.regime,
        exporter_role=transfer.exporter_role,
        importer_role=transfer.importer_role,
        importer=str(transfer.recipient),
    )
    problem = gettext(
        "%(reference)s cannot be active: as of %(on)s the engine reports %(findings)s"
    ) % {"reference": transfer.reference, "on": on, "findings": listed}
    return f"{problem}. {fix}" if fix else problem


def _own_name(user: Any) -> str:
    """How Legal's own sign-off is recorded: the user's full name, else the user name."""
    return str(user.get_full_name() or user.get_username()).strip()


def _approval_problem(
    transfer: DataTransfer, approving_lawyer: str, approved_on: date
) -> str | None:
    if not approving_lawyer.strip():
        return "Name the lawyer whose sign-off approves the transfer."
    if approved_on > timezone.localdate():
        return f"The approval date {approved_on} is in the future."
    return blocker_problem(transfer, activation_date(transfer, approved_on))


@transaction.atomic
def transition_transfer(
    *, transfer: DataTransfer, name: str, by: Actor | None, note: str = "", **kwargs: Any
) -> WorkflowEvent:
    """Apply a workflow transition; approval and resumption are refused while the engine reports
    a blocker (no transfer without a transfer tool: GDPR Art. 44, UK GDPR Art. 44, APPI Art. 28)."""
    if name == "approve":
        kwargs["approving_lawyer"] = str(kwargs.get("approving_lawyer") or "").strip() or (
            _own_name(by) if is_legal(by) else ""
        )
        kwargs["approved_on"] = kwargs.get("approved_on") or timezone.localdate()

        def guard() -> str | None:
            return _approval_problem(transfer, kwargs["approving_lawyer"], kwargs["approved_on"])

    elif name in ACTIVATING:

        def guard() -> str | None:
            return blocker_problem(transfer, activation_date(transfer))

    else:
        guard = None  # type: ignore[assignment]
    # A transition changes no fact the engine reads: the current evaluation stays valid.
    return apply_transition(obj=transfer, name=name, by=by, note=note, guard=guard, **kwargs)


def approve_transfer(
    *,
    transfer: DataTransfer,
    by: Actor | None,
    approving_lawyer: str,
    approved_on: date | None = None,
    note: str = "",
) -> WorkflowEvent:
    """Record Legal's sign-off (by Legal itself, or by the DPO for a sign-off given outside the
    tool) and activate."""
    return transition_transfer(
        transfer=transfer,
        name="approve",
        by=by,
        note=note,
        approving_lawyer=approving_lawyer,
        approved_on=approved_on,
    )
