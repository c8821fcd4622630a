"""Records for the tests, made through the services as the admin makes them.

One builder per thing the tests arrange again and again: an entity saved by the registry
service, a breach recorded by the breach service, a transfer requested, an SCC signed, a transfer
impact assessment approved, the BCRs of a group. Fixtures in the ``conftest.py`` files wrap them.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from typing import Any

from compliance.bcr import services as bcr_services
from compliance.bcr.models import BCRKind, BindingCorporateRules
from compliance.breaches import services as breaches
from compliance.breaches.models import BreachIncident
from compliance.registry import services as registry
from compliance.registry.models import CorporateGroup, GroupEntity, SupervisoryAuthority
from tests.factories import CorporateGroupFactory, GroupEntityFactory
from transfers import services as transfers
from transfers.models import (
    DataTransfer,
    ExternalRecipient,
    SCCContract,
    TransferImpactAssessment,
)

# Region and time zone of an entity in each country the tests use.
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


# -- registry ---------------------------------------------------------------------------------


def entity(group: CorporateGroup | None = None, **fields: Any) -> GroupEntity:
    """An entity saved by ``save_entity`` (validated, lead authority derived)."""
    built = GroupEntityFactory.build(group=group or CorporateGroupFactory(), **fields)
    return registry.save_entity(entity=built)


def tokyo(group: CorporateGroup | None = None) -> GroupEntity:
    """A Japanese entity: APPI applies, and GDPR only through the affected countries."""
    return entity(
        group,
        short_name="Tokyo",
        legal_name="Tokyo K.K.",
        country_id="JP",
        region="",
        time_zone="Asia/Tokyo",
    )


def example_group() -> tuple[CorporateGroup, GroupEntity, GroupEntity]:
    """The demo's Example Internet Group: (group, Tokyo, Düsseldorf, the EU main establishment)."""
    group = CorporateGroupFactory(name="Example Internet Group", short_name="EIG")
    duesseldorf = entity(
        group,
        legal_name="Example Internet Europe GmbH",
        short_name="EIG Düsseldorf",
        country_id="DE",
        region="DE-NW",
        time_zone="Europe/Berlin",
        is_eu_main_establishment=True,
        main_establishment_since=date(2021, 1, 1),
        active_from=date(2016, 1, 1),
    )
    tokyo = entity(
        group,
        legal_name="Example Internet Group K.K.",
        short_name="EIG Tokyo",
        country_id="JP",
        region="",
        time_zone="Asia/Tokyo",
        active_from=date(2016, 1, 1),
    )
    return group, tokyo, duesseldorf


# -- breaches ---------------------------------------------------------------------------------

# The facts the laws ask a notification to contain (compliance.breaches.contents), none of which
# changes an obligation: a notification of a breach built with them can be recorded as
# submitted. The number of data subjects is left to each test (it decides APPI reportability).
NOTIFIABLE_FACTS: dict[str, Any] = {
    "data_categories": "name, e-mail address",
    "subject_categories": "customers",
    "record_count": 1500,
    "likely_consequences": "Phishing e-mails to the customers.",
    "containment": "Passwords of the affected accounts reset.",
    "remediation": "Rate limiting at login.",
    "contact_point": "Group DPO, dpo@example.com",
    "discovery": "Alert of the monitoring team on unusual logins.",
    "cause_detail": "Passwords leaked elsewhere were tried against the login.",
}


def breach(
    entity: GroupEntity,
    by: Any,
    *,
    title: str,
    aware_at: datetime,
    aware_time_zone: str = "UTC",
    affected_countries: Iterable[str] = ("FR",),
    **facts: Any,
) -> BreachIncident:
    """A breach recorded by ``record_breach`` with the facts a notification needs."""
    values: dict[str, Any] = {
        "description": "D",
        "cause": "other",
        "subject_count": 40,
        **NOTIFIABLE_FACTS,
        **facts,
    }
    return breaches.record_breach(
        entity=entity,
        by=by,
        title=title,
        aware_at=aware_at,
        aware_time_zone=aware_time_zone,
        affected_countries=list(affected_countries),
        **values,
    )


# -- transfers --------------------------------------------------------------------------------


def entity_in(
    group: CorporateGroup, short_name: str, country: str, *, processor: bool = False
) -> GroupEntity:
    """An entity of ``group`` in ``country``, named "<short_name> Ltd"."""
    region, zone = ZONES[country]
    return entity(
        group,
        short_name=short_name,
        legal_name=f"{short_name} Ltd",
        country_id=country,
        region=region,
        time_zone=zone,
        is_processor=processor,
    )


def recipient(name: str = "Vendor Inc.", country: str = "US", **details: Any) -> ExternalRecipient:
    return transfers.record_external_recipient(name=name, country=country, **details)


def transfer(
    exporter: GroupEntity,
    to: GroupEntity | ExternalRecipient,
    *,
    name: str = "Flow",
    start_date: date = date(2022, 1, 10),
    **facts: Any,
) -> DataTransfer:
    target = {"importer": to} if isinstance(to, GroupEntity) else {"external_recipient": to}
    return transfers.request_transfer(
        exporter=exporter, name=name, start_date=start_date, **target, **facts
    )


def signed_scc(
    exporter: GroupEntity,
    importer: GroupEntity | ExternalRecipient,
    *,
    reference: str = "SCC-1",
    scc_version: str = "2021",
    module: int | None = 1,
    signed_on: date = date(2022, 1, 5),
    docking_clause: bool = False,
    next_review_on: date | None = None,
) -> SCCContract:
    contract = transfers.record_scc(
        reference=reference, scc_version=scc_version, module=module, docking_clause=docking_clause
    )
    transfers.add_scc_party(contract=contract, side="exporter", entity=exporter)
    side = (
        {"entity": importer}
        if isinstance(importer, GroupEntity)
        else {"external_recipient": importer}
    )
    transfers.add_scc_party(contract=contract, side="importer", **side)
    review = {} if next_review_on is None else {"next_review_on": next_review_on}
    transfers.sign_scc(contract=contract, signed_on=signed_on, **review)
    contract.refresh_from_db()
    return contract


def approved_tia(
    t: DataTransfer,
    approved_on: date,
    *,
    destination_laws: str = "reviewed",
    next_review_on: date | None = None,
) -> TransferImpactAssessment:
    tia = transfers.record_tia(transfer=t, destination_laws=destination_laws)
    review = {} if next_review_on is None else {"next_review_on": next_review_on}
    transfers.approve_tia(tia=tia, approved_on=approved_on, **review)
    return tia


# -- BCRs -------------------------------------------------------------------------------------


def bcr(
    group: CorporateGroup,
    members: dict[GroupEntity, date],
    *,
    kind: str = BCRKind.CONTROLLER,
    approved_on: date = date(2021, 8, 5),
    authority: str = "de_nw_ldi",
) -> BindingCorporateRules:
    """Approved BCRs of ``group`` with ``members`` bound from their dates.

    The rules are written as approved (the procedure that approves them is tested in
    tests/compliance/bcr); the members are bound by ``bind_members``.
    """
    rules = BindingCorporateRules.objects.create(
        group=group,
        kind=kind,
        title=f"{kind} of {group}",
        lead_authority=SupervisoryAuthority.objects.get(key=authority),
        approved_on=approved_on,
    )
    for member, joined_on in members.items():
        bcr_services.bind_members(bcr=rules, on=joined_on, entities=[member])
    return rules
