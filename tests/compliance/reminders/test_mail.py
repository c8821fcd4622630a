"""The mail task: recorded e-mails sent once, retried with backoff and a cap, failures told."""

from __future__ import annotations

import smtplib
from datetime import timedelta
from typing import Any

import pytest
import time_machine

from compliance.models import ReminderDelivery, UserNotification
from compliance.reminders.mail import backoff, send_pending_mail
from compliance.reminders.sweep import send_due_reminders
from tests.compliance.reminders.conftest import AWARE, hours, record, set_policy
from tests.compliance.reminders.mail_backends import ScriptedBackend

pytestmark = pytest.mark.django_db

NOW = AWARE + hours(0.01)


@pytest.fixture
def scripted(settings: Any) -> Any:
    settings.EMAIL_BACKEND = "tests.compliance.reminders.mail_backends.ScriptedBackend"
    settings.DPO_DESK_SWEEP_SECONDS = 60
    settings.DPO_DESK_MAIL_MAX_ATTEMPTS = 3
    ScriptedBackend.refused, ScriptedBackend.unreachable, ScriptedBackend.attempts = {}, None, 0
    yield ScriptedBackend
    ScriptedBackend.refused, ScriptedBackend.unreachable = {}, None


@pytest.fixture
def recorded(policies: None, entity: Any, dpo_user: Any, owner: Any, coordinator: Any) -> Any:
    """A due reminder swept: 3 in-admin notifications sent, 3 e-mails recorded, none sent."""
    with time_machine.travel(AWARE, tick=False):
        record(entity, dpo_user, owner)
    with time_machine.travel(NOW, tick=False):
        return send_due_reminders(budget=float("inf"))


def _mail(at: Any, **kwargs: Any) -> Any:
    with time_machine.travel(at, tick=False):
        return send_pending_mail(budget=float("inf"), **kwargs)


def _states() -> dict[str, tuple[str, int]]:
    rows = ReminderDelivery.objects.filter(channel="email").select_related("recipient")
    return {d.recipient.username: (d.status, d.attempts) for d in rows}


def test_sweep_records_emails_without_sending_and_notifies_in_admin_at_once(
    recorded: Any, mailoutbox: list[Any]
) -> None:
    assert (recorded.sent, recorded.deliveries, recorded.queued) == (1, 6, 3)
    assert mailoutbox == []
    assert _states() == {
        "coord": ("pending", 0),
        "dpo-user": ("pending", 0),
        "owner": ("pending", 0),
    }
    assert UserNotification.objects.count() == 3


def test_mail_task_sends_each_recorded_email_once_with_its_message_id(
    recorded: Any, mailoutbox: list[Any], settings: Any
) -> None:
    first = _mail(NOW)
    again = _mail(NOW + hours(1))

    owner_row = ReminderDelivery.objects.get(channel="email", recipient__username="owner")
    owner_mail = next(m for m in mailoutbox if m.to == ["owner@example.com"])
    assert (first.sent, again.selected, len(mailoutbox)) == (3, 0, 3)
    host = settings.SITE_URL.split("//")[1].split(":")[0].split("/")[0]
    expected = f"<reminder-{owner_row.reminder_id}.{owner_row.recipient_id}.email@{host}>"
    assert owner_row.message_id == expected
    assert owner_mail.message()["Message-ID"] == expected
    assert _states() == {"coord": ("sent", 1), "dpo-user": ("sent", 1), "owner": ("sent", 1)}


def test_email_claimed_by_another_worker_is_skipped_and_resumed_by_the_same_task(
    recorded: Any, mailoutbox: list[Any]
) -> None:
    ReminderDelivery.objects.filter(channel="email").update(
        claimed_until=NOW + hours(1), claim_token="a" * 32
    )

    other = _mail(NOW, token="b" * 32)
    same = _mail(NOW, token="a" * 32)

    assert (other.selected, same.selected, same.sent, len(mailoutbox)) == (0, 3, 3, 3)


