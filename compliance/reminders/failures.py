"""A delivery given up is told to the DPO group, once, by the channels that work.

The in-admin notification list always works (it is the database); e-mail is used as well when
the failure belonged to one address (none, invalid, refused for good) and so the mail server
itself is fine. When the server is what failed, e-mailing about it would only fail again.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from datetime import datetime

from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse

from compliance.choices import DPO_GROUP
from compliance.reminders.models import ReminderDelivery, UserNotification

logger = logging.getLogger(__name__)


def failed_deliveries_url() -> str:
    return reverse("admin:compliance_reminderdelivery_changelist") + "?status__exact=failed"


def escalate_failures(
    deliveries: Iterable[ReminderDelivery], *, now: datetime, mail_works: bool = True
) -> int:
    """Tell the DPO group about each failed delivery not told yet; returns how many were told.
    The conditional UPDATE of ``escalated_at`` makes it once, whoever calls."""
    told = []
    for delivery in deliveries:
        marked = ReminderDelivery.objects.filter(pk=delivery.pk, escalated_at__isnull=True).update(
            escalated_at=now
        )
        if marked:
            told.append(delivery)
    if not told:
        return 0
    dpos = list(
        get_user_model()
        .objects.filter(is_active=True, groups__name=DPO_GROUP)
        .order_by("pk")
        .distinct()
    )
    url = failed_deliveries_url()
    lines = []
    for delivery in told:
        who = delivery.recipient.get_username()
        title = f"Reminder not delivered to {who} by {delivery.get_channel_display()}"
        lines.append(f"- {who} ({delivery.address or 'no address'}): {delivery.error}")
        UserNotification.objects.bulk_create(
            UserNotification(
                user=dpo,
                reminder_id=delivery.reminder_id,
                title=title[:300],
                body=f"{delivery.reminder.label}. {delivery.error}"[:1000],
                url=url,
                created_at=now,
            )
            for dpo in dpos
        )
    addresses = sorted({d.email for d in dpos if d.email} - {d.address for d in told})
    if mail_works and addresses:
        body = "These reminders could not be delivered:\n\n" + "\n".join(lines)
        transaction.on_commit(lambda: _mail(addresses, len(told), body))
    return len(told)


def _mail(addresses: list[str], count: int, body: str) -> None:
    try:
        send_mail(
            subject=f"[DPO Desk] {count} reminder(s) could not be delivered",
            message=body,
            from_email=None,
            recipient_list=addresses,
        )
    except Exception:  # the in-admin notification is written; this is the extra channel
        logger.exception("could not e-mail the DPO group about failed reminder deliveries")
