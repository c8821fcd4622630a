"""The mail task's work: send the reminder e-mails the sweep recorded, each once, with retries.

The sweep records an e-mail as a ``pending`` delivery (the intent, with the message composed
when the reminder fell due) and never talks to the mail server itself; this module does, from
its own queue, so a slow or dead server delays mail and nothing else.

- Each e-mail is claimed with a conditional UPDATE (``claimed_until``/``claim_token``), as the
  sweep claims reminders, just before it is sent, for a lease longer than the mail task's hard
  time limit (``limits.mail_lease``). Every SMTP step is bounded by ``EMAIL_TIMEOUT``.
- The Message-ID is derived from the delivery (``channels.message_id``): the residual window
  (server accepted, worker lost before the commit) can repeat a message, and the repeat then
  carries the same Message-ID, so it is recognisable and mail systems that deduplicate drop it.
- A failure is retried with exponential backoff (one interval, two, four...) up to
  ``DPO_DESK_MAIL_MAX_ATTEMPTS``; then the delivery is ``failed``, shown on the dashboard and
  told to the DPO group (``failures``). An address refused for good (5xx) fails at once.
- A server that cannot be reached (refused, timed out, disconnected) is not tried again for
  the other e-mails of the same run: each due one counts that run as a failed attempt, so a
  dead server costs one timeout per run, not one per message.
"""

from __future__ import annotations

import contextlib
import logging
import smtplib
import time
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.mail import get_connection
from django.db.models import F, Q
from django.utils import timezone

from compliance.reminders import limits
from compliance.reminders.channels import reminder_email
from compliance.reminders.failures import escalate_failures
from compliance.reminders.models import DeliveryStatus, ReminderDelivery

logger = logging.getLogger(__name__)

DEFAULT_LIMIT = 200


@dataclass
class MailResult:
    selected: int = 0
    sent: int = 0
    retried: int = 0  # failed this time, tried again later
    failed: int = 0  # given up: the DPO group is told
    skipped: int = 0  # claimed by another worker meanwhile
    postponed: int = 0  # left to the next run (budget used up)


def max_attempts() -> int:
    return max(1, int(settings.DPO_DESK_MAIL_MAX_ATTEMPTS))


def backoff(attempts: int) -> timedelta:
    """The pause after the ``attempts``-th failure: one sweep interval, then twice as long."""
    return timedelta(seconds=limits.interval() * 2 ** max(0, attempts - 1))


def mail_due(*, now: datetime) -> bool:
    """Is any recorded e-mail waiting for an attempt? (One query on the partial index.)"""
    return ReminderDelivery.objects.mail_due(at=now).exists()


def send_pending_mail(
    *,
    now: datetime | None = None,
    limit: int = DEFAULT_LIMIT,
    token: str = "",
    budget: float | None = None,
    worker: str = "",
) -> MailResult:
    """Send the recorded e-mails whose attempt is due (at most ``limit``, starting sends for at
    most ``budget`` seconds). Safe to run concurrently with itself. ``token`` names the claims
    (the task id: the same task delivered again after its worker died resumes them)."""
    now = now or timezone.now()
    token = token or uuid.uuid4().hex
    stop_at = time.monotonic() + (limits.budget() if budget is None else budget)
    rows = list(
        ReminderDelivery.objects.mail_due(at=now, token=token).select_related(
            "reminder", "recipient"
        )[:limit]
    )
    result = MailResult(selected=len(rows))
    connection: Any = None
    try:
        for n, row in enumerate(rows):
            if n and time.monotonic() > stop_at:
                result.postponed = len(rows) - n
                break
            if not _claim(row, token, worker):
                result.skipped += 1
                continue
            if connection is None:
                connection = get_connection(fail_silently=False)
            try:
                reminder_email(row, connection=connection).send()
            except smtplib.SMTPRecipientsRefused as exc:
                codes = [code for code, _msg in exc.recipients.values()]
                permanent = bool(codes) and all(code >= 500 for code in codes)
                error = f"The mail server refused {row.address}: {exc.recipients}"
                _failed_attempt(row, token, now, error, result, permanent=permanent)
            except (smtplib.SMTPException, OSError) as exc:
                error = f"The mail server could not be used: {type(exc).__name__}: {exc}"
                _failed_attempt(row, token, now, error, result, mail_works=False)
                for other in rows[n + 1 :]:
                    if _claim(other, token, worker):
                        _failed_attempt(other, token, now, error, result, mail_works=False)
                break
            else:
                result.sent += _mark_sent(row, token)
    finally:
        if connection is not None:
            with contextlib.suppress(Exception):
                connection.close()
    return result


def _claim(row: ReminderDelivery, token: str, worker: str = "") -> bool:
    at = timezone.now()
    free = Q(claimed_until__isnull=True) | Q(claimed_until__lt=at) | Q(claim_token=token)
    return (
        ReminderDelivery.objects.filter(free, pk=row.pk, status=DeliveryStatus.PENDING).update(
            claimed_until=at + limits.mail_lease(), claim_token=token, claimed_by=worker[:200]
        )
        == 1
    )


def _mark_sent(row: ReminderDelivery, token: str) -> int:
    return ReminderDelivery.objects.filter(
        pk=row.pk, claim_token=token, status=DeliveryStatus.PENDING
    ).update(
        status=DeliveryStatus.SENT,
        sent_at=timezone.now(),
        attempts=F("attempts") + 1,
        claimed_until=None,
        next_attempt_at=None,
        error="",
    )


def _failed_attempt(
    row: ReminderDelivery,
    token: str,
    now: datetime,
    error: str,
    result: MailResult,
    *,
    permanent: bool = False,
    mail_works: bool = True,
) -> None:
    attempts = row.attempts + 1
    mine = ReminderDelivery.objects.filter(
        pk=row.pk, claim_token=token, status=DeliveryStatus.PENDING
    )
    logger.warning("reminder e-mail %s, attempt %s: %s", row.pk, attempts, error)
    if permanent or attempts >= max_attempts():
        given_up = f"{error} (after {attempts} attempt{'s' if attempts > 1 else ''})"
        if mine.update(
            status=DeliveryStatus.FAILED,
            sent_at=timezone.now(),
            attempts=attempts,
            error=given_up[:2000],
            claimed_until=None,
            next_attempt_at=None,
        ):
            row.error, row.status = given_up, DeliveryStatus.FAILED
            escalate_failures([row], now=now, mail_works=mail_works)
            result.failed += 1
        return
    if mine.update(
        attempts=attempts,
        error=error[:2000],
        claimed_until=None,
        next_attempt_at=now + backoff(attempts),
    ):
        result.retried += 1
