"""Contract v2 of the transfer engine in the product (domain.md §8.3, §8.4): "not assessed" in the
register, the new facts from the models, the facts that drove a result, the DPF review clock."""

from __future__ import annotations

import importlib
from collections.abc import Iterator
from datetime import UTC, date, datetime
from typing import Any

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse

from compliance.reminders.models import Reminder, ReminderPolicy
from tests.builders import approved_tia, entity_in, recipient, signed_scc, transfer
from tests.transfers.conftest import TODAY
from transfers import explanation, reports, selectors, services
from transfers.models import DataTransfer, ExternalRecipient
from transfers.reminders import DPF_REVIEW, DPF_REVIEW_POLICY, ensure_dpf_review_policy
from transfers.rules.mechanisms import ContractFacts

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:transfers_datatransfer_changelist")


@pytest.fixture
def out_of_scope(entities: dict[str, Any]) -> DataTransfer:
    """Exported from the US: no export rule implemented here governs it."""
    return transfer(entities["US"], entities["SG"], name="Boston to Singapore")


def test_out_of_scope_transfer_stored_as_not_assessed(out_of_scope: DataTransfer) -> None:
    evaluation = out_of_scope.latest_evaluation()
    assert evaluation is not None

    assert (evaluation.lawful, evaluation.has_blocker, evaluation.verdict) == (
        None,
        False,
        "not assessed",
    )
    assert (out_of_scope.current_lawful, out_of_scope.current_verdict) == (None, "not assessed")
    assert str(evaluation).endswith(": not assessed")


def test_group_reevaluation_counts_not_assessed_apart(
    group: Any, entities: dict[str, Any], out_of_scope: DataTransfer
) -> None:
    transfer(entities["DE"], entities["JP"], name="To Tokyo")
    transfer(entities["FR"], recipient("Adwise Media Inc."), name="To Adwise")

    result = services.reevaluate_group(group=group, as_of=TODAY)

    assert (result.evaluated, result.lawful, result.with_blocker, result.not_assessed) == (
        3,
        1,
        1,
        1,
    )


def test_register_says_not_assessed_never_lawful(
    client_for: Any, dpo_user: Any, out_of_scope: DataTransfer
) -> None:
    client = client_for(dpo_user)

    listed = client.get(CHANGELIST).content.decode()
    filtered = client.get(CHANGELIST + "?question=not_assessed")
    evaluations = client.get(
        reverse("admin:transfers_transferevaluation_changelist") + "?verdict=not_assessed"
    )
    page = client.get(reverse("admin:transfers_datatransfer_change", args=[out_of_scope.pk]))

    assert '<span class="not-assessed">not assessed</span>' in listed
    assert '<span class="lawful">' not in listed
    assert [t.name for t in filtered.context["cl"].result_list] == ["Boston to Singapore"]
    assert [e.transfer_id for e in evaluations.context["cl"].result_list] == [out_of_scope.pk]
    assert "verdict-not-assessed" in page.content.decode()


def test_dashboard_panel_counts_not_assessed_transfers(
    dpo_user: Any, out_of_scope: DataTransfer
) -> None:
    from transfers.dashboard import blockers_panel

    panel = blockers_panel(dpo_user, datetime(2026, 3, 2, tzinfo=UTC))

    assert panel is not None
    assert (panel["count"], panel["not_assessed"]) == (0, 1)


def test_transfer_register_report_prints_not_assessed_apart(
    group: Any, entities: dict[str, Any], out_of_scope: DataTransfer
) -> None:
    transfer(entities["DE"], entities["JP"], name="To Tokyo")

    context = reports.transfer_register_context(
        group, user=None, as_of=TODAY, generated_at=datetime(2026, 3, 2, tzinfo=UTC)
    )

    assert {k: context["summary"][k] for k in ("lawful", "not_assessed", "blocked")} == {
        "lawful": 1,
        "not_assessed": 1,
        "blocked": 0,
    }
    row = next(r for r in context["rows"] if r.transfer.pk == out_of_scope.pk)
    assert (row.lawful, row.verdict, row.mechanism) == (
        None,
        "not assessed",
        "not assessed: no export rule implemented here governs the exporter",
    )


