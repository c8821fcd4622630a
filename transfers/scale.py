"""Synthetic transfers for benchmarks: tens of thousands for a scale group, bulk inserted.

The rows are built valid by construction (roles the entities have, one recipient each, derogations
only for occasional transfers, chains that continue a transfer into their exporter) rather than
validated one by one, so that 20,000 transfers take seconds. Idempotent per group: a group that
already has transfers is left as it is. Nothing is evaluated here: that is what is measured.
"""

from __future__ import annotations

import random
from collections import defaultdict
from datetime import date, timedelta
from typing import Any

from django.db import transaction

from compliance.bcr.models import BCRKind, BCRMember, BindingCorporateRules
from compliance.registry.models import CorporateGroup, GroupEntity, SupervisoryAuthority
from compliance.rules.territories import in_gdpr_territory
from transfers.choices import Frequency, PartySide, SCCState, TIAState, TransferState
from transfers.models import (
    DataTransfer,
    ExternalRecipient,
    SCCContract,
    SCCParty,
    TransferImpactAssessment,
)
from transfers.selectors import module_for

BATCH = 2000
_RECIPIENT_COUNTRIES = ("US", "US", "US", "IN", "BR", "SG", "CN", "KR", "CH", "PH", "AE")
_STATES = (TransferState.ACTIVE,) * 8 + (TransferState.REQUESTED, TransferState.SUSPENDED)


