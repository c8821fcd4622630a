"""Running the transfer engine on stored transfers and keeping its results.

The engine (``transfers.rules.mechanisms``) is pure; these services build its facts from the
models (``transfers.selectors``), store each result as a ``TransferEvaluation`` and keep the
transfer's denormalised columns (``current_mechanism``, ``current_lawful``, ``has_blocker``)
pointing at the latest one.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import transaction
from django.db.models import OuterRef, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from compliance.registry.models import CorporateGroup
from compliance.reminders.sync import sync_reminders
from transfers.models import DataTransfer, ExternalRecipient, TransferEvaluation
from transfers.rules.mechanisms import Evaluation, evaluate_transfer
from transfers.selectors import (
    BuiltFacts,
    build_facts,
    built_facts,
    facts_as_json,
    findings_as_json,
    group_transfers,
    load_context,
)

# Rows per INSERT; SQLite lowers it to what its 999 parameters allow (111 rows).
INSERT_BATCH = 2000


def _evaluation_row(
    transfer: DataTransfer, on: date, at: Any, evaluation: Evaluation, built: BuiltFacts
) -> TransferEvaluation:
    return TransferEvaluation(
        transfer=transfer,
        evaluated_on=on,
        evaluated_at=at,
        # None: not assessed (no implemented export rule governs the exporter, §8.3).
        lawful=evaluation.lawful,
        regime=evaluation.regime or "",
        mechanism=evaluation.mechanism or "",
        has_blocker=evaluation.lawful is False,
        findings=findings_as_json(evaluation, built.notes),
        facts=facts_as_json(built.facts),
    )


@transaction.atomic
def evaluate(*, transfer: DataTransfer, on: date) -> TransferEvaluation:
    """Run the engine on one transfer as of ``on``, store the result and make it current."""
    built = built_facts(transfer, on)
    row = _evaluation_row(transfer, on, timezone.now(), evaluate_transfer(built.facts), built)
    row.save()
    current = {
        "current_evaluation": row,
        "current_lawful": row.lawful,
        "current_mechanism": row.mechanism,
        "has_blocker": row.has_blocker,
        "evaluated_on": on,
    }
    # An UPDATE of the derived columns only: not an edit, so no version bump and no history row.
    DataTransfer.objects.filter(pk=transfer.pk).update(**current)
    for name, value in current.items():
        setattr(transfer, name, value)
    sync_dpf_reviews(recipient_ids={transfer.external_recipient_id})
    return row


def sync_dpf_reviews(*, recipient_ids: Iterable[int | None]) -> int:
    """Bring the DPF certification-review reminders of these external recipients in line: a
    recipient becomes (or stops being) relied on under the DPF when the current evaluation of
    one of its transfers changes (``transfers.reminders``). One query, plus one sync for each
    recipient with a certification end on record. Returns the number synced."""
    ids = {pk for pk in recipient_ids if pk is not None}
    if not ids:
        return 0
    recipients = ExternalRecipient.objects.filter(pk__in=ids, dpf_certified_until__isnull=False)
    count = 0
    for recipient in recipients.order_by("pk"):
        sync_reminders(recipient)
        count += 1
    return count


@dataclass(frozen=True)
class ReevaluationResult:
    as_of: date
    evaluated: int
    lawful: int
    with_blocker: int
    not_assessed: int = 0  # no implemented export rule governs the exporter: neither of the two


@transaction.atomic
def reevaluate_transfers(*, transfers: QuerySet[DataTransfer], as_of: date) -> ReevaluationResult:
    """Evaluate every transfer of ``transfers`` as of ``as_of`` and make the results current.

    A fixed number of queries whatever the number of transfers (load, build facts in memory,
    bulk insert, two UPDATEs), except for the insert batches.
    """
    rows, context = load_context(transfers)
    now = timezone.now()
    evaluations = []
    for transfer in rows:
        built = build_facts(transfer, as_of, context)
        evaluations.append(
            _evaluation_row(transfer, as_of, now, evaluate_transfer(built.facts), built)
        )
    TransferEvaluation.objects.bulk_create(evaluations, batch_size=INSERT_BATCH)
    _point_to_latest(DataTransfer.objects.filter(pk__in=transfers.values("pk")))
    sync_dpf_reviews(recipient_ids={t.external_recipient_id for t in rows})
    return ReevaluationResult(
        as_of=as_of,
        evaluated=len(evaluations),
        lawful=sum(1 for e in evaluations if e.lawful is True),
        with_blocker=sum(1 for e in evaluations if e.has_blocker),
        not_assessed=sum(1 for e in evaluations if e.lawful is None),
    )


def reevaluate_group(*, group: CorporateGroup, as_of: date) -> ReevaluationResult:
    """Re-evaluate every transfer of ``group`` as of ``as_of`` (the auditor's question: was each
    transfer lawful on that day, and on which basis?)."""
    return reevaluate_transfers(transfers=group_transfers(group), as_of=as_of)


def _point_to_latest(transfers: QuerySet[DataTransfer]) -> None:
    """One UPDATE: each transfer's columns from its latest evaluation (an index lookup each)."""
    latest = TransferEvaluation.objects.filter(transfer=OuterRef("pk")).order_by(
        "-evaluated_at", "-pk"
    )

    def column(name: str) -> Subquery:
        return Subquery(latest.values(name)[:1])

    transfers.update(
        current_evaluation=column("pk"),
        current_lawful=column("lawful"),
        current_mechanism=Coalesce(column("mechanism"), Value("")),
        has_blocker=Coalesce(column("has_blocker"), Value(False)),
        evaluated_on=column("evaluated_on"),
    )
