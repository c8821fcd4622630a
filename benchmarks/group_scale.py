"""The whole group at scale: every main admin page, the sweep, a re-evaluation and the PDFs.

Run (PostgreSQL; the database is created if missing and EMPTIED at each size):

    make bench
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/dpo_desk_bench_scale \\
        DJANGO_SECRET_KEY=x .venv/bin/python benchmarks/group_scale.py [--scale 0.1 --scale 1]

For each scale (a fraction of the full size: 300 entities, 20,000 transfers, 10,000 breaches,
100,000 pending reminders) it flushes the database, seeds it with ``seed_scale`` (timed), adds
draft notifications, and measures: a group-wide transfer re-evaluation; the reminder sweep with
1 % of the pending reminders due; then (so that evaluations, deliveries and in-admin
notifications have rows) as a user of the DPO group through the test client the admin index
(the dashboard), the changelist and the change page of a typical row of every main model, and a
coordinator's dashboard; last the group PDFs. Writes benchmarks/results/group_scale.md.

At full size the PDFs take most of the time: on the shared 2-core VM one render of the breach
register (1,456 pages) took 10 minutes and of the group status (1,775 pages) 8, the process
peaking at 3.3 GB; the whole run takes about an hour there. ``--pdf-runs 1`` renders each PDF
once, ``--pdf-runs 0`` skips them (then a few minutes in all).
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from io import BytesIO
from typing import Any
from urllib.parse import urlparse

import pdf_scale
from common import (
    RESULTS,
    count_queries,
    ensure_database,
    hardware,
    machine,
    measure,
    percentiles,
    setup_django,
)

DEFAULT_DATABASE = "postgres://postgres@127.0.0.1:5432/dpo_desk_bench_scale"
FULL = {"entities": 300, "transfers": 20_000, "breaches": 10_000, "reminders": 100_000}
TARGET_MS = 300
PAGE_REPEAT = 7
PDF_RUNS = 1  # each run of a full-size PDF takes minutes: the counted run is timed too
BATCH_REPEAT = 3  # sweeps and re-evaluations
AS_OF = date(2026, 1, 1)  # the re-evaluation date

# The main admin models: (label in the table, app_label.model_name). Every other model of
# compliance and transfers registered in the admin gets its changelist measured too (table 2).
MAIN = (
    ("breach incidents", "compliance.breachincident"),
    ("notification deadlines", "compliance.notificationdeadline"),
    ("notifications", "compliance.breachnotification"),
    ("corporate groups", "compliance.corporategroup"),
    ("group entities", "compliance.groupentity"),
    ("BCR applications", "compliance.bcrapplication"),
    ("reminders", "compliance.reminder"),
    ("reminder deliveries", "compliance.reminderdelivery"),
    ("in-admin notifications", "compliance.usernotification"),
    ("data transfers", "transfers.datatransfer"),
    ("transfer evaluations", "transfers.transferevaluation"),
    ("TIAs", "transfers.transferimpactassessment"),
    ("SCC contracts", "transfers.scccontract"),
)
# Group-wide PDFs measured at every scale through ``render_report`` (as a web request or the
# command line would); the registers are measured at the largest scale, before beside after and
# against Chromium, by ``pdf_scale`` (table "PDF renders").
PDFS = ("group_status",)

# Why a row's query count is expected to change with the size (shown in the reading).
EXPECTED_GROWTH = {
    "reminder sweep": "1 % of the pending reminders are due, so 10× the reminders means 10× "
    "the due ones; the sweep's queries grow with the due reminders only (see "
    "results/reminders.md): compare the queries per due reminder.",
    "group re-evaluation, portable path (other databases)": "one INSERT per 2,000 "
    "evaluations (bulk_create batches); the other queries are constant.",
    "group re-evaluation, as of a new date": "one INSERT per 2,000 new results (bulk_create "
    "batches); the other queries are constant.",
}

# Why a row is slow, where the cause is known (shown in the reading when the row is flagged, and
# always for the PDFs, which have no target but take the longest).
KNOWN_CAUSES = {
    "breach incidents changelist": "the register orders every breach by its nearest open "
    "deadline, an aggregate (MIN over the deadlines) computed on each request, and counts all "
    "rows; fix: store the nearest open due instant on the breach, indexed, kept by the services "
    "that change deadlines (results/breaches.md).",
    "transfer evaluations changelist": "ordered by (-evaluated_at, -pk), served by the index "
    "evaluation_newest_first (before it, PostgreSQL sorted every evaluation to show 100).",
    "PDF breach_register": "the time is WeasyPrint's layout, not the context (a fixed number "
    "of queries; the context takes about 0.1 s at scale 0.02): all three reports use a fixed "
    "table layout with set column widths (the automatic layout measured every cell first: the "
    "full-size breach register took 622 s before, 108 s after). They grow with the pages "
    "printed, about 0.07–0.25 s a page. Above the async thresholds of "
    "`compliance.reports.jobs` they render in a Celery job, never in a web request.",
}
KNOWN_CAUSES["PDF group_status"] = KNOWN_CAUSES["PDF breach_register"]
KNOWN_CAUSES["PDF transfer_register"] = KNOWN_CAUSES["PDF breach_register"]


@dataclass
class Row:
    label: str
    kind: str  # "page", "batch" (sweep, re-evaluation) or "pdf"
    queries: int
    median: float
    p95: float
    rows: int | None = None  # rows in the listed table, for changelists
    note: str = ""


@dataclass
class Run:
    scale: float
    sizes: dict[str, int] = field(default_factory=dict)
    seed_seconds: float = 0.0
    rows: dict[str, Row] = field(default_factory=dict)
    others: dict[str, Row] = field(default_factory=dict)
    pdf_runs: list[pdf_scale.PdfRun] = field(default_factory=list)

    def add(self, row: Row, *, other: bool = False) -> None:
        (self.others if other else self.rows)[row.label] = row
        print(
            f"  {row.label}: {row.queries} queries, {row.median:.0f}/{row.p95:.0f} ms"
            f"{f' ({row.note})' if row.note else ''}",
            flush=True,
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument(
        "--scale",
        type=float,
        action="append",
        help="a fraction of the full size; repeat it (default: --scale 0.1 --scale 1)",
    )
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL", DEFAULT_DATABASE))
    parser.add_argument(
        "--pdf-runs",
        type=int,
        default=PDF_RUNS,
        help="timed renders of each PDF (minutes each at full size; 0 skips the PDFs)",
    )
    parser.add_argument(
        "--pdf-sizes",
        default=",".join(map(str, pdf_scale.sizes_from_environment())),
        help="transfers in the transfer register renders at the largest scale (default "
        "BENCH_PDF_SIZES or 1000,5000; the issue's full set is 1000,5000,20000); '' skips them",
    )
    parser.add_argument("--output", default=str(RESULTS / "group_scale.md"))
    parser.add_argument(
        "--pages-only",
        action="store_true",
        help="on the group a previous run left in the database (not emptied, not seeded): "
        "only the page table, after VACUUM ANALYZE (a few minutes; to compare a change)",
    )
    parser.add_argument(
        "--seed-only",
        action="store_true",
        help="empty the database, seed the group at the largest --scale, evaluate it once, "
        "VACUUM ANALYZE and stop (a minute or two; for --pages-only and profiling)",
    )
    parser.add_argument(
        "--label", default="", help="a line printed under the title (e.g. 'validation run')"
    )
    args = parser.parse_args()
    scales = sorted(args.scale or [0.1, 1.0])
    name = urlparse(args.database_url).path.lstrip("/")
    if "bench" not in name:
        sys.exit(f"Refusing to empty database {name!r}: use one whose name contains 'bench'.")
    os.environ["DATABASE_URL"] = args.database_url
    os.environ["EMAIL_URL"] = "memory://"  # the sweep builds every message and sends none
    # The test client speaks plain HTTP: without this every page is a redirect to https.
    os.environ.setdefault("DJANGO_SECURE_SSL_REDIRECT", "0")
    # The DPO signs in without a second factor here (the pages' cost is what is measured).
    os.environ.setdefault("DPO_DESK_2FA_REQUIRED_GROUPS", "")
    ensure_database(args.database_url)
    setup_django()

    import logging

    from django.core.management import call_command
    from django.test.utils import override_settings

    logging.disable(logging.INFO)  # a sign-in line per page view; warnings still shown
    # Static files by their plain names: no collectstatic (and its manifest) for a benchmark.
    override_settings(
        STORAGES={
            "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        }
    ).enable()
    call_command("migrate", verbosity=0)
    started = datetime.now(tz=UTC)
    runs = []
    pdf_sizes = [int(n) for n in args.pdf_sizes.split(",") if n.strip()]
    if args.seed_only:
        seed_only(scales[-1])
        return
    if args.pages_only:
        runs.append(pages_of_existing_group())
        write(runs, args, started, missing=[])
        return
    for scale in scales:
        print(f"scale {scale}", flush=True)
        sizes = pdf_sizes if scale == scales[-1] else []
        runs.append(run_scale(scale, pdf_runs=args.pdf_runs, pdf_sizes=sizes))
        # After each scale: a run that fails at full size keeps the smaller sizes' table.
        write(runs, args, started, missing=scales[len(runs) :])


def seed_only(scale: float) -> None:
    """The group of ``run_scale`` with its users and one evaluation of every transfer, left
    in the database for ``--pages-only`` or a profile: no timing, no result file."""
    from compliance.registry.demo import seed_scale
    from transfers.services import reevaluate_group

    size = {key: max(2 if key == "entities" else 0, round(n * scale)) for key, n in FULL.items()}
    reset_database()
    group = seed_scale(**size)
    add_draft_notifications(group)
    users(group)
    reevaluate_group(group=group, as_of=AS_OF)
    analyze(vacuum=True)
    print(f"seeded scale {scale}: {count_sizes(group)}", flush=True)


def pages_of_existing_group() -> Run:
    """The page table on the group of a previous full run, as its users the bench made."""
    from django.contrib.auth import get_user_model

    from compliance.registry.models import CorporateGroup

    group = CorporateGroup.objects.get()
    run = Run(scale=group.entities.count() / FULL["entities"])
    run.sizes = count_sizes(group)
    analyze(vacuum=True)
    model = get_user_model()
    pages(
        run,
        model.objects.get(username="bench-dpo"),
        model.objects.get(username="bench-coordinator"),
    )
    return run


def run_scale(scale: float, *, pdf_runs: int, pdf_sizes: list[int]) -> Run:
    from compliance.registry.demo import seed_scale

    run = Run(scale=scale)
    size = {key: max(2 if key == "entities" else 0, round(n * scale)) for key, n in FULL.items()}
    reset_database()
    start = time.perf_counter()
    group = seed_scale(**size)
    run.seed_seconds = time.perf_counter() - start
    add_draft_notifications(group)
    analyze()
    run.sizes = count_sizes(group)
    print(f"  seeded in {run.seed_seconds:.1f} s: {run.sizes}", flush=True)
    dpo, coordinator = users(group)
    reevaluation(run, group)
    sweep(run)
    analyze(vacuum=True)
    pages(run, dpo, coordinator)
    pdfs(run, group, dpo, pdf_runs)
    if pdf_sizes:
        run.pdf_runs += pdf_scale.transfer_register(group, pdf_sizes, AS_OF)
        run.pdf_runs += pdf_scale.breach_register(group, timezone_today())
    return run


def timezone_today() -> date:
    from django.utils import timezone

    return timezone.localdate()


def reset_database() -> None:
    from django.core.management import call_command

    from compliance.registry.reference_loader import load_reference_data
    from compliance.reminders.defaults import ensure_default_policies
    from compliance.roles import sync_role_permissions

    call_command("flush", interactive=False, verbosity=0)
    load_reference_data()
    sync_role_permissions()
    ensure_default_policies()


def add_draft_notifications(group: Any) -> None:
    """A draft notification on the first open deadline of every tenth breach: seed_scale makes
    none, and an empty changelist measures nothing. Drafts leave the deadlines open."""
    from django.db.models import F

    from compliance.breaches.choices import DeadlineStatus
    from compliance.breaches.models import BreachNotification, NotificationDeadline

    deadlines = NotificationDeadline.objects.filter(
        incident__entity__group=group, status=DeadlineStatus.OPEN
    ).annotate(tenth=F("incident_id") % 10)
    first: dict[int, Any] = {}
    for deadline in deadlines.filter(tenth=0).order_by("pk"):
        first.setdefault(deadline.incident_id, deadline)
    BreachNotification.objects.bulk_create(
        (
            BreachNotification(
                incident_id=d.incident_id,
                deadline=d,
                recipient_authority_id=d.recipient_authority_id,
                summary="synthetic draft",
            )
            for d in first.values()
        ),
        batch_size=2000,
    )


def analyze(*, vacuum: bool = False) -> None:
    """Fresh planner statistics, as autovacuum would have them on a database in use; with
    ``vacuum``, the dead rows of the re-evaluations and sweeps just run cleared too (each
    re-evaluation as of a new date rewrites most transfers' rows), as autovacuum does within a
    minute or so."""
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE" if vacuum else "ANALYZE")


def count_sizes(group: Any) -> dict[str, int]:
    from compliance.breaches.models import BreachIncident, NotificationDeadline
    from compliance.reminders.models import Reminder
    from transfers.models import DataTransfer

    return {
        "entities": group.entities.count(),
        "transfers": DataTransfer.objects.filter(exporter__group=group).count(),
        "breaches": BreachIncident.objects.filter(entity__group=group).count(),
        "breach deadlines": NotificationDeadline.objects.filter(
            incident__entity__group=group
        ).count(),
        "pending reminders": Reminder.objects.pending().count(),
    }


def users(group: Any) -> tuple[Any, Any]:
    """A DPO (as ``tests/conftest.py`` makes them) and the coordinator of one entity."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    from compliance.choices import COORDINATOR_GROUP, DPO_GROUP

    model = get_user_model()
    dpo = model.objects.create_user(username="bench-dpo", email="dpo@example.com", is_staff=True)
    dpo.groups.add(Group.objects.get(name=DPO_GROUP))
    coordinator = model.objects.create_user(
        username="bench-coordinator", email="coordinator@example.com", is_staff=True
    )
    coordinator.groups.add(Group.objects.get(name=COORDINATOR_GROUP))
    entities = group.entities.order_by("pk")
    entities[entities.count() // 2].coordinators.add(coordinator)
    return dpo, coordinator


def reevaluation(run: Run, group: Any) -> None:
    """The group re-evaluation three ways, ``BATCH_REPEAT`` runs each, interleaved:

    - as of a new date each run (a result holds no date, the evaluation does: only the
      transfers whose answer changed with the date, e.g. a contract that came into force, are
      pointed at another result; before, the findings' mention of the date made most results
      new and rewrote most transfers);
    - again as of the same date (the results are those of the run before: no transfer
      rewritten; the case of re-evaluating after a change of facts on the same day);
    - the portable path of other databases (INSERT batches and the correlated pointer UPDATE;
      what SQLite runs), as of the same date.
    """
    from django.db import connection

    from transfers.services import evaluations, reevaluate_group

    labels = {
        "group re-evaluation, as of a new date": True,
        "group re-evaluation, again as of the same date": True,
    }
    if connection.vendor == "postgresql":
        labels["group re-evaluation, portable path (other databases)"] = False
    timings: dict[str, list[float]] = {label: [] for label in labels}
    queries: dict[str, int] = {}
    changed: dict[str, list[int]] = {label: [] for label in labels}
    try:
        for i in range(BATCH_REPEAT):
            # A date no run evaluated yet, then the same date again (twice: COPY, portable).
            on = AS_OF + timedelta(days=1 + i)
            for label, copy in labels.items():
                evaluations.COPY_ON_POSTGRESQL = copy
                start = time.perf_counter()
                executed, result = count_queries(
                    lambda on=on: reevaluate_group(group=group, as_of=on)
                )
                timings[label].append((time.perf_counter() - start) * 1000)
                queries.setdefault(label, executed)
                changed[label].append(result.changed)
    finally:
        evaluations.COPY_ON_POSTGRESQL = True
    for label in labels:
        median, p95 = percentiles(timings[label])
        note = (
            f"{run.sizes['transfers']:,} transfers; transfers pointed at another result: "
            + ", ".join(f"{n:,}" for n in changed[label])
        )
        run.add(Row(label, "batch", queries[label], median, p95, note=note))


def sweep(run: Run) -> None:
    """``BATCH_REPEAT`` sweeps, each with 1 % of the pending reminders made due just before;
    interleaved with as many sweeps whose deliveries take the path of before, one transaction
    per delivery (today the sweep's fallback when a batch cannot be written, forced here)."""
    import logging
    import random
    from unittest import mock

    from django.utils import timezone

    from compliance.reminders import sweep as sweep_module
    from compliance.reminders.models import Reminder

    rng = random.Random(1)
    due = max(1, run.sizes["pending reminders"] // 100)
    labels = ("reminder sweep", "reminder sweep, one delivery at a time (before)")
    times: dict[str, list[float]] = {label: [] for label in labels}
    first: dict[str, tuple[int, int, int]] = {}

    def batch_refused(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("benchmark: the path of one delivery at a time")

    quiet = logging.getLogger(sweep_module.__name__)
    for _ in range(BATCH_REPEAT):
        for label in labels:
            now = timezone.now()
            pending = list(Reminder.objects.pending().values_list("pk", flat=True))
            Reminder.objects.filter(pk__in=rng.sample(pending, due)).update(
                next_reminder_at=now - timedelta(minutes=1)
            )
            before = label != labels[0]
            patch = mock.patch.object(sweep_module, "_record_batch", batch_refused)
            level = quiet.level
            if before:
                patch.start()
                quiet.setLevel(logging.CRITICAL)
            try:
                start = time.perf_counter()
                executed, result = count_queries(
                    lambda now=now: sweep_module.send_due_reminders(now=now, limit=due)
                )
                times[label].append((time.perf_counter() - start) * 1000)
            finally:
                if before:
                    patch.stop()
                    quiet.setLevel(level)
            first.setdefault(label, (executed, result.sent, result.deliveries))
    for label in labels:
        queries, sent, deliveries = first[label]
        median, p95 = percentiles(times[label])
        note = (
            f"one batch of {due:,} due of {run.sizes['pending reminders']:,}: {queries} queries "
            f"per batch ({queries / due:.2f} per due reminder); first run {sent:,} sent, "
            f"{deliveries:,} deliveries"
        )
        run.add(Row(label, "batch", queries, median, p95, note=note))


def pages(run: Run, dpo: Any, coordinator: Any) -> None:
    from django.contrib import admin
    from django.test import Client
    from django.urls import reverse

    from compliance.collector import freeze_loaded_objects

    client = Client()
    client.force_login(dpo)
    scoped = Client()
    scoped.force_login(coordinator)
    # As the web process does once it has loaded the app (``config.wsgi``).
    freeze_loaded_objects()

    def timed(label: str, url: str, who: Client = client, **extra: Any) -> Row:
        def get() -> None:
            response = who.get(url)
            assert response.status_code == 200, (
                url,
                response.status_code,
                response.get("Location"),
            )

        queries, median, p95 = measure(get, repeat=PAGE_REPEAT)
        return Row(label, "page", queries, median, p95, **extra)

    run.add(timed("dashboard (admin index)", reverse("admin:index")))
    run.add(timed("dashboard, coordinator of one entity", reverse("admin:index"), scoped))
    run.add(
        timed(
            "breach incidents changelist, coordinator",
            reverse("admin:compliance_breachincident_changelist"),
            scoped,
        )
    )
    run.add(
        timed(
            "notification deadlines changelist, coordinator",
            reverse("admin:compliance_notificationdeadline_changelist"),
            scoped,
        )
    )
    theirs = coordinator.coordinated_entities.get().breaches.order_by("pk").first()
    if theirs is not None:
        run.add(
            timed(
                "breach incident change page, coordinator",
                reverse("admin:compliance_breachincident_change", args=[theirs.pk]),
                scoped,
            )
        )
    registered = {m._meta.label_lower: m for m in admin.site._registry}
    for label, name in MAIN:
        model = registered[name]
        opts = model._meta
        total = model._default_manager.count()
        changelist = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
        run.add(timed(f"{label} changelist", changelist, rows=total))
        rows = model._default_manager.order_by("pk")
        if name == "compliance.usernotification":
            # Each user reads only their own notifications (another's answers a redirect).
            rows = rows.filter(user=dpo)
            total = rows.count()
        typical = rows[total // 2] if total else None
        if typical is None:
            run.add(Row(f"{label} change page", "page", 0, 0, 0, note="no rows"))
            continue
        change = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[typical.pk])
        run.add(timed(f"{label} change page", change))
    main = {name for _, name in MAIN}
    for name, model in sorted(registered.items()):
        opts = model._meta
        if opts.app_label not in ("compliance", "transfers") or name in main:
            continue
        changelist = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
        row = timed(
            f"{opts.verbose_name_plural} changelist",
            changelist,
            rows=model._default_manager.count(),
        )
        run.add(row, other=True)


def pdfs(run: Run, group: Any, dpo: Any, runs: int) -> None:
    from django.utils import timezone
    from pypdf import PdfReader

    from compliance.reports.registry import get_report, render_report, report_kinds

    as_of = timezone.localdate()
    for kind in PDFS if runs > 0 else ():
        if kind not in report_kinds() or not isinstance(group, get_report(kind).model):
            continue
        rendered: list[bytes] = []

        def render(kind: str = kind, rendered: list[bytes] = rendered) -> None:
            report = render_report(kind, obj=group, user=dpo, lang="en", as_of=as_of)
            rendered.append(report.content)

        queries, median, p95 = measure(render, repeat=runs - 1, time_counted=True)
        content = rendered[-1]
        note = f"{len(PdfReader(BytesIO(content)).pages)} pages, {len(content) / 1024:,.0f} KiB"
        run.add(Row(f"PDF {kind}", "pdf", queries, median, p95, note=note))


# ---------------------------------------------------------------------------------------------
# The table


def write(runs: list[Run], args: Any, started: datetime, *, missing: list[float]) -> None:
    first, last = runs[0], runs[-1]
    todo = ", ".join(f"{m:g}" for m in missing)
    banner = [f"**Incomplete: scales {todo} not measured (yet).**", ""] if missing else []
    lines = [
        "# Group at scale: pages, sweep, re-evaluation and PDFs",
        "",
        *banner,
        *([f"**{args.label}**", ""] if args.label else []),
        f"Run {started:%Y-%m-%d %H:%M} UTC on {machine()}.",
        f"Hardware: {hardware()}; load average at the end {os.getloadavg()[0]:.1f}.",
        "",
        f"`python benchmarks/group_scale.py {' '.join(f'--scale {r.scale:g}' for r in runs)}`"
        f" (full size: {FULL['entities']} entities, {FULL['transfers']:,} transfers, "
        f"{FULL['breaches']:,} breaches, {FULL['reminders']:,} pending reminders).",
        "",
        *sizes_table(runs),
        "",
        *what_is_measured(),
        "",
        "## Pages, sweep, re-evaluation, PDFs",
        "",
        *table(runs, lambda r: r.rows),
        "",
        "## Other changelists of compliance and transfers",
        "",
        *table(runs, lambda r: r.others),
        "",
        *pdf_section(last),
        "## Reading",
        "",
        *reading(first, last),
    ]
    path = os.path.abspath(args.output)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as out:
        out.write("\n".join(lines) + "\n")
    if not missing:
        print("\n".join(lines))


def pdf_section(last: Run) -> list[str]:
    if not last.pdf_runs:
        return []
    return [
        f"## PDF renders at scale {last.scale:g}: before beside after, against Chromium",
        "",
        "Each render in a fresh forked process, one after the other (see "
        "`benchmarks/pdf_scale.py`). Transfer register: the first N rows of the group's "
        f"register as of {AS_OF} (summary figures of the whole group); `before` is the markup "
        "of before issue 21 as one document with the collector's default thresholds, `job "
        "path` what the report job runs today (in parts on every core). Breach register: the "
        "twelve months up to the run's date, as one document and as the job renders it. "
        "`× Chromium` is seconds per page over Chromium's for the same rows; `× before` "
        "seconds over the first render of the same report and size. `peak MB`: the largest "
        "sum of PSS over the process and its children (parts, browser). `words`: the same "
        "rows' words as the render of before (page furniture left out).",
        "",
        *pdf_scale.table(last.pdf_runs),
        "",
    ]


def sizes_table(runs: list[Run]) -> list[str]:
    keys = list(runs[0].sizes)
    lines = [
        "| scale | " + " | ".join(keys) + " | seed s |",
        "|---:|" + "---:|" * (len(keys) + 1),
    ]
    for run in runs:
        values = " | ".join(f"{run.sizes[k]:,}" for k in keys)
        lines.append(f"| {run.scale:g} | {values} | {run.seed_seconds:.1f} |")
    return lines


def what_is_measured() -> list[str]:
    return [
        "What the sizes are: `seed_scale --entities E --transfers T --breaches B --reminders R`",
        "at each scale. *Breach deadlines* are the `NotificationDeadline` rows the breach engine",
        "computes for the breaches (3–4 per breach). *Pending reminders* are `Reminder` rows, one",
        'per threshold of an open breach deadline as its policy plans it (the "100,000',
        'deadlines" of the target: the rows the reminder sweep works through); their send times',
        "are synthetic, spread over the next 400 days. Every tenth breach also gets a draft",
        "notification. The database is flushed before each scale and `ANALYZE`d after seeding.",
        "",
        "Queries are the SQL statements sent (an execute wrapper; the BEGIN and COMMIT of a",
        "request's transaction are not counted, so pages show 2 fewer than the query log).",
        "Pages: `django.test.Client` as a user of the DPO group (not a superuser): one run",
        f"counts the queries, {PAGE_REPEAT} more are timed (median and p95 of those; with 7",
        "runs the p95 is the slowest). Change pages open the middle row by id. The objects",
        "loaded before the first page are frozen out of the cyclic collector's reach, as the",
        "web process does once it has loaded the app (`config.wsgi`). The sweep and",
        f"the re-evaluation: {BATCH_REPEAT} runs (the sweep makes 1 % of the pending reminders",
        "due before each run, and counts the queries of the first); each re-evaluation adds",
        "one evaluation per transfer (a narrow row: its result, stored once, is shared).",
        "PDFs: English, the whole group, as of the run's date;",
        "every run timed, the first also counted. Growth is p95 at the largest scale over p95",
        "at the smallest.",
        f"Flags: **slow** a page whose p95 at the largest scale is over {TARGET_MS} ms;",
        "**queries differ** a row whose query count is not the same at every scale.",
    ]


def table(runs: list[Run], rows_of: Callable[[Run], dict[str, Row]]) -> list[str]:
    scales = [f"{r.scale:g}" for r in runs]
    head = ["page / operation"]
    head += [f"rows @{s}" for s in scales]
    head += [f"queries @{s}" for s in scales]
    head += [f"median / p95 ms @{s}" for s in scales]
    head += ["p95 growth", "flags", "note (largest scale)"]
    lines = ["| " + " | ".join(head) + " |", "|---|" + "---:|" * (len(head) - 3) + "---|---|"]
    for label in rows_of(runs[-1]):
        cells = [row for r in runs if (row := rows_of(r).get(label)) is not None]
        if len(cells) != len(runs):
            continue
        growth = f"{cells[-1].p95 / cells[0].p95:.1f}×" if cells[0].p95 else ""
        line = [label]
        line += ["" if c.rows is None else f"{c.rows:,}" for c in cells]
        line += [str(c.queries) for c in cells]
        line += [f"{c.median:,.0f} / {c.p95:,.0f}" for c in cells]
        line += [growth, ", ".join(flags(cells)), cells[-1].note]
        lines.append("| " + " | ".join(line) + " |")
    return lines


def flags(cells: list[Row]) -> list[str]:
    found = []
    if cells[-1].kind == "page" and cells[-1].p95 > TARGET_MS:
        found.append("**slow**")
    if len({c.queries for c in cells}) > 1:
        found.append("**queries differ**")
    return found


def reading(first: Run, last: Run) -> list[str]:
    everything = {**last.rows, **last.others}
    slow = [label for label, row in everything.items() if "**slow**" in flags([row])]
    grow = [
        label
        for label, row in everything.items()
        if (before := first.rows.get(label) or first.others.get(label)) is not None
        and before.queries != row.queries
    ]
    lines = [
        f"- Pages over {TARGET_MS} ms (p95) at scale {last.scale:g}: "
        + (", ".join(slow) if slow else "none")
        + ".",
        f"- Query counts that differ between scale {first.scale:g} and {last.scale:g}: "
        + (", ".join(grow) if grow else "none")
        + ".",
    ]
    for label in grow:
        if label in EXPECTED_GROWTH:
            lines.append(f"- {label}: {EXPECTED_GROWTH[label]}")
        elif label.endswith("change page"):
            lines.append(
                f"- {label}: a change page shows a different row at each scale (the middle one "
                "by id); a query more or fewer comes from that row's optional relations (a "
                "deadline with or without a recipient country), not from the number of rows."
            )
    causes: dict[str, list[str]] = {}  # one cause, the rows it explains
    for label in everything:
        if label in KNOWN_CAUSES and (label in slow or label.startswith("PDF")):
            causes.setdefault(KNOWN_CAUSES[label], []).append(label)
    lines += [f"- {', '.join(labels)}: {cause}" for cause, labels in causes.items()]
    return lines


if __name__ == "__main__":
    main()
