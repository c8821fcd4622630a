"""Evaluations share their results (issue 21): each distinct result of the engine is stored once,
an evaluation refers to it and keeps its own date; a transfer points at its current result, so
that a re-evaluation that finds what the last one found rewrites no transfer."""

from __future__ import annotations

import gc
import json
from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse

from tests.builders import transfer
from transfers import services
from transfers.models import DataTransfer, EvaluationResult, TransferEvaluation
from transfers.models.transfers import EVALUATION_DATE, with_evaluation_date
from transfers.services import evaluations
from transfers.services.evaluations import result_digest

pytestmark = pytest.mark.django_db


def test_transfers_with_equal_facts_share_one_result(group: Any, entities: dict[str, Any]) -> None:
    same = [transfer(entities["DE"], entities["JP"], name=f"to Tokyo {i}") for i in range(3)]
    other = transfer(entities["DE"], entities["US"], name="to Boston")

    outcome = services.reevaluate_group(group=group, as_of=date(2024, 1, 1))

    rows = {
        e.transfer_id: e.result_id
        for e in TransferEvaluation.objects.filter(evaluated_on=date(2024, 1, 1))
    }
    # Each transfer was evaluated when it was recorded (as of that day): the same answer but
    # for the date, and so the same result; no transfer is rewritten.
    assert (outcome.evaluated, outcome.changed) == (4, 0)
    assert len({rows[t.pk] for t in same}) == 1
    assert rows[other.pk] != rows[same[0].pk]
    assert len(set(rows.values())) == 2
    stored = DataTransfer.objects.select_related("current_result").get(pk=same[0].pk)
    assert stored.current_result_id == rows[same[0].pk]
    assert (stored.current_lawful, stored.current_mechanism, stored.has_blocker) == (
        stored.current_result.lawful,
        stored.current_result.mechanism,
        stored.current_result.has_blocker,
    )


def test_the_same_answer_again_rewrites_no_transfer(group: Any, entities: dict[str, Any]) -> None:
    flows = [
        transfer(entities["DE"], entities["JP"], name="to Tokyo"),
        transfer(entities["DE"], entities["US"], name="to Boston"),
    ]
    services.reevaluate_group(group=group, as_of=date(2024, 1, 1))
    before = {t.pk: (t.current_result_id, t.version) for t in DataTransfer.objects.all()}
    results = EvaluationResult.objects.count()

    again = services.reevaluate_group(group=group, as_of=date(2024, 1, 1))

    assert (again.evaluated, again.changed) == (2, 0)
    assert EvaluationResult.objects.count() == results
    assert {t.pk: (t.current_result_id, t.version) for t in DataTransfer.objects.all()} == before
    # Each run is on record: two evaluations per transfer, the newest with the same result.
    for t in flows:
        newest, older = TransferEvaluation.objects.filter(
            transfer=t, evaluated_on=date(2024, 1, 1)
        ).order_by("-evaluated_at", "-pk")
        assert (newest.result_id, newest.findings, newest.facts) == (
            older.result_id,
            older.findings,
            older.facts,
        )
        assert DataTransfer.objects.get(pk=t.pk).latest_evaluation() == newest


def test_a_changed_answer_moves_the_pointer_and_its_columns(
    group: Any, entities: dict[str, Any]
) -> None:
    to_tokyo = transfer(entities["DE"], entities["JP"], name="to Tokyo")

    first = services.reevaluate_group(group=group, as_of=date(2018, 1, 1))  # before adequacy
    later = services.reevaluate_group(group=group, as_of=date(2020, 1, 1))  # after it

    stored = DataTransfer.objects.select_related("current_result").get(pk=to_tokyo.pk)
    assert (first.with_blocker, later.changed) == (1, 1)
    assert (stored.current_lawful, stored.current_mechanism, stored.has_blocker) == (
        True,
        "adequacy",
        False,
    )
    latest = stored.latest_evaluation()
    assert latest is not None
    assert (latest.evaluated_on, latest.result_id) == (date(2020, 1, 1), stored.current_result_id)


