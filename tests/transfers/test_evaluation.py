"""Stored evaluations, group re-evaluation with a bounded number of queries."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from compliance.bcr.models import BCRMember
from compliance.registry.models import CorporateGroup
from tests.builders import approved_tia, bcr, entity_in, recipient, signed_scc, transfer
from tests.factories import CorporateGroupFactory
from transfers import services
from transfers.models import DataTransfer, TransferEvaluation, TransferImpactAssessment
from transfers.scale import seed_scale_transfers

pytestmark = pytest.mark.django_db


def test_evaluate_stores_result_with_basis_and_makes_it_current(
    entities: dict[str, Any],
) -> None:
    t = transfer(entities["DE"], entities["JP"])

    row = services.evaluate(transfer=t, on=date(2018, 1, 1))  # before the Japan decision

    assert (row.lawful, row.regime, row.mechanism, row.has_blocker) == (
        False,
        "EU_GDPR",
        "",
        True,
    )
    assert row.findings == [
        {
            "code": "no_mechanism",
            "severity": "blocker",
            "message": "No transfer mechanism makes this transfer lawful on 2018-01-01.",
            "basis": "Directive 95/46/EC Art. 25(1)",
            # Beside the English record, its templates and parameters (shown in each language).
            "message_parts": [
                ["No transfer mechanism makes this transfer lawful on {on}.", {"on": "2018-01-01"}]
            ],
            "basis_parts": [["Directive 95/46/EC Art. 25(1)", {}]],
        }
    ]
    assert row.facts["on"] == "2018-01-01"
    stored = DataTransfer.objects.get(pk=t.pk)
    assert (
        stored.current_result_id,
        stored.current_lawful,
        stored.current_mechanism,
        stored.has_blocker,
        stored.latest_evaluation(),
    ) == (row.result_id, False, "", True, row)


def test_evaluate_does_not_bump_version_nor_write_history(entities: dict[str, Any]) -> None:
    t = transfer(entities["DE"], entities["JP"])
    version, history = t.version, t.history.count()

    services.evaluate(transfer=t, on=date(2024, 1, 1))

    assert DataTransfer.objects.get(pk=t.pk).version == version
    assert t.history.count() == history


def test_reevaluate_group_as_of_a_past_date(group: Any, entities: dict[str, Any]) -> None:
    bcr(group, {entities["DE"]: date(2021, 8, 5), entities["US"]: date(2021, 8, 5)})
    to_us = transfer(entities["DE"], entities["US"], name="to US")
    approved_tia(to_us, date(2021, 9, 1))
    to_jp = transfer(entities["DE"], entities["JP"], name="to JP")

    result = services.reevaluate_group(group=group, as_of=date(2021, 8, 31))

    assert (result.evaluated, result.lawful, result.with_blocker) == (2, 1, 1)
    to_us.refresh_from_db()
    to_jp.refresh_from_db()
    assert (to_us.current_mechanism, to_us.has_blocker, to_us.latest_evaluation().evaluated_on) == (
        "",
        True,
        date(2021, 8, 31),
    )
    assert [f["code"] for f in to_us.current_result.findings] == [
        "tia_missing",
        "no_mechanism",
    ]
    assert (to_jp.current_mechanism, to_jp.has_blocker) == ("adequacy", False)


def _group_with_transfers(n: int) -> CorporateGroup:
    group = CorporateGroupFactory(name=f"Scale {n}", short_name=f"S{n}")
    hub = entity_in(group, f"Hub{n}", "DE", processor=True)
    spokes = [
        entity_in(group, f"Spoke{n}-{i}", country, processor=True)
        for i, country in enumerate(("US", "JP", "SG", "GB", "IN"))
    ]
    rules = bcr(group, {hub: date(2021, 8, 5)})
    BCRMember.objects.bulk_create(
        BCRMember(bcr=rules, entity=s, joined_on=date(2022, 1, 1)) for s in spokes
    )
    vendor = recipient(f"Vendor {n}")
    contract = signed_scc(hub, vendor, reference=f"SCC-{n}", module=2)
    japan, first = spokes[1], None
    for i in range(n):
        kind = i % 4
        facts: dict[str, Any] = {"exporter": hub, "importer": spokes[i % len(spokes)]}
        if kind == 0:
            facts = {"exporter": hub, "external_recipient": vendor}
        elif kind == 2:
            facts = {"exporter": hub, "importer": japan}
        elif kind == 3:  # onward from Japan, continuing the first flow into Japan
            facts = {"exporter": japan, "importer": spokes[0], "continues": first}
        t = DataTransfer.objects.create(
            name=f"flow {i}", start_date=date(2022, 1, 1), importer_role="processor", **facts
        )
        if kind == 0:
            contract.transfers.add(t)
        first = first or (t if kind == 2 else None)
    TransferImpactAssessment.objects.bulk_create(
        TransferImpactAssessment(
            transfer=t, destination_laws="reviewed", state="approved", approved_on=date(2022, 2, 1)
        )
        for t in DataTransfer.objects.filter(exporter__group=group)[: n // 2]
    )
    return group


def test_reevaluate_group_query_count_does_not_grow_with_transfers(
    db: Any, django_assert_num_queries: Any
) -> None:
    small, large = _group_with_transfers(10), _group_with_transfers(100)
    # The results: one lookup by digest, the new ones stored, one lookup of their ids.
    # PostgreSQL: the new results and the evaluations by COPY (not counted: no query of
    # Django's; the results' in a savepoint, its pair counted) and one UPDATE … FROM; other
    # databases: one INSERT of results, one INSERT batch of evaluations and the correlated
    # UPDATE, and (SQLite) the savepoint pair. The same count on both.
    queries = 17

    with django_assert_num_queries(queries):
        services.reevaluate_group(group=small, as_of=date(2024, 1, 1))
    with django_assert_num_queries(queries):
        services.reevaluate_group(group=large, as_of=date(2024, 1, 1))

    evaluated = TransferEvaluation.objects.filter(
        transfer__exporter__group=large, evaluated_on=date(2024, 1, 1)
    )
    assert evaluated.count() == 100


def test_reevaluate_group_bulk_result_equals_one_by_one(db: Any) -> None:
    group = _group_with_transfers(24)

    services.reevaluate_group(group=group, as_of=date(2024, 1, 1))
    bulk = {
        t.pk: (
            t.current_lawful,
            t.current_mechanism,
            t.current_result.findings_on(date(2024, 1, 1)),
        )
        for t in DataTransfer.objects.filter(exporter__group=group).select_related("current_result")
    }
    single = {
        t.pk: (row.lawful, row.mechanism, row.findings)
        for t in DataTransfer.objects.filter(exporter__group=group)
        for row in [services.evaluate(transfer=t, on=date(2024, 1, 1))]
    }

    assert bulk == single
    mechanisms = {m for _l, m, _f in bulk.values()}
    assert mechanisms == {"", "scc", "bcr", "adequacy", "equivalent_measures"}


def test_seed_scale_transfers_creates_valid_rows_and_is_idempotent(group: Any) -> None:
    for i, country in enumerate(("DE", "FR", "US", "JP", "GB", "SG", "IN", "NL")):
        entity_in(group, f"E{i}", country, processor=i % 2 == 0)

    seed_scale_transfers(group, count=400)
    seed_scale_transfers(group, count=400)
    result = services.reevaluate_group(group=group, as_of=date(2026, 3, 2))

    transfers = DataTransfer.objects.filter(exporter__group=group)
    assert transfers.count() == 400
    assert transfers.filter(continues__isnull=False).count() == 20
    assert result.evaluated == 400
    for t in transfers.select_related("exporter", "importer")[:100]:
        t.full_clean(exclude=["state"])
