"""Reads of the transfers app: the engine's facts, built from the models, and group analyses.

Facts for many transfers are built from a ``FactsContext`` loaded with a fixed number of queries
(one per kind of record, plus one per step of the longest onward chain outside the set), then in
memory: never one query per transfer. ``transfer_facts`` for a single transfer goes through the
same code, with compliance's ``bcr_covering`` for BCR membership; a test keeps the two equal.

Conventions (shown to the user with the result, see ``FactsNote``):
- BCR kind: a controller exporter relies on the controller BCRs (BCR-C), a processor exporter on
  the processor BCRs (BCR-P).
- BCRs count for an EU/EEA exporter when approved by an EEA authority, for a UK exporter (from
  2021) only when approved by the ICO (UK GDPR Art. 47), and for a Japanese exporter as binding
  intra-group rules whoever approved them (PPC Enforcement Rules Art. 16(i)).
- EU origin: an exporter in Japan holds EU-origin data when the onward chain leads back, through
  entities in Japan only, to a transfer from the EEA or the UK to Japan (PPC Supplementary Rules,
  which cover UK-origin data since 2020-02-01; domain.md §8.3).
- Contracts: every linked contract in force on the date that binds both parties is given to the
  engine (``contracts``, oldest signature first), not the newest only: a valid IDTA stays the UK
  tool when an EU SCC contract is signed later between the same parties (§8.3).
- DPF scope: ``hr_data`` is the transfer's answer; ``importer_certified_hr`` the external
  recipient's (None: unknown; always None for a group entity, which holds no certification);
  ``importer_organisation`` the recipient's international organisation, if any.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, fields, replace
from datetime import date, timedelta
from typing import Any

from django.db.models import Min, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from compliance import legal_text
from compliance.bcr.models import BCRKind, BindingCorporateRules
from compliance.bcr.models.programme import bcr_covering
from compliance.choices import Role
from compliance.registry.models import CorporateGroup, GroupEntity
from compliance.rules.territories import in_gdpr_territory
from compliance.rules.text import Text
from transfers.choices import PartySide, TIAState, TransferState
from transfers.models import (
    MODULE_ROLES,
    DataTransfer,
    ExternalRecipient,
    SCCContract,
    SCCParty,
    TransferEvaluation,
    TransferImpactAssessment,
)
from transfers.models.transfers import _reference as _transfer_reference
from transfers.rules.adequacy import EU_DECISIONS, UK_DECISIONS, AdequacyDecision, invalidated
from transfers.rules.mechanisms import (
    UK_GDPR_APPLIES,
    ContractFacts,
    Evaluation,
    Finding,
    TransferFacts,
    available_tools,
    evaluate_transfer,
)

BcrLookup = Callable[[GroupEntity, GroupEntity, str, date], BindingCorporateRules | None]

BCR_NOT_RECOGNISED = "bcr_not_recognised"
SCC_PARTY_NOT_BOUND = "scc_party_not_bound"
EU_ORIGIN_DERIVED = "eu_origin_derived"


@dataclass(frozen=True)
class BuiltFacts:
    """The engine's input for one transfer on one date, with the conventions applied to it."""

    facts: TransferFacts
    notes: tuple[Finding, ...] = ()


@dataclass(slots=True)
class FactsRow:
    """The columns of a transfer that its facts are built from, without a model instance: a
    group re-evaluation loads 20,000 transfers, and a ``DataTransfer`` instance (Django's
    set-up, django-fsm's record of every state field) cost most of its time. Attribute for
    attribute what ``build_facts`` reads of a ``DataTransfer``."""

    pk: int
    exporter_id: int
    importer_id: int | None
    external_recipient_id: int | None
    continues_id: int | None
    exporter_role: str
    importer_role: str
    derogation: str
    eu_origin: bool
    appi_consent: bool
    appi_equivalent_measures: bool
    hr_data: bool
    current_result_id: int | None  # not a fact: what the last evaluation found

    @property
    def reference(self) -> str:
        return _transfer_reference(self.pk)


FACTS_COLUMNS = tuple(f.name for f in fields(FactsRow))

