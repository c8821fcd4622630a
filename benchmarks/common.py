"""Shared set-up for benchmark scripts: Django on the configured database, timing helpers."""

from __future__ import annotations

import os
import platform
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "results"


def setup_django(*, sqlite_default: str | None = None) -> None:
    """Django on ``DATABASE_URL``; without one, on ``var/<sqlite_default>`` when given (a
    benchmark's own SQLite file, never the app's database) or the settings' default."""
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("DJANGO_SECRET_KEY", "benchmark-only")
    os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "testserver")
    if sqlite_default and "DATABASE_URL" not in os.environ:
        (ROOT / "var").mkdir(exist_ok=True)
        os.environ["DATABASE_URL"] = f"sqlite:///{ROOT / 'var' / sqlite_default}"
    import django

    django.setup()


def machine() -> str:
    from django.db import connection

    version = ".".join(map(str, connection.get_database_version()))
    return (
        f"{platform.node()} · {platform.processor() or platform.machine()} · "
        f"{os.cpu_count()} cores · Python {platform.python_version()} · "
        f"{connection.vendor} {version}"
    )


def hardware() -> str:
    """CPU model and memory, from /proc (Linux); empty where that is not available."""
    parts = []
    cpuinfo, meminfo = Path("/proc/cpuinfo"), Path("/proc/meminfo")
    if cpuinfo.exists():
        for line in cpuinfo.read_text(encoding="utf-8").splitlines():
            if line.startswith("model name"):
                parts.append(line.split(":", 1)[1].strip())
                break
    if meminfo.exists():
        for line in meminfo.read_text(encoding="utf-8").splitlines():
            if line.startswith("MemTotal:"):
                parts.append(f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB RAM")
                break
    return " · ".join(parts)


def ensure_database(url: str) -> None:
    """Create the PostgreSQL database of ``url`` if it is missing (other databases: nothing)."""
    parsed = urlparse(url)
    if not parsed.scheme.startswith("postgres"):
        return
    import psycopg

    name = parsed.path.lstrip("/")
    admin = parsed._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{name}"')


def measure(
    fn: Callable[[], Any], *, repeat: int = 7, time_counted: bool = False
) -> tuple[int, float, float]:
    """(queries of one run, median ms, p95 ms): one run counts the queries, ``repeat`` more are
    timed; ``time_counted`` times the counting run too (for runs of minutes, where a warm-up
    run is too dear and makes no difference)."""
    times = []
    start = time.perf_counter()
    queries, _ = count_queries(fn)
    if time_counted:
        times.append((time.perf_counter() - start) * 1000)
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return (queries, *percentiles(times))


def count_queries(fn: Callable[[], Any]) -> tuple[int, Any]:
    """(SQL statements ``fn`` sent, its result). Counted by an execute wrapper rather than the
    query log, which keeps only the last 9,000 queries (a full-size sweep sends more); unlike
    the log, the wrapper does not see a transaction's BEGIN and COMMIT."""
    from django.db import connection

    executed = 0

    def count(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        nonlocal executed
        executed += 1
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        result = fn()
    return executed, result


def percentiles(times: list[float]) -> tuple[float, float]:
    """(median, p95) of a list of timings; the p95 of a few runs is close to their maximum."""
    ordered = sorted(times)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return statistics.median(ordered), p95