def test_an_evaluation_keeps_its_own_date_in_its_facts(
    group: Any, entities: dict[str, Any]
) -> None:
    t = transfer(entities["DE"], entities["JP"], name="to Tokyo")

    services.evaluate(transfer=t, on=date(2024, 1, 1))
    services.evaluate(transfer=t, on=date(2024, 6, 1))

    dates = [
        (e.evaluated_on, e.facts["on"])
        for e in TransferEvaluation.objects.filter(transfer=t).order_by("evaluated_on")
    ]
    assert dates == [
        (date(2024, 1, 1), "2024-01-01"),
        (date(2024, 6, 1), "2024-06-01"),
        (date(2026, 3, 2), "2026-03-02"),  # when it was recorded
    ]
    # The result keeps the facts without the date: it is the evaluation's.
    assert {"on"} & {k for r in EvaluationResult.objects.all() for k in r.facts} == set()


def test_a_result_is_named_by_the_digest_of_its_content(entities: dict[str, Any]) -> None:
    t = transfer(entities["DE"], entities["JP"], name="to Tokyo")

    row = services.evaluate(transfer=t, on=date(2024, 1, 1))

    stored = EvaluationResult.objects.get(pk=row.result_id)
    assert stored.digest == result_digest(
        stored.lawful, stored.regime, stored.mechanism, stored.findings, stored.facts
    )


# The migration that made results shared: applied for real on evaluations of before.

BEFORE = [("transfers", "0011_evaluation_regime_choices")]


@pytest.fixture
def migrator(transactional_db: Any, reference_data: Any) -> Iterator[MigrationExecutor]:
    executor = MigrationExecutor(connection)
    latest = executor.loader.graph.leaf_nodes()
    executor.migrate(BEFORE)
    try:
        yield MigrationExecutor(connection)
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(latest)


def test_the_migration_shares_the_results_of_evaluations_of_before(
    migrator: MigrationExecutor,
) -> None:
    # The other apps as they are now (only the transfers went back).
    others = [node for node in migrator.loader.graph.leaf_nodes() if node[0] != "transfers"]
    apps = migrator.loader.project_state([*others, *BEFORE]).apps
    group = apps.get_model("compliance", "CorporateGroup").objects.create(
        name="Migrated Group", short_name="MG", version=1
    )
    entity = apps.get_model("compliance", "GroupEntity")
    berlin = entity.objects.create(
        group=group, legal_name="Berlin GmbH", short_name="MG Berlin", country_id="DE", version=1
    )
    tokyo = entity.objects.create(
        group=group,
        legal_name="Tokyo K.K.",
        short_name="MG Tokyo",
        country_id="JP",
        time_zone="Asia/Tokyo",
        version=1,
    )
    old_transfer = apps.get_model("transfers", "DataTransfer")
    old_evaluation = apps.get_model("transfers", "TransferEvaluation")
    findings = [{"code": "adequacy", "severity": "info", "message": "m", "basis": "GDPR Art. 45"}]
    flows = [
        old_transfer.objects.create(
            name=f"flow {i}",
            exporter=berlin,
            importer=tokyo,
            start_date=date(2022, 1, 1),
            version=1,
        )
        for i in range(2)
    ]
    made = {}
    for t in flows:
        for on in (date(2024, 1, 1), date(2024, 2, 1)):
            made[t.pk, on] = old_evaluation.objects.create(
                transfer=t,
                evaluated_on=on,
                evaluated_at=f"{on.isoformat()}T09:00:00Z",
                lawful=True,
                regime="EU_GDPR",
                mechanism="adequacy",
                findings=findings,
                facts={"on": on.isoformat(), "exporter_country": "DE", "importer_country": "JP"},
            )
        old_transfer.objects.filter(pk=t.pk).update(
            current_evaluation=made[t.pk, date(2024, 2, 1)],
            current_lawful=True,
            current_mechanism="adequacy",
            evaluated_on=date(2024, 2, 1),
        )

    migrator.migrate(migrator.loader.graph.leaf_nodes())

    # Four evaluations with one result between them, each with its own date back in its facts.
    assert EvaluationResult.objects.count() == 1
    result = EvaluationResult.objects.get()
    assert (result.lawful, result.mechanism, result.has_blocker, result.findings) == (
        True,
        "adequacy",
        False,
        findings,
    )
    assert result.facts == {"exporter_country": "DE", "importer_country": "JP"}
    for (pk, on), before in made.items():
        after = TransferEvaluation.objects.get(pk=before.pk)
        assert (after.transfer_id, after.evaluated_on, after.result_id) == (pk, on, result.pk)
        assert after.facts == {"on": on.isoformat(), **result.facts}
    for t in flows:
        stored = DataTransfer.objects.get(pk=t.pk)
        assert (stored.current_result_id, stored.current_lawful) == (result.pk, True)
        latest = stored.latest_evaluation()
        assert latest is not None
        assert latest.pk == made[t.pk, date(2024, 2, 1)].pk
    # The digest is the one the services compute: a later evaluation with the same content
    # finds this result instead of storing it again.
    assert result.digest == result_digest(True, "EU_GDPR", "adequacy", findings, result.facts)