# What facts are built from: a transfer's model instance or its lean row.
TransferSource = DataTransfer | FactsRow


@dataclass
class FactsContext:
    """Everything facts are built from, for a set of transfers, already loaded."""

    transfers: dict[int, TransferSource]
    entities: dict[int, GroupEntity]
    recipients: dict[int, ExternalRecipient]
    bcrs: dict[int, list[BindingCorporateRules]]  # by group id, members prefetched
    sccs: dict[int, list[SCCContract]]  # by transfer id, parties prefetched
    first_tia: dict[int, date]  # earliest approval of an assessment, by transfer id
    bcr_lookup: BcrLookup | None = None  # None: in memory from ``bcrs``
    # Memos of a run over many transfers (a group's share few distinct inputs): the entities
    # bound by a BCR on a date, the BCR answer for two entities, the facts by their arguments.
    _bound: dict[tuple[int, date], frozenset[int]] = field(default_factory=dict)
    _bcr_answers: dict[tuple[int, int, str, date], tuple[date | None, Finding | None]] = field(
        default_factory=dict
    )
    _facts: dict[tuple[Any, ...], TransferFacts] = field(default_factory=dict)
    _bcr_names: dict[int, str] = field(default_factory=dict)

    def bcr_name(self, bcr: BindingCorporateRules) -> str:
        """``str(bcr)`` once per BCR of the run (its kind's label is looked up each time)."""
        name = self._bcr_names.get(bcr.pk)
        if name is None:
            name = self._bcr_names[bcr.pk] = str(bcr)
        return name

    def entity(self, pk: int | None) -> GroupEntity | None:
        return self.entities.get(pk) if pk is not None else None

    def covering_bcr(
        self, exporter: GroupEntity, importer: GroupEntity, kind: str, on: date
    ) -> BindingCorporateRules | None:
        if self.bcr_lookup is not None:
            return self.bcr_lookup(exporter, importer, kind, on)
        # Same rule as compliance.bcr.models.programme.bcr_covering, on prefetched rows.
        for bcr in self.bcrs.get(exporter.group_id, []):
            if bcr.kind != kind or not bcr.in_force_on(on):
                continue
            bound = self._bound.get((bcr.pk, on))
            if bound is None:
                bound = self._bound[(bcr.pk, on)] = frozenset(
                    m.entity_id for m in bcr.members.all() if m.bound_on(on)
                )
            if exporter.pk in bound and importer.pk in bound:
                return bcr
        return None


def load_context(transfers: QuerySet[DataTransfer]) -> tuple[list[DataTransfer], FactsContext]:
    """Load ``transfers`` and everything their facts need with a bounded number of queries."""
    rows = list(transfers)
    context = _load_context(rows, transfers, lambda pks: DataTransfer.objects.filter(pk__in=pks))
    return rows, context


def load_facts_context(transfers: QuerySet[DataTransfer]) -> tuple[list[FactsRow], FactsContext]:
    """``load_context`` with lean rows (``FactsRow``) instead of model instances: for a run
    that only builds facts (a group re-evaluation), several times cheaper to load."""

    def lean(queryset: QuerySet[DataTransfer]) -> list[FactsRow]:
        return [FactsRow(*values) for values in queryset.values_list(*FACTS_COLUMNS)]

    rows = lean(transfers)
    context = _load_context(
        rows, transfers, lambda pks: lean(DataTransfer.objects.filter(pk__in=pks))
    )
    return rows, context


