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
from django.utils import translation
from django.utils.dateformat import format as date_format
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from compliance import labels, legal_text
from compliance.reminders.defaults import policy_description
from compliance.reminders.durations import format_duration
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


def _local_words(local: datetime) -> str:
    # Translators: a date format of django.utils.dateformat for a reminder e-mail's instants
    # ("Thu 13 Jun 2024, 10:00"); keep the day, the month and the year, and H:i.
    return date_format(local, pgettext("reminder e-mail instant", "D d M Y, H:i"))


def in_zone(instant: datetime, zone: str) -> str:
    try:
        tz = ZoneInfo(zone)
    except (ZoneInfoNotFoundError, ValueError):
        tz, zone = ZoneInfo("UTC"), "UTC"
    local = instant.astimezone(tz)
    return f"{_local_words(local)} {local.tzname()} ({zone})"


def in_utc(instant: datetime) -> str:
    return f"{_local_words(instant.astimezone(ZoneInfo('UTC')))} UTC"


def relative(delta: timedelta) -> str:
    """``in 23 hours`` / ``overdue by 2 days``, rounded down to a readable unit, in the
    reader's language."""
    ahead = delta >= timedelta(0)
    size = abs(delta)
    if size >= timedelta(days=2):
        size = timedelta(days=size.days)
    elif size >= timedelta(hours=2):
        size = timedelta(hours=size // timedelta(hours=1))
    else:
        size = timedelta(minutes=max(1, size // timedelta(minutes=1)))
    words = labels.span(format_duration(size))
    return (
        _("in %(span)s") % {"span": words} if ahead else _("overdue by %(span)s") % {"span": words}
    )


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
    missed: list[Reminder],
    policy: Any = None,
) -> Message:
    """Render the e-mail (subject, text, HTML) of one reminder for one recipient, in the
    language the recipient chose (the site's language where they chose none): the kind of
    deadline, the moment and the policy in words, never as their stored codes."""
    with translation.override(recipient.language or settings.LANGUAGE_CODE):
        return _compose(
            reminder=reminder,
            deadline=deadline,
            recipient=recipient,
            now=now,
            late=late,
            missed=missed,
            policy=policy,
        )


def _moment(reminder: Reminder) -> str:
    return labels.reminder_threshold(
        reminder.threshold, internal=reminder.internal_target, stored=reminder.label
    )


def _compose(
    *,
    reminder: Reminder,
    deadline: Deadline,
    recipient: Recipient,
    now: datetime,
    late: bool,
    missed: list[Reminder],
    policy: Any,
) -> Message:
    due = reminder.due_at
    overdue = due is not None and now >= due
    url = settings.SITE_URL.rstrip("/") + deadline.admin_url
    moment = _moment(reminder)
    context: dict[str, Any] = {
        "name": recipient.user.get_full_name() or recipient.user.get_username(),
        "recipient": recipient,
        "role_words": recipient.role_words,
        "deadline": deadline,
        "title": str(deadline.title),
        # The engine's legal basis in the recipient's language (compliance.legal_text).
        "basis": legal_text.render(deadline.basis),
        "reminder": reminder,
        "moment": moment,
        "kind": labels.reminder_kind(reminder.kind),
        "policy": policy_description(policy.kind, policy.description) if policy else "",
        "internal": reminder.internal_target,
        "due_local": in_zone(due, recipient.time_zone) if due else "",
        "due_utc": in_utc(due) if due else "",
        "relative": relative(due - now) if due else "",
        "overdue": overdue,
        "late": late,
        "planned_for": in_zone(reminder.next_reminder_at, recipient.time_zone),
        "missed": [_moment(r) for r in missed],
        "url": url,
    }
    prefix = _("Late reminder") if late else (_("Overdue") if overdue else _("Reminder"))
    subject = _one_line(f"[DPO Desk] {prefix}: {context['title']} ({moment})")
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
