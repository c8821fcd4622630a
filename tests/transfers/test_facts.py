"""The engine's facts, built from the models: BCR membership, SCCs in force, TIAs, chains."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from compliance.bcr.models import BCRKind, BCRMember
from tests.builders import approved_tia, bcr, entity_in, recipient, signed_scc, transfer
from transfers import selectors, services
from transfers.rules.mechanisms import ContractFacts, TransferFacts

pytestmark = pytest.mark.django_db


def test_transfer_facts_full_example(entities: dict[str, Any]) -> None:
    vendor = recipient("CRM Cloud Inc.", apec_cbpr=True, dpf_certified_from=date(2023, 9, 1))
    t = transfer(
        entities["DE"],
        vendor,
        importer_role="processor",
        frequency="occasional",
        derogation="49(1)(b)",
    )

    facts = selectors.transfer_facts(t, date(2024, 1, 1))

    assert facts == TransferFacts(
        on=date(2024, 1, 1),
        exporter_country="DE",
        importer_country="US",
        exporter_role="controller",
        importer_role="processor",
        importer_certified=True,
        derogation="49(1)(b)",
        appi_cbpr=True,
    )


@pytest.mark.parametrize(
    ("on", "expected"),
    [
        (date(2021, 8, 4), None),  # before the approval
        (date(2022, 12, 31), None),  # the importer is bound only from 2023-01-01
        (date(2023, 1, 1), date(2021, 8, 5)),
        (date(2024, 12, 31), date(2021, 8, 5)),
        (date(2025, 1, 1), None),  # the exporter left on 2024-12-31
    ],
)
def test_transfer_facts_bcr_follows_membership_dates(
    group: Any, entities: dict[str, Any], on: date, expected: date | None
) -> None:
    rules = bcr(group, {entities["US"]: date(2023, 1, 1)})
    BCRMember.objects.create(
        bcr=rules, entity=entities["DE"], joined_on=date(2021, 8, 5), left_on=date(2024, 12, 31)
    )
    t = transfer(entities["DE"], entities["US"])

    assert selectors.transfer_facts(t, on).bcr_approved_on == expected


def test_transfer_facts_processor_exporter_needs_processor_bcrs(
    group: Any, entities: dict[str, Any]
) -> None:
    both = {entities["DE"]: date(2021, 8, 5), entities["US"]: date(2021, 8, 5)}
    bcr(group, both, kind=BCRKind.CONTROLLER)
    t = transfer(
        entities["DE"], entities["US"], exporter_role="processor", importer_role="processor"
    )

    before = selectors.transfer_facts(t, date(2022, 1, 1)).bcr_approved_on
    bcr(group, both, kind=BCRKind.PROCESSOR, approved_on=date(2021, 9, 1))
    after = selectors.transfer_facts(t, date(2022, 1, 1)).bcr_approved_on

    assert (before, after) == (None, date(2021, 9, 1))


def test_transfer_facts_uk_exporter_ignores_eu_approved_bcrs_with_a_note(
    group: Any, entities: dict[str, Any]
) -> None:
    bcr(group, {entities["GB"]: date(2021, 8, 5), entities["US"]: date(2021, 8, 5)})
    t = transfer(entities["GB"], entities["US"])

    built = selectors.built_facts(t, date(2022, 1, 1))

    assert built.facts.bcr_approved_on is None
    assert [(n.code, n.severity, n.basis) for n in built.notes] == [
        ("bcr_not_recognised", "info", "UK GDPR Art. 47(1) (approval by the ICO)")
    ]


def test_transfer_facts_uk_exporter_uses_ico_approved_bcrs(
    group: Any, entities: dict[str, Any]
) -> None:
    bcr(
        group,
        {entities["GB"]: date(2022, 3, 1), entities["US"]: date(2022, 3, 1)},
        approved_on=date(2022, 3, 1),
        authority="gb_ico",
    )
    t = transfer(entities["GB"], entities["US"])

    assert selectors.transfer_facts(t, date(2022, 3, 1)).bcr_approved_on == date(2022, 3, 1)


@pytest.mark.parametrize(
    ("on", "expected"),
    [
        (date(2022, 1, 4), ()),
        (date(2022, 1, 5), (ContractFacts("2021", 1, date(2022, 1, 5)),)),
        (date(2023, 5, 31), (ContractFacts("2021", 1, date(2022, 1, 5)),)),
        (date(2023, 6, 1), ()),  # terminated: ends on 2023-06-01
    ],
)
def test_transfer_facts_scc_in_force_on_the_date(
    entities: dict[str, Any], on: date, expected: tuple[ContractFacts, ...]
) -> None:
    t = transfer(entities["DE"], entities["US"])
    contract = signed_scc(entities["DE"], entities["US"], signed_on=date(2022, 1, 5))
    services.link_scc(contract=contract, transfer=t)
    services.terminate_scc(contract=contract, terminated_on=date(2023, 6, 1))

    facts = selectors.transfer_facts(t, on)

    assert (facts.contracts, facts.scc_version) == (expected, None)


def test_transfer_facts_superseded_scc_gives_way_to_its_successor(
    entities: dict[str, Any],
) -> None:
    t = transfer(entities["DE"], entities["US"], importer_role="processor")
    old = signed_scc(
        entities["DE"], entities["US"], reference="OLD", scc_version="2010", module=2,
        signed_on=date(2019, 4, 1),
    )  # fmt: skip
    new = signed_scc(
        entities["DE"], entities["US"], reference="NEW", module=2, signed_on=date(2022, 6, 1)
    )
    services.link_scc(contract=old, transfer=t)
    services.link_scc(contract=new, transfer=t)
    services.transition_scc(contract=old, name="supersede", by=None, successor=new)

    before = selectors.transfer_facts(t, date(2022, 5, 31))
    after = selectors.transfer_facts(t, date(2022, 6, 1))

    assert before.contracts == (ContractFacts("2010", 2, date(2019, 4, 1)),)
    assert after.contracts == (ContractFacts("2021", 2, date(2022, 6, 1)),)


def test_transfer_facts_docking_clause_party_bound_from_its_accession(
    entities: dict[str, Any],
) -> None:
    vendor = recipient()
    contract = signed_scc(
        entities["DE"], vendor, module=2, signed_on=date(2022, 1, 5), docking_clause=True
    )
    services.add_scc_party(
        contract=contract, side="exporter", entity=entities["FR"], acceded_on=date(2023, 3, 1)
    )
    t = transfer(entities["FR"], vendor, importer_role="processor")
    services.link_scc(contract=contract, transfer=t)

    before = selectors.built_facts(t, date(2023, 2, 28))
    after = selectors.built_facts(t, date(2023, 3, 1))

    assert before.facts.contracts == ()
    assert [n.code for n in before.notes] == ["scc_party_not_bound"]
    assert (after.facts.contracts, after.notes) == (
        (ContractFacts("2021", 2, date(2022, 1, 5)),),
        (),
    )


@pytest.mark.parametrize(("on", "done"), [(date(2022, 1, 31), False), (date(2022, 2, 1), True)])
def test_transfer_facts_tia_done_from_its_approval(
    entities: dict[str, Any], on: date, done: bool
) -> None:
    t = transfer(entities["DE"], entities["US"])
    services.record_tia(transfer=t, destination_laws="draft only")
    approved_tia(t, date(2022, 2, 1))

    assert selectors.transfer_facts(t, on).tia_done is done


def test_transfer_facts_draft_tia_is_not_done(entities: dict[str, Any]) -> None:
    t = transfer(entities["DE"], entities["US"])
    services.record_tia(transfer=t, destination_laws="draft only")

    assert selectors.transfer_facts(t, date(2026, 1, 1)).tia_done is False


@pytest.mark.parametrize(
    ("exporter", "on", "certified"),
    [
        ("DE", date(2023, 8, 31), False),
        ("DE", date(2023, 9, 1), True),
        ("DE", date(2026, 1, 1), False),  # certification ended on 2025-12-31
        ("GB", date(2023, 9, 1), False),  # not yet in the UK Extension
        ("GB", date(2023, 11, 1), True),
    ],
)
def test_transfer_facts_certification_of_the_regime_on_the_date(
    entities: dict[str, Any], exporter: str, on: date, certified: bool
) -> None:
    vendor = recipient(
        dpf_certified_from=date(2023, 9, 1),
        dpf_certified_until=date(2025, 12, 31),
        uk_extension_from=date(2023, 11, 1),
    )
    t = transfer(entities[exporter], vendor)

    assert selectors.transfer_facts(t, on).importer_certified is certified


def test_transfer_facts_eu_origin_derived_from_chain_through_japan(
    group: Any, entities: dict[str, Any]
) -> None:
    osaka = entity_in(group, "Osaka", "JP")
    first = transfer(entities["DE"], entities["JP"], name="EU to Tokyo")
    within_japan = transfer(entities["JP"], osaka, name="Tokyo to Osaka", continues=first)
    onward = transfer(osaka, entities["US"], name="Osaka to US", continues=within_japan)
    from_us = transfer(entities["US"], entities["JP"], name="US to Tokyo")
    not_eu = transfer(entities["JP"], entities["SG"], name="Tokyo to SG", continues=from_us)

    on = date(2024, 1, 1)
    assert selectors.transfer_facts(within_japan, on).eu_origin is True
    assert selectors.transfer_facts(onward, on).eu_origin is True
    assert selectors.transfer_facts(not_eu, on).eu_origin is False
    assert selectors.transfer_facts(first, on).eu_origin is False


def test_transfer_facts_eu_origin_set_by_hand(entities: dict[str, Any]) -> None:
    t = transfer(entities["JP"], entities["US"], eu_origin=True)

    assert selectors.transfer_facts(t, date(2024, 1, 1)).eu_origin is True


def test_bulk_facts_equal_single_transfer_facts(group: Any, entities: dict[str, Any]) -> None:
    rules = bcr(group, {e: date(2021, 8, 5) for e in entities.values()})
    BCRMember.objects.filter(bcr=rules, entity=entities["SG"]).update(joined_on=date(2023, 1, 1))
    vendor = recipient(dpf_certified_from=date(2023, 9, 1), apec_cbpr=True)
    first = transfer(entities["DE"], entities["JP"], name="a")
    flows = [
        first,
        transfer(entities["JP"], entities["US"], name="b", continues=first),
        transfer(entities["DE"], entities["SG"], name="c", importer_role="processor"),
        transfer(entities["GB"], entities["US"], name="d"),
        transfer(entities["FR"], vendor, name="e", importer_role="processor"),
        transfer(entities["JP"], vendor, name="f", importer_role="processor"),
    ]
    contract = signed_scc(entities["FR"], vendor, module=2)
    services.link_scc(contract=contract, transfer=flows[4])
    approved_tia(flows[2], date(2022, 6, 1))
    rows, context = selectors.load_context(selectors.group_transfers(group))

    for on in (date(2021, 8, 4), date(2022, 6, 1), date(2023, 1, 1), date(2024, 1, 1)):
        bulk = [selectors.build_facts(t, on, context) for t in rows]
        single = [selectors.built_facts(t, on) for t in flows]
        assert bulk == single