def _load_context(
    rows: Sequence[TransferSource],
    transfers: QuerySet[DataTransfer],
    fetch: Callable[[set[int]], Sequence[TransferSource]],
) -> FactsContext:
    by_id: dict[int, TransferSource] = {t.pk: t for t in rows}
    missing = {t.continues_id for t in rows if t.continues_id is not None} - set(by_id)
    while missing:  # onward chains reaching outside the set: one query per step
        found = fetch(missing)
        by_id.update((t.pk, t) for t in found)
        missing = {t.continues_id for t in found if t.continues_id is not None} - set(by_id)
    entity_ids = {t.exporter_id for t in by_id.values()} | {
        t.importer_id for t in by_id.values() if t.importer_id is not None
    }
    entities = {e.pk: e for e in GroupEntity.objects.filter(pk__in=entity_ids)}
    recipient_ids = {
        t.external_recipient_id for t in by_id.values() if t.external_recipient_id is not None
    }
    recipients = {r.pk: r for r in ExternalRecipient.objects.filter(pk__in=recipient_ids)}
    bcrs: dict[int, list[BindingCorporateRules]] = defaultdict(list)
    group_ids = {e.group_id for e in entities.values()}
    for bcr in (
        BindingCorporateRules.objects.filter(group_id__in=group_ids)
        .select_related("lead_authority")
        .prefetch_related("members")
    ):
        bcrs[bcr.group_id].append(bcr)
    ids = transfers.values("pk")
    links = SCCContract.transfers.through.objects.filter(datatransfer_id__in=ids).values_list(
        "datatransfer_id", "scccontract_id"
    )
    contract_ids: dict[int, list[int]] = defaultdict(list)
    for transfer_id, contract_id in links:
        contract_ids[transfer_id].append(contract_id)
    contracts = {
        c.pk: c
        for c in SCCContract.objects.filter(
            pk__in={pk for pks in contract_ids.values() for pk in pks}
        ).prefetch_related("parties")
    }
    sccs = {t: [contracts[c] for c in cs] for t, cs in contract_ids.items()}
    # An assessment due for reassessment still counts as done: re-evaluating it is a duty with
    # its own reminder, while the engine asks whether one was documented (SCC Clause 14(d)).
    first_tia = dict(
        TransferImpactAssessment.objects.filter(transfer_id__in=ids, approved_on__isnull=False)
        .exclude(state=TIAState.DRAFT)
        .values("transfer_id")
        .annotate(first=Min("approved_on"))
        .values_list("transfer_id", "first")
    )
    return FactsContext(
        transfers=by_id,
        entities=entities,
        recipients=recipients,
        bcrs=dict(bcrs),
        sccs=sccs,
        first_tia=first_tia,
    )


def transfer_facts(transfer: DataTransfer, on: date) -> TransferFacts:
    """The engine's view of ``transfer`` on ``on`` (domain.md §7)."""
    return built_facts(transfer, on).facts


def built_facts(transfer: DataTransfer, on: date) -> BuiltFacts:
    _rows, context = load_context(DataTransfer.objects.filter(pk=transfer.pk))
    # The caller's instance may hold changes not saved yet (a guard checking them first).
    context.transfers[transfer.pk] = transfer
    for pk in (transfer.exporter_id, transfer.importer_id):
        if pk is not None and pk not in context.entities:
            context.entities[pk] = GroupEntity.objects.get(pk=pk)
    recipient_id = transfer.external_recipient_id
    if recipient_id is not None and recipient_id not in context.recipients:
        context.recipients[recipient_id] = ExternalRecipient.objects.get(pk=recipient_id)
    context.bcr_lookup = bcr_covering
    return build_facts(transfer, on, context)


