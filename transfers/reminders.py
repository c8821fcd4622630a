"""The deadlines of the transfer tools, registered with compliance's reminder system.

- ``transfers.tia_review``: an approved transfer impact assessment with a review date (EDPB
  Recommendations 01/2020, step 6: re-evaluate at appropriate intervals). Flagged for
  reassessment, it is no longer a review to remind of: the reassessment is the work.
- ``transfers.scc_review``: a signed contract in force with a review date (the clauses and the
  TIA they rely on). Terminated or superseded, its reminders are cancelled.

Registered from ``TransfersConfig.ready``: compliance never imports transfers. The services that
change these records call ``sync_reminders`` (``transfers.services.contracts``).

Neither a transfer nor a contract has an owner field (``requested_by`` is who asked for the
transfer, not who answers for it), so the audiences are the coordinators of the group entities
concerned, and the DPO group as the policy says (or as the fallback when there is nobody).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.db.models import Q, QuerySet
from django.utils.translation import gettext

from compliance.registry.models import GroupEntity
from compliance.reminders.models import COORDINATORS, OWNER
from compliance.reminders.registry import (
    Deadline,
    admin_change_url,
    end_of_day,
    register_deadline_source,
    start_of_day,
)
from transfers.choices import PartySide, SCCState, TIAState
from transfers.models import SCCContract, TransferImpactAssessment

TIA_REVIEW = "transfers.tia_review"
SCC_REVIEW = "transfers.scc_review"
# A review date is chosen by the office when it approves the assessment or signs the clauses:
# no law fixes it, and the reminders must not call it a statutory deadline.
REVIEW_NATURE = "Review date set by the DPO office (not a statutory deadline)"


def _zone(entity: GroupEntity | None) -> str:
    # A review date is a day on the exporter's calendar: the exporter answers for the transfer
    # (SCC Clause 14; GDPR Art. 44), so the whole day counts where it sits, to its last second.
    return entity.time_zone if entity is not None else "UTC"


def _live_tias() -> QuerySet[TransferImpactAssessment]:
    return TransferImpactAssessment.objects.filter(
        state=TIAState.APPROVED, next_review_on__isnull=False
    )


def describe_tia(tia: TransferImpactAssessment) -> Deadline:
    transfer = tia.transfer
    zone = _zone(transfer.exporter)
    live = tia.state == TIAState.APPROVED and tia.next_review_on is not None
    return Deadline(
        kind=TIA_REVIEW,
        title=gettext("Review of the transfer impact assessment: %(transfer)s")
        % {"transfer": transfer.name},
        record=transfer.name,
        basis=gettext(
            "EDPB Recommendations 01/2020, step 6: re-evaluate the assessment at appropriate "
            "intervals (2021 SCCs Clause 14); review date set when it was approved."
        ),
        admin_url=admin_change_url(tia),
        start_at=start_of_day(tia.approved_on, zone) if tia.approved_on else None,
        # Not translated: it becomes part of the reminder labels stored in English.
        start_label="the approval",
        due_at=end_of_day(tia.next_review_on, zone) if tia.next_review_on else None,
        done=not live,
        status=str(tia.get_state_display()) if tia.next_review_on else gettext("no review date"),
        time_zone=zone,
        nature=REVIEW_NATURE,
    )


def _tia_audiences(tia: TransferImpactAssessment) -> Mapping[str, Iterable[int]]:
    transfer = tia.transfer
    entities = [e for e in (transfer.exporter, transfer.importer) if e is not None]
    # .all() so that the sweep's prefetch serves it without a query per assessment.
    coordinators = {u.pk for e in entities for u in e.coordinators.all()}
    return {OWNER: [], COORDINATORS: sorted(coordinators)}


def _tia_responsible(user: Any) -> Q:
    return Q(transfer__exporter__coordinators=user) | Q(transfer__importer__coordinators=user)


def _live_sccs() -> QuerySet[SCCContract]:
    return SCCContract.objects.filter(state=SCCState.SIGNED, next_review_on__isnull=False)


def _entity_parties(contract: SCCContract) -> list[Any]:
    return [p for p in contract.parties.all() if p.entity is not None]


def _exporter(contract: SCCContract) -> GroupEntity | None:
    # A party from the signature before one that acceded later (docking clause, Clause 7).
    exporters = [p for p in _entity_parties(contract) if p.side == PartySide.EXPORTER]
    first = min(exporters, key=lambda p: (p.acceded_on is not None, p.pk), default=None)
    return first.entity if first is not None else None


def describe_scc(contract: SCCContract) -> Deadline:
    zone = _zone(_exporter(contract))
    live = contract.state == SCCState.SIGNED and contract.next_review_on is not None
    status = (
        str(contract.get_state_display()) if contract.next_review_on else gettext("no review date")
    )
    return Deadline(
        kind=SCC_REVIEW,
        title=gettext("Review of the standard contractual clauses %(contract)s")
        % {"contract": contract},
        record=contract.reference,
        basis=gettext(
            "GDPR Art. 46(2)(c); EDPB Recommendations 01/2020, step 6: periodic review of the "
            "clauses and of the transfer impact assessment they rely on."
        ),
        admin_url=admin_change_url(contract),
        start_at=start_of_day(contract.signed_on, zone) if contract.signed_on else None,
        # Not translated: it becomes part of the reminder labels stored in English.
        start_label="the signature",
        due_at=end_of_day(contract.next_review_on, zone) if contract.next_review_on else None,
        done=not live,
        status=status,
        time_zone=zone,
        nature=REVIEW_NATURE,
    )


def _scc_audiences(contract: SCCContract) -> Mapping[str, Iterable[int]]:
    coordinators = {u.pk for p in _entity_parties(contract) for u in p.entity.coordinators.all()}
    return {OWNER: [], COORDINATORS: sorted(coordinators)}


def _scc_responsible(user: Any) -> Q:
    return Q(parties__entity__coordinators=user)


def register_sources() -> None:
    """Register both sources (idempotent: a second call replaces them with themselves)."""
    register_deadline_source(
        TransferImpactAssessment,
        live=_live_tias,
        describe=describe_tia,
        audiences=_tia_audiences,
        responsible=_tia_responsible,
        select_related=("transfer__exporter", "transfer__importer"),
        prefetch_related=("transfer__exporter__coordinators", "transfer__importer__coordinators"),
    )
    register_deadline_source(
        SCCContract,
        live=_live_sccs,
        describe=describe_scc,
        audiences=_scc_audiences,
        responsible=_scc_responsible,
        prefetch_related=("parties__entity__coordinators",),
    )
