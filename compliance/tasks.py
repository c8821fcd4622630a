"""Celery tasks of the compliance app: thin, they take ids and call a service.

The reminder tasks run under time limits from ``compliance.reminders.limits`` (the leases are
sized to them), on their own queues (``config/celery.py``): the sweep on ``reminders``, the
e-mails on ``mail``, so a slow mail server cannot starve the sweep. They are acknowledged late
and rejected when their worker is lost, so the broker delivers them again; the claim token is
the task id, so the task delivered again resumes its own claims at once.
"""

from __future__ import annotations

import uuid
from typing import Any

from celery import shared_task
from django.utils import timezone

from compliance.reminders import limits, mail, sweep
from compliance.reminders.health import record_heartbeat as record_process
from compliance.reminders.heartbeat import SchedulerRole


def _token(task: Any) -> str:
    """The claim token of this task run: its id (the same when the broker delivers it again)."""
    try:
        return uuid.UUID(str(task.request.id)).hex
    except ValueError:
        return uuid.uuid4().hex


def _worker(task: Any) -> str:
    return str(task.request.hostname or "eager")


@shared_task(
    name="compliance.tasks.record_heartbeat",
    bind=True,
    acks_late=True,
    reject_on_worker_lost=True,
)
def record_heartbeat(self: Any) -> int:
    """Record that this worker runs tasks; returns its run count. (The sweep and the mail task
    record it too; this one serves a check by hand: ``record_heartbeat.delay()``.)"""
    return record_process(SchedulerRole.WORKER, _worker(self), now=timezone.now())


@shared_task(
    name="compliance.tasks.send_due_reminders",
    bind=True,
    acks_late=True,
    reject_on_worker_lost=True,
    soft_time_limit=limits.sweep_soft_limit(),
    time_limit=limits.sweep_hard_limit(),
)
def send_due_reminders(self: Any) -> int:
    """One reminder sweep (beat runs it every ``DPO_DESK_SWEEP_SECONDS``); returns the number
    of reminders sent. Rows, not countdowns: a lost or duplicated run loses or doubles nothing.
    E-mails due (recorded by this sweep, or retries whose pause is over) are handed to the mail
    task: no message at all while there is no e-mail to send."""
    result = sweep.send_due_reminders(token=_token(self), worker=_worker(self))
    now = timezone.now()
    record_process(SchedulerRole.WORKER, _worker(self), now=now, swept=True)
    if result.queued or mail.mail_due(now=now):
        send_reminder_mail.apply_async(expires=2 * limits.interval())
    return result.sent


@shared_task(
    name="compliance.tasks.send_reminder_mail",
    bind=True,
    acks_late=True,
    reject_on_worker_lost=True,
    soft_time_limit=limits.mail_soft_limit(),
    time_limit=limits.mail_hard_limit(),
)
def send_reminder_mail(self: Any) -> int:
    """Send the reminder e-mails due (first attempts and retries); returns how many went."""
    sent = mail.send_pending_mail(token=_token(self), worker=_worker(self)).sent
    record_process(SchedulerRole.WORKER, _worker(self), now=timezone.now())
    return sent


@shared_task(name="compliance.tasks.render_report_job")
def render_report_job(job_id: int) -> str:
    """Render a large PDF report stored as ``ReportJob`` ``job_id``; returns the job's state
    ("skipped" when another delivery of the message already claimed it)."""
    from compliance.reports.jobs import run_report_job

    job = run_report_job(job_id=job_id)
    return job.state if job is not None else "skipped"