def build_facts(transfer: TransferSource, on: date, context: FactsContext) -> BuiltFacts:
    """Facts from loaded rows only: no query."""
    exporter = context.entities[transfer.exporter_id]
    importer = context.entity(transfer.importer_id)
    recipient = (
        context.recipients[transfer.external_recipient_id]
        if transfer.external_recipient_id is not None
        else None
    )
    importer_country = importer.country_id if importer is not None else recipient.country_id  # type: ignore[union-attr]
    notes: list[Finding] = []
    bcr_on = _bcr_approved_on(transfer, exporter, importer, on, context, notes)
    contracts = _contracts_in_force(transfer, exporter, importer, recipient, on, context, notes)
    first_tia = context.first_tia.get(transfer.pk)
    origin = None if transfer.eu_origin else eu_origin_source(transfer, on, context)
    if origin is not None:
        notes.append(_origin_note(transfer, origin, context))
    arguments: tuple[Any, ...] = (
        on,
        exporter.country_id,
        importer_country,
        transfer.exporter_role,
        transfer.importer_role,
        _certified(recipient, exporter.country_id, on),
        bcr_on,
        tuple(
            (c.scc_version, c.module, c.signed_on)
            for c in contracts
            if c.signed_on is not None  # in force: signed (checked by in_force_on)
        ),
        first_tia is not None and first_tia <= on,
        transfer.derogation or None,
        transfer.eu_origin or origin is not None,
        transfer.appi_consent,
        transfer.appi_equivalent_measures,
        recipient.apec_cbpr if recipient is not None else False,
        transfer.hr_data,
        recipient.importer_certified_hr if recipient is not None else None,
        (recipient.organisation or None) if recipient is not None else None,
    )
    # Equal arguments, equal facts: built (and checked by TransferFacts) once per run.
    facts = context._facts.get(arguments)
    if facts is None:
        facts = context._facts[arguments] = _facts(*arguments)
    return BuiltFacts(facts=facts, notes=tuple(notes))


def _facts(
    on: date,
    exporter_country: str,
    importer_country: str,
    exporter_role: str,
    importer_role: str,
    importer_certified: bool,
    bcr_approved_on: date | None,
    contracts: tuple[tuple[str, int | None, date], ...],
    tia_done: bool,
    derogation: str | None,
    eu_origin: bool,
    appi_consent: bool,
    appi_equivalent_measures: bool,
    appi_cbpr: bool,
    hr_data: bool,
    importer_certified_hr: bool | None,
    importer_organisation: str | None,
) -> TransferFacts:
    return TransferFacts(
        on=on,
        exporter_country=exporter_country,
        importer_country=importer_country,
        exporter_role=exporter_role,
        importer_role=importer_role,
        importer_certified=importer_certified,
        bcr_approved_on=bcr_approved_on,
        contracts=tuple(ContractFacts(*contract) for contract in contracts),
        tia_done=tia_done,
        derogation=derogation,
        eu_origin=eu_origin,
        appi_consent=appi_consent,
        appi_equivalent_measures=appi_equivalent_measures,
        appi_cbpr=appi_cbpr,
        hr_data=hr_data,
        importer_certified_hr=importer_certified_hr,
        importer_organisation=importer_organisation,
    )


def _certified(recipient: ExternalRecipient | None, exporter_country: str, on: date) -> bool:
    """Certification under the US framework the exporter's regime recognises on ``on``."""
    if recipient is None:
        return False
    if exporter_country == "GB" and on >= UK_GDPR_APPLIES:
        return recipient.uk_extension_on(on)
    return recipient.dpf_certified_on(on)


def bcr_kind(exporter_role: str) -> str:
    return BCRKind.CONTROLLER if exporter_role == Role.CONTROLLER else BCRKind.PROCESSOR


def _bcr_approved_on(
    transfer: TransferSource,
    exporter: GroupEntity,
    importer: GroupEntity | None,
    on: date,
    context: FactsContext,
    notes: list[Finding],
) -> date | None:
    if importer is None:
        return None
    kind = bcr_kind(transfer.exporter_role)
    # The same for every transfer between the same two entities of the same kind on the date.
    key = (exporter.pk, importer.pk, kind, on)
    found = context._bcr_answers.get(key)
    if found is None:
        found = context._bcr_answers[key] = _bcr_answer(exporter, importer, kind, on, context)
    approved_on, note = found
    if note is not None:
        notes.append(note)
    return approved_on


