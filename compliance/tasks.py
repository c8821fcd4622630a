"""Celery tasks of the compliance app: thin, they take ids and call a service."""

from __future__ import annotations

from celery import shared_task
from django.db.models import F
from django.utils import timezone

from compliance.models import SchedulerHeartbeat


@shared_task(name="compliance.tasks.record_heartbeat")
def record_heartbeat(name: str = "beat") -> int:
    """Record that the scheduler and a worker are alive; returns the run count."""
    now = timezone.now()
    updated = SchedulerHeartbeat.objects.filter(name=name).update(
        last_run_at=now, runs=F("runs") + 1
    )
    if not updated:
        SchedulerHeartbeat.objects.get_or_create(
            name=name, defaults={"last_run_at": now, "runs": 1}
        )
    return SchedulerHeartbeat.objects.get(name=name).runs