def test_a_result_stored_meanwhile_by_another_run_is_shared_not_doubled(
    group: Any, entities: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    from transfers.services import evaluations

    t = transfer(entities["DE"], entities["JP"], name="to Tokyo")
    first = services.evaluate(transfer=t, on=date(2024, 1, 1))
    # The first lookup misses the result, as if another run stored it after the lookup.
    real = evaluations._stored_results
    calls: list[list[str]] = []

    def late(digests: list[str]) -> dict[str, int]:
        calls.append(digests)
        return {} if len(calls) == 1 else real(digests)

    monkeypatch.setattr(evaluations, "_stored_results", late)

    again = services.evaluate(transfer=t, on=date(2024, 1, 1))

    assert len(calls) == 2
    assert again.result_id == first.result_id
    assert EvaluationResult.objects.filter(digest=first.result.digest).count() == 1


def test_the_evaluation_page_shows_its_findings_and_its_facts_with_its_date(
    client_for: Any, dpo_user: Any, entities: dict[str, Any]
) -> None:
    import html
    import json

    from django.urls import reverse

    t = transfer(entities["DE"], entities["JP"], name="to Tokyo")
    row = services.evaluate(transfer=t, on=date(2018, 1, 1))  # before adequacy: a blocker

    response = client_for(dpo_user).get(
        reverse("admin:transfers_transferevaluation_change", args=[row.pk])
    )

    page = response.content.decode()
    stored = TransferEvaluation.objects.select_related("result").get(pk=row.pk)
    assert response.status_code == 200
    assert stored.facts == {"on": "2018-01-01", **row.result.facts}
    # As the database gives them back (PostgreSQL orders a JSON object's keys its own way).
    assert html.escape(json.dumps(stored.findings, ensure_ascii=False)) in page
    assert html.escape(json.dumps(stored.facts, ensure_ascii=False)) in page


def test_a_verdict_without_its_result_is_refused_by_the_database(
    entities: dict[str, Any],
) -> None:
    from django.db import IntegrityError, transaction

    t = transfer(entities["DE"], entities["JP"], name="to Tokyo")

    with pytest.raises(IntegrityError), transaction.atomic():
        DataTransfer.objects.filter(pk=t.pk).update(current_result=None)
    DataTransfer.objects.filter(pk=t.pk).update(
        current_result=None, current_lawful=None, current_mechanism="", has_blocker=False
    )

    stored = DataTransfer.objects.get(pk=t.pk)
    assert (stored.current_verdict, stored.latest_evaluation()) == ("not evaluated", None)


def test_a_reevaluation_runs_with_the_collector_relaxed_and_restores_it(
    group: Any, entities: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    transfer(entities["DE"], entities["JP"], name="to Tokyo")
    seen: list[tuple[int, ...]] = []
    engine = evaluations.evaluate_transfer

    def spy(facts: Any) -> Any:
        seen.append(gc.get_threshold())
        return engine(facts)

    monkeypatch.setattr(evaluations, "evaluate_transfer", spy)
    before = gc.get_threshold()
    gc.set_threshold(700, 10, 10)
    try:
        services.reevaluate_group(group=group, as_of=date(2024, 1, 1))
        after = gc.get_threshold()
    finally:
        gc.set_threshold(*before)

    assert seen == [evaluations.REEVALUATION_GC_THRESHOLD]
    assert evaluations.REEVALUATION_GC_THRESHOLD == (200_000, 50, 1_000)
    assert after == (700, 10, 10)


def test_a_new_date_with_the_same_answer_rewrites_no_transfer(
    group: Any, entities: dict[str, Any]
) -> None:
    """A result holds no date: the findings that name the evaluation's date (here "no
    mechanism makes this transfer lawful on" it) hold a mark instead, and each evaluation puts
    its own date back. The same answer on another day is the same result."""
    blocked = transfer(entities["DE"], entities["US"], name="to Boston")
    services.reevaluate_group(group=group, as_of=date(2024, 1, 1))
    before = DataTransfer.objects.get(pk=blocked.pk)

    later = services.reevaluate_group(group=group, as_of=date(2024, 2, 1))

    assert later.changed == 0
    after = DataTransfer.objects.get(pk=blocked.pk)
    assert (after.current_result_id, after.version) == (before.current_result_id, before.version)
    first, second = TransferEvaluation.objects.filter(
        transfer=blocked, evaluated_on__in=[date(2024, 1, 1), date(2024, 2, 1)]
    ).order_by("evaluated_on")
    assert first.result_id == second.result_id == after.current_result_id
    assert [f["message"] for f in first.blockers][-1] == (
        "No transfer mechanism makes this transfer lawful on 2024-01-01."
    )
    assert [f["message"] for f in second.blockers][-1] == (
        "No transfer mechanism makes this transfer lawful on 2024-02-01."
    )
    # Stored: the mark where the date was, in the English text and in the parts it is
    # worded from in the reader's language.
    stored = first.result.findings[-1]
    assert stored["message"] == (
        f"No transfer mechanism makes this transfer lawful on {EVALUATION_DATE}."
    )
    assert "2024-01-01" not in json.dumps(first.result.findings)
    assert with_evaluation_date(stored, date(2024, 2, 1)) == second.findings[-1]


def test_the_admin_names_the_newest_evaluations_date(
    group: Any, entities: dict[str, Any], dpo_user: Any, client_for: Any
) -> None:
    blocked = transfer(entities["DE"], entities["US"], name="to Boston")
    services.reevaluate_group(group=group, as_of=date(2024, 1, 1))
    services.reevaluate_group(group=group, as_of=date(2024, 2, 1))
    client = client_for(dpo_user)

    listed = client.get(reverse("admin:transfers_datatransfer_changelist"), {"q": "to Boston"})
    change = client.get(reverse("admin:transfers_datatransfer_change", args=[blocked.pk]))

    assert (listed.status_code, change.status_code) == (200, 200)
    assert blocked.reference in listed.content.decode()
    html = change.content.decode()
    assert "No transfer mechanism makes this transfer lawful on 2024-02-01." in html
    assert "lawful on 2024-01-01" not in html
    for page in (listed, change):
        assert EVALUATION_DATE not in page.content.decode()


def test_a_result_read_without_a_date_shows_a_dash_where_the_date_was() -> None:
    result = EvaluationResult(
        findings=[{"message": f"Lawful on {EVALUATION_DATE}.", "basis": "GDPR Art. 45"}]
    )

    assert result.findings_on(None) == [{"message": "Lawful on —.", "basis": "GDPR Art. 45"}]
    assert result.findings_on(date(2024, 2, 1)) == [
        {"message": "Lawful on 2024-02-01.", "basis": "GDPR Art. 45"}
    ]
