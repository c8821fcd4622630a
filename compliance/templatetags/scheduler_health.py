"""The scheduler banner on every admin page (DPO users) and the "worker may be down" note of a
report job still queued. Both read ``compliance.reminders.health``."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django import template
from django.conf import settings
from django.utils import timezone

from compliance import access
from compliance.reminders.health import scheduler_status

register = template.Library()


@register.inclusion_tag("admin/compliance/reminders/scheduler_banner.html", takes_context=True)
def scheduler_banner(context: dict[str, Any]) -> dict[str, Any]:
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not access.is_dpo(user):
        return {"banner": ""}
    return {"banner": scheduler_status().banner()}


@register.simple_tag
def report_job_waiting(job: Any) -> str:
    """For a job queued longer than ``DPO_DESK_REPORT_QUEUED_MINUTES``: why it may not move."""
    if job is None or job.state != "queued":
        return ""
    minutes = float(settings.DPO_DESK_REPORT_QUEUED_MINUTES)
    waited = timezone.now() - job.created_at
    if waited < timedelta(minutes=minutes):
        return ""
    return (
        f"This report has been queued for {int(waited.total_seconds() // 60)} minutes: the "
        "worker may be down. The DPO office can check the scheduler heartbeats."
    )
