"""The sweep: send every reminder whose time has come, once, whoever runs it and however often.

``send_due_reminders()`` runs from Celery beat every ``DPO_DESK_SWEEP_SECONDS`` (and from
``manage.py send_due_reminders``). Guarantees, and what gives each:

- Selection by the partial index ``reminder_due`` (pending rows by ``next_reminder_at``): the
  work does not grow with the reminders that are not due. Rows are never matched on an exact
  date, so a sweep that did not run for a day finds everything that fell due meanwhile.
- Each row is **claimed with a conditional UPDATE** on the ``claimed_until`` value read (as
  healthchecks claims its flips): zero rows updated means another worker or a duplicated beat
  has it, and this sweep moves on. A claim is a lease: a worker killed mid-send leaves a claim
  that expires, and the next sweep takes the row over.
- Each (reminder, recipient, channel) is delivered on its own, inside one transaction that also
  inserts its ``ReminderDelivery`` row, unique in the database: a crash leaves either no row
  (the next sweep delivers) or a row (never delivered again); one failing delivery does not
  stop the others. The in-admin notification is written here. An e-mail is only *recorded*
  here (``pending``, the message composed now): ``compliance.reminders.mail`` sends it from its
  own queue, with retries, so a slow or dead mail server delays mail and nothing else.
- The sweep only writes rows, stops claiming after half an interval (``limits.budget``), and
  runs under a time limit shorter than the lease. A sweep delivered again after its worker was
  lost (same task id, the claim token) takes its own claims over at once.
- The deadline is re-read after the claim: met or cancelled meanwhile, nothing is sent.
- Catch-up: when several thresholds of one deadline are due in one sweep (downtime), only the
  latest is sent, saying "late reminder" and naming the earlier ones, which are recorded as
  superseded. One accurate message instead of a burst of stale ones.
- One failing reminder is logged on its row (``attempts``, ``last_error``) and retried when its
  lease expires; the sweep goes on with the others.
- Late means later than ``limits.late_after()`` (an interval and a half): a row due just after
  a tick is sent by the next one and is on time.
"""

from __future__ import annotations

import logging
import time
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone

from compliance.reminders import limits
from compliance.reminders.batch import Batch
from compliance.reminders.channels import Message, compose, message_id, notify_in_admin
from compliance.reminders.failures import escalate_failures
from compliance.reminders.models import (
    AUDIENCES,
    Channel,
    DeliveryStatus,
    Reminder,
    ReminderDelivery,
    ReminderPolicy,
)
from compliance.reminders.recipients import Recipient
from compliance.reminders.registry import Deadline, DeadlineSource
from compliance.reminders.schedule import Schedule
from compliance.reminders.sync import reminder_values

logger = logging.getLogger(__name__)

DEFAULT_LIMIT = 1000


def lease() -> timedelta:
    """How long a claim on a reminder holds: just over the sweep's hard time limit
    (``limits``); ``DPO_DESK_REMINDER_LEASE_SECONDS`` can lengthen it."""
    return limits.reminder_lease()


def late_after() -> timedelta:
    return limits.late_after()


@dataclass
class SweepResult:
    selected: int = 0
    sent: int = 0
    deliveries: int = 0
    failed: int = 0
    superseded: int = 0
    cancelled: int = 0
    skipped: int = 0
    errors: int = 0
    queued: int = 0  # e-mails recorded, to be sent by the mail task
    postponed: int = 0  # due rows left to the next sweep (budget used up)


class _Batch(Batch):
    """The batch, plus the deliveries already made of its rows (one query)."""

    def __init__(self, rows: list[Reminder]) -> None:
        super().__init__(rows)
        self.delivered = set(
            ReminderDelivery.objects.filter(reminder_id__in=[r.pk for r in rows]).values_list(
                "reminder_id", "recipient_id", "channel"
            )
        )


def send_due_reminders(
    *,
    now: datetime | None = None,
    limit: int = DEFAULT_LIMIT,
    token: str = "",
    budget: float | None = None,
    worker: str = "",
) -> SweepResult:
    """One sweep over the reminders due at ``now`` (at most ``limit`` rows, claimed for at
    most ``budget`` seconds; the next sweep takes the rest). Safe to run concurrently with
    itself. ``token`` names the claims: a task passes its id, so that the same task delivered
    again after its worker died resumes its own claims instead of waiting for the lease;
    ``worker`` names the node holding them (released when a node of that name starts again)."""
    now = now or timezone.now()
    token = token or uuid.uuid4().hex
    stop_at = time.monotonic() + (limits.budget() if budget is None else budget)
    rows = list(Reminder.objects.due(at=now, token=token)[:limit])
    result = SweepResult(selected=len(rows))
    if not rows:
        return result
    batch = _Batch(rows)
    groups = list(_by_deadline(rows))
    for n, group in enumerate(groups):
        if n and time.monotonic() > stop_at:
            result.postponed = sum(len(g) for g in groups[n:])
            break
        try:
            _process(group, batch, now, token, result, worker)
        except Exception as exc:
            result.errors += 1
            logger.exception("reminder %s failed; retried when its claim expires", group[-1].pk)
            _record_error(group[-1], exc)
    return result


