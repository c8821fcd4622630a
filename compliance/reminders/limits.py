"""The time limits of the reminder tasks and the leases derived from them, in one place.

A claim (on a reminder row or on an e-mail) must outlive the task that took it: the task's hard
time limit ends it, so a lease one margin longer than that limit can never expire under a live
task, and two workers never hold one row. Nothing longer: a worker killed mid-task delays its
claimed rows by the lease only (a task delivered again after its worker was lost takes its own
claims over at once, see ``compliance.tasks``).

- The sweep only writes rows (e-mails are recorded, sent by the mail task): it stops claiming
  after half an interval, so it is over before the next one; the rest waits one tick.
- The mail task stops starting sends after half an interval too; one send takes at most a few
  ``EMAIL_TIMEOUT`` (each SMTP step is bounded by it).
"""

from __future__ import annotations

import math
from datetime import timedelta

from django.conf import settings

MARGIN = 5  # seconds between a soft limit (the task stops itself) and the hard one (killed)
SMTP_STEPS = 3  # a hung server hangs one step; three steps' worth covers a slow one


def interval() -> float:
    return float(settings.DPO_DESK_SWEEP_SECONDS)


def budget() -> float:
    """Seconds after which a sweep or mail run claims nothing more (the next tick goes on)."""
    return max(interval() / 2, 0.5)


# Whole seconds: Celery's time limits.
def sweep_soft_limit() -> int:
    return max(math.ceil(interval()), 5)


def sweep_hard_limit() -> int:
    return sweep_soft_limit() + MARGIN


def mail_soft_limit() -> int:
    return math.ceil(budget() + SMTP_STEPS * float(settings.EMAIL_TIMEOUT))


def mail_hard_limit() -> int:
    return mail_soft_limit() + MARGIN


def _with_override(hard_limit: float) -> timedelta:
    # DPO_DESK_REMINDER_LEASE_SECONDS can lengthen a lease, never shorten it below the limit.
    configured = float(getattr(settings, "DPO_DESK_REMINDER_LEASE_SECONDS", 0) or 0)
    return timedelta(seconds=max(configured, hard_limit + 1))


def reminder_lease() -> timedelta:
    return _with_override(sweep_hard_limit())


def mail_lease() -> timedelta:
    return _with_override(mail_hard_limit())


def late_after() -> timedelta:
    """A reminder sent more than this after its moment is a catch-up ("late reminder"): the
    sweep that should have sent it did not run. One interval plus half an interval of
    tolerance: a row due a few milliseconds after a tick is sent by the next tick, an interval
    and a dispatch latency later, and is on time."""
    return timedelta(seconds=1.5 * interval())


def stale_after() -> timedelta:
    """No sweep for three intervals: the scheduler is down (banner, /healthz, alert)."""
    return timedelta(seconds=3 * interval())