# The data migration of v2 (0007), applied for real: rows made with the models of v1 (0006),
# migrated forward, then back.
V1 = [("transfers", "0006_processing_activity_art30_record")]
V2 = [("transfers", "0007_transfer_v2_facts_not_assessed")]


@pytest.fixture
def migrator(transactional_db: Any, reference_data: Any) -> Iterator[MigrationExecutor]:
    executor = MigrationExecutor(connection)
    latest = executor.loader.graph.leaf_nodes()
    executor.migrate(V1)
    try:
        yield MigrationExecutor(connection)
    finally:
        MigrationExecutor(connection).migrate(latest)


def _models_at(executor: MigrationExecutor, target: list[tuple[str, str]]) -> Any:
    """The models as of ``target`` for the transfers, the other apps as they are now."""
    others = [node for node in executor.loader.graph.leaf_nodes() if node[0] != "transfers"]
    return executor.loader.project_state([*others, *target]).apps


def _v1_rows(apps: Any) -> dict[str, Any]:
    group = apps.get_model("compliance", "CorporateGroup").objects.create(
        name="V1 Group", short_name="V1", version=1
    )
    entity = apps.get_model("compliance", "GroupEntity")
    made = {
        code: entity.objects.create(
            group=group,
            legal_name=f"V1 {code}",
            short_name=f"V1 {code}",
            country_id=code,
            version=1,
        )
        for code in ("US", "SG", "DE", "JP")
    }
    transfer_model = apps.get_model("transfers", "DataTransfer")
    evaluation = apps.get_model("transfers", "TransferEvaluation")
    rows = {}
    # As v1 stored them: both lawful; the one out of scope with no regime and no blocker.
    for name, exporter, importer, regime in (
        ("out of scope", "US", "SG", ""),
        ("lawful", "DE", "JP", "EU_GDPR"),
    ):
        t = transfer_model.objects.create(
            name=name,
            exporter=made[exporter],
            importer=made[importer],
            start_date=date(2022, 1, 1),
            version=1,
        )
        e = evaluation.objects.create(
            transfer=t,
            evaluated_on=date(2024, 1, 1),
            evaluated_at=datetime(2024, 1, 1, 9, tzinfo=UTC),
            lawful=True,
            regime=regime,
            mechanism="adequacy" if regime else "",
        )
        transfer_model.objects.filter(pk=t.pk).update(current_evaluation=e, current_lawful=True)
        rows[name] = t.pk
    return rows


def _verdicts(apps: Any) -> tuple[dict[int, Any], dict[int, Any]]:
    evaluation = apps.get_model("transfers", "TransferEvaluation")
    transfer_model = apps.get_model("transfers", "DataTransfer")
    return (
        dict(evaluation.objects.values_list("transfer_id", "lawful")),
        dict(transfer_model.objects.values_list("pk", "current_lawful")),
    )


def test_migration_turns_evaluations_without_regime_into_not_assessed(
    migrator: MigrationExecutor,
) -> None:
    rows = _v1_rows(_models_at(migrator, V1))

    migrator.migrate(V2)

    expected = {rows["out of scope"]: None, rows["lawful"]: True}
    assert _verdicts(_models_at(MigrationExecutor(connection), V2)) == (expected, expected)


def test_migration_backwards_stores_not_assessed_as_lawful_again(
    migrator: MigrationExecutor,
) -> None:
    rows = _v1_rows(_models_at(migrator, V1))
    migrator.migrate(V2)

    back = MigrationExecutor(connection)
    back.migrate(V1)

    expected = {rows["out of scope"]: True, rows["lawful"]: True}
    assert _verdicts(_models_at(MigrationExecutor(connection), V1)) == (expected, expected)


# --- Facts from the models -----------------------------------------------------------------------


