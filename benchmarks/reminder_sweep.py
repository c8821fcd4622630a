"""Reminder sweep at scale: N pending deadline reminders of which 1,000 are due.

Run: DJANGO_SECRET_KEY=x .venv/bin/python benchmarks/reminder_sweep.py
     [--pending 100000] [--due 1000] [--database-url postgres://postgres@127.0.0.1:5432/dpo_desk_bench_reminders]

Creates the database if it is missing (PostgreSQL), migrates it, and for 10 % of ``--pending``
and then for all of it: bulk-inserts that many open breach deadlines, each with one pending
reminder (``--due`` of them due now, the others spread over the next 400 days), shows the
PostgreSQL plan of the sweep's selection query, and runs one sweep (e-mails to the in-memory
backend) counting its queries. Writes benchmarks/results/reminders.md. The claim: the query
count is the same for both sizes (it grows with the due rows only) and the plan uses the
partial index ``reminder_due``.
"""

from __future__ import annotations

import argparse
import os
import random
import time
from datetime import UTC, datetime, timedelta
from typing import Any

from common import RESULTS, ensure_database, machine, setup_django

DEFAULT_DATABASE = "postgres://postgres@127.0.0.1:5432/dpo_desk_bench_reminders"


def arrange(total: int, due: int, now: datetime) -> dict[str, Any]:
    """``total`` open deadlines with one reminder each, ``due`` of them due at ``now``."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.contrib.contenttypes.models import ContentType
    from django.db import connection

    from compliance.breaches.models import BreachIncident, NotificationDeadline
    from compliance.choices import DPO_GROUP
    from compliance.registry.models import CorporateGroup, GroupEntity
    from compliance.reminders.defaults import ensure_default_policies
    from compliance.reminders.models import Reminder, ReminderDelivery, UserNotification

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:  # a dedicated database: start from empty tables
            cursor.execute(
                "TRUNCATE compliance_usernotification, compliance_reminderdelivery, "
                "compliance_reminder, compliance_notificationdeadline, "
                "compliance_breachincident CASCADE"
            )
    else:
        for model in (
            UserNotification,
            ReminderDelivery,
            Reminder,
            NotificationDeadline,
            BreachIncident,
        ):
            model.objects.all().delete()
    ensure_default_policies()
    users = get_user_model().objects
    owner, _ = users.get_or_create(username="bench-owner", defaults={"email": "o@example.com"})
    coordinator, _ = users.get_or_create(username="bench-coord", defaults={"email": "c@x.test"})
    dpo, _ = users.get_or_create(username="bench-dpo", defaults={"email": "d@example.com"})
    dpo.groups.add(Group.objects.get(name=DPO_GROUP))
    group, _ = CorporateGroup.objects.get_or_create(name="Bench", defaults={"short_name": "B"})
    entity, _ = GroupEntity.objects.get_or_create(
        group=group,
        short_name="Bench DE",
        defaults={"legal_name": "Bench GmbH", "country_id": "DE", "time_zone": "Europe/Berlin"},
    )
    entity.coordinators.add(coordinator)
    aware = now - timedelta(hours=1)
    incidents = BreachIncident.objects.bulk_create(
        (
            BreachIncident(
                entity=entity,
                title=f"Bench breach {n}",
                description="synthetic",
                aware_at=aware,
                aware_time_zone="Europe/Berlin",
                cause="other",
                owner=owner,
            )
            for n in range(total)
        ),
        batch_size=5000,
    )
    deadlines = NotificationDeadline.objects.bulk_create(
        (
            NotificationDeadline(
                incident=i,
                entity=entity,
                regime="EU_GDPR",
                kind="authority_notification",
                recipient_key="DE",
                required=True,
                due_at=aware + timedelta(hours=72),
                basis="GDPR Art. 33(1)",
            )
            for i in incidents
        ),
        batch_size=5000,
    )
    content_type = ContentType.objects.get_for_model(NotificationDeadline)
    rng = random.Random(1)
    rows = []
    for n, d in enumerate(deadlines):
        next_reminder_at = (
            now - timedelta(minutes=1)
            if n < due
            else now + timedelta(minutes=rng.randint(1, 400 * 24 * 60))
        )
        rows.append(
            Reminder(
                content_type=content_type,
                object_id=d.pk,
                kind="EU_GDPR.authority_notification",
                threshold="due-24h",
                label="24 hours before the deadline",
                audience="owner,coordinators,dpo",
                due_at=d.due_at,
                next_reminder_at=next_reminder_at,
            )
        )
    Reminder.objects.bulk_create(rows, batch_size=5000)
    return {"pending": Reminder.objects.pending().count(), "due": due}


def explain(now: datetime, due: int) -> str:
    from django.db import connection

    from compliance.reminders.models import Reminder

    if connection.vendor != "postgresql":
        return Reminder.objects.due(at=now)[:due].explain()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE compliance_reminder")
    return Reminder.objects.due(at=now)[:due].explain(analyze=True, buffers=True)


def sweep(now: datetime, due: int) -> tuple[int, float, Any]:
    from django.db import connection

    from compliance.reminders.sweep import send_due_reminders

    executed: list[str] = []

    def count(execute: Any, sql: str, *args: Any) -> Any:
        executed.append(sql)
        return execute(sql, *args)

    start = time.perf_counter()
    with connection.execute_wrapper(count):
        result = send_due_reminders(now=now, limit=due)
    return len(executed), time.perf_counter() - start, result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pending", type=int, default=100_000)
    parser.add_argument("--due", type=int, default=1000)
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL", DEFAULT_DATABASE))
    args = parser.parse_args()
    os.environ["DATABASE_URL"] = args.database_url
    os.environ["EMAIL_URL"] = "memory://"  # build every message, send none
    ensure_database(args.database_url)
    setup_django()

    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("load_reference_data", verbosity=0)
    rows, plans = [], []
    for total in (args.pending // 10, args.pending):
        now = datetime.now(tz=UTC)
        start = time.perf_counter()
        sizes = arrange(total, args.due, now)
        seeded = time.perf_counter() - start
        plans.append((sizes["pending"], explain(now, args.due)))
        queries, seconds, result = sweep(now, args.due)
        assert result.sent == args.due, result
        rows.append((sizes, queries, seconds, result, seeded))
    write(rows, plans, args)


def write(rows: list[Any], plans: list[Any], args: Any) -> None:
    lines = [
        "# Reminder sweep benchmark",
        "",
        f"Run {datetime.now(tz=UTC):%Y-%m-%d %H:%M} UTC on {machine()}.",
        "",
        f"`python benchmarks/reminder_sweep.py --pending {args.pending} --due {args.due}`. Each",
        "pending reminder belongs to its own open breach deadline; each due one is sent to 3",
        "people (owner, coordinator, DPO group) by e-mail (in-memory backend: messages are",
        "built, not sent) and in the admin notification list: 6 deliveries per reminder.",
        "",
        "| pending reminders | due | sweep queries | queries per due | sweep s | ms per due |"
        " deliveries | seed s |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for sizes, queries, seconds, result, seeded in rows:
        lines.append(
            f"| {sizes['pending']:,} | {sizes['due']:,} | {queries:,} | "
            f"{queries / sizes['due']:.2f} | {seconds:.1f} | {seconds * 1000 / sizes['due']:.1f}"
            f" | {result.deliveries:,} | {seeded:.1f} |"
        )
    same = rows[0][1] == rows[-1][1]
    lines += [
        "",
        f"The query count is {'the same' if same else 'NOT the same'} for both sizes, and does",
        "not grow with the due reminders either: the batch is claimed with one UPDATE, its",
        "deadlines re-checked with one query per kind, its deliveries and notifications",
        "written with one INSERT each in one transaction, and marked sent with one UPDATE.",
        "The time is Python (ORM and message building), not the selection; seconds vary with",
        "the machine's load (this VM is shared with other test runs), query counts and plans",
        "do not.",
        "",
        "## Selection query plan (`Reminder.objects.due(at=now)[:due]`)",
        "",
    ]
    for pending, plan in plans:
        lines += [f"With {pending:,} pending reminders:", "", "```", plan, "```", ""]
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "reminders.md").write_text("\n".join(lines), encoding="utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
