"""Writes of the transfer tools: SCC contracts and their parties, impact assessments.

A change to a tool changes the facts of the transfers it covers, so they are re-evaluated as of
today in the same transaction. A change to a review date or to the state of a contract or an
assessment brings its reminders in line (``sync_reminders``, ``transfers.reminders``) in the same
transaction too.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from compliance.access import Actor
from compliance.registry.models import GroupEntity
from compliance.reminders.sync import sync_reminders
from compliance.workflow.models import WorkflowEvent
from compliance.workflow.services import apply_transition, claim_version, record_event
from transfers.choices import PartySide, SCCState, TIAState
from transfers.models import (
    DataTransfer,
    ExternalRecipient,
    SCCContract,
    SCCParty,
    TransferImpactAssessment,
)
from transfers.services.common import attribute, full_clean
from transfers.services.evaluations import evaluate, reevaluate_transfers
from transfers.validation import accession_problem, scc_link_problems


def _reevaluate_linked(contract: SCCContract) -> None:
    reevaluate_transfers(
        transfers=DataTransfer.objects.filter(scc_contracts=contract), as_of=timezone.localdate()
    )


@transaction.atomic
def record_scc(
    *,
    reference: str,
    scc_version: str,
    module: int | None = None,
    docking_clause: bool = False,
    notes: str = "",
    next_review_on: date | None = None,
    by: Actor | None = None,
) -> SCCContract:
    """Record a draft SCC contract (GDPR Art. 46(2)(c); UK: IDTA or Addendum, s. 119A)."""
    contract = SCCContract(
        reference=reference,
        scc_version=scc_version,
        module=module,
        docking_clause=docking_clause,
        notes=notes,
        next_review_on=next_review_on,
    )
    full_clean(contract)
    attribute(contract, by, "recorded")
    contract.save()
    record_event(
        subject=contract, transition="record", from_state="", to_state=contract.state, by=by
    )
    return contract


@transaction.atomic
def save_scc(
    *,
    contract: SCCContract,
    by: Actor | None = None,
    reason: str = "",
    expected_version: int | None = None,
) -> SCCContract:
    """Change a contract's description (reference, version, module, notes, review date).

    With ``expected_version`` (the version the form was loaded at), refused with
    ``EditConflict`` when someone saved the contract since."""
    full_clean(contract)
    if expected_version is not None:
        claim_version(contract, expected_version)
    attribute(contract, by, reason or "changed")
    contract.save()
    _reevaluate_linked(contract)
    sync_reminders(contract)
    return contract


@transaction.atomic
def add_scc_party(
    *,
    contract: SCCContract,
    side: str,
    entity: GroupEntity | None = None,
    external_recipient: ExternalRecipient | None = None,
    acceded_on: date | None = None,
    by: Actor | None = None,
) -> SCCParty:
    """Name a party; after signature only by accession under the docking clause (Clause 7)."""
    problem = accession_problem(contract, acceded_on)
    if problem:
        raise ValidationError({"acceded_on": problem})
    party = SCCParty(
        contract=contract,
        side=side,
        entity=entity,
        external_recipient=external_recipient,
        acceded_on=acceded_on,
    )
    full_clean(party)
    attribute(party, by, "accession" if acceded_on else "party")
    party.save()
    if acceded_on is not None:
        record_event(
            subject=contract,
            transition="accession",
            from_state=contract.state,
            to_state=contract.state,
            by=by,
            note=f"{party} accedes on {acceded_on}",
        )
        _reevaluate_linked(contract)
    return party


def _scc_problem(contract: SCCContract, name: str, kwargs: dict[str, Any]) -> str | None:
    today = timezone.localdate()
    if name == "sign":
        signed_on: date = kwargs["signed_on"]
        if signed_on > today:
            return f"The signature date {signed_on} is in the future."
        if contract.terminated_on is not None and signed_on > contract.terminated_on:
            return f"A contract cannot be signed after its termination ({contract.terminated_on})."
        sides = {p.side for p in contract.parties.all()}
        if sides != {PartySide.EXPORTER, PartySide.IMPORTER}:
            return "Name the parties (at least one data exporter and one data importer) first."
        review = kwargs.get("next_review_on") or contract.next_review_on
        if review is not None and review <= signed_on:
            return gettext(
                "The next review (%(review)s) must come after the signature (%(signed)s)."
            ) % {"review": review.isoformat(), "signed": signed_on.isoformat()}
    if name == "terminate":
        ended: date = kwargs["terminated_on"]
        if contract.signed_on is not None and ended < contract.signed_on:
            return (
                f"The contract cannot end on {ended}, before it was signed "
                f"({contract.signed_on}): a signature after termination is impossible."
            )
    if name == "supersede":
        successor: SCCContract = kwargs["successor"]
        if successor.pk == contract.pk:
            return "A contract cannot supersede itself."
        if successor.signed_on is None or successor.state != SCCState.SIGNED:
            return f"Record the signature of {successor.reference} first."
        if contract.signed_on is not None and successor.signed_on < contract.signed_on:
            return f"{successor.reference} was signed before {contract.reference}."
    return None


@transaction.atomic
def transition_scc(
    *, contract: SCCContract, name: str, by: Actor | None, note: str = "", **kwargs: Any
) -> WorkflowEvent:
    """Sign, terminate or supersede a contract; the transfers it covers are re-evaluated and
    its review reminders follow (planned at signature, cancelled once it has ended)."""
    event = apply_transition(
        obj=contract,
        name=name,
        by=by,
        note=note,
        guard=lambda: _scc_problem(contract, name, kwargs),
        **kwargs,
    )
    _reevaluate_linked(contract)
    sync_reminders(contract)
    return event


def sign_scc(
    *,
    contract: SCCContract,
    signed_on: date,
    next_review_on: date | None = None,
    by: Actor | None = None,
) -> WorkflowEvent:
    return transition_scc(
        contract=contract,
        name="sign",
        by=by,
        signed_on=signed_on,
        next_review_on=next_review_on,
    )


def terminate_scc(
    *, contract: SCCContract, terminated_on: date, by: Actor | None = None
) -> WorkflowEvent:
    return transition_scc(contract=contract, name="terminate", by=by, terminated_on=terminated_on)


@transaction.atomic
def record_scc_for_transfer(
    *,
    transfer: DataTransfer,
    reference: str,
    scc_version: str,
    module: int | None,
    docking_clause: bool = False,
    notes: str = "",
    by: Actor | None = None,
) -> SCCContract:
    """Record a draft SCC between the transfer's exporter and importer and let it cover the
    transfer, in one step (GDPR Art. 46(2)(c)). All or nothing: a module the roles contradict
    is refused by ``link_scc`` and nothing is written."""
    contract = record_scc(
        reference=reference,
        scc_version=scc_version,
        module=module,
        docking_clause=docking_clause,
        notes=notes,
        by=by,
    )
    add_scc_party(contract=contract, side=PartySide.EXPORTER, entity=transfer.exporter, by=by)
    add_scc_party(
        contract=contract,
        side=PartySide.IMPORTER,
        entity=transfer.importer,
        external_recipient=transfer.external_recipient,
        by=by,
    )
    link_scc(contract=contract, transfer=transfer, by=by)
    return contract


@transaction.atomic
def link_scc(*, contract: SCCContract, transfer: DataTransfer, by: Actor | None = None) -> None:
    """Let ``contract`` cover ``transfer``: refused when its module contradicts the transfer's
    roles or the transfer's parties are not parties to it."""
    problems = scc_link_problems(contract, transfer)
    if problems:
        raise ValidationError({"transfers": problems})
    contract.transfers.add(transfer)
    record_event(
        subject=contract,
        transition="link",
        from_state=contract.state,
        to_state=contract.state,
        by=by,
        note=f"covers {transfer}",
    )
    evaluate(transfer=transfer, on=timezone.localdate())