def test_facts_uk_origin_derived_for_onward_transfer_from_japan(
    entities: dict[str, Any],
) -> None:
    into_japan = transfer(entities["GB"], entities["JP"], name="London to Tokyo")
    onward = transfer(
        entities["JP"],
        recipient("CRM Cloud Inc.", apec_cbpr=True),
        name="Tokyo to CRM",
        continues=into_japan,
        importer_role="processor",
    )

    built = selectors.built_facts(onward, TODAY)
    evaluation = services.evaluate(transfer=onward, on=TODAY)

    assert built.facts.eu_origin is True
    assert [(n.code, n.severity) for n in built.notes] == [("eu_origin_derived", "info")]
    assert f"{into_japan.reference} brought them from London (GB)" in built.notes[0].message
    assert [f["code"] for f in evaluation.findings if f["severity"] == "blocker"] == [
        "cbpr_not_for_eu_origin",
        "no_mechanism",
    ]


@pytest.mark.parametrize(
    ("hr_data", "covered", "expected"),
    [
        (False, None, ("adequacy", [])),
        (True, None, ("adequacy", ["dpf_scope_unverified"])),
        (True, True, ("adequacy", [])),
        (True, False, ("", ["dpf_scope_excludes_hr", "no_mechanism"])),
    ],
)
def test_facts_hr_data_against_the_recipients_dpf_scope(
    entities: dict[str, Any], hr_data: bool, covered: bool | None, expected: Any
) -> None:
    vendor = recipient(dpf_certified_from=date(2023, 9, 1), importer_certified_hr=covered)
    t = transfer(entities["DE"], vendor, importer_role="processor", hr_data=hr_data)

    built = selectors.built_facts(t, TODAY)
    evaluation = t.latest_evaluation()
    assert evaluation is not None

    assert (built.facts.hr_data, built.facts.importer_certified_hr) == (hr_data, covered)
    assert (
        evaluation.mechanism,
        [f["code"] for f in evaluation.findings if f["severity"] != "info"],
    ) == expected


def test_facts_international_organisation_from_the_recipient(entities: dict[str, Any]) -> None:
    epo = recipient("European Patent Office", "DE", organisation="EPO")
    t = transfer(entities["FR"], epo, name="Patent filings")

    facts = selectors.transfer_facts(t, TODAY)

    assert (facts.importer_country, facts.importer_organisation) == ("DE", "EPO")
    assert t.current_mechanism == "adequacy"


def test_facts_every_contract_in_force_given_oldest_first(entities: dict[str, Any]) -> None:
    vendor = recipient("Support India", "IN")
    t = transfer(entities["GB"], vendor, importer_role="processor")
    later = signed_scc(entities["GB"], vendor, reference="EU-SCC", module=2,
                       signed_on=date(2024, 4, 15))  # fmt: skip
    idta = signed_scc(entities["GB"], vendor, reference="IDTA", scc_version="uk_idta",
                      module=None, signed_on=date(2022, 6, 20))  # fmt: skip
    approved_tia(t, date(2022, 6, 25))  # a transfer risk assessment, as every UK tool needs
    services.link_scc(contract=later, transfer=t)
    services.link_scc(contract=idta, transfer=t)

    facts = selectors.transfer_facts(t, TODAY)
    t.refresh_from_db()

    assert facts.contracts == (
        ContractFacts("uk_idta", None, date(2022, 6, 20)),
        ContractFacts("2021", 2, date(2024, 4, 15)),
    )
    assert (t.current_mechanism, t.has_blocker) == ("uk_idta", False)


def test_facts_2010_scc_without_module(entities: dict[str, Any]) -> None:
    vendor = recipient("Support India", "IN")
    t = transfer(entities["DE"], vendor, importer_role="processor")
    contract = signed_scc(entities["DE"], vendor, scc_version="2010", module=None,
                          signed_on=date(2019, 4, 15))  # fmt: skip
    services.link_scc(contract=contract, transfer=t)

    facts = selectors.transfer_facts(t, date(2022, 12, 26))

    assert facts.contracts == (ContractFacts("2010", None, date(2019, 4, 15)),)


# --- Compelling legitimate interests -------------------------------------------------------------


