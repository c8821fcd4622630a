"""The deadlines of the transfer tools, registered with compliance's reminder system.

- ``transfers.tia_review``: an approved transfer impact assessment with a review date (EDPB
  Recommendations 01/2020, step 6: re-evaluate at appropriate intervals). Flagged for
  reassessment, it is no longer a review to remind of: the reassessment is the work.
- ``transfers.scc_review``: a signed contract in force with a review date (the clauses and the
  TIA they rely on). Terminated or superseded, its reminders are cancelled.

- ``transfer.dpf_certification_review`` (``compliance.rules.bcr.dpf_review_clock``, domain.md
  §8.4): an external recipient relied on under the EU-US Data Privacy Framework or its UK
  Extension (a transfer to it, not retired, whose current evaluation rests on adequacy) with a
  certification end on record (``dpf_certified_until``): adequacy ends with the certification, so
  its renewal is confirmed, or the transfers moved to another tool, by that day; reminded 60 and
  14 days before (the clock's ``reminder_offsets``, the policy's lead times). No longer relied
  on, or the end removed, its reminders are cancelled; a renewal recorded as a later end moves
  them.

Registered from ``TransfersConfig.ready``: compliance never imports transfers. The services that
change these records call ``sync_reminders`` (``transfers.services.contracts``).

Neither a transfer nor a contract has an owner field (``requested_by`` is who asked for the
transfer, not who answers for it), so the audiences are the coordinators of the group entities
concerned, and the DPO group as the policy says (or as the fallback when there is nobody).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import timedelta
from typing import Any

from django.db.models import Q, QuerySet
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from compliance import labels
from compliance.registry.models import GroupEntity
from compliance.reminders.models import COORDINATORS, OWNER, ReminderPolicy
from compliance.reminders.registry import (
    Deadline,
    admin_change_url,
    end_of_day,
    register_deadline_source,
    start_of_day,
)
from compliance.rules.bcr import (
    DPF_CERTIFICATION_REVIEW,
    DPF_REVIEW_REMINDER_DAYS,
    dpf_review_clock,
)
from transfers.choices import Mechanism, PartySide, SCCState, TIAState, TransferState
from transfers.models import (
    DataTransfer,
    ExternalRecipient,
    SCCContract,
    TransferImpactAssessment,
)

TIA_REVIEW = "transfers.tia_review"
SCC_REVIEW = "transfers.scc_review"
# A review date is chosen by the office when it approves the assessment or signs the clauses:
# no law fixes it, and the reminders must not call it a statutory deadline.
REVIEW_NATURE = "Review date set by the DPO office (not a statutory deadline)"
# The clock's own kind (compliance.rules.bcr), which names its reminder policy.
DPF_REVIEW = DPF_CERTIFICATION_REVIEW
# Its reminder policy (shipped by migration 0008_dpf_review_policy, a frozen copy; editable in
# the admin): 60 and 14 days before the last day (the clock's reminder days), to the entity
# coordinators and the DPO group, since adequacy for the recipient ends that day; weekly repeats
# once it has passed, as for the other reviews.
DPF_REVIEW_POLICY: dict[str, Any] = {
    "description": "DPF / UK Extension certification of a recipient ends: review",
    "lead_times": ", ".join(f"{days}d" for days in DPF_REVIEW_REMINDER_DAYS),
    "notify_dpo": True,
    "escalation_interval": timedelta(days=7),
    "escalation_max": 8,
}
DPF_NATURE = (
    "Last day of the recipient's DPF certification as recorded: adequacy for it ends then "
    "(not a statutory deadline of the office)"
)


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


def _relied_on_under_dpf() -> Q:
    """Transfers resting on adequacy for a US recipient: the DPF (or its UK Extension) is the
    only adequacy the United States has."""
    return Q(
        transfers__current_mechanism=Mechanism.ADEQUACY,
        transfers__has_blocker=False,
        country_id="US",
    ) & ~Q(transfers__state=TransferState.RETIRED)


def _live_dpf_recipients() -> QuerySet[ExternalRecipient]:
    return (
        ExternalRecipient.objects.filter(dpf_certified_until__isnull=False)
        .filter(_relied_on_under_dpf())
        .distinct()
    )


def _dpf_transfers(recipient: ExternalRecipient) -> list[DataTransfer]:
    """The recipient's transfers relied on under the DPF, from ``.all()`` so that the sweep's
    prefetch serves them."""
    if recipient.country_id != "US":
        return []
    return [
        t
        for t in recipient.transfers.all()
        if t.current_mechanism == Mechanism.ADEQUACY
        and not t.has_blocker
        and t.state != TransferState.RETIRED
    ]


def describe_dpf_review(recipient: ExternalRecipient) -> Deadline:
    relied = _dpf_transfers(recipient)
    until = recipient.dpf_certified_until
    # A review date is a day on the exporter's calendar (see _zone); the first transfer's
    # exporter when several rely on the recipient.
    zone = _zone(relied[0].exporter if relied else None)
    status = gettext("not relied on under the DPF") if not relied else gettext("certified")
    if until is None:
        return Deadline(
            kind=DPF_REVIEW,
            title=gettext("Review of the DPF certification of %(recipient)s")
            % {"recipient": recipient},
            record=recipient.name,
            basis="",
            admin_url=admin_change_url(recipient),
            start_at=None,
            due_at=None,
            done=True,
            status=gettext("no certification end recorded"),
            time_zone=zone,
        )
    # A UK exporter relies on the UK Extension (the DPF itself dates from 2023, after Brexit).
    uk_extension = any(t.exporter.country_id == "GB" for t in relied)
    clock = dpf_review_clock(certified_until=until, uk_extension=uk_extension)
    return Deadline(
        kind=DPF_REVIEW,
        title=gettext("Review of the DPF certification of %(recipient)s (ends %(until)s)")
        % {"recipient": recipient, "until": until.isoformat()},
        record=recipient.name,
        basis=clock.basis,
        admin_url=admin_change_url(recipient),
        start_at=start_of_day(clock.starts_on, zone),
        # Not translated: it becomes part of the reminder labels stored in English.
        start_label="the review window",
        due_at=end_of_day(clock.due_on, zone),
        done=not relied,
        status=status,
        time_zone=zone,
        nature=DPF_NATURE,
    )


def _dpf_audiences(recipient: ExternalRecipient) -> Mapping[str, Iterable[int]]:
    coordinators = {u.pk for t in _dpf_transfers(recipient) for u in t.exporter.coordinators.all()}
    return {OWNER: [], COORDINATORS: sorted(coordinators)}


def _dpf_responsible(user: Any) -> Q:
    return Q(transfers__exporter__coordinators=user)


def ensure_dpf_review_policy() -> bool:
    """Create the DPF review policy if it does not exist (never overwrites an edited one): the
    migration ships it; a demo database flushed and re-seeded gets it here."""
    _policy, created = ReminderPolicy.objects.get_or_create(
        kind=DPF_REVIEW, defaults=DPF_REVIEW_POLICY
    )
    return created


def register_sources() -> None:
    """Register the three sources (idempotent: a second call replaces them with themselves)."""
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
    register_deadline_source(
        ExternalRecipient,
        live=_live_dpf_recipients,
        describe=describe_dpf_review,
        audiences=_dpf_audiences,
        responsible=_dpf_responsible,
        prefetch_related=("transfers__exporter__coordinators",),
    )
    labels.register_reminder_kinds(
        {
            TIA_REVIEW: _("review of the transfer impact assessment"),
            SCC_REVIEW: _("review of the standard contractual clauses"),
            DPF_REVIEW: _("end of the recipient's DPF certification: review"),
        }
    )
