"""The Celery app and its beat schedule, declared in code (never in a database row)."""

from __future__ import annotations

import os
from typing import Any

from celery import Celery
from celery.schedules import crontab
from celery.signals import worker_ready
from django.conf import settings
from kombu import Queue

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("dpo_desk")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

# Four queues: a worker started without -Q consumes all of them; in production (and in the
# Procfile) a worker dedicated to "reminders" keeps the sweep on time whatever mail and reports
# do, and PDF reports run on "reports", in a worker that starts a fresh child process per job
# (--max-tasks-per-child=1): a long register's memory, gigabytes at group scale, leaves with the
# child instead of staying in a worker that also sends reminders.
# Each queue its own routing key: bound with the default key, every queue would get every message.
QUEUES = ("celery", "reminders", "mail", "reports")
app.conf.task_queues = tuple(Queue(name, routing_key=name) for name in QUEUES)
app.conf.task_default_queue = "celery"
app.conf.task_routes = {
    "compliance.tasks.send_due_reminders": {"queue": "reminders"},
    "compliance.tasks.record_heartbeat": {"queue": "reminders"},
    "compliance.tasks.send_reminder_mail": {"queue": "mail"},
    "compliance.tasks.render_report_job": {"queue": "reports"},
}
# Beat records its own heartbeat (compliance.reminders.health): a dead beat is told apart
# from a dead worker.
app.conf.beat_scheduler = "compliance.reminders.beat:HeartbeatScheduler"

_interval = settings.DPO_DESK_SWEEP_SECONDS
app.conf.beat_schedule = {
    # Deadline reminders: one sweep over the due rows (compliance.reminders.sweep). The worker
    # running it records its heartbeat, and hands the e-mails due (new ones and retries whose
    # pause is over) to the mail task.
    "send-due-reminders": {
        "task": "compliance.tasks.send_due_reminders",
        "schedule": _interval,
        # A sweep still queued after two intervals is redundant (a newer one follows): after a
        # worker outage the queue is not replayed sweep by sweep.
        "options": {"expires": 2 * _interval},
    },
    # BCR clocks that start with the passing of time (GDPR Art. 65(3)) appear on their day.
    "sync-bcr-clocks": {
        "task": "compliance.bcr.tasks.sync_bcr_clocks",
        "schedule": crontab(hour=0, minute=15),
    },
}


@worker_ready.connect
def release_claims_of_predecessor(sender: Any = None, **_: Any) -> None:
    """A node starting under a name that holds claims: its predecessor under that name died
    holding them (``compliance.reminders.recovery``)."""
    from compliance.reminders.recovery import release_claims_of

    release_claims_of(str(getattr(sender, "hostname", "") or ""))


@worker_ready.connect
def watch_the_scheduler(sender: Any = None, **_: Any) -> None:
    """Every worker checks the scheduler's health once a sweep interval, from its timer (not a
    task: a dead beat schedules none). A beat that stopped is thereby told to the DPO group by
    the workers still running, without waiting for beat, or a monitor polling ``/healthz``."""
    from compliance.reminders.beat import SchedulerWatch

    timer = getattr(sender, "timer", None)
    if timer is not None:
        timer.call_repeatedly(_interval, SchedulerWatch(), priority=0)
