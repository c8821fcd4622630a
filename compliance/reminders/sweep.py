"""The sweep: send every reminder whose time has come, once, whoever runs it and however often.

``send_due_reminders()`` runs from Celery beat every ``DPO_DESK_SWEEP_SECONDS`` (and from
``manage.py send_due_reminders``). Guarantees, and what gives each:

- Selection by the partial index ``reminder_due`` (pending rows by ``next_reminder_at``): the
  work does not grow with the reminders that are not due. Rows are never matched on an exact
  date, so a sweep that did not run for a day finds everything that fell due meanwhile.
- The batch is **claimed with one conditional UPDATE** (rows no live worker holds: no claim,
  an expired one, or this task's own), then the rows claimed are read back: a row another
  worker or a duplicated beat claimed first is not this sweep's, and it moves on. A claim is a
  lease: a worker killed mid-send leaves a claim that expires, and the next sweep takes the
  row over.
- The batch's deliveries are recorded together, in one transaction that inserts their
  ``ReminderDelivery`` rows (each unique in the database: one recorded already is skipped,
  never repeated) and writes the in-admin notifications: a crash leaves either none of them
  (the next sweep delivers) or all (never delivered again). When the batch cannot be written,
  each delivery is tried in a transaction of its own, so one failing delivery does not stop
  the others. An e-mail is only *recorded* here (``pending``, the message composed now):
  ``compliance.reminders.mail`` sends it from its own queue, with retries and per-delivery
  idempotency, so a slow or dead mail server delays mail and nothing else, and a crash repeats
  at most one message. A batch takes a fixed number of statements, whatever its size.
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
    UserNotification,
)
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
    claimed = _claim_batch([g[-1] for g in groups], token, now, worker)
    live = _live(batch, [g[-1] for g in groups if g[-1].pk in claimed])
    ready: list[_Ready] = []
    for n, group in enumerate(groups):
        if n and time.monotonic() > stop_at:
            rest = groups[n:]
            result.postponed = sum(len(g) for g in rest)
            _release([g[-1] for g in rest if g[-1].pk in claimed], token)
            break
        if group[-1].pk not in claimed:
            result.skipped += 1
            continue
        try:
            plan = _plan(group, batch, live, now, result)
        except Exception as exc:
            result.errors += 1
            logger.exception("reminder %s failed; retried when its claim expires", group[-1].pk)
            _record_error(group[-1], exc)
            continue
        if plan is not None:
            ready.append(plan)
    incomplete = _deliver_batch([d for plan in ready for d in plan.deliveries], batch, now, result)
    done = [plan for plan in ready if plan.row.pk not in incomplete]
    result.sent += _mark_sent_batch([plan.row for plan in done], token)
    _escalate_batch(done, now)
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


def _claim_batch(rows: list[Reminder], token: str, now: datetime, worker: str = "") -> set[int]:
    """Claim every row of the batch in one conditional UPDATE, then read which are this
    sweep's: a row another live worker holds (a claim not expired, another token) is not
    taken, whatever runs concurrently (the UPDATE re-checks its condition on the locked row)."""
    if not rows:
        return set()
    ids = [r.pk for r in rows]
    free = Q(claimed_until__isnull=True) | Q(claimed_until__lt=now) | Q(claim_token=token)
    pending = Q(pk__in=ids, sent_at__isnull=True, cancelled_at__isnull=True)
    Reminder.objects.filter(free, pending, next_reminder_at__lte=now).update(
        claimed_until=now + lease(), claim_token=token, claimed_by=worker[:200]
    )
    return set(Reminder.objects.filter(pending, claim_token=token).values_list("pk", flat=True))


def _release(rows: list[Reminder], token: str) -> None:
    """Give back claims this sweep will not use (its budget is spent): the next sweep takes
    the rows at once, not after the lease."""
    if rows:
        Reminder.objects.filter(pk__in=[r.pk for r in rows], claim_token=token).update(
            claimed_until=None, claim_token="", claimed_by=""
        )


def _live(batch: _Batch, rows: list[Reminder]) -> dict[int, set[int]]:
    """The deadlines of ``rows`` still open, re-read after the claim: one query per kind."""
    by_type: dict[int, set[int]] = {}
    for row in rows:
        by_type.setdefault(row.content_type_id, set()).add(row.object_id)
    live: dict[int, set[int]] = {}
    for type_id, ids in by_type.items():
        source = batch.sources.get(type_id)
        if source is not None:
            live[type_id] = set(source.live().filter(pk__in=ids).values_list("pk", flat=True))
    return live


@dataclass
class _Delivery:
    row: Reminder
    user: Any
    channel: str
    message: Message
    deadline: Deadline


@dataclass
class _Ready:
    row: Reminder
    policy: ReminderPolicy
    deadline: Deadline
    deliveries: list[_Delivery]


def _plan(
    group: list[Reminder],
    batch: _Batch,
    live: dict[int, set[int]],
    now: datetime,
    result: SweepResult,
) -> _Ready | None:
    """What a claimed reminder sends: its deliveries composed, nothing written yet (None: its
    deadline was met, waived or withdrawn meanwhile, and the row is cancelled)."""
    row = group[-1]
    source = batch.sources.get(row.content_type_id)
    if source is None:
        raise LookupError(f"no deadline source is registered for {row.content_type_id}")
    deadline = batch.deadline(row)
    if deadline is None or row.object_id not in live.get(row.content_type_id, set()):
        result.cancelled += _cancel_deadline(row, source, now)
        return None
    missed = _supersede(group[:-1], row, now)
    result.superseded += len(missed)
    policy = batch.policy(row.kind)
    late = now - row.next_reminder_at > late_after()
    # A superseded threshold's audience is not lost: the reminder sent goes to all of them.
    audience = [a for a in AUDIENCES if any(a in r.audience_list for r in group)]
    deliveries = []
    for recipient in batch.recipients(row, audience, deadline):
        message = compose(
            reminder=row,
            deadline=deadline,
            recipient=recipient,
            now=now,
            late=late,
            missed=missed,
            policy=policy,
        )
        # In-admin first: it never waits for anything else.
        for channel in sorted(_channels(policy), key=lambda c: c != Channel.IN_ADMIN):
            deliveries.append(_Delivery(row, recipient.user, channel, message, deadline))
    return _Ready(row=row, policy=policy, deadline=deadline, deliveries=deliveries)


def _status(delivery: _Delivery) -> tuple[str, str]:
    problem = _delivery_problem(delivery.channel, delivery.user)
    if problem:
        return DeliveryStatus.FAILED, problem
    if delivery.channel == Channel.EMAIL:
        return DeliveryStatus.PENDING, ""
    return DeliveryStatus.SENT, ""


def _deliver_batch(
    deliveries: list[_Delivery], batch: _Batch, now: datetime, result: SweepResult
) -> set[int]:
    """Record every delivery of the batch (and write the notifications, record the e-mails to
    be sent) in one transaction: a fixed number of statements whatever the number of rows.
    Each (reminder, recipient, channel) row is unique in the database, so a delivery recorded
    already (by a sweep that lost its claim) is skipped, never repeated. When the batch cannot
    be written, each delivery is tried on its own, as one failing delivery must not stop the
    others. Returns the reminders with a delivery that failed (retried after their lease)."""
    todo = [d for d in deliveries if (d.row.pk, d.user.pk, d.channel) not in batch.delivered]
    if not todo:
        return set()
    try:
        statuses = _record_batch(todo, now)
    except Exception:
        logger.exception("the sweep's deliveries could not be written together; one by one")
        return _deliver_each(todo, batch, now, result)
    for key, status in statuses.items():
        batch.delivered.add(key)
        result.deliveries += status in (DeliveryStatus.SENT, DeliveryStatus.PENDING)
        result.queued += status == DeliveryStatus.PENDING
        result.failed += status == DeliveryStatus.FAILED
    return set()


def _record_batch(todo: list[_Delivery], now: datetime) -> dict[tuple[int, int, str], str]:
    stamp = timezone.now()  # this sweep's deliveries are the rows recorded at this instant
    planned = {(d.row.pk, d.user.pk, d.channel): (d, *_status(d)) for d in todo}
    with transaction.atomic():
        ReminderDelivery.objects.bulk_create(
            [
                _delivery_row(d, status, problem, now, stamp)
                for d, status, problem in planned.values()
            ],
            ignore_conflicts=True,
        )
        recorded = ReminderDelivery.objects.filter(
            reminder_id__in={d.row.pk for d in todo}, recorded_at=stamp
        )
        ours = set(recorded.values_list("reminder_id", "recipient_id", "channel"))
        UserNotification.objects.bulk_create(
            [
                notify_in_admin(
                    d.message, user=d.user, reminder=d.row, deadline=d.deadline, now=now, save=False
                )
                for key, (d, status, _p) in planned.items()
                if key in ours and status == DeliveryStatus.SENT
            ]
        )
        if any(planned[key][1] == DeliveryStatus.FAILED for key in ours):
            escalate_failures(list(recorded.filter(status=DeliveryStatus.FAILED)), now=now)
    return {key: planned[key][1] for key in ours}


def _deliver_each(
    todo: list[_Delivery], batch: _Batch, now: datetime, result: SweepResult
) -> set[int]:
    incomplete: set[int] = set()
    for d in todo:
        try:
            outcome = _deliver_once(d, now, batch)
        except Exception as exc:
            # This (recipient, channel) only: the others go ahead; the row is retried for
            # what is missing once its claim expires.
            incomplete.add(d.row.pk)
            result.errors += 1
            logger.exception("delivery of reminder %s by %s failed", d.row.pk, d.channel)
            _record_error(d.row, exc)
            continue
        result.deliveries += outcome in (DeliveryStatus.SENT, DeliveryStatus.PENDING)
        result.queued += outcome == DeliveryStatus.PENDING
        result.failed += outcome == DeliveryStatus.FAILED
    return incomplete


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


def _supersede(earlier: list[Reminder], latest: Reminder, now: datetime) -> list[Reminder]:
    """Cancel the earlier thresholds due in the same sweep (catch-up); returns those cancelled
    (each e-mail names them in its reader's language).
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
    return [r for r in earlier if r.pk in done]


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


def _deliver_once(d: _Delivery, now: datetime, batch: _Batch) -> str:
    """Record one delivery (and write the notification, or the e-mail to be sent) in one
    transaction; returns its status, or "" when it had already been recorded (here, or by
    another worker a moment ago)."""
    if (d.row.pk, d.user.pk, d.channel) in batch.delivered:
        return ""
    status, problem = _status(d)
    try:
        with transaction.atomic():
            delivery = _delivery_row(d, status, problem, now, timezone.now())
            delivery.save()
            if status == DeliveryStatus.SENT:
                notify_in_admin(
                    d.message, user=d.user, reminder=d.row, deadline=d.deadline, now=now
                )
            elif status == DeliveryStatus.FAILED:
                escalate_failures([delivery], now=now)
    except IntegrityError:
        return ""  # the unique delivery row exists: delivered exactly once already
    batch.delivered.add((d.row.pk, d.user.pk, d.channel))
    return status


def _delivery_row(
    d: _Delivery, status: str, problem: str, now: datetime, stamp: datetime
) -> ReminderDelivery:
    pending = status == DeliveryStatus.PENDING
    address = (d.user.email or "").strip() if d.channel == Channel.EMAIL else ""
    message = d.message
    return ReminderDelivery(
        reminder=d.row,
        recipient=d.user,
        channel=d.channel,
        status=status,
        address=address,
        recorded_at=stamp,
        sent_at=None if pending else stamp,
        late=message.late,
        error=problem,
        next_attempt_at=now if pending else None,
        subject=message.subject if pending else "",
        body=message.text if pending else "",
        html=message.html if pending else "",
        message_id=message_id(d.row.pk, d.user.pk) if pending else "",
    )


def _mark_sent_batch(rows: list[Reminder], token: str) -> int:
    # Only while this sweep still holds the claim; a row cancelled meanwhile stays cancelled.
    if not rows:
        return 0
    return Reminder.objects.filter(
        pk__in=[r.pk for r in rows],
        claim_token=token,
        sent_at__isnull=True,
        cancelled_at__isnull=True,
    ).update(sent_at=timezone.now(), claimed_until=None)


def _escalate_batch(done: list[_Ready], now: datetime) -> None:
    """Once overdue, plan each reminder's next repeat (with the widened audience); after
    downtime, the next one still in the future rather than each one missed. One INSERT."""
    following_rows = []
    for plan in done:
        schedule = Schedule(plan.policy, plan.deadline)
        following = schedule.next_escalation(after=plan.row.escalation, now=now)
        if following is None:
            continue
        following_rows.append(
            Reminder(
                content_type_id=plan.row.content_type_id,
                object_id=plan.row.object_id,
                threshold=following.key,
                **reminder_values(schedule, following, following.nominal),
            )
        )
    if following_rows:
        Reminder.objects.bulk_create(following_rows, ignore_conflicts=True)


def _record_error(row: Reminder, exc: Exception) -> None:
    try:
        Reminder.objects.filter(pk=row.pk).update(
            attempts=F("attempts") + 1, last_error=f"{type(exc).__name__}: {exc}"[:2000]
        )
    except Exception:  # the database itself may be what failed
        logger.exception("could not record the failure of reminder %s", row.pk)
