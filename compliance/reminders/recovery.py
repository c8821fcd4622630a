"""A worker that starts again takes its dead predecessor's claims back at once.

A claim (on a reminder row or an e-mail) names the worker node holding it (``claimed_by``).
Celery node names are unique among live workers, and a supervisor restarts a worker under the
same name (``--hostname worker1@%h``): so when a node starts, every claim still held in its
name belongs to a process that is gone, killed mid-sweep or mid-send. Releasing them lets the
next sweep (within one interval) deliver what was interrupted, instead of waiting for the
lease to expire. A worker started under a new name leaves such claims to their lease, which is
sized to the task's time limit (``limits``).

The exactly-once guarantee does not rest on this: the sweep re-checks each row and the
delivery rows are unique; a mail interrupted between the server's acceptance and the commit is
sent again with the same Message-ID (``ReminderDelivery``).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime

from django.utils import timezone

from compliance.reminders.models import DeliveryStatus, Reminder, ReminderDelivery

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Released:
    reminders: int
    emails: int


def release_claims_of(worker: str, *, now: datetime | None = None) -> Released:
    """Release the unexpired claims held in the name of ``worker`` (a node that is starting,
    so not the one that took them)."""
    if not worker:
        return Released(0, 0)
    now = now or timezone.now()
    name = worker[:200]
    free = {"claimed_until": None, "claim_token": "", "claimed_by": ""}
    reminders = (
        Reminder.objects.pending().filter(claimed_by=name, claimed_until__gte=now).update(**free)
    )
    emails = ReminderDelivery.objects.filter(
        claimed_by=name, claimed_until__gte=now, status=DeliveryStatus.PENDING
    ).update(**free)
    if reminders or emails:
        logger.warning(
            "worker %s started again: released %s reminder(s) and %s e-mail(s) its predecessor "
            "had claimed",
            name,
            reminders,
            emails,
        )
    return Released(reminders, emails)
