"""Running the transfer engine on stored transfers and keeping its results.

The engine (``transfers.rules.mechanisms``) is pure; these services build its facts from the
models (``transfers.selectors``), store each result as a ``TransferEvaluation`` and keep the
transfer's denormalised columns (``current_mechanism``, ``current_lawful``, ``has_blocker``)
pointing at the latest one.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import connection, transaction
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
    load_facts_context,
)

# Rows per INSERT; SQLite lowers it to what its 999 parameters allow (111 rows).
INSERT_BATCH = 2000
# PostgreSQL stores a re-evaluation with COPY and one UPDATE … FROM (``_copy_and_point``); False:
# the portable path of other databases (benchmarks/transfers_reevaluate.py compares the two).
COPY_ON_POSTGRESQL = True


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
    rows, context = load_facts_context(transfers)
    now = timezone.now()
    # The engine is pure and a group's transfers share few distinct facts (a fifth at group
    # scale): each distinct input is evaluated, and turned into JSON, once.
    memo: dict[tuple[Any, ...], _Verdict] = {}
    verdicts: list[tuple[int, _Verdict]] = []
    for transfer in rows:
        built = build_facts(transfer, as_of, context)
        # Equal facts are one object within a run (built once by their arguments): keyed by
        # identity, not by hashing every field of every transfer's facts again.
        key = (id(built.facts), built.notes)
        verdict = memo.get(key)
        if verdict is None:
            verdict = memo[key] = _Verdict.of(evaluate_transfer(built.facts), built)
        verdicts.append((transfer.pk, verdict))
    if connection.vendor == "postgresql" and COPY_ON_POSTGRESQL:
        _copy_and_point(verdicts, on=as_of, at=now)
    else:
        TransferEvaluation.objects.bulk_create(
            [v.row(transfer_id, as_of, now) for transfer_id, v in verdicts],
            batch_size=INSERT_BATCH,
        )
        _point_to_latest(DataTransfer.objects.filter(pk__in=transfers.values("pk")))
    evaluations = [v for _pk, v in verdicts]
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


@dataclass(eq=False)
class _Verdict:
    """One distinct engine result of a re-evaluation, shared by the transfers with its facts."""

    lawful: bool | None
    regime: str
    mechanism: str
    has_blocker: bool
    findings: list[dict[str, str]]
    facts: dict[str, Any]

    @classmethod
    def of(cls, evaluation: Evaluation, built: BuiltFacts) -> _Verdict:
        return cls(
            # None: not assessed (no implemented export rule governs the exporter, §8.3).
            lawful=evaluation.lawful,
            regime=evaluation.regime or "",
            mechanism=evaluation.mechanism or "",
            has_blocker=evaluation.lawful is False,
            findings=findings_as_json(evaluation, built.notes),
            facts=facts_as_json(built.facts),
        )

    def row(self, transfer_id: int, on: date, at: Any) -> TransferEvaluation:
        return TransferEvaluation(
            transfer_id=transfer_id,
            evaluated_on=on,
            evaluated_at=at,
            lawful=self.lawful,
            regime=self.regime,
            mechanism=self.mechanism,
            has_blocker=self.has_blocker,
            findings=self.findings,
            facts=self.facts,
        )


def _copy_and_point(verdicts: list[tuple[int, _Verdict]], *, on: date, at: Any) -> None:
    """PostgreSQL: the new evaluations in one COPY, then every transfer pointed at its new one
    (and its state columns copied) in one ``UPDATE … FROM`` the evaluations made at ``at``: two
    statements whatever the number of transfers, instead of INSERT batches and an UPDATE with
    a correlated subquery per column and transfer. The rows are written as COPY text in one
    piece: value-by-value adaptation of 20,000 rows cost more than the statements themselves.

    Each evaluation is the newest of its transfer (``evaluated_at`` is now, the same instant for
    the whole run, found through the ``evaluation_newest_first`` index), so the pointer is the
    one ``_point_to_latest`` would find.
    """
    if not verdicts:
        return
    table = TransferEvaluation._meta.db_table
    transfer_table = DataTransfer._meta.db_table
    with connection.cursor() as cursor:
        columns = (
            "transfer_id, evaluated_on, evaluated_at, lawful, regime, mechanism, "
            "has_blocker, findings, facts"
        )
        # The rows as COPY text, written at once: the columns after the transfer's id are the
        # same for every transfer sharing a verdict, so each verdict is encoded once.
        stamp = f"{on.isoformat()}\t{at.isoformat()}"
        encoded: dict[int, str] = {}
        lines = []
        for transfer_id, v in verdicts:
            tail = encoded.get(id(v))
            if tail is None:
                tail = encoded[id(v)] = "\t".join(
                    (
                        stamp,
                        _copy_bool(v.lawful),
                        _copy_text(v.regime),
                        _copy_text(v.mechanism),
                        _copy_bool(v.has_blocker),
                        _copy_text(json.dumps(v.findings)),
                        _copy_text(json.dumps(v.facts)),
                    )
                )
            lines.append(f"{transfer_id}\t{tail}\n")
        with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
            copy.write("".join(lines))
        # Every transfer pointed at the evaluation just made for it; the ids as one array
        # literal (a text parameter: dumped at once, not value by value).
        cursor.execute(
            f"UPDATE {transfer_table} AS t SET current_evaluation_id = e.id, "  # noqa: S608
            "current_lawful = e.lawful, current_mechanism = e.mechanism, "
            "has_blocker = e.has_blocker, evaluated_on = e.evaluated_on "
            # Of several evaluations of a transfer made at the same instant (a frozen clock),
            # the last one written: ``_point_to_latest``'s order (-evaluated_at, -pk).
            f"FROM (SELECT DISTINCT ON (transfer_id) * FROM {table} "
            "WHERE evaluated_at = %s ORDER BY transfer_id, id DESC) AS e "
            "WHERE t.id = e.transfer_id AND t.id = ANY(%s::bigint[])",
            [at, "{" + ",".join(str(pk) for pk, _v in verdicts) + "}"],
        )


def _copy_text(value: str) -> str:
    """A value in COPY's text format: backslash, tab, newline and carriage return escaped."""
    if "\\" in value or "\t" in value or "\n" in value or "\r" in value:
        value = (
            value.replace("\\", "\\\\")
            .replace("\t", "\\t")
            .replace("\n", "\\n")
            .replace("\r", "\\r")
        )
    return value


def _copy_bool(value: bool | None) -> str:
    return "\\N" if value is None else ("t" if value else "f")


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
