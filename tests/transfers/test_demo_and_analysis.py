"""The demo register, impact analysis (the Schrems question) and the SCC mesh calculator."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest

from compliance.registry import demo as compliance_demo
from compliance.registry.models import CorporateGroup
from compliance.reminders.models import Reminder
from tests.builders import bcr, entity_in, recipient, transfer
from tests.factories import CorporateGroupFactory
from tests.transfers.conftest import TODAY
from transfers import demo, selectors, services
from transfers.models import (
    DataTransfer,
    SCCContract,
    TransferEvaluation,
    TransferImpactAssessment,
)

pytestmark = pytest.mark.django_db

EXPECTED_BASIS = {
    "Customer accounts to group headquarters": "adequacy",
    "HR master data to the US affiliate": "bcr",
    "Marketing operations by the Singapore hub": "bcr",
    "Client hosting sub-processing": "bcr",
    "Payroll processing by a US provider": "scc",
    "NL payroll processing by a US provider": "scc",
    "Employee benefits administration by a US provider": "",
    "Web analytics (DPF)": "adequacy",
    "Shop analytics (DPF)": "adequacy",
    "Newsletter audiences to a US agency": "",
    "Support tickets to the Indian service desk": "",
    "UK support tickets to India (IDTA)": "uk_idta",
    "UK customer data to the US affiliate": "uk_addendum",
    "UK customer data to the Tokyo service centre": "adequacy",
    "UK customer data to a US CRM vendor (onward)": "",
    "UK web analytics (UK Extension)": "adequacy",
    "Customer accounts to the US affiliate (onward)": "equivalent_measures",
    "Customer accounts to a US CRM vendor (onward)": "",
    "Litigation file to Hong Kong counsel": "derogation",
    "Event registrations to a Singapore partner": "consent",
    "Group reporting to the EU headquarters": "designated_country",
    "Accounting consolidation": "not_a_transfer",
    "Patent filings to the European Patent Office": "adequacy",
}


@pytest.fixture
def demo_group(db: Any) -> CorporateGroup:
    """The demo entities of compliance.registry.demo, with the transfers of transfers.demo."""
    group = CorporateGroupFactory(name=compliance_demo.DEMO_GROUP, short_name="EIG")
    created: dict[str, Any] = {}
    for spec in compliance_demo.DEMO_ENTITIES:
        entity = entity_in(group, spec.short_name, "DE")
        entity.country_id, entity.region, entity.time_zone = spec.country, spec.region, ""
        entity.is_processor = spec.processor
        entity.parent = created.get(spec.parent or "")
        entity.save()
        created[spec.short_name] = entity
    demo.seed_demo_transfers(group)
    return group


def _register(group: CorporateGroup) -> dict[str, tuple[str, bool]]:
    return {
        t.name: (t.current_mechanism, t.has_blocker)
        for t in DataTransfer.objects.filter(exporter__group=group)
    }


def test_demo_extension_is_registered_with_compliance() -> None:
    assert demo.seed_demo_transfers in compliance_demo.DEMO_EXTENSIONS
    assert demo.seed_scale_transfers in compliance_demo.SCALE_EXTENSIONS


def test_demo_register_flags_exactly_the_transfers_without_a_valid_tool(
    demo_group: CorporateGroup,
) -> None:
    register = _register(demo_group)

    assert {name for name, (_m, blocked) in register.items() if blocked} == set(demo.FLAGGED)
    assert {name: mechanism for name, (mechanism, _b) in register.items()} == EXPECTED_BASIS


def test_demo_lapsed_2010_scc_flagged_from_2022_12_27(demo_group: CorporateGroup) -> None:
    t = DataTransfer.objects.get(name="Support tickets to the Indian service desk")

    before = services.evaluate(transfer=t, on=date(2022, 12, 26))
    after = services.evaluate(transfer=t, on=date(2022, 12, 27))

    assert (before.lawful, before.mechanism) == (True, "scc")
    assert [(f["code"], f["severity"]) for f in after.findings] == [
        ("scc_2010_expired", "blocker"),
        ("no_mechanism", "blocker"),
    ]


def test_demo_seeding_twice_changes_nothing(demo_group: CorporateGroup) -> None:
    counts = (
        DataTransfer.objects.count(),
        SCCContract.objects.count(),
        Reminder.objects.count(),
    )

    demo.seed_demo_transfers(demo_group)

    assert (
        DataTransfer.objects.count(),
        SCCContract.objects.count(),
        Reminder.objects.count(),
    ) == counts
    assert _register(demo_group) == {
        name: (mechanism, name in demo.FLAGGED) for name, mechanism in EXPECTED_BASIS.items()
    }


def test_demo_contracts_in_force_and_approved_assessments_have_review_reminders(
    demo_group: CorporateGroup,
) -> None:
    reviews = dict(SCCContract.objects.values_list("reference", "next_review_on"))
    pending = Reminder.objects.pending()

    assert reviews == {
        "IDTA-2022-003": date(2027, 6, 20),
        "SCC-2019-007": None,
        "SCC-2022-001": date(2027, 2, 15),
        "SCC-2024-011": date(2027, 4, 15),
        "UKADD-2022-001": date(2027, 5, 20),
    }
    reminded = set(pending.filter(kind="transfers.scc_review").values_list("object_id", flat=True))
    assert reminded == set(
        SCCContract.objects.filter(next_review_on__isnull=False).values_list("pk", flat=True)
    )
    assessments = TransferImpactAssessment.objects.filter(next_review_on__isnull=False)
    assert set(pending.filter(kind="transfers.tia_review").values_list("object_id", flat=True)) == (
        set(assessments.values_list("pk", flat=True))
    )
    assert assessments.count() == 8


def test_impact_of_dpf_invalidated_tomorrow_lists_the_us_transfers_relying_on_it(
    demo_group: CorporateGroup,
) -> None:
    rows = selectors.impact_of_invalidation(
        demo_group, "eu_us_dpf_2023", TODAY + timedelta(days=1), today=TODAY
    )

    assert [
        (r.transfer.name, r.mechanism_today, r.alternatives, [f.code for f in r.after.findings])
        for r in rows
    ] == [
        ("Web analytics (DPF)", "adequacy", ("scc",), ["no_mechanism"]),
        ("Shop analytics (DPF)", "adequacy", ("scc",), ["no_mechanism"]),
    ]
    assert rows[0].basis_today == "GDPR Art. 45; Commission Implementing Decision (EU) 2023/1795"


def test_impact_of_uk_data_bridge_invalidated_lists_only_the_uk_export(
    demo_group: CorporateGroup,
) -> None:
    rows = selectors.impact_of_invalidation(
        demo_group, "uk_us_data_bridge", TODAY + timedelta(days=1), today=TODAY
    )

    assert [(r.transfer.name, r.alternatives) for r in rows] == [
        ("UK web analytics (UK Extension)", ("uk_idta", "uk_addendum"))
    ]


def test_impact_of_japan_decision_offers_bcrs_for_group_transfers(
    demo_group: CorporateGroup,
) -> None:
    rows = selectors.impact_of_invalidation(
        demo_group, "eu_japan_2019", date(2026, 6, 1), today=TODAY
    )

    assert [(r.transfer.name, r.alternatives) for r in rows] == [
        ("Customer accounts to group headquarters", ("bcr", "scc"))
    ]


def test_impact_analysis_writes_nothing(demo_group: CorporateGroup) -> None:
    before = TransferEvaluation.objects.count()

    selectors.impact_of_invalidation(demo_group, "eu_us_dpf_2023", TODAY, today=TODAY)

    assert TransferEvaluation.objects.count() == before


def test_scc_mesh_of_a_small_group_matches_the_hand_count(group: Any) -> None:
    de = entity_in(group, "DE", "DE", processor=True)
    fr = entity_in(group, "FR", "FR")
    us = entity_in(group, "US", "US", processor=True)
    sg = entity_in(group, "SG", "SG", processor=True)
    jp = entity_in(group, "JP", "JP")
    gb = entity_in(group, "GB", "GB")
    bcr(group, {e: date(2021, 8, 5) for e in (de, fr, us, sg)})
    c2p = {"importer_role": "processor"}
    transfer(de, us, name="1 payroll", **c2p)  # module 2
    transfer(de, us, name="2 hosting", **c2p)  # same pair and module: same contract
    transfer(fr, us, name="3 hosting", **c2p)  # module 2
    transfer(de, sg, name="4 sales")  # module 1
    transfer(de, sg, name="5 sub-processing", exporter_role="processor", **c2p)  # module 3
    transfer(de, fr, name="6 inside the EEA")  # not a transfer
    transfer(de, jp, name="7 adequacy")  # adequacy: no contract
    transfer(us, sg, name="8 outside EU/UK law", **c2p)  # no EU or UK export rule
    transfer(gb, us, name="9 UK export")  # UK module 1; GB is not a BCR member
    retired = transfer(de, us, name="10 retired", exporter_role="processor")
    services.transition_transfer(transfer=retired, name="retire", by=None)

    mesh = selectors.scc_mesh(group, on=TODAY)

    assert (
        mesh.entities,
        mesh.possible_pairs,
        mesh.intra_group_flows,
        mesh.flows_needing_a_tool,
        mesh.pairs_needing_a_tool,
        mesh.contracts_needed,
        mesh.flows_covered_by_bcr,
    ) == (6, 30, 9, 6, 4, 5, 4)
    assert mesh.module_rows == [(1, 1, 1), (2, 2, 0), (3, 1, 0), (4, 0, 0)]


def test_scc_mesh_ignores_external_recipients(group: Any) -> None:
    de = entity_in(group, "DE", "DE")
    transfer(de, recipient(), name="vendor")

    mesh = selectors.scc_mesh(group, on=TODAY)

    assert (mesh.intra_group_flows, mesh.contracts_needed) == (0, 0)


def _findings(name: str) -> list[tuple[str, str]]:
    t = DataTransfer.objects.select_related("current_result").get(name=name)
    assert t.latest_evaluation() is not None
    return [(f["code"], f["severity"]) for f in t.latest_evaluation().findings]


def test_demo_uk_origin_data_onward_from_tokyo_refused_on_cbpr_alone(
    demo_group: CorporateGroup,
) -> None:
    findings = _findings("UK customer data to a US CRM vendor (onward)")

    assert ("cbpr_not_for_eu_origin", "blocker") in findings
    assert findings[-2:] == [("no_mechanism", "blocker"), ("eu_origin_derived", "info")]
    t = DataTransfer.objects.get(name="UK customer data to a US CRM vendor (onward)")
    assert t.latest_evaluation() is not None
    assert t.latest_evaluation().facts["eu_origin"] is True


def test_demo_eu_hr_data_to_a_us_company_not_certified_for_hr_refused(
    demo_group: CorporateGroup,
) -> None:
    assert _findings("Employee benefits administration by a US provider") == [
        ("dpf_scope_excludes_hr", "blocker"),
        ("no_mechanism", "blocker"),
    ]


def test_demo_idta_still_counts_for_the_uk_exporter_after_a_later_eu_scc_contract(
    demo_group: CorporateGroup,
) -> None:
    t = DataTransfer.objects.get(name="UK support tickets to India (IDTA)")

    assert sorted(t.scc_contracts.values_list("reference", flat=True)) == [
        "IDTA-2022-003",
        "SCC-2024-011",
    ]
    assert t.latest_evaluation() is not None
    assert (t.current_mechanism, t.latest_evaluation().facts["contracts"]) == (
        "uk_idta",
        [
            {"version": "uk_idta", "module": None, "signed_on": "2022-06-20"},
            {"version": "2021", "module": 2, "signed_on": "2024-04-15"},
        ],
    )


def test_demo_transfer_to_the_epo_rests_on_its_adequacy_decision(
    demo_group: CorporateGroup,
) -> None:
    t = DataTransfer.objects.select_related("current_result").get(
        name="Patent filings to the European Patent Office"
    )

    assert t.latest_evaluation() is not None
    assert (t.current_mechanism, t.latest_evaluation().facts["importer_organisation"]) == (
        "adequacy",
        "EPO",
    )