def _bcr_answer(
    exporter: GroupEntity, importer: GroupEntity, kind: str, on: date, context: FactsContext
) -> tuple[date | None, Finding | None]:
    """(the approval date given to the engine, the note saying why BCRs were not given)."""
    bcr = context.covering_bcr(exporter, importer, kind, on)
    if bcr is None:
        return None, None
    authority_country = bcr.lead_authority.country_id
    country = exporter.country_id
    if in_gdpr_territory(country, on):
        recognised, basis = in_gdpr_territory(authority_country, on), Text("GDPR Art. 47(1), 63")
    elif country == "GB" and on >= UK_GDPR_APPLIES:
        recognised = authority_country == "GB"
        basis = Text("UK GDPR Art. 47(1) (approval by the ICO)")
    else:
        return bcr.approved_on, None
    if recognised:
        return bcr.approved_on, None
    return None, Finding(
        code=BCR_NOT_RECOGNISED,
        severity="info",
        message=Text(
            "{bcr} was approved by {authority}; BCRs relied on for an export from {country} "
            "on {on} need the approval of that regime's authority, so they were not given to "
            "the engine (convention).",
            bcr=context.bcr_name(bcr),
            authority=bcr.lead_authority.short_name,
            country=country,
            on=str(on),
        ),
        basis=basis,
    )


def _contracts_in_force(
    transfer: TransferSource,
    exporter: GroupEntity,
    importer: GroupEntity | None,
    recipient: ExternalRecipient | None,
    on: date,
    context: FactsContext,
    notes: list[Finding],
) -> list[SCCContract]:
    """Every linked contract in force on ``on`` binding both parties, oldest signature first
    (the engine tries each, §8.3)."""
    candidates = []
    for contract in context.sccs.get(transfer.pk, []):
        if not contract.in_force_on(on):
            continue
        parties = list(contract.parties.all())
        exporter_bound = _party_bound(parties, contract, on, PartySide.EXPORTER, exporter.pk, None)
        importer_bound = _party_bound(
            parties,
            contract,
            on,
            PartySide.IMPORTER,
            importer.pk if importer is not None else None,
            recipient.pk if recipient is not None else None,
        )
        if exporter_bound and importer_bound:
            candidates.append(contract)
            continue
        notes.append(
            Finding(
                code=SCC_PARTY_NOT_BOUND,
                severity="info",
                message=_not_bound(contract, on, exporter_bound=exporter_bound),
                basis=Text("Implementing Decision (EU) 2021/914, Annex, Clauses 1, 7"),
            )
        )
    return sorted(candidates, key=lambda c: (c.signed_on or date.min, c.pk))


def _not_bound(contract: SCCContract, on: date, *, exporter_bound: bool) -> Text:
    # One sentence per party, so that each language words it whole.
    if not exporter_bound:
        return Text(
            "{contract} is in force on {on} but does not bind the exporter on that date "
            "(not a party, or accedes later under the docking clause).",
            contract=str(contract),
            on=str(on),
        )
    return Text(
        "{contract} is in force on {on} but does not bind the importer on that date "
        "(not a party, or accedes later under the docking clause).",
        contract=str(contract),
        on=str(on),
    )


def _party_bound(
    parties: Iterable[SCCParty],
    contract: SCCContract,
    on: date,
    side: str,
    entity_id: int | None,
    recipient_id: int | None,
) -> bool:
    return any(
        p.side == side
        and (
            (entity_id is not None and p.entity_id == entity_id)
            or (recipient_id is not None and p.external_recipient_id == recipient_id)
        )
        and p.bound_on(on, contract)
        for p in parties
    )


def _origin_protected(country: str, on: date) -> bool:
    """Data from here reach Japan under an adequacy decision the PPC Supplementary Rules protect:
    the EEA's (Decision (EU) 2019/419), and the UK's (in the EU until 2020-12-31; the rules name
    the UK since 2020-02-01, and the UK kept Japan's adequacy, DPA 2018 Sch. 21 para. 5)."""
    return in_gdpr_territory(country, on) or country == "GB"


def derived_eu_origin(transfer: TransferSource, on: date, context: FactsContext) -> bool:
    """Whether a Japanese exporter passes on data that came from the EEA or the UK (see module
    doc)."""
    return eu_origin_source(transfer, on, context) is not None