def test_unreachable_server_is_retried_with_backoff_then_failed_and_told_in_admin(
    recorded: Any, scripted: Any, dpo_user: Any, django_capture_on_commit_callbacks: Any
) -> None:
    scripted.unreachable = ConnectionRefusedError(111, "Connection refused")

    with django_capture_on_commit_callbacks(execute=True):
        first = _mail(NOW)
        too_early = _mail(NOW + backoff(1) - timedelta(seconds=1))
        second = _mail(NOW + backoff(1))
        third = _mail(NOW + backoff(1) + backoff(2))

    # One connection attempt per run, whatever the number of e-mails due.
    assert (first.retried, too_early.selected, second.retried, third.failed) == (3, 0, 3, 3)
    assert scripted.attempts == 3
    assert _states() == {
        "coord": ("failed", 3),
        "dpo-user": ("failed", 3),
        "owner": ("failed", 3),
    }
    owner_row = ReminderDelivery.objects.get(channel="email", recipient__username="owner")
    assert owner_row.error == (
        "The mail server could not be used: ConnectionRefusedError: [Errno 111] Connection "
        "refused (after 3 attempts)"
    )
    told = UserNotification.objects.filter(user=dpo_user, title__startswith="Reminder not")
    assert sorted(told.values_list("title", flat=True)) == [
        "Reminder not delivered to coord by e-mail",
        "Reminder not delivered to dpo-user by e-mail",
        "Reminder not delivered to owner by e-mail",
    ]
    assert scripted.attempts == 3  # no e-mail about it: the mail server is what failed


def test_backoff_doubles_from_one_sweep_interval(settings: Any) -> None:
    settings.DPO_DESK_SWEEP_SECONDS = 60

    assert [backoff(n) for n in (1, 2, 3, 4)] == [
        timedelta(minutes=1),
        timedelta(minutes=2),
        timedelta(minutes=4),
        timedelta(minutes=8),
    ]


def test_address_refused_for_good_fails_at_once_and_is_told_by_mail_too(
    recorded: Any,
    scripted: Any,
    dpo_user: Any,
    mailoutbox: list[Any],
    django_capture_on_commit_callbacks: Any,
) -> None:
    scripted.refused = {"owner@example.com": 550}

    with django_capture_on_commit_callbacks(execute=True):
        result = _mail(NOW)

    assert (result.sent, result.failed, result.retried) == (2, 1, 0)
    assert _states() == {"coord": ("sent", 1), "dpo-user": ("sent", 1), "owner": ("failed", 1)}
    assert [m.subject for m in mailoutbox if "could not be delivered" in m.subject] == [
        "[DPO Desk] 1 reminder(s) could not be delivered"
    ]
    assert (
        UserNotification.objects.filter(
            user=dpo_user, title="Reminder not delivered to owner by e-mail"
        ).count()
        == 1
    )


def test_address_refused_for_now_is_retried(recorded: Any, scripted: Any) -> None:
    scripted.refused = {"owner@example.com": 450}

    result = _mail(NOW)
    scripted.refused = {}
    later = _mail(NOW + backoff(1))

    assert (result.sent, result.retried, later.sent) == (2, 1, 1)
    assert _states() == {"coord": ("sent", 1), "dpo-user": ("sent", 1), "owner": ("sent", 2)}


def test_in_admin_notifications_do_not_wait_for_a_dead_mail_server(
    policies: None, entity: Any, dpo_user: Any, owner: Any, scripted: Any
) -> None:
    set_policy(notify_coordinators=False, notify_dpo=False)
    scripted.unreachable = TimeoutError("timed out")
    with time_machine.travel(AWARE, tick=False):
        record(entity, dpo_user, owner)

    with time_machine.travel(NOW, tick=False):
        swept = send_due_reminders(budget=float("inf"))
    _mail(NOW)

    assert (swept.sent, swept.errors) == (1, 0)
    assert UserNotification.objects.filter(user=owner).count() == 1
    assert _states() == {"owner": ("pending", 1)}


def test_smtp_errors_after_connecting_are_retried_like_an_unreachable_server(
    recorded: Any, scripted: Any
) -> None:
    scripted.unreachable = smtplib.SMTPServerDisconnected("Connection unexpectedly closed")

    result = _mail(NOW)

    assert (result.retried, result.sent) == (3, 0)
