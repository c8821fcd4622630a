"""Group-wide transfer re-evaluation at scale: queries and time of ``reevaluate_group``.

Seeds (once) a 300-entity group with 20,000 transfers through ``seed_scale`` and re-evaluates
every transfer as of a date, counting the queries and timing the run; appends a row to
``benchmarks/results/transfers.md``.

    DJANGO_SECRET_KEY=x .venv/bin/python benchmarks/transfers_reevaluate.py
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/dpo_desk_bench \
        DJANGO_SECRET_KEY=x .venv/bin/python benchmarks/transfers_reevaluate.py

Without ``DATABASE_URL`` it uses its own SQLite file (``var/benchmark_transfers.sqlite3``), never
the development database. The PostgreSQL database must exist (``createdb dpo_desk_bench``).
"""

from __future__ import annotations

import argparse
import os
import platform
import time
from collections import Counter
from datetime import UTC, date, datetime

from common import ROOT, setup_django

RESULTS = ROOT / "benchmarks" / "results" / "transfers.md"
HEADER = [
    "# Transfer re-evaluation benchmark",
    "",
    "`reevaluate_group(group=..., as_of=...)` on a synthetic group (`seed_scale`): load the",
    "transfers and everything their facts need, build every `TransferFacts` in memory, run the",
    "engine, bulk-insert one `TransferEvaluation` per transfer, point every transfer at its new",
    "evaluation with one UPDATE. The query count does not depend on the number of transfers",
    "except for the insert batches (SQLite: 111 rows per INSERT, its 999-parameter limit;",
    "PostgreSQL: 2,000). `other` is the savepoint pair of the transaction. Times are wall-clock",
    "on a shared machine: the load average at the start of the run is recorded with them.",
    "",
    "| run (UTC) | database | entities | transfers | queries | SELECT | INSERT | UPDATE | other "
    "| seconds | transfers/s | load avg | machine |",
    "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|",
]


def _kind(sql: str) -> str:
    word = sql.lstrip().split(" ", 1)[0].upper()
    return word if word in ("SELECT", "INSERT", "UPDATE") else "other"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--entities", type=int, default=300)
    parser.add_argument("--transfers", type=int, default=20000)
    parser.add_argument("--as-of", type=date.fromisoformat, default=date(2026, 1, 1))
    parser.add_argument(
        "--portable",
        action="store_true",
        help="the INSERT batches and correlated UPDATE of other databases, on PostgreSQL too",
    )
    args = parser.parse_args()
    setup_django(sqlite_default="benchmark_transfers.sqlite3")

    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from compliance.registry.demo import seed_scale
    from transfers.models import DataTransfer
    from transfers.services import evaluations, reevaluate_group

    call_command("migrate", verbosity=0)
    call_command("load_reference_data", verbosity=0)
    start = time.perf_counter()
    group = seed_scale(entities=args.entities, transfers=args.transfers, breaches=0)
    seeded = time.perf_counter() - start
    transfers = DataTransfer.objects.filter(exporter__group=group).count()
    entities = group.entities.count()

    evaluations.COPY_ON_POSTGRESQL = not args.portable
    load = os.getloadavg()[0]
    start = time.perf_counter()
    with CaptureQueriesContext(connection) as queries:
        result = reevaluate_group(group=group, as_of=args.as_of)
    seconds = time.perf_counter() - start
    kinds = Counter(_kind(q["sql"]) for q in queries.captured_queries)

    vendor = f"{connection.vendor} {'.'.join(map(str, connection.get_database_version()))}"
    if connection.vendor == "postgresql":
        vendor += " (portable path)" if args.portable else " (COPY, UPDATE … FROM)"
    machine = f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    row = (
        f"| {datetime.now(tz=UTC):%Y-%m-%d %H:%M} | {vendor} | {entities} | {transfers} | "
        f"{len(queries.captured_queries)} | {kinds['SELECT']} | {kinds['INSERT']} | "
        f"{kinds['UPDATE']} | {kinds['other']} | {seconds:.2f} | {transfers / seconds:,.0f} | "
        f"{load:.1f} | {machine} |"
    )
    previous = []
    if RESULTS.exists():
        previous = [
            line for line in RESULTS.read_text(encoding="utf-8").splitlines() if line[:4] == "| 20"
        ]
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text("\n".join([*HEADER, *previous, row]) + "\n", encoding="utf-8")
    print(row)
    print(
        f"seeded in {seeded:.1f} s (skipped when the group existed); as of {result.as_of}: "
        f"{result.lawful} lawful, {result.with_blocker} with a blocker"
    )


if __name__ == "__main__":
    main()
