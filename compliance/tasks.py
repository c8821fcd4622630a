"""Celery tasks of the compliance app: thin, they take ids and call a service."""

from __future__ import annotations

from celery import shared_task
from django.db.models import F
from django.utils import timezone

from compliance.reminders import sweep
from compliance.reminders.heartbeat import SchedulerHeartbeat


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


@shared_task(name="compliance.tasks.send_due_reminders")
def send_due_reminders() -> int:
    """One reminder sweep (beat runs it every ``DPO_DESK_SWEEP_SECONDS``); returns the number
    of reminders sent. Rows, not countdowns: a lost or duplicated run loses or doubles nothing."""
    return sweep.send_due_reminders().sent


@shared_task(name="compliance.tasks.render_report_job")
def render_report_job(job_id: int) -> str:
    """Render a large PDF report stored as ``ReportJob`` ``job_id``; returns the job's state
    ("skipped" when another delivery of the message already claimed it)."""
    from compliance.reports.jobs import run_report_job

    job = run_report_job(job_id=job_id)
    return job.state if job is not None else "skipped"
