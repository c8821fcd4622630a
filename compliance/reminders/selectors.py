"""Reads for the admin: what the sweep will send in the coming days, and to whom."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from compliance.models.reminders import Reminder
from compliance.reminders.batch import Batch
from compliance.reminders.recipients import Recipient
from compliance.reminders.registry import Deadline


@dataclass(frozen=True)
class Upcoming:
    row: Reminder
    deadline: Deadline | None
    recipients: list[Recipient]
    channels: list[str]
    due_now: bool


def upcoming_reminders(*, now: datetime, days: int = 7, limit: int = 500) -> list[Upcoming]:
    """Pending reminders firing before ``now + days`` (the ones already due included), with
    recipients as they resolve now; queries do not grow with the number of rows."""
    rows = list(
        Reminder.objects.pending()
        .filter(next_reminder_at__lt=now + timedelta(days=days))
        .order_by("next_reminder_at", "pk")[:limit]
    )
    batch = Batch(rows)
    entries = []
    for row in rows:
        deadline = batch.deadline(row)
        policy = batch.policy(row.kind)
        channels = ["e-mail"] * policy.send_email + ["admin"] * policy.notify_in_admin
        entries.append(
            Upcoming(
                row=row,
                deadline=deadline,
                recipients=batch.recipients(row, list(row.audience_list), deadline)
                if deadline
                else [],
                channels=channels,
                due_now=row.next_reminder_at <= now,
            )
        )
    return entries
