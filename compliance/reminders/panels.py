"""The dashboard panel of the reminder machinery (DPO users): is the scheduler alive, and which
deliveries failed or are waiting for a retry."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.utils.translation import gettext_lazy as _

from compliance import access
from compliance.dashboard import register_panel
from compliance.reminders.failures import failed_deliveries_url
from compliance.reminders.health import scheduler_status
from compliance.reminders.models import DeliveryStatus, ReminderDelivery

FAILED_DAYS = 30
ROWS = 25


def delivery_health_panel(user: Any, now: datetime) -> dict[str, Any] | None:
    """Failed deliveries of the last 30 days and e-mails waiting for a retry; nothing to show,
    no panel."""
    if not access.is_dpo(user):
        return None
    failed = list(
        ReminderDelivery.objects.filter(
            status=DeliveryStatus.FAILED, recorded_at__gte=now - timedelta(days=FAILED_DAYS)
        )
        .select_related("reminder", "recipient")
        .order_by("-recorded_at", "-pk")[:ROWS]
    )
    retrying = ReminderDelivery.objects.filter(
        status=DeliveryStatus.PENDING, attempts__gt=0
    ).count()
    status = scheduler_status(now=now)
    if not failed and not retrying and status.ok:
        return None
    return {
        "template": "admin/compliance/dashboard/reminder_health.html",
        "title": _("Reminders not delivered"),
        "failed": failed,
        "retrying": retrying,
        "banner": status.banner(),
        "failed_url": failed_deliveries_url(),
        "days": FAILED_DAYS,
    }


def register() -> None:
    register_panel(delivery_health_panel, order=5)