def _by_deadline(rows: list[Reminder]) -> Iterable[list[Reminder]]:
    groups: dict[tuple[int, int], list[Reminder]] = {}
    for row in rows:  # in next_reminder_at order: the last of each group is the latest threshold
        groups.setdefault((row.content_type_id, row.object_id), []).append(row)
    return groups.values()


def _claim(row: Reminder, token: str, now: datetime, worker: str = "") -> bool:
    """The conditional UPDATE: succeeds for exactly one sweep, whatever runs concurrently."""
    if row.claimed_until is None:
        held = Q(claimed_until__isnull=True)
    elif row.claim_token == token:
        held = Q(claim_token=token)  # this task's own claim, from before its worker was lost
    else:
        held = Q(claimed_until=row.claimed_until)
    claimed = (
        Reminder.objects.filter(held, pk=row.pk, sent_at__isnull=True, cancelled_at__isnull=True)
        .filter(next_reminder_at__lte=now)
        .update(claimed_until=now + lease(), claim_token=token, claimed_by=worker[:200])
    )
    return claimed == 1


def _process(
    group: list[Reminder],
    batch: _Batch,
    now: datetime,
    token: str,
    result: SweepResult,
    worker: str = "",
) -> None:
    row = group[-1]
    if not _claim(row, token, now, worker):
        result.skipped += 1
        return
    source = batch.sources.get(row.content_type_id)
    if source is None:
        raise LookupError(f"no deadline source is registered for {row.content_type_id}")
    deadline = batch.deadline(row)
    if deadline is None or not source.live().filter(pk=row.object_id).exists():
        # Re-read after the claim: met, waived or withdrawn meanwhile.
        result.cancelled += _cancel_deadline(row, source, now)
        return
    missed = _supersede(group[:-1], row, now)
    result.superseded += len(missed)
    policy = batch.policy(row.kind)
    late = now - row.next_reminder_at > late_after()
    # A superseded threshold's audience is not lost: the reminder sent goes to all of them.
    audience = [a for a in AUDIENCES if any(a in r.audience_list for r in group)]
    complete = True
    for recipient in batch.recipients(row, audience, deadline):
        message = compose(
            reminder=row, deadline=deadline, recipient=recipient, now=now, late=late, missed=missed
        )
        # In-admin first: it never waits for anything else.
        for channel in sorted(_channels(policy), key=lambda c: c != Channel.IN_ADMIN):
            try:
                outcome = _deliver_once(row, recipient, channel, message, deadline, now, batch)
            except Exception as exc:
                # This (recipient, channel) only: the others go ahead; the row is retried for
                # what is missing once its claim expires.
                complete = False
                result.errors += 1
                logger.exception("delivery of reminder %s by %s failed", row.pk, channel)
                _record_error(row, exc)
                continue
            result.deliveries += outcome in (DeliveryStatus.SENT, DeliveryStatus.PENDING)
            result.queued += outcome == DeliveryStatus.PENDING
            result.failed += outcome == DeliveryStatus.FAILED
    if complete:
        result.sent += _mark_sent(row, token)
        _escalate(row, policy, deadline, now)


def _channels(policy: ReminderPolicy) -> list[str]:
    wanted = ((policy.send_email, Channel.EMAIL), (policy.notify_in_admin, Channel.IN_ADMIN))
    return [channel.value for on, channel in wanted if on]


def _cancel_deadline(row: Reminder, source: DeadlineSource, now: datetime) -> int:
    """The deadline was met, waived, withdrawn or deleted since the row was planned."""
    fresh = source.load([row.object_id]).get(row.object_id)
    status = source.describe(fresh).status if fresh is not None else "deleted"
    return Reminder.objects.filter(
        content_type_id=row.content_type_id,
        object_id=row.object_id,
        sent_at__isnull=True,
        cancelled_at__isnull=True,
    ).update(cancelled_at=now, cancel_reason=f"deadline {status or 'done'} meanwhile")


