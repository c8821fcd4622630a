"""Running the transfer engine on stored transfers and keeping its results.

The engine (``transfers.rules.mechanisms``) is pure; these services build its facts from the
models (``transfers.selectors``), store each distinct result once as an ``EvaluationResult``,
record each evaluation as a ``TransferEvaluation`` (the transfer, the date, the instant, the
result) and keep the transfer's denormalised columns (``current_result``, ``current_lawful``,
``current_mechanism``, ``has_blocker``) in line with its newest evaluation.

Why results are shared: an evaluation's findings and facts are most of its size, a group's
transfers share few distinct ones (about a fifth at group scale), and from one day to the next
most transfers' results do not change. Stored once, a group re-evaluation writes one narrow row
per transfer, and rewrites only the transfers whose result changed. A result holds neither the
facts' date nor the findings' mention of it (the evaluation's date is put back on reading), so
that a re-evaluation as of a new date that finds what the last one found rewrites no transfer.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db import IntegrityError, connection, transaction
from django.db.models import QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from compliance.collector import BULK_GC_THRESHOLD, collector_relaxed
from compliance.registry.models import CorporateGroup
from compliance.reminders.sync import sync_reminders
from transfers.models import DataTransfer, EvaluationResult, ExternalRecipient, TransferEvaluation
from transfers.models.transfers import without_evaluation_date
from transfers.rules.mechanisms import Evaluation, evaluate_transfer
from transfers.selectors import (
    BuiltFacts,
    build_facts,
    built_facts,
    facts_as_json,
    findings_as_json,
    group_transfers,
    load_facts_context,
    newest_evaluations,
)

# Rows per INSERT; SQLite lowers it to what its 999 parameters allow (111 rows).
INSERT_BATCH = 2000
# Digests per lookup of stored results (SQLite's limit on parameters is 32,766).
LOOKUP_BATCH = 10_000
# PostgreSQL stores a re-evaluation with COPY and one UPDATE … FROM (``_copy_and_point``); False:
# the portable path of other databases (benchmarks/transfers_reevaluate.py compares the two).
COPY_ON_POSTGRESQL = True
# The collector's thresholds while a re-evaluation runs (``reevaluate_transfers``).
REEVALUATION_GC_THRESHOLD = BULK_GC_THRESHOLD


@transaction.atomic
def evaluate(*, transfer: DataTransfer, on: date) -> TransferEvaluation:
    """Run the engine on one transfer as of ``on``, store the result and make it current."""
    built = built_facts(transfer, on)
    verdict = _Verdict.of(evaluate_transfer(built.facts), built)
    _store_results([verdict])
    row = verdict.row(transfer.pk, on, timezone.now())
    row.save()
    row.result = verdict.result()
    current = {
        "current_result_id": verdict.result_id,
        "current_lawful": verdict.lawful,
        "current_mechanism": verdict.mechanism,
        "has_blocker": verdict.has_blocker,
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
    changed: int = 0  # transfers whose current result changed


def reevaluate_transfers(*, transfers: QuerySet[DataTransfer], as_of: date) -> ReevaluationResult:
    """Evaluate every transfer of ``transfers`` as of ``as_of`` and make the results current.

    A fixed number of queries whatever the number of transfers (load, build facts in memory,
    look up and store the distinct results, insert the evaluations, one UPDATE), except for
    the insert batches of the portable path. The rows loaded live until the commit, so the
    cyclic collector is relaxed meanwhile (``compliance.collector``: it walked them again and
    again, about a quarter of a group's re-evaluation).
    """
    with collector_relaxed(REEVALUATION_GC_THRESHOLD), transaction.atomic():
        return _reevaluate(transfers, as_of)


def _reevaluate(transfers: QuerySet[DataTransfer], as_of: date) -> ReevaluationResult:
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
    _store_results(memo.values())
    # The transfers whose newest result is another than the one they point at: the only rows
    # to rewrite (the UPDATE checks again, row by row, against what is stored then).
    changed = [
        (t.pk, v)
        for t, (_pk, v) in zip(rows, verdicts, strict=True)
        if t.current_result_id != v.result_id
    ]
    if connection.vendor == "postgresql" and COPY_ON_POSTGRESQL:
        _copy_and_point(verdicts, changed, on=as_of, at=now)
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
        changed=len(changed),
    )


def reevaluate_group(*, group: CorporateGroup, as_of: date) -> ReevaluationResult:
    """Re-evaluate every transfer of ``group`` as of ``as_of`` (the auditor's question: was each
    transfer lawful on that day, and on which basis?)."""
    return reevaluate_transfers(transfers=group_transfers(group), as_of=as_of)


@dataclass(eq=False)
class _Verdict:
    """One distinct engine result of a run, shared by the transfers with its facts: what an
    ``EvaluationResult`` stores, its JSON and digest computed once."""

    lawful: bool | None
    regime: str
    mechanism: str
    has_blocker: bool
    facts: dict[str, Any]  # without the date: it is the evaluation's
    # The findings as canonical JSON (``canonical_json``), for the digest and for COPY, without
    # the date (``EVALUATION_DATE`` where they name it).
    findings_json: str
    facts_json: str
    digest: str
    result_id: int | None = field(default=None)

    @classmethod
    def of(cls, evaluation: Evaluation, built: BuiltFacts) -> _Verdict:
        # None: not assessed (no implemented export rule governs the exporter, §8.3).
        lawful, regime, mechanism = (
            evaluation.lawful,
            evaluation.regime or "",
            evaluation.mechanism or "",
        )
        facts = result_facts(facts_as_json(built.facts))
        # Without the date, like the facts: each evaluation puts its own back. Replaced in the
        # JSON text, which writes a date as it is (the same text as replacing it in each string
        # of the findings, and several times cheaper).
        findings_json = without_evaluation_date(
            canonical_json(findings_as_json(evaluation, built.notes)), built.facts.on
        )
        facts_json = canonical_json(facts)
        return cls(
            lawful=lawful,
            regime=regime,
            mechanism=mechanism,
            has_blocker=lawful is False,
            facts=facts,
            findings_json=findings_json,
            facts_json=facts_json,
            digest=_digest(lawful, regime, mechanism, findings_json, facts_json),
        )

    def result(self) -> EvaluationResult:
        return EvaluationResult(
            pk=self.result_id,
            digest=self.digest,
            lawful=self.lawful,
            regime=self.regime,
            mechanism=self.mechanism,
            has_blocker=self.has_blocker,
            findings=json.loads(self.findings_json),
            facts=self.facts,
        )

    def row(self, transfer_id: int, on: date, at: Any) -> TransferEvaluation:
        if self.result_id is None:
            raise RuntimeError("An evaluation is written once its result is stored.")
        return TransferEvaluation(
            transfer_id=transfer_id,
            evaluated_on=on,
            evaluated_at=at,
            result_id=self.result_id,
            lawful=self.lawful,
            regime=self.regime,
            mechanism=self.mechanism,
            has_blocker=self.has_blocker,
        )


def result_facts(facts: dict[str, Any]) -> dict[str, Any]:
    """The facts as a result keeps them: without the date (``on``), which is the evaluation's
    (``TransferEvaluation.facts`` puts it back), so that the same answer on another day is the
    same result."""
    return {name: value for name, value in facts.items() if name != "on"}


def result_digest(
    lawful: bool | None,
    regime: str,
    mechanism: str,
    findings: list[dict[str, Any]],
    facts: dict[str, Any],
) -> str:
    """The identity of a result: SHA-256 of the canonical JSON (``canonical_json``) of
    ``[lawful, regime, mechanism, findings, facts]`` (findings in the engine's order)."""
    return _digest(lawful, regime, mechanism, canonical_json(findings), canonical_json(facts))


def _digest(
    lawful: bool | None, regime: str, mechanism: str, findings_json: str, facts_json: str
) -> str:
    # The canonical JSON of the list, put together from its items' (the same text).
    head = canonical_json([lawful, regime, mechanism])[:-1]
    canonical = f"{head},{findings_json},{facts_json}]"
    return hashlib.sha256(canonical.encode()).hexdigest()


def canonical_json(value: Any) -> str:
    """JSON with sorted keys, no spaces and characters as they are: one text per value."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def _store_results(verdicts: Iterable[_Verdict]) -> None:
    """Give each verdict the id of its ``EvaluationResult``, storing those not stored yet: one
    lookup by digest, and for new results one insert (a result stored meanwhile by another
    run is left as it is: same digest, same content) and one more lookup."""
    verdicts = list(verdicts)
    by_digest = {v.digest: v for v in verdicts}
    known = _stored_results(list(by_digest))
    missing = [digest for digest in by_digest if digest not in known]
    if missing:
        new = [by_digest[digest] for digest in missing]
        if not (connection.vendor == "postgresql" and COPY_ON_POSTGRESQL and _copy_results(new)):
            EvaluationResult.objects.bulk_create(
                [verdict.result() for verdict in new],
                batch_size=INSERT_BATCH,
                ignore_conflicts=True,
            )
        known.update(_stored_results(missing))
    # Verdicts built apart but equal in content (facts equal but not the same object) share one.
    for verdict in verdicts:
        verdict.result_id = known[verdict.digest]


def _copy_results(new: list[_Verdict]) -> bool:
    """PostgreSQL: the new results in one COPY of their JSON as it is already written. False
    when one of them was stored meanwhile by another run (a unique digest): nothing is left
    of the COPY, and the caller inserts them skipping those."""
    table = EvaluationResult._meta.db_table
    lines = "".join(
        "\t".join(
            (
                v.digest,
                _copy_bool(v.lawful),
                _copy_text(v.regime),
                _copy_text(v.mechanism),
                _copy_bool(v.has_blocker),
                _copy_text(v.findings_json),
                _copy_text(v.facts_json),
            )
        )
        + "\n"
        for v in new
    )
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            columns = "digest, lawful, regime, mechanism, has_blocker, findings, facts"
            with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                copy.write(lines)
    except (IntegrityError, connection.Database.IntegrityError):  # type: ignore[attr-defined]
        return False
    return True


def _stored_results(digests: list[str]) -> dict[str, int]:
    """The ids of the stored results among ``digests``."""
    if not digests:
        return {}
    if connection.vendor == "postgresql":
        # One array parameter: Django's ``__in`` adapts thousands of values one by one.
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT digest, id FROM {EvaluationResult._meta.db_table} "  # noqa: S608
                "WHERE digest = ANY(%s::varchar[])",
                [_array(digests)],
            )
            return dict(cursor.fetchall())
    found: dict[str, int] = {}
    for i in range(0, len(digests), LOOKUP_BATCH):
        found.update(
            EvaluationResult.objects.filter(digest__in=digests[i : i + LOOKUP_BATCH]).values_list(
                "digest", "pk"
            )
        )
    return found


def _copy_and_point(
    verdicts: list[tuple[int, _Verdict]],
    changed: list[tuple[int, _Verdict]],
    *,
    on: date,
    at: Any,
) -> None:
    """PostgreSQL: the new evaluations in one COPY (narrow rows: the result is a reference),
    then the transfers whose result changed pointed at it in one ``UPDATE … FROM``: two
    statements whatever the number of transfers, and a re-evaluation that finds what the last
    one found rewrites no transfer. The rows are written as COPY text in one piece:
    value-by-value adaptation of 20,000 rows cost more than the statements themselves.
    """
    if not verdicts:
        return
    table = TransferEvaluation._meta.db_table
    transfer_table = DataTransfer._meta.db_table
    with connection.cursor() as cursor:
        columns = (
            "transfer_id, evaluated_on, evaluated_at, result_id, lawful, regime, mechanism, "
            "has_blocker"
        )
        # The columns after the transfer's id are the same for every transfer sharing a
        # verdict, so each verdict is encoded once.
        stamp = f"{on.isoformat()}\t{at.isoformat()}"
        encoded: dict[int, str] = {}
        lines = []
        for transfer_id, v in verdicts:
            tail = encoded.get(id(v))
            if tail is None:
                tail = encoded[id(v)] = "\t".join(
                    (
                        stamp,
                        str(v.result_id),
                        _copy_bool(v.lawful),
                        _copy_text(v.regime),
                        _copy_text(v.mechanism),
                        _copy_bool(v.has_blocker),
                    )
                )
            lines.append(f"{transfer_id}\t{tail}\n")
        with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
            copy.write("".join(lines))
        if not changed:
            return
        # Each changed transfer with its result's id and verdict columns, as array literals
        # (text parameters: dumped at once, not value by value; the verdict is the one just
        # computed, not read back from the results).
        cursor.execute(
            f"UPDATE {transfer_table} AS t SET current_result_id = c.result_id, "  # noqa: S608
            "current_lawful = c.lawful, current_mechanism = c.mechanism, "
            "has_blocker = c.has_blocker "
            "FROM unnest(%s::bigint[], %s::bigint[], %s::boolean[], %s::varchar[], "
            "%s::boolean[]) AS c(transfer_id, result_id, lawful, mechanism, has_blocker) "
            "WHERE t.id = c.transfer_id AND t.current_result_id IS DISTINCT FROM c.result_id",
            [
                _array(str(pk) for pk, _v in changed),
                _array(str(v.result_id) for _pk, v in changed),
                _array(_array_bool(v.lawful) for _pk, v in changed),
                _array(_array_text(v.mechanism) for _pk, v in changed),
                _array(_array_bool(v.has_blocker) for _pk, v in changed),
            ],
        )


def _array(items: Iterable[str]) -> str:
    """A PostgreSQL array literal of already quoted items."""
    return "{" + ",".join(items) + "}"


def _array_bool(value: bool | None) -> str:
    return "NULL" if value is None else ("t" if value else "f")


def _array_text(value: str) -> str:
    """An array item quoted: an empty string, commas or braces are not read as the literal's."""
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


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
    latest = newest_evaluations()

    def column(name: str) -> Subquery:
        return Subquery(latest.values(name)[:1])

    transfers.update(
        current_result=column("result_id"),
        current_lawful=column("lawful"),
        current_mechanism=Coalesce(column("mechanism"), Value("")),
        has_blocker=Coalesce(column("has_blocker"), Value(False)),
    )
