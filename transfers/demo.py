"""Demo transfers of the Example Internet Group (domain.md §1) and synthetic transfers at scale.

The demo walks every record through the real services and workflow, so it is as valid as data a
DPO types in; it is idempotent (records are found by their names and references). It covers every
mechanism: BCRs (approved by LDI NRW on 2021-08-05), adequacy (EU → Japan, UK → Japan, the DPF,
the UK data bridge, the European Patent Organisation), 2021 SCCs with a docking-clause accession,
a lapsed 2010 SCC, an IDTA, a UK Addendum, a derogation, APPI consent, a designated country, and
transfers that lack a valid tool today.

What contract v2 of the engine (domain.md §8.3) changed, shown on the demo:

- London → Tokyo → US: UK-origin data passed on from Japan to a US vendor certified only under
  APEC CBPR is refused, as EU-origin data is (PPC Supplementary Rule (4)).
- EU HR data to a US company whose DPF certification does not cover HR data is refused (DPF
  Supplemental Principle 9).
- London and the Indian service desk signed an IDTA and, later, EU SCCs: the IDTA still counts
  for the UK exporter (every contract in force is given to the engine, not the newest only).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone

from compliance.bcr.models import BCRKind, BCRMember, BindingCorporateRules
from compliance.registry.models import CorporateGroup, GroupEntity, SupervisoryAuthority
from transfers import services
from transfers.choices import PartySide, TransferState
from transfers.models import DataTransfer, ExternalRecipient, ProcessingActivity, SCCContract
from transfers.reminders import ensure_dpf_review_policy

BCR_APPROVED = date(2021, 8, 5)
NEXT_REVIEW = date(2027, 6, 30)
LAWYER = "Dr. Anna Weber (Group Legal, Düsseldorf)"


@dataclass(frozen=True)
class Recipient:
    name: str
    country: str
    dpf_from: date | None = None
    uk_extension_from: date | None = None
    apec_cbpr: bool = False
    hr_covered: bool | None = None  # the DPF certification covers HR data (None: unknown)
    organisation: str = ""  # an international organisation (its seat is the country)


RECIPIENTS = (
    Recipient("Insight Analytics LLC", "US", date(2023, 9, 1), date(2023, 11, 1)),
    # Certified under the DPF for non-HR data only (its entry on the DPF List).
    Recipient("Benefits Portal Inc.", "US", date(2023, 9, 15), hr_covered=False),
    Recipient("European Patent Office", "DE", organisation="EPO"),
    Recipient("Adwise Media Inc.", "US"),
    Recipient("PayrollCloud Inc.", "US"),
    Recipient("CRM Cloud Inc.", "US", apec_cbpr=True),
    Recipient("Support India Pvt Ltd", "IN"),
    Recipient("Harbour Law LLP", "HK"),
    Recipient("Event Partner Pte Ltd", "SG"),
)

# (controller, name, purposes, data, subjects, retention)
ACTIVITIES = (
    ("EIG Düsseldorf", "Customer account management", "contract performance, support",
     "identification, contact, order history", "customers", "3 years after the last order"),
    ("EIG Düsseldorf", "Payroll and HR administration", "employment, payroll",
     "identification, salary, bank details", "employees", "10 years (tax law)"),
    ("EIG Düsseldorf", "Legal claims", "establishing and defending legal claims",
     "case files", "customers, counterparties", "until the claim is closed + 3 years"),
    ("EIG Amsterdam", "Marketing and web analytics", "marketing, audience measurement",
     "contact, online identifiers", "customers, prospects", "26 months"),
    ("EIG Amsterdam", "Payroll administration (NL)", "employment, payroll",
     "identification, salary", "employees", "7 years"),
    ("EIG Tokyo", "Group customer service", "customer support, events",
     "identification, contact, tickets", "customers", "5 years"),
    ("EIG London", "UK customer support", "customer support, analytics",
     "contact, tickets, online identifiers", "customers", "3 years"),
)  # fmt: skip


@dataclass(frozen=True)
class Contract:
    reference: str
    scc_version: str
    module: int | None
    signed_on: date
    exporter: str
    importer: str  # entity short name or recipient name
    docking_clause: bool = False
    accessions: tuple[tuple[str, date], ...] = ()  # exporters acceding under Clause 7
    next_review_on: date | None = None  # the lapsed 2010 SCCs have none: they are replaced


CONTRACTS = (
    Contract("SCC-2022-001", "2021", 2, date(2022, 2, 15), "EIG Düsseldorf", "PayrollCloud Inc.",
             docking_clause=True, accessions=(("EIG Amsterdam", date(2023, 3, 1)),),
             next_review_on=date(2027, 2, 15)),
    Contract("SCC-2019-007", "2010", 2, date(2019, 4, 15), "EIG Düsseldorf",
             "Support India Pvt Ltd"),
    Contract("IDTA-2022-003", "uk_idta", None, date(2022, 6, 20), "EIG London",
             "Support India Pvt Ltd", next_review_on=date(2027, 6, 20)),
    Contract("UKADD-2022-001", "uk_addendum", 1, date(2022, 5, 20), "EIG London", "EIG US",
             next_review_on=date(2027, 5, 20)),
    # The vendor's standard paper, signed later between the same parties: EU SCCs alone are
    # not a UK tool, and the IDTA signed before stays the basis of the UK export.
    Contract("SCC-2024-011", "2021", 2, date(2024, 4, 15), "EIG London",
             "Support India Pvt Ltd", next_review_on=date(2027, 4, 15)),
)  # fmt: skip


@dataclass(frozen=True)
class Flow:
    name: str
    exporter: str
    importer: str  # entity short name or recipient name
    start: date
    roles: tuple[str, str] = ("controller", "controller")
    activity: str = ""
    frequency: str = "continuous"
    continues: str = ""
    tia_on: date | None = None
    contracts: tuple[str, ...] = ()
    state: str = TransferState.ACTIVE
    facts: dict[str, Any] = field(default_factory=dict)


C2P = ("controller", "processor")
FLOWS = (
    Flow("Customer accounts to group headquarters", "EIG Düsseldorf", "EIG Tokyo",
         date(2019, 2, 1), activity="Customer account management"),
    Flow("HR master data to the US affiliate", "EIG Düsseldorf", "EIG US", date(2021, 9, 1),
         activity="Payroll and HR administration", frequency="regular",
         tia_on=date(2021, 8, 20), facts={"hr_data": True}),
    Flow("Marketing operations by the Singapore hub", "EIG Amsterdam", "EIG Singapore",
         date(2021, 10, 1), C2P, "Marketing and web analytics", tia_on=date(2021, 9, 15)),
    Flow("Client hosting sub-processing", "EIG Düsseldorf", "EIG Singapore", date(2022, 1, 10),
         ("processor", "processor"), tia_on=date(2021, 12, 1)),
    Flow("Payroll processing by a US provider", "EIG Düsseldorf", "PayrollCloud Inc.",
         date(2022, 3, 1), C2P, "Payroll and HR administration", "regular",
         tia_on=date(2022, 2, 20), contracts=("SCC-2022-001",), facts={"hr_data": True}),
    Flow("NL payroll processing by a US provider", "EIG Amsterdam", "PayrollCloud Inc.",
         date(2023, 3, 1), C2P, "Payroll administration (NL)", "regular",
         tia_on=date(2023, 2, 20), contracts=("SCC-2022-001",), facts={"hr_data": True}),
    Flow("Employee benefits administration by a US provider", "EIG Düsseldorf",
         "Benefits Portal Inc.", date(2025, 9, 1), C2P, "Payroll and HR administration",
         "regular", state=TransferState.DPO_REVIEW, facts={"hr_data": True}),
    Flow("Web analytics (DPF)", "EIG Amsterdam", "Insight Analytics LLC", date(2023, 10, 1),
         C2P, "Marketing and web analytics"),
    Flow("Shop analytics (DPF)", "EIG Düsseldorf", "Insight Analytics LLC", date(2024, 1, 15),
         C2P, "Customer account management"),
    Flow("Newsletter audiences to a US agency", "EIG Amsterdam", "Adwise Media Inc.",
         date(2025, 2, 1), activity="Marketing and web analytics",
         state=TransferState.DPO_REVIEW),
    Flow("Support tickets to the Indian service desk", "EIG Düsseldorf",
         "Support India Pvt Ltd", date(2019, 5, 1), C2P, "Customer account management",
         tia_on=date(2020, 9, 30), contracts=("SCC-2019-007",)),
    Flow("UK support tickets to India (IDTA)", "EIG London", "Support India Pvt Ltd",
         date(2022, 7, 1), C2P, "UK customer support", tia_on=date(2022, 6, 25),
         contracts=("IDTA-2022-003", "SCC-2024-011")),
    Flow("UK customer data to the US affiliate", "EIG London", "EIG US", date(2022, 6, 1),
         activity="UK customer support", tia_on=date(2022, 5, 25),
         contracts=("UKADD-2022-001",)),
    Flow("UK customer data to the Tokyo service centre", "EIG London", "EIG Tokyo",
         date(2022, 4, 1), activity="UK customer support"),
    Flow("UK customer data to a US CRM vendor (onward)", "EIG Tokyo", "CRM Cloud Inc.",
         date(2025, 6, 1), C2P, "Group customer service",
         continues="UK customer data to the Tokyo service centre",
         state=TransferState.REQUESTED),
    Flow("UK web analytics (UK Extension)", "EIG London", "Insight Analytics LLC",
         date(2024, 2, 1), C2P, "UK customer support"),
    Flow("Customer accounts to the US affiliate (onward)", "EIG Tokyo", "EIG US",
         date(2021, 9, 1), activity="Group customer service",
         continues="Customer accounts to group headquarters"),
    Flow("Customer accounts to a US CRM vendor (onward)", "EIG Tokyo", "CRM Cloud Inc.",
         date(2025, 6, 1), C2P, "Group customer service",
         continues="Customer accounts to group headquarters", state=TransferState.REQUESTED),
    Flow("Litigation file to Hong Kong counsel", "EIG Düsseldorf", "Harbour Law LLP",
         date(2025, 3, 10), activity="Legal claims", frequency="occasional",
         facts={"derogation": "49(1)(e)", "end_date": date(2026, 12, 31)}),
    Flow("Event registrations to a Singapore partner", "EIG Tokyo", "Event Partner Pte Ltd",
         date(2024, 5, 1), activity="Group customer service", frequency="regular",
         facts={"appi_consent": True}),
    Flow("Group reporting to the EU headquarters", "EIG Tokyo", "EIG Düsseldorf",
         date(2019, 2, 1), activity="Group customer service", frequency="regular"),
    Flow("Accounting consolidation", "EIG Amsterdam", "EIG Düsseldorf", date(2018, 6, 1),
         frequency="regular"),
    Flow("Patent filings to the European Patent Office", "EIG Düsseldorf",
         "European Patent Office", date(2025, 9, 1), frequency="regular"),
)  # fmt: skip

# The transfers of the demo that lack a valid tool today: the register must flag exactly these.
FLAGGED = (
    "Newsletter audiences to a US agency",  # US importer without DPF, no SCCs
    "Support tickets to the Indian service desk",  # 2010 SCCs lapsed on 2022-12-27
    "Customer accounts to a US CRM vendor (onward)",  # EU-origin data, APEC CBPR only
    "UK customer data to a US CRM vendor (onward)",  # UK-origin data, APEC CBPR only
    "Employee benefits administration by a US provider",  # HR data, DPF without HR
)


@transaction.atomic
def seed_demo_transfers(group: CorporateGroup) -> None:
    entities = {e.short_name: e for e in group.entities.all()}
    if not {f.exporter for f in FLOWS} <= set(entities):
        return  # not the demo group
    ensure_dpf_review_policy()
    _seed_bcrs(group, list(entities.values()))
    recipients = {r.name: _recipient(r) for r in RECIPIENTS}
    parties: dict[str, GroupEntity | ExternalRecipient] = {**entities, **recipients}
    activities = {
        name: _activity(entities[controller], name, *rest) for controller, name, *rest in ACTIVITIES
    }
    contracts = {c.reference: _contract(c, parties) for c in CONTRACTS}
    transfers: dict[str, DataTransfer] = {}
    for flow in FLOWS:
        transfers[flow.name] = _flow(flow, parties, activities, contracts, transfers)
    services.reevaluate_group(group=group, as_of=timezone.localdate())


def _seed_bcrs(group: CorporateGroup, entities: list[GroupEntity]) -> None:
    authority = SupervisoryAuthority.objects.get(key="de_nw_ldi")
    for kind, title in (
        (BCRKind.CONTROLLER, "Example Internet Group BCR-C"),
        (BCRKind.PROCESSOR, "Example Internet Group BCR-P"),
    ):
        # The BCR procedure's own seeder may have recorded the same approval: reuse its row.
        bcr = BindingCorporateRules.objects.filter(
            group=group, kind=kind, approved_on=BCR_APPROVED, invalid_from__isnull=True
        ).first()
        if bcr is None:
            bcr = BindingCorporateRules.objects.create(
                group=group,
                kind=kind,
                title=title,
                lead_authority=authority,
                approved_on=BCR_APPROVED,
                reference=f"LDI NRW approval of {BCR_APPROVED:%d %b %Y}",
            )
        bound = set(bcr.members.filter(left_on__isnull=True).values_list("entity_id", flat=True))
        BCRMember.objects.bulk_create(
            BCRMember(bcr=bcr, entity=e, joined_on=BCR_APPROVED)
            for e in entities
            if e.pk not in bound
        )


def _recipient(spec: Recipient) -> ExternalRecipient:
    found = ExternalRecipient.objects.filter(name=spec.name, country_id=spec.country).first()
    if found is not None:
        return found
    return services.record_external_recipient(
        name=spec.name,
        country=spec.country,
        dpf_certified_from=spec.dpf_from,
        uk_extension_from=spec.uk_extension_from,
        apec_cbpr=spec.apec_cbpr,
        importer_certified_hr=spec.hr_covered,
        organisation=spec.organisation,
    )


def _activity(
    controller: GroupEntity, name: str, purposes: str, data: str, subjects: str, retention: str
) -> ProcessingActivity:
    found = ProcessingActivity.objects.filter(controller=controller, name=name).first()
    if found is not None:
        return found
    activity = ProcessingActivity(
        controller=controller,
        name=name,
        purposes=purposes,
        data_categories=data,
        subject_categories=subjects,
        retention=retention,
    )
    return services.save_processing_activity(activity=activity, reason="seed_demo")


def _contract(spec: Contract, parties: dict[str, Any]) -> SCCContract:
    found = SCCContract.objects.filter(reference=spec.reference).first()
    if found is not None:
        return found
    contract = services.record_scc(
        reference=spec.reference,
        scc_version=spec.scc_version,
        module=spec.module,
        docking_clause=spec.docking_clause,
    )
    for side, name in ((PartySide.EXPORTER, spec.exporter), (PartySide.IMPORTER, spec.importer)):
        services.add_scc_party(contract=contract, side=side, **_party(parties[name]))
    services.sign_scc(
        contract=contract, signed_on=spec.signed_on, next_review_on=spec.next_review_on
    )
    for name, acceded_on in spec.accessions:
        services.add_scc_party(
            contract=contract,
            side=PartySide.EXPORTER,
            acceded_on=acceded_on,
            **_party(parties[name]),
        )
    return contract


def _party(who: GroupEntity | ExternalRecipient) -> dict[str, Any]:
    return {"entity": who} if isinstance(who, GroupEntity) else {"external_recipient": who}


def _flow(
    flow: Flow,
    parties: dict[str, Any],
    activities: dict[str, ProcessingActivity],
    contracts: dict[str, SCCContract],
    earlier: dict[str, DataTransfer],
) -> DataTransfer:
    exporter = parties[flow.exporter]
    found = DataTransfer.objects.filter(exporter=exporter, name=flow.name).first()
    if found is not None:
        _link(found, flow, contracts)  # a contract added to the demo since it was seeded
        return found
    recipient = parties[flow.importer]
    transfer = services.request_transfer(
        exporter=exporter,
        name=flow.name,
        exporter_role=flow.roles[0],
        importer_role=flow.roles[1],
        processing_activity=activities.get(flow.activity),
        purpose=flow.activity,
        frequency=flow.frequency,
        start_date=flow.start,
        continues=earlier.get(flow.continues),
        **_recipient_field(recipient),
        **flow.facts,
    )
    _link(transfer, flow, contracts)
    if flow.tia_on is not None:
        tia = services.record_tia(
            transfer=transfer,
            destination_laws="Laws on public-authority access reviewed (EDPB Rec. 01/2020).",
            supplementary_measures="Encryption in transit and at rest; transparency reports.",
            conclusion="No reason to believe the laws impinge on the SCC/BCR safeguards.",
        )
        services.approve_tia(tia=tia, approved_on=flow.tia_on, next_review_on=NEXT_REVIEW)
    _walk(transfer, flow.state)
    return transfer


def _link(transfer: DataTransfer, flow: Flow, contracts: dict[str, SCCContract]) -> None:
    linked = set(transfer.scc_contracts.values_list("reference", flat=True))
    for reference in flow.contracts:
        if reference not in linked:
            services.link_scc(contract=contracts[reference], transfer=transfer)


def _recipient_field(who: GroupEntity | ExternalRecipient) -> dict[str, Any]:
    return {"importer": who} if isinstance(who, GroupEntity) else {"external_recipient": who}


def _walk(transfer: DataTransfer, state: str) -> None:
    """Walk the approval workflow up to ``state`` (approval dated on the transfer's start)."""
    if state == TransferState.REQUESTED:
        return
    services.transition_transfer(transfer=transfer, name="start_review", by=None)
    if state == TransferState.DPO_REVIEW:
        return
    services.transition_transfer(transfer=transfer, name="send_to_legal", by=None)
    services.approve_transfer(
        transfer=transfer, by=None, approving_lawyer=LAWYER, approved_on=transfer.start_date
    )


def seed_scale_transfers(group: CorporateGroup, options: dict[str, Any]) -> None:
    """Tens of thousands of transfers for a scale group (option ``transfers``, default none)."""
    from transfers.scale import seed_scale_transfers as seed

    seed(group, count=int(options.get("transfers") or 0))
