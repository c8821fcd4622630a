"""The sweep's query count depends on neither the pending rows nor the due ones: a batch of due
reminders is claimed, re-checked, delivered and marked in a fixed number of statements."""

from __future__ import annotations

import math
from datetime import timedelta
from typing import Any

import pytest
import time_machine
from django.contrib.contenttypes.models import ContentType
from django.db import connection

from compliance.breaches.models import BreachIncident, NotificationDeadline
from compliance.reminders.mail import send_pending_mail
from compliance.reminders.models import Reminder, ReminderDelivery
from compliance.reminders.sweep import send_due_reminders
from tests.compliance.reminders.conftest import AWARE, GDPR_KIND, hours, set_policy

pytestmark = pytest.mark.django_db

NOW = AWARE + hours(48)


def _deadlines(entity: Any, owner: Any, count: int, tag: str) -> list[NotificationDeadline]:
    incidents = BreachIncident.objects.bulk_create(
        BreachIncident(
            entity=entity,
            title=f"{tag} {n}",
            description="synthetic",
            aware_at=AWARE,
            aware_time_zone="Europe/Berlin",
            cause="other",
            owner=owner,
        )
        for n in range(count)
    )
    return NotificationDeadline.objects.bulk_create(
        NotificationDeadline(
            incident=i,
            entity=entity,
            regime="EU_GDPR",
            kind="authority_notification",
            recipient_key="DE",
            required=True,
            due_at=AWARE + hours(72),
            basis="GDPR Art. 33(1)",
        )
        for i in incidents
    )


def _reminders(deadlines: list[NotificationDeadline], pending_each: int) -> None:
    content_type = ContentType.objects.get_for_model(NotificationDeadline)
    rows = []
    for d in deadlines:
        common = {"content_type": content_type, "object_id": d.pk, "kind": GDPR_KIND}
        common |= {"audience": "owner", "due_at": d.due_at}
        rows.append(
            Reminder(threshold="due-24h", label="due", next_reminder_at=NOW - hours(0.01), **common)
        )
        rows += [
            Reminder(
                threshold=f"due-{m}m",
                label="later",
                next_reminder_at=NOW + timedelta(minutes=m),
                **common,
            )
            for m in range(1, pending_each + 1)
        ]
    Reminder.objects.bulk_create(rows, batch_size=2000)


def _counted(run: Any, limit: int = 1000) -> tuple[int, Any]:
    executed: list[str] = []

    def count(execute: Any, sql: str, *args: Any) -> Any:
        executed.append(sql)
        return execute(sql, *args)

    # Counted with a wrapper: CaptureQueriesContext caps its log at 9,000 queries.
    with time_machine.travel(NOW, tick=False), connection.execute_wrapper(count):
        result = run(limit=limit, budget=float("inf"))
    return len(executed), result


def _counted_sweep() -> tuple[int, Any]:
    return _counted(send_due_reminders)


def test_sweep_queries_grow_with_due_reminders_only_not_with_pending_ones(
    policies: None, entity: Any, owner: Any, mailoutbox: list[Any]
) -> None:
    set_policy(notify_coordinators=False, notify_dpo=False, notify_in_admin=False)
    _reminders(_deadlines(entity, owner, 100, "small"), pending_each=10)
    small_count, small = _counted_sweep()
    _reminders(_deadlines(entity, owner, 1000, "large"), pending_each=9)

    large_count, large = _counted_sweep()
    mail_count, mail = _counted(send_pending_mail, limit=2000)

    assert Reminder.objects.pending().count() == 1000 + 9000
    assert (small.sent, large.sent, mail.sent, len(mailoutbox)) == (100, 1000, 1100, 1100)
    # Per e-mail: claim, mark sent; per run: the selection.
    assert mail_count == 2 * 1100 + 1
    # Per sweep, whatever is due or pending: selection, deadlines with their coordinators (2),
    # policies, DPO group, users, coordinators' zones, deliveries made (the content type is
    # cached); the batch's claim (UPDATE, then the rows claimed), the re-check of its
    # deadlines, savepoint, the deliveries' INSERT, the deliveries recorded, release, mark
    # sent. Nothing per due reminder but the INSERT's batches where the database caps the
    # parameters of one statement (SQLite: 999; PostgreSQL: one statement).
    columns = [f for f in ReminderDelivery._meta.concrete_fields if not f.primary_key]
    per_insert = connection.ops.bulk_batch_size(columns, [0] * 1000)
    assert (small_count, large_count) == (
        15 + math.ceil(100 / per_insert),
        15 + math.ceil(1000 / per_insert),
    )