def _supersede(earlier: list[Reminder], latest: Reminder, now: datetime) -> list[str]:
    """Cancel the earlier thresholds due in the same sweep (catch-up); returns their labels.
    Rows another worker holds are left alone (the filter is the guard)."""
    if not earlier:
        return []
    reason = f"superseded by the later reminder: {latest.label}"[:200]
    ids = [r.pk for r in earlier]
    Reminder.objects.filter(pk__in=ids, sent_at__isnull=True, cancelled_at__isnull=True).filter(
        Q(claimed_until__isnull=True) | Q(claimed_until__lt=now)
    ).update(cancelled_at=now, cancel_reason=reason)
    done = set(
        Reminder.objects.filter(pk__in=ids, cancel_reason=reason).values_list("pk", flat=True)
    )
    return [r.label for r in earlier if r.pk in done]


def _delivery_problem(channel: str, user: Any) -> str:
    if channel != Channel.EMAIL:
        return ""
    address = (user.email or "").strip()
    name = user.get_username()
    if not address:
        return f"{name} has no e-mail address: add one to the user account so reminders reach them."
    try:
        validate_email(address)
    except ValidationError:
        return f"“{address}” (user {name}) is not a valid e-mail address."
    return ""


def _deliver_once(
    row: Reminder,
    recipient: Recipient,
    channel: str,
    message: Message,
    deadline: Deadline,
    now: datetime,
    batch: _Batch,
) -> str:
    """Record one delivery (and write the notification, or the e-mail to be sent) in one
    transaction; returns its status, or "" when it had already been recorded (here, or by
    another worker a moment ago)."""
    user = recipient.user
    if (row.pk, user.pk, channel) in batch.delivered:
        return ""
    problem = _delivery_problem(channel, user)
    address = (user.email or "").strip() if channel == Channel.EMAIL else ""
    if problem:
        status = DeliveryStatus.FAILED
    elif channel == Channel.EMAIL:
        status = DeliveryStatus.PENDING
    else:
        status = DeliveryStatus.SENT
    try:
        with transaction.atomic():
            delivery = _record(row, user, channel, address, message, status, problem, now)
            if status == DeliveryStatus.SENT:
                notify_in_admin(message, user=user, reminder=row, deadline=deadline, now=now)
            elif status == DeliveryStatus.FAILED:
                escalate_failures([delivery], now=now)
    except IntegrityError:
        return ""  # the unique delivery row exists: delivered exactly once already
    batch.delivered.add((row.pk, user.pk, channel))
    return status


def _record(
    row: Reminder,
    user: Any,
    channel: str,
    address: str,
    message: Message,
    status: str,
    problem: str,
    now: datetime,
) -> ReminderDelivery:
    pending = status == DeliveryStatus.PENDING
    return ReminderDelivery.objects.create(
        reminder=row,
        recipient=user,
        channel=channel,
        status=status,
        address=address,
        recorded_at=timezone.now(),
        sent_at=None if pending else timezone.now(),
        late=message.late,
        error=problem,
        next_attempt_at=now if pending else None,
        subject=message.subject if pending else "",
        body=message.text if pending else "",
        html=message.html if pending else "",
        message_id=message_id(row.pk, user.pk) if pending else "",
    )


def _mark_sent(row: Reminder, token: str) -> int:
    # Only while this sweep still holds the claim; a row cancelled meanwhile stays cancelled.
    return Reminder.objects.filter(
        pk=row.pk, claim_token=token, sent_at__isnull=True, cancelled_at__isnull=True
    ).update(sent_at=timezone.now(), claimed_until=None)


def _escalate(row: Reminder, policy: ReminderPolicy, deadline: Deadline, now: datetime) -> None:
    """Once overdue, plan the next repeat (with the widened audience); after downtime, the
    next one still in the future rather than each one missed."""
    schedule = Schedule(policy, deadline)
    following = schedule.next_escalation(after=row.escalation, now=now)
    if following is None:
        return
    Reminder.objects.bulk_create(
        [
            Reminder(
                content_type_id=row.content_type_id,
                object_id=row.object_id,
                threshold=following.key,
                **reminder_values(schedule, following, following.nominal),
            )
        ],
        ignore_conflicts=True,
    )


def _record_error(row: Reminder, exc: Exception) -> None:
    try:
        Reminder.objects.filter(pk=row.pk).update(
            attempts=F("attempts") + 1, last_error=f"{type(exc).__name__}: {exc}"[:2000]
        )
    except Exception:  # the database itself may be what failed
        logger.exception("could not record the failure of reminder %s", row.pk)