def test_compelling_interests_derogation_needs_its_documentation(
    entities: dict[str, Any],
) -> None:
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as refused:
        transfer(entities["DE"], recipient("Harbour Law LLP", "HK"), frequency="occasional",
                 derogation="49(1) second subparagraph")  # fmt: skip

    assert list(refused.value.message_dict) == ["compelling_interests"]


def test_compelling_interests_fields_refused_for_another_derogation(
    entities: dict[str, Any],
) -> None:
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as refused:
        transfer(entities["DE"], recipient("Harbour Law LLP", "HK"), frequency="occasional",
                 derogation="49(1)(e)", authority_informed_on=date(2026, 3, 1))  # fmt: skip

    assert list(refused.value.message_dict) == ["authority_informed_on"]


def test_compelling_interests_recorded_and_its_duties_listed(entities: dict[str, Any]) -> None:
    t = transfer(
        entities["DE"],
        recipient("Harbour Law LLP", "HK"),
        frequency="occasional",
        derogation="49(1) second subparagraph",
        compelling_interests="Security incident forensics; 12 employees; encrypted transfer.",
        authority_informed_on=date(2026, 3, 1),
    )
    evaluation = t.latest_evaluation()
    assert evaluation is not None

    assert (evaluation.lawful, evaluation.mechanism) == (True, "derogation")
    assert "derogation_compelling_duties" in [f["code"] for f in evaluation.findings]
    assert t.authority_informed_on == date(2026, 3, 1)


# --- The facts that drove the result -------------------------------------------------------------


def test_drivers_name_the_hr_facts_that_refused_the_transfer(entities: dict[str, Any]) -> None:
    vendor = recipient(dpf_certified_from=date(2023, 9, 1), importer_certified_hr=False)
    t = transfer(entities["DE"], vendor, importer_role="processor", hr_data=True)
    evaluation = t.latest_evaluation()
    assert evaluation is not None

    rows = explanation.drivers(evaluation.facts, evaluation.findings)

    assert [(d.name, d.value, d.codes) for d in rows] == [
        ("hr_data", "yes", ("dpf_scope_excludes_hr",)),
        ("importer_certified_hr", "no", ("dpf_scope_excludes_hr",)),
    ]


def test_drivers_show_defaults_and_unknown_in_words() -> None:
    findings = [{"code": "dpf_scope_unverified", "severity": "warning"}]
    facts = {"on": "2026-03-02", "exporter_country": "DE", "importer_country": "US"}

    rows = explanation.drivers({**facts, "hr_data": True}, findings)

    assert [(d.label, d.value) for d in rows] == [
        ("Includes HR data of employees (DPF Supplemental Principle 9)", "yes"),
        ("The recipient's certification covers HR data", "unknown"),
    ]


def test_drivers_leave_out_us_certification_outside_the_us() -> None:
    findings = [{"code": "adequacy", "severity": "info"}]
    facts = {"on": "2026-03-02", "exporter_country": "DE", "importer_country": "JP"}

    rows = explanation.drivers(facts, findings)

    assert [(d.name, d.value) for d in rows] == [
        ("exporter_country", "DE"),
        ("importer_country", "JP"),
    ]


def test_change_page_lists_the_facts_that_drove_the_result(
    client_for: Any, dpo_user: Any, entities: dict[str, Any]
) -> None:
    vendor = recipient(dpf_certified_from=date(2023, 9, 1), importer_certified_hr=False)
    t = transfer(entities["DE"], vendor, importer_role="processor", hr_data=True)

    page = client_for(dpo_user).get(reverse("admin:transfers_datatransfer_change", args=[t.pk]))

    html = page.content.decode()
    assert "The facts that drove the result" in html
    assert "Includes HR data of employees (DPF Supplemental Principle 9)" in html
    assert "Does the transfer include human-resources data of employees?" in html


def test_recipient_form_offers_unknown_as_an_answer(client_for: Any, dpo_user: Any) -> None:
    page = client_for(dpo_user).get(reverse("admin:transfers_externalrecipient_add"))

    html = page.content.decode()
    assert '<option value="unknown" selected>Unknown (not checked yet)</option>' in html
    assert '<option value="EPO">European Patent Organisation (EPO)</option>' in html