def eu_origin_source(
    transfer: TransferSource, on: date, context: FactsContext
) -> TransferSource | None:
    """The transfer that brought the data from the EEA or the UK into Japan, when the onward
    chain of a Japanese exporter leads back to one through entities in Japan only."""
    exporter = context.entities.get(transfer.exporter_id)
    if exporter is None or exporter.country_id != "JP":
        return None
    seen = {transfer.pk}
    previous = context.transfers.get(transfer.continues_id) if transfer.continues_id else None
    while previous is not None and previous.pk not in seen:
        seen.add(previous.pk)
        source = context.entities.get(previous.exporter_id)
        if source is None:
            return None
        if _origin_protected(source.country_id, on):
            return previous
        if source.country_id != "JP":
            return None
        next_id = previous.continues_id
        previous = context.transfers.get(next_id) if next_id is not None else None
    return None


def _origin_note(
    transfer: TransferSource, origin: TransferSource, context: FactsContext
) -> Finding:
    source = context.entities[origin.exporter_id]
    params = {
        "reference": origin.reference,
        "source": source.short_name,
        "country": source.country_id,
    }
    # One sentence per origin, so that each language words it whole.
    if source.country_id == "GB":
        message = Text(
            "The data came from the UK: {reference} brought them from {source} ({country}) to "
            "Japan, and this transfer continues that chain, so they are treated as received "
            "under an adequacy decision (convention: derived from the onward chain).",
            **params,
        )
    else:
        message = Text(
            "The data came from the EEA: {reference} brought them from {source} ({country}) to "
            "Japan, and this transfer continues that chain, so they are treated as received "
            "under an adequacy decision (convention: derived from the onward chain).",
            **params,
        )
    return Finding(
        code=EU_ORIGIN_DERIVED,
        severity="info",
        message=message,
        basis=Text(
            "PPC Supplementary Rules (EU and UK adequacy, Decision (EU) 2019/419), as amended "
            "on 2020-02-01 to cover data from the United Kingdom"
        ),
    )


FACT_DEFAULTS = {f.name: f.default for f in fields(TransferFacts)}


def facts_as_json(facts: TransferFacts) -> dict[str, Any]:
    """The engine's input as stored with an evaluation: values left at their default (no tool,
    controller roles) are omitted, since a group re-evaluation stores one row per transfer."""
    # Fields without a default (on, the two countries) have MISSING there: always kept.
    stored: dict[str, Any] = {}
    for name, default in FACT_DEFAULTS.items():
        value = getattr(facts, name)
        if value == default:
            continue
        if name == "contracts":
            stored[name] = [
                {"version": c.version, "module": c.module, "signed_on": c.signed_on.isoformat()}
                for c in value
            ]
        else:
            stored[name] = value.isoformat() if isinstance(value, date) else value
    return stored


def newest_evaluations() -> QuerySet[TransferEvaluation]:
    """The evaluations of the outer query's transfer, newest first (its first is the one the
    transfer's current result is from), through ``evaluation_latest``: for subqueries."""
    return TransferEvaluation.objects.filter(transfer=OuterRef("pk")).order_by(
        "-evaluated_at", "-pk"
    )


def newest_evaluation_date() -> Subquery:
    """To annotate transfers with the date of their newest evaluation."""
    return Subquery(newest_evaluations().values("evaluated_on")[:1])


def findings_as_json(evaluation: Evaluation, notes: Iterable[Finding] = ()) -> list[dict[str, Any]]:
    """The findings as stored with an evaluation: the English message and basis are the record
    (the API returns them); ``message_parts`` and ``basis_parts`` are their templates and
    parameters (``compliance.legal_text``), so that screens and documents word them in the
    reader's language. Evaluations stored before the parts were kept have the English only."""
    return [
        {
            "code": f.code,
            "severity": f.severity,
            "message": f.message,
            "basis": f.basis,
            "message_parts": legal_text.to_json(f.message),
            "basis_parts": legal_text.to_json(f.basis),
        }
        for f in (*evaluation.findings, *notes)
    ]


def group_transfers(group: CorporateGroup) -> QuerySet[DataTransfer]:
    return DataTransfer.objects.filter(exporter__group=group).order_by("pk")


# --- Impact of an invalidation (the Schrems question) --------------------------------------------


