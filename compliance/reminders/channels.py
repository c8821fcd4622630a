"""The words of a reminder, and the two channels: e-mail and the in-admin notification list.

Times are shown in the recipient's time zone and in UTC, because a deadline is one instant and
people in Tokyo and Düsseldorf must read the same instant. A reminder sent after its moment
(catch-up after downtime) says so ("late reminder") instead of pretending to be on time.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import urlparse
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string

from compliance import legal_text
from compliance.reminders.durations import humanize
from compliance.reminders.models import Reminder, ReminderDelivery, UserNotification
from compliance.reminders.recipients import Recipient
from compliance.reminders.registry import Deadline


@dataclass(frozen=True)
class Message:
    subject: str
    text: str
    html: str
    url: str
    late: bool


def in_zone(instant: datetime, zone: str) -> str:
    try:
        tz = ZoneInfo(zone)
    except (ZoneInfoNotFoundError, ValueError):
        tz, zone = ZoneInfo("UTC"), "UTC"
    local = instant.astimezone(tz)
    return f"{local:%a %d %b %Y, %H:%M} {local.tzname()} ({zone})"


def in_utc(instant: datetime) -> str:
    return f"{instant.astimezone(ZoneInfo('UTC')):%a %d %b %Y, %H:%M} UTC"


def relative(delta: timedelta) -> str:
    """``in 23 hours`` / ``overdue by 2 days``, rounded down to a readable unit."""
    ahead = delta >= timedelta(0)
    size = abs(delta)
    if size >= timedelta(days=2):
        size = timedelta(days=size.days)
    elif size >= timedelta(hours=2):
        size = timedelta(hours=size // timedelta(hours=1))
    else:
        size = timedelta(minutes=max(1, size // timedelta(minutes=1)))
    return f"in {humanize(size)}" if ahead else f"overdue by {humanize(size)}"


def _one_line(text: str, limit: int = 180) -> str:
    line = " ".join(text.split())
    return line if len(line) <= limit else line[: limit - 1] + "…"


def compose(
    *,
    reminder: Reminder,
    deadline: Deadline,
    recipient: Recipient,
    now: datetime,
    late: bool,
    missed: list[str],
) -> Message:
    """Render the e-mail (subject, text, HTML) of one reminder for one recipient."""
    due = reminder.due_at
    overdue = due is not None and now >= due
    url = settings.SITE_URL.rstrip("/") + deadline.admin_url
    context: dict[str, Any] = {
        "name": recipient.user.get_full_name() or recipient.user.get_username(),
        "recipient": recipient,
        "deadline": deadline,
        "reminder": reminder,
        "internal": reminder.internal_target,
        "due_local": in_zone(due, recipient.time_zone) if due else "",
        "due_utc": in_utc(due) if due else "",
        "relative": relative(due - now) if due else "",
        "overdue": overdue,
        "late": late,
        "planned_for": in_zone(reminder.next_reminder_at, recipient.time_zone),
        "missed": missed,
        "url": url,
    }
    prefix = "Late reminder" if late else ("Overdue" if overdue else "Reminder")
    subject = _one_line(f"[DPO Desk] {prefix}: {deadline.title} ({reminder.label})")
    return Message(
        subject=subject,
        text=render_to_string("emails/reminder.txt", context),
        html=render_to_string("emails/reminder.html", context),
        url=url,
        late=late,
    )


def message_id(reminder_id: int, recipient_id: int) -> str:
    """The Message-ID of one e-mail delivery, from what makes it unique (reminder, recipient;
    channel e-mail), the same at every attempt: a message sent again after a crash (accepted
    by the server, not yet recorded as sent) is recognisable as a repeat."""
    domain = urlparse(settings.SITE_URL).hostname or "dpo-desk.invalid"
    return f"<reminder-{reminder_id}.{recipient_id}.email@{domain}>"


def reminder_email(delivery: ReminderDelivery, *, connection: Any = None) -> EmailMultiAlternatives:
    """The e-mail of a recorded delivery, as composed when the reminder fell due."""
    email = EmailMultiAlternatives(
        subject=delivery.subject,
        body=delivery.body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[delivery.address],
        connection=connection,
        headers={
            # RFC 3834: no out-of-office replies to a machine.
            "Auto-Submitted": "auto-generated",
            "X-DPO-Desk-Reminder": str(delivery.reminder_id),
            "Message-ID": delivery.message_id
            or message_id(delivery.reminder_id, delivery.recipient_id),
        },
    )
    if delivery.html:
        email.attach_alternative(delivery.html, "text/html")
    return email


def notify_in_admin(
    message: Message,
    *,
    user: Any,
    reminder: Reminder,
    deadline: Deadline,
    now: datetime,
    save: bool = True,
) -> UserNotification:
    """The in-admin notification of ``message`` for ``user``; ``save=False``: not written yet
    (the sweep writes a batch of them in one INSERT)."""
    notification = UserNotification(
        user=user,
        reminder=reminder,
        title=message.subject.removeprefix("[DPO Desk] ")[:300],
        body=_one_line(legal_text.render(deadline.basis), 1000),
        url=deadline.admin_url,
        late=message.late,
        created_at=now,
    )
    if save:
        notification.save()
    return notification