# --- DPF certification-end review (§8.4) ---------------------------------------------------------


def _dpf_reminders(vendor: ExternalRecipient) -> dict[str, tuple[datetime, bool]]:
    rows = Reminder.objects.filter(
        content_type=ContentType.objects.get_for_model(ExternalRecipient), object_id=vendor.pk
    )
    return {r.threshold: (r.next_reminder_at, r.cancelled_at is not None) for r in rows}


@pytest.fixture
def _dpf_policy(db: Any) -> None:
    ReminderPolicy.objects.filter(kind=DPF_REVIEW).delete()
    ensure_dpf_review_policy()


@pytest.mark.usefixtures("_dpf_policy")
def test_dpf_review_reminded_60_and_14_days_before_the_certifications_end(
    entities: dict[str, Any],
) -> None:
    vendor = recipient(dpf_certified_from=date(2023, 9, 1), dpf_certified_until=date(2026, 9, 30))
    transfer(entities["DE"], vendor, importer_role="processor")

    # 2026-09-30 ends at 23:59:59 in Berlin (summer time).
    assert _dpf_reminders(vendor) == {
        "due-60d": (datetime(2026, 8, 1, 21, 59, 59, tzinfo=UTC), False),
        "due-14d": (datetime(2026, 9, 16, 21, 59, 59, tzinfo=UTC), False),
        "overdue-1": (datetime(2026, 10, 7, 21, 59, 59, tzinfo=UTC), False),  # a week after
    }
    assert Reminder.objects.filter(kind="transfer.dpf_certification_review").count() == 3


@pytest.mark.usefixtures("_dpf_policy")
def test_dpf_review_cancelled_when_the_certification_end_is_removed(
    entities: dict[str, Any],
) -> None:
    vendor = recipient(dpf_certified_from=date(2023, 9, 1), dpf_certified_until=date(2026, 9, 30))
    transfer(entities["DE"], vendor, importer_role="processor")

    vendor.dpf_certified_until = None
    services.save_external_recipient(recipient=vendor)

    assert {key: cancelled for key, (_at, cancelled) in _dpf_reminders(vendor).items()} == {
        "due-60d": True,
        "due-14d": True,
        "overdue-1": True,
    }


@pytest.mark.usefixtures("_dpf_policy")
def test_dpf_review_not_planned_when_no_transfer_relies_on_the_dpf(
    entities: dict[str, Any],
) -> None:
    vendor = recipient(
        dpf_certified_from=date(2023, 9, 1),
        dpf_certified_until=date(2026, 9, 30),
        importer_certified_hr=False,
    )
    t = transfer(entities["DE"], vendor, importer_role="processor", hr_data=True)

    assert (t.has_blocker, _dpf_reminders(vendor)) == (True, {})


@pytest.mark.parametrize(
    ("exporter", "law"),
    [
        ("DE", "Commission Implementing Decision (EU) 2023/1795 Art. 1"),
        ("GB", "SI 2023/1028"),
    ],
)
def test_dpf_review_basis_names_the_framework_relied_on(
    group: Any, exporter: str, law: str
) -> None:
    from transfers.reminders import describe_dpf_review

    source = entity_in(group, f"{exporter} exporter", exporter)
    vendor = recipient(
        dpf_certified_from=date(2023, 9, 1),
        dpf_certified_until=date(2026, 9, 30),
        uk_extension_from=date(2023, 11, 1),
    )
    transfer(source, vendor, importer_role="processor")

    deadline = describe_dpf_review(ExternalRecipient.objects.get(pk=vendor.pk))

    assert law in deadline.basis
    assert (deadline.kind, deadline.done) == ("transfer.dpf_certification_review", False)


def test_dpf_review_policy_migration_copy_matches_the_module() -> None:
    migration = importlib.import_module("transfers.migrations.0008_dpf_review_policy")

    assert (migration.KIND, migration.POLICY) == (DPF_REVIEW, DPF_REVIEW_POLICY)
    ReminderPolicy(kind=DPF_REVIEW, **DPF_REVIEW_POLICY).clean_fields()