@dataclass(frozen=True)
class ImpactRow:
    transfer: DataTransfer
    mechanism_today: str
    basis_today: str
    after: Evaluation
    alternatives: tuple[str, ...]


def decision_tables(
    decision_key: str, from_date: date
) -> tuple[tuple[AdequacyDecision, ...], tuple[AdequacyDecision, ...]]:
    """The EU and UK tables with ``decision_key`` struck down from ``from_date``."""
    if any(d.key == decision_key for d in EU_DECISIONS):
        return invalidated(EU_DECISIONS, decision_key, from_date), UK_DECISIONS
    return EU_DECISIONS, invalidated(UK_DECISIONS, decision_key, from_date)


def impact_of_invalidation(
    group: CorporateGroup, decision_key: str, from_date: date, *, today: date | None = None
) -> list[ImpactRow]:
    """Transfers lawful today that would be unlawful from ``from_date`` if the adequacy decision
    ``decision_key`` were invalidated then, each with the tools that could replace it.

    A transfer that would be unlawful on ``from_date`` anyway (with the real decisions) is not
    listed: its problem is not the invalidation. Retired transfers and transfers ending before
    ``from_date`` are not listed either.
    """
    today = today or timezone.localdate()
    eu_hypothetical, uk_hypothetical = decision_tables(decision_key, from_date)
    rows, context = load_context(
        group_transfers(group).exclude(state=TransferState.RETIRED).exclude(end_date__lt=from_date)
    )
    impact = []
    for transfer in rows:
        now = evaluate_transfer(build_facts(transfer, today, context).facts)
        then = build_facts(transfer, from_date, context).facts
        if not now.lawful or not evaluate_transfer(then).lawful:
            continue
        after = evaluate_transfer(then, eu_decisions=eu_hypothetical, uk_decisions=uk_hypothetical)
        if after.lawful:
            continue
        tools = available_tools(then, eu_decisions=eu_hypothetical, uk_decisions=uk_hypothetical)
        if transfer.importer_id is None:
            tools = tuple(t for t in tools if t != "bcr")  # BCRs bind group members only
        impact.append(
            ImpactRow(
                transfer=transfer,
                mechanism_today=now.mechanism or "",
                basis_today=_success_basis(now),
                after=after,
                alternatives=tools,
            )
        )
    return impact


def _success_basis(evaluation: Evaluation) -> str:
    return next((f.basis for f in evaluation.findings if f.code == evaluation.mechanism), "")


# --- SCC mesh ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class MeshResult:
    """What the group's intra-group flows would need in SCCs without BCRs (domain.md §1)."""

    on: date
    entities: int
    possible_pairs: int  # N·(N−1) directed pairs
    intra_group_flows: int
    flows_needing_a_tool: int  # restricted transfers with no adequacy, under EU or UK law
    pairs_needing_a_tool: int
    contracts_by_module: dict[tuple[str, int], int]  # (regime, module) -> contracts
    contracts_needed: int
    flows_covered_by_bcr: int
    # For the matrix picture: the active entities (pk, name) in name order, and per directed
    # pair (exporter pk, importer pk) the (regime, module) contracts it needs and whether an
    # approved BCR covers all of its flows.
    entity_names: tuple[tuple[int, str], ...] = ()
    pair_contracts: dict[tuple[int, int], frozenset[tuple[str, int]]] = field(default_factory=dict)
    pairs_covered_by_bcr: frozenset[tuple[int, int]] = frozenset()

    @property
    def module_rows(self) -> list[tuple[int, int, int]]:
        """(module, EU SCC contracts, UK contracts) for modules 1-4."""
        return [
            (
                module,
                self.contracts_by_module.get(("EU_GDPR", module), 0),
                self.contracts_by_module.get(("UK_GDPR", module), 0),
            )
            for module in MODULE_ROLES
        ]


def module_for(exporter_role: str, importer_role: str) -> int:
    return next(m for m, roles in MODULE_ROLES.items() if roles == (exporter_role, importer_role))