@transaction.atomic
def seed_scale_transfers(group: CorporateGroup, *, count: int) -> None:
    if count <= 0 or DataTransfer.objects.filter(exporter__group=group).exists():
        return
    rng = random.Random(f"transfers-{group.name}")
    entities = list(GroupEntity.objects.filter(group=group).order_by("pk"))
    if len(entities) < 2:
        return
    _bcrs(group, entities, rng)
    recipients = _recipients(group, rng)
    first = _transfers(entities, recipients, rng, count - count // 20, onward_of=[])
    onward = _transfers(entities, recipients, rng, count // 20, onward_of=first)
    rows = first + onward
    _contracts(rows, {e.pk: e for e in entities}, rng)
    _assessments(rows, rng)


def _bcrs(group: CorporateGroup, entities: list[GroupEntity], rng: random.Random) -> None:
    authority = SupervisoryAuthority.objects.competent_for("DE", "DE-NW")
    if authority is None:
        return
    for kind in (BCRKind.CONTROLLER, BCRKind.PROCESSOR):
        bcr = BindingCorporateRules.objects.create(
            group=group, kind=kind, title=f"{group.short_name} {kind}", lead_authority=authority,
            approved_on=date(2021, 8, 5),
        )  # fmt: skip
        # Most entities bound from the approval, some later, a few never (no BCR coverage).
        members = [
            BCRMember(
                bcr=bcr,
                entity=e,
                joined_on=date(2021, 8, 5) + timedelta(days=rng.choice((0, 0, 0, 400, 900))),
            )
            for e in entities
            if rng.random() < 0.9
        ]
        BCRMember.objects.bulk_create(members, batch_size=BATCH)


def _recipients(group: CorporateGroup, rng: random.Random) -> list[ExternalRecipient]:
    rows = []
    for n in range(60):
        country = rng.choice(_RECIPIENT_COUNTRIES)
        certified = country == "US" and rng.random() < 0.5
        rows.append(
            ExternalRecipient(
                name=f"{group.short_name} vendor {n:03d}",
                country_id=country,
                dpf_certified_from=date(2023, 7, 17) if certified else None,
                uk_extension_from=date(2023, 10, 12) if certified and rng.random() < 0.5 else None,
                apec_cbpr=country in ("US", "SG", "KR", "PH") and rng.random() < 0.3,
            )
        )
    return ExternalRecipient.objects.bulk_create(rows, batch_size=BATCH)


def _transfers(
    entities: list[GroupEntity],
    recipients: list[ExternalRecipient],
    rng: random.Random,
    count: int,
    *,
    onward_of: list[DataTransfer],
) -> list[DataTransfer]:
    by_importer: dict[int, list[DataTransfer]] = defaultdict(list)
    for t in onward_of:
        if t.importer_id is not None:
            by_importer[t.importer_id].append(t)
    sources = [e for e in entities if by_importer.get(e.pk)] if onward_of else entities
    if not sources:
        return []
    hubs = entities[:50]  # most flows go to a few hubs, as in real groups
    rows = []
    for n in range(count):
        exporter = rng.choice(sources)
        previous = rng.choice(by_importer[exporter.pk]) if onward_of else None
        values: dict[str, Any] = {
            "exporter_role": "processor"
            if exporter.is_processor and rng.random() < 0.3
            else "controller",
            "frequency": rng.choice(list(Frequency.values)),
            "state": rng.choice(_STATES),
            "start_date": date(2019, 1, 1) + timedelta(days=rng.randrange(0, 2400)),
        }
        if rng.random() < 0.15:
            values["external_recipient"] = rng.choice(recipients)
            values["importer_role"] = rng.choice(("controller", "processor"))
        else:
            importer = rng.choice([e for e in hubs if e.pk != exporter.pk] or entities[:1])
            values["importer"] = importer
            processor = importer.is_processor and rng.random() < 0.5
            values["importer_role"] = "processor" if processor else "controller"
        if values["frequency"] == Frequency.OCCASIONAL and rng.random() < 0.3:
            values["derogation"] = "49(1)(b)"
        if values["state"] in (TransferState.ACTIVE, TransferState.SUSPENDED):
            values["legal_approver"] = "Scale Legal"
            values["approved_on"] = values["start_date"]
        rows.append(
            DataTransfer(
                name=f"Flow {n:05d}{' (onward)' if previous else ''}",
                exporter=exporter,
                continues=previous,
                data_categories="contact data, identifiers",
                purpose="synthetic flow",
                appi_equivalent_measures=exporter.country_id == "JP" and rng.random() < 0.3,
                **values,
            )
        )
    return DataTransfer.objects.bulk_create(rows, batch_size=BATCH)


def _contracts(
    rows: list[DataTransfer], entities: dict[int, GroupEntity], rng: random.Random
) -> None:
    """One signed 2021 SCC contract per exporter, recipient and module, for 70% of the EEA
    exports to external recipients."""
    wanted: dict[tuple[int, int, int], list[DataTransfer]] = defaultdict(list)
    for t in rows:
        exporter = entities[t.exporter_id]
        if t.external_recipient_id is None:
            continue
        if not in_gdpr_territory(exporter.country_id, t.start_date):
            continue
        if rng.random() < 0.7:
            module = module_for(t.exporter_role, t.importer_role)
            wanted[(t.exporter_id, t.external_recipient_id, module)].append(t)
    keys = list(wanted)
    contracts = SCCContract.objects.bulk_create(
        [
            SCCContract(
                reference=f"SCALE-{rows[0].pk}-{n:05d}",
                scc_version="2021",
                module=module,
                signed_on=date(2022, 1, 1) + timedelta(days=rng.randrange(0, 700)),
                state=SCCState.SIGNED,
            )
            for n, (_e, _r, module) in enumerate(keys)
        ],
        batch_size=BATCH,
    )
    parties, links = [], []
    through = SCCContract.transfers.through
    for contract, (exporter_id, recipient_id, _m) in zip(contracts, keys, strict=True):
        parties.append(SCCParty(contract=contract, entity_id=exporter_id, side=PartySide.EXPORTER))
        parties.append(
            SCCParty(contract=contract, external_recipient_id=recipient_id, side=PartySide.IMPORTER)
        )
        links += [
            through(scccontract_id=contract.pk, datatransfer_id=t.pk)
            for t in wanted[(exporter_id, recipient_id, _m)]
        ]
    SCCParty.objects.bulk_create(parties, batch_size=BATCH)
    through.objects.bulk_create(links, batch_size=BATCH)


def _assessments(rows: list[DataTransfer], rng: random.Random) -> None:
    TransferImpactAssessment.objects.bulk_create(
        [
            TransferImpactAssessment(
                transfer=t,
                destination_laws="synthetic",
                state=TIAState.APPROVED,
                approved_on=max(t.start_date, date(2020, 7, 16))
                - timedelta(days=rng.randrange(0, 30)),
            )
            for t in rows
            if rng.random() < 0.8
        ],
        batch_size=BATCH,
    )
