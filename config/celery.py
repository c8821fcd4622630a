"""The Celery app and its beat schedule, declared in code (never in a database row)."""

from __future__ import annotations

import os

from celery import Celery
from celery.schedules import crontab
from django.conf import settings

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("dpo_desk")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

app.conf.beat_schedule = {
    # The scheduler's own pulse: the admin shows when beat and a worker last ran.
    "scheduler-heartbeat": {
        "task": "compliance.tasks.record_heartbeat",
        "schedule": settings.DPO_DESK_SWEEP_SECONDS,
    },
    # Deadline reminders: one sweep over the due rows (compliance.reminders.sweep).
    "send-due-reminders": {
        "task": "compliance.tasks.send_due_reminders",
        "schedule": settings.DPO_DESK_SWEEP_SECONDS,
        # A sweep still queued after two intervals is redundant (a newer one follows): after a
        # worker outage the queue is not replayed sweep by sweep.
        "options": {"expires": 2 * settings.DPO_DESK_SWEEP_SECONDS},
    },
    # BCR clocks that start with the passing of time (GDPR Art. 65(3)) appear on their day.
    "sync-bcr-clocks": {
        "task": "compliance.bcr.tasks.sync_bcr_clocks",
        "schedule": crontab(hour=0, minute=15),
    },
}
