"""Keep one deadline's reminder rows in line with its policy: ``sync_reminders(obj)``.

Called by the services wherever a deadline appears, moves, is met or is cancelled (for breaches:
``recompute_deadlines``, ``waive_deadline``, ``submit_notification``), inside their transaction,
so reminder rows change together with the deadline. Idempotent: a second call changes nothing.

Rules:
- a sent row is never touched (exactly once per threshold, even if the deadline moves later);
- a pending row follows its threshold: a moved deadline moves it; a threshold the policy no
  longer has, or a deadline that is done, cancels it;
- thresholds already past when the deadline appears (a breach recorded two days after
  awareness) are not all created: only the latest, due at once and not "late" — the recipient
  needs the current state, not a burst of stale reminders.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone

from compliance.reminders.models import Reminder
from compliance.reminders.registry import all_sources, source_for
from compliance.reminders.schedule import Schedule, Threshold, policy_for

SYNCED_FIELDS = (
    "kind",
    "label",
    "escalation",
    "audience",
    "due_at",
    "internal_target",
    "next_reminder_at",
    "cancelled_at",
    "cancel_reason",
)


@dataclass
class SyncResult:
    created: int = 0
    updated: int = 0
    cancelled: int = 0


def sync_reminders(obj: models.Model, *, now: datetime | None = None) -> SyncResult:
    """Create, move or cancel the reminder rows of the deadline ``obj`` (any registered
    source) so that they match its policy and its current due instant."""
    now = now or timezone.now()
    deadline = source_for(obj).describe(obj)
    content_type = ContentType.objects.get_for_model(type(obj))
    rows = {
        r.threshold: r for r in Reminder.objects.filter(content_type=content_type, object_id=obj.pk)
    }
    pending = [r for r in rows.values() if r.sent_at is None and r.cancelled_at is None]
    if deadline.done:
        reason = f"deadline {deadline.status or 'done'}"
        return SyncResult(cancelled=cancel_reminders(pending, now=now, reason=reason))
    schedule = Schedule(policy_for(deadline.kind), deadline)
    planned = schedule.planned(rows)
    revive = _latest_missed(planned, rows, now)
    result = SyncResult()
    to_create: list[Reminder] = []
    to_update: list[Reminder] = []
    for key, threshold in planned.items():
        row = rows.get(key)
        next_reminder_at = _next_reminder_at(threshold, row, now, revive=key == revive)
        if next_reminder_at is None:
            continue
        values = reminder_values(schedule, threshold, next_reminder_at)
        if row is None:
            to_create.append(
                Reminder(content_type=content_type, object_id=obj.pk, threshold=key, **values)
            )
        elif any(getattr(row, name) != value for name, value in values.items()):
            for name, value in values.items():
                setattr(row, name, value)
            to_update.append(row)
    # ignore_conflicts: the sweep may have created the same overdue repeat a moment ago.
    result.created = len(Reminder.objects.bulk_create(to_create, ignore_conflicts=True))
    if to_update:
        result.updated = Reminder.objects.bulk_update(to_update, SYNCED_FIELDS)
    stale = [r for r in pending if r.threshold not in planned]
    result.cancelled = cancel_reminders(stale, now=now, reason="no longer in the policy")
    return result


def _next_reminder_at(
    threshold: Threshold, row: Reminder | None, now: datetime, *, revive: bool
) -> datetime | None:
    if row is not None and row.sent_at is not None:
        return None
    if threshold.nominal > now:
        return threshold.nominal
    if row is not None and row.cancelled_at is None:
        # Already due and waiting for a sweep: keep its time, so that a sweep after downtime
        # knows it is late. Moved into the past just now: due now, not late.
        return row.next_reminder_at if row.next_reminder_at <= now else now
    return now if revive else None


def _latest_missed(
    planned: dict[str, Threshold], rows: dict[str, Reminder], now: datetime
) -> str | None:
    """The key of the latest threshold already past that has no live row, unless a row at or
    after it was sent or is already due (then it adds nothing)."""
    covered = [
        planned[key].nominal
        for key, row in rows.items()
        if key in planned
        and (row.sent_at or (row.cancelled_at is None and row.next_reminder_at <= now))
    ]
    missed = [
        t
        for key, t in planned.items()
        if t.nominal <= now and (key not in rows or rows[key].cancelled_at is not None)
    ]
    if not missed:
        return None
    latest = max(missed, key=lambda t: (t.nominal, t.escalation))
    if covered and max(covered) >= latest.nominal:
        return None
    return latest.key


def reminder_values(
    schedule: Schedule, threshold: Threshold, next_reminder_at: datetime
) -> dict[str, Any]:
    return {
        "kind": schedule.deadline.kind,
        "label": threshold.label,
        "escalation": threshold.escalation,
        "audience": ",".join(threshold.audience),
        "due_at": schedule.target,
        "internal_target": schedule.internal,
        "next_reminder_at": next_reminder_at,
        "cancelled_at": None,
        "cancel_reason": "",
    }


def cancel_reminders(rows: list[Reminder], *, now: datetime, reason: str) -> int:
    """Cancel pending rows; a row sent meanwhile stays sent (the filter is the guard)."""
    if not rows:
        return 0
    return Reminder.objects.filter(
        pk__in=[r.pk for r in rows], sent_at__isnull=True, cancelled_at__isnull=True
    ).update(cancelled_at=now, cancel_reason=reason[:200])


def resync_all(*, now: datetime | None = None) -> int:
    """Sync every live deadline of every source (after a policy change, or once after
    deploying reminders onto existing deadlines). Returns the number of deadlines synced."""
    count = 0
    for source in all_sources():
        queryset = source.live().select_related(*source.select_related)
        for obj in queryset.order_by("pk").iterator(chunk_size=500):
            sync_reminders(obj, now=now)
            count += 1
    return count