def scc_mesh(group: CorporateGroup, *, on: date | None = None) -> MeshResult:
    """Count, for the group's actual intra-group flows, the SCC contracts needed without BCRs
    (one per directed exporter → importer pair and module) and the flows an approved BCR covers.

    A flow needs a tool when EU or UK law governs the export, it is a restricted transfer and no
    adequacy decision covers the importer on ``on`` (GDPR / UK GDPR Art. 44-46). Retired
    transfers are not counted.
    """
    on = on or timezone.localdate()
    rows, context = load_context(
        group_transfers(group).filter(importer__isnull=False).exclude(state=TransferState.RETIRED)
    )
    contracts: set[tuple[int, int, str, int]] = set()
    pairs: set[tuple[int, int]] = set()
    uncovered: set[tuple[int, int]] = set()
    needing = covered = 0
    for transfer in rows:
        built = build_facts(transfer, on, context)
        without = replace(
            built.facts,
            bcr_approved_on=None,
            scc_version=None,
            scc_module=None,
            scc_signed_on=None,
            contracts=(),
        )
        regime = evaluate_transfer(without).regime
        tools = available_tools(without)
        if regime is None or regime == "JP_APPI" or tools[0] in ("not_a_transfer", "adequacy"):
            continue
        needing += 1
        pairs.add((transfer.exporter_id, transfer.importer_id or 0))
        module = module_for(transfer.exporter_role, transfer.importer_role)
        contracts.add((transfer.exporter_id, transfer.importer_id or 0, regime, module))
        if built.facts.bcr_approved_on is not None:
            covered += 1
        else:
            uncovered.add((transfer.exporter_id, transfer.importer_id or 0))
    pair_contracts: dict[tuple[int, int], set[tuple[str, int]]] = defaultdict(set)
    for exporter, importer, contract_regime, module in contracts:
        pair_contracts[(exporter, importer)].add((contract_regime, module))
    by_module: dict[tuple[str, int], int] = defaultdict(int)
    for _exporter, _importer, contract_regime, module in contracts:
        by_module[(contract_regime, module)] += 1
    active = list(
        GroupEntity.objects.filter(group=group).active(at=on).order_by("short_name", "pk")
    )
    n = len(active)
    return MeshResult(
        on=on,
        entities=n,
        possible_pairs=n * (n - 1),
        intra_group_flows=len(rows),
        flows_needing_a_tool=needing,
        pairs_needing_a_tool=len(pairs),
        contracts_by_module=dict(by_module),
        contracts_needed=len(contracts),
        flows_covered_by_bcr=covered,
        entity_names=tuple((e.pk, e.short_name) for e in active),
        pair_contracts={pair: frozenset(found) for pair, found in pair_contracts.items()},
        pairs_covered_by_bcr=frozenset(pairs - uncovered),
    )


# The saved questions the dashboard counts and the changelists filter on.

REVIEW_HORIZON = timedelta(days=30)


# The conditions of ``with_blockers`` and ``not_assessed`` on transfers not retired, for counting
# both in one query (the dashboard).
BLOCKED = Q(has_blocker=True)
NOT_ASSESSED = Q(current_result__isnull=False, current_lawful__isnull=True)


def with_blockers(transfers: QuerySet[DataTransfer]) -> QuerySet[DataTransfer]:
    """Transfers whose latest evaluation found a blocker (``has_blocker`` follows the latest
    evaluation), retired ones aside: nothing flows any more."""
    return transfers.filter(BLOCKED).exclude(state=TransferState.RETIRED)


def not_assessed(transfers: QuerySet[DataTransfer]) -> QuerySet[DataTransfer]:
    """Transfers whose latest evaluation is "not assessed": no export rule implemented here
    governs the exporter (domain.md §8.3). Evaluated ones only, retired ones aside."""
    return transfers.filter(NOT_ASSESSED).exclude(state=TransferState.RETIRED)


def reviews_due_before(
    assessments: QuerySet[TransferImpactAssessment], day: date
) -> QuerySet[TransferImpactAssessment]:
    """Approved assessments whose next review falls before ``day`` (overdue ones included)."""
    return assessments.exclude(state=TIAState.DRAFT).filter(next_review_on__lt=day)
