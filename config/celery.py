"""The Celery app and its beat schedule, declared in code (never in a database row)."""

from __future__ import annotations

import os

from celery import Celery
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
}
