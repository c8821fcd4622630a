from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime
from typing import Any

import pytest
import time_machine

from compliance.bcr.models import BCRKind, BCRMember, BindingCorporateRules
from compliance.registry.models import CorporateGroup, GroupEntity, SupervisoryAuthority
from tests.factories import CorporateGroupFactory, GroupEntityFactory
from transfers import services
from transfers.models import DataTransfer, ExternalRecipient, SCCContract

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
TODAY = date(2026, 3, 2)
ZONES = {
    "DE": ("DE-NW", "Europe/Berlin"),
    "FR": ("", "Europe/Paris"),
    "NL": ("", "Europe/Amsterdam"),
    "GB": ("", "Europe/London"),
    "JP": ("", "Asia/Tokyo"),
    "US": ("", "America/New_York"),
    "SG": ("", "Asia/Singapore"),
    "IN": ("", "Asia/Kolkata"),
}


@pytest.fixture(autouse=True)
def _frozen_now() -> Iterator[None]:
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def group(db: Any) -> CorporateGroup:
    return CorporateGroupFactory(name="Test Group", short_name="TG")


def make_entity(
    group: CorporateGroup, short_name: str, country: str, *, processor: bool = False
) -> GroupEntity:
    region, zone = ZONES[country]
    return GroupEntityFactory(
        group=group,
        short_name=short_name,
        legal_name=f"{short_name} Ltd",
        country_id=country,
        region=region,
        time_zone=zone,
        is_processor=processor,
    )


@pytest.fixture
def entities(group: CorporateGroup) -> dict[str, GroupEntity]:
    return {
        "DE": make_entity(group, "Berlin", "DE", processor=True),
        "FR": make_entity(group, "Paris", "FR"),
        "JP": make_entity(group, "Tokyo", "JP", processor=True),
        "US": make_entity(group, "Boston", "US", processor=True),
        "SG": make_entity(group, "Singapore", "SG", processor=True),
        "GB": make_entity(group, "London", "GB"),
    }


def recipient(name: str = "Vendor Inc.", country: str = "US", **details: Any) -> ExternalRecipient:
    return services.record_external_recipient(name=name, country=country, **details)


def transfer(
    exporter: GroupEntity,
    to: GroupEntity | ExternalRecipient,
    *,
    name: str = "Flow",
    start_date: date = date(2022, 1, 10),
    **facts: Any,
) -> DataTransfer:
    target = {"importer": to} if isinstance(to, GroupEntity) else {"external_recipient": to}
    return services.request_transfer(
        exporter=exporter, name=name, start_date=start_date, **target, **facts
    )


def bcr(
    group: CorporateGroup,
    members: dict[GroupEntity, date],
    *,
    kind: str = BCRKind.CONTROLLER,
    approved_on: date = date(2021, 8, 5),
    authority: str = "de_nw_ldi",
) -> BindingCorporateRules:
    rules = BindingCorporateRules.objects.create(
        group=group,
        kind=kind,
        title=f"{kind} of {group}",
        lead_authority=SupervisoryAuthority.objects.get(key=authority),
        approved_on=approved_on,
    )
    for entity, joined_on in members.items():
        BCRMember.objects.create(bcr=rules, entity=entity, joined_on=joined_on)
    return rules


def signed_scc(
    exporter: GroupEntity,
    importer: GroupEntity | ExternalRecipient,
    *,
    reference: str = "SCC-1",
    scc_version: str = "2021",
    module: int | None = 1,
    signed_on: date = date(2022, 1, 5),
    docking_clause: bool = False,
) -> SCCContract:
    contract = services.record_scc(
        reference=reference, scc_version=scc_version, module=module, docking_clause=docking_clause
    )
    services.add_scc_party(contract=contract, side="exporter", entity=exporter)
    side = (
        {"entity": importer}
        if isinstance(importer, GroupEntity)
        else {"external_recipient": importer}
    )
    services.add_scc_party(contract=contract, side="importer", **side)
    services.sign_scc(contract=contract, signed_on=signed_on)
    contract.refresh_from_db()
    return contract


def approved_tia(t: DataTransfer, approved_on: date) -> None:
    tia = services.record_tia(transfer=t, destination_laws="reviewed")
    services.approve_tia(tia=tia, approved_on=approved_on)


@pytest.fixture
def walk() -> Callable[..., None]:
    """Walk a transfer's workflow to legal approval (as the system, no user)."""

    def to_legal(t: DataTransfer) -> None:
        services.transition_transfer(transfer=t, name="start_review", by=None)
        services.transition_transfer(transfer=t, name="send_to_legal", by=None)

    return to_legal