# --- Transfer impact assessments -----------------------------------------------------------------

TIA_FIELDS = ("destination_laws", "practice", "supplementary_measures", "conclusion")


@transaction.atomic
def record_tia(
    *, transfer: DataTransfer, by: Actor | None = None, **fields: Any
) -> TransferImpactAssessment:
    """Record a draft assessment (EDPB Recommendations 01/2020, steps 1-4)."""
    unknown = set(fields) - set(TIA_FIELDS)
    if unknown:
        raise TypeError(f"unknown assessment fields: {', '.join(sorted(unknown))}")
    tia = TransferImpactAssessment(transfer=transfer, **fields)
    full_clean(tia)
    attribute(tia, by, "recorded")
    tia.save()
    record_event(subject=tia, transition="record", from_state="", to_state=tia.state, by=by)
    return tia


@transaction.atomic
def save_tia(
    *, tia: TransferImpactAssessment, by: Actor | None = None, reason: str = ""
) -> TransferImpactAssessment:
    """Change an assessment's content, or the review date of an approved one; its approval is
    a transition (``approve_tia``)."""
    full_clean(tia)
    attribute(tia, by, reason or "changed")
    tia.save()
    sync_reminders(tia)
    return tia


def _tia_problem(approved_on: date, next_review_on: date | None) -> str | None:
    if approved_on > timezone.localdate():
        return f"The approval date {approved_on} is in the future."
    if next_review_on is not None and next_review_on <= approved_on:
        return f"The next review ({next_review_on}) must come after the approval ({approved_on})."
    return None


@transaction.atomic
def approve_tia(
    *,
    tia: TransferImpactAssessment,
    approved_on: date,
    next_review_on: date | None = None,
    by: Actor | None = None,
) -> WorkflowEvent:
    event = apply_transition(
        obj=tia,
        name="approve",
        by=by,
        guard=lambda: _tia_problem(approved_on, next_review_on),
        approved_on=approved_on,
        next_review_on=next_review_on,
    )
    evaluate(transfer=tia.transfer, on=timezone.localdate())
    sync_reminders(tia)
    return event


@transaction.atomic
def transition_tia(
    *, tia: TransferImpactAssessment, name: str, by: Actor | None, note: str = "", **kwargs: Any
) -> WorkflowEvent:
    if name == "approve":
        return approve_tia(tia=tia, by=by, **kwargs)
    event = apply_transition(obj=tia, name=name, by=by, note=note, **kwargs)
    sync_reminders(tia)  # flagged for reassessment: the review reminders are cancelled
    return event


def flag_due_reassessments(*, today: date | None = None) -> int:
    """Mark approved assessments whose review date has come as due for reassessment."""
    today = today or timezone.localdate()
    due = TransferImpactAssessment.objects.filter(
        state=TIAState.APPROVED, next_review_on__lte=today
    )
    count = 0
    for tia in due:
        note = f"review date {tia.next_review_on}"
        with transaction.atomic():
            apply_transition(obj=tia, name="flag_reassessment", note=note)
            sync_reminders(tia)
        count += 1
    return count
