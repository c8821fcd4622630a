"""The Celery app and its beat schedule, declared in code (never in a database row)."""

from __future__ import annotations

import os

from celery import Celery
from django.conf import settings
from kombu import Queue

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("dpo_desk")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

# Three queues: a worker started without -Q consumes all of them (make run); in production a
# worker dedicated to "reminders" keeps the sweep on time whatever mail and reports do.
app.conf.task_queues = (Queue("celery"), Queue("reminders"), Queue("mail"))
app.conf.task_default_queue = "celery"
app.conf.task_routes = {
    "compliance.tasks.send_due_reminders": {"queue": "reminders"},
    "compliance.tasks.record_heartbeat": {"queue": "reminders"},
    "compliance.tasks.send_reminder_mail": {"queue": "mail"},
}
# Beat records its own heartbeat (compliance.reminders.health): a dead beat is told apart
# from a dead worker.
app.conf.beat_scheduler = "compliance.reminders.beat:HeartbeatScheduler"

_interval = settings.DPO_DESK_SWEEP_SECONDS
app.conf.beat_schedule = {
    # Each worker's pulse: a worker that runs it records its own row.
    "scheduler-heartbeat": {
        "task": "compliance.tasks.record_heartbeat",
        "schedule": _interval,
        "options": {"expires": 2 * _interval},
    },
    # Deadline reminders: one sweep over the due rows (compliance.reminders.sweep).
    "send-due-reminders": {
        "task": "compliance.tasks.send_due_reminders",
        "schedule": _interval,
        # A sweep still queued after two intervals is redundant (a newer one follows): after a
        # worker outage the queue is not replayed sweep by sweep.
        "options": {"expires": 2 * _interval},
    },
    # Reminder e-mails: retries whose pause is over, and any the sweep's hand-over missed.
    "send-reminder-mail": {
        "task": "compliance.tasks.send_reminder_mail",
        "schedule": _interval,
        "options": {"expires": 2 * _interval},
    },
}
