"""Reads for the admin: what the sweep will send in the coming days, and to whom."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q

from compliance.access import is_dpo
from compliance.reminders.batch import Batch
from compliance.reminders.models import Reminder
from compliance.reminders.recipients import Recipient
from compliance.reminders.registry import Deadline, all_sources


@dataclass(frozen=True)
class Upcoming:
    row: Reminder
    deadline: Deadline | None
    recipients: list[Recipient]
    channels: list[str]
    due_now: bool


def responsible_for(user: Any) -> Q:
    """Reminders of the deadlines ``user`` is responsible for (each source's ``responsible``),
    as one filter with a subquery per source."""
    condition = Q(pk__in=[])
    for source in all_sources():
        condition |= Q(
            content_type=ContentType.objects.get_for_model(source.model),
            object_id__in=source.live().filter(source.responsible(user)).values("pk"),
        )
    return condition


def upcoming_reminders(
    *, now: datetime, days: int = 7, limit: int = 500, user: Any = None
) -> list[Upcoming]:
    """Pending reminders firing before ``now + days`` (the ones already due included), with
    recipients as they resolve now; queries do not grow with the number of rows.

    With ``user`` outside the DPO group, only the reminders of deadlines they are responsible
    for (the calendar feed's rule).
    """
    pending = Reminder.objects.pending().filter(next_reminder_at__lt=now + timedelta(days=days))
    if user is not None and not is_dpo(user):
        pending = pending.filter(responsible_for(user))
    rows = list(pending.order_by("next_reminder_at", "pk")[:limit])
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
