from __future__ import annotations

from collections import Counter
from datetime import timedelta
from typing import Any

import pytest
import time_machine
from django.db import IntegrityError, transaction

from compliance.breaches import services as breaches
from compliance.breaches.models import NotificationDeadline
from compliance.reminders import sweep
from compliance.reminders.mail import send_pending_mail
from compliance.reminders.models import Reminder, ReminderDelivery, UserNotification
from compliance.reminders.sweep import send_due_reminders
from tests.compliance.reminders.conftest import AWARE, gdpr_deadline, hours, record, set_policy

pytestmark = pytest.mark.django_db


@pytest.fixture
def arranged(policies: None, entity: Any, dpo_user: Any, owner: Any, coordinator: Any) -> Any:
    """A breach recorded at awareness: its "at awareness" reminder is due at once."""
    with time_machine.travel(AWARE, tick=False):
        return gdpr_deadline(record(entity, dpo_user, owner))


def _sweep(at: Any, **kwargs: Any) -> sweep.SweepResult:
    """One sweep, then the mail task's run that follows it."""
    with time_machine.travel(at, tick=False):
        result = send_due_reminders(budget=float("inf"), **kwargs)
        send_pending_mail(budget=float("inf"))
        return result


def _deliveries(deadline: Any) -> list[tuple[str, str, str, str, bool]]:
    rows = ReminderDelivery.objects.filter(reminder__object_id=deadline.pk).order_by(
        "reminder__next_reminder_at", "recipient__username", "channel"
    )
    return [
        (d.reminder.threshold, d.recipient.username, d.channel, d.status, d.late)
        for d in rows.select_related("reminder", "recipient")
    ]


def test_sweep_sends_a_due_reminder_to_each_recipient_on_each_channel(
    arranged: Any, mailoutbox: list[Any]
) -> None:
    result = _sweep(AWARE + hours(0.01))

    assert (result.selected, result.sent, result.deliveries, result.failed) == (1, 1, 6, 0)
    assert _deliveries(arranged) == [
        ("start+0h", user, channel, "sent", False)
        for user in ("coord", "dpo-user", "owner")
        for channel in ("email", "in_admin")
    ]
    assert sorted(m.to[0] for m in mailoutbox) == [
        "coord@example.com",
        "dpo-user@example.com",
        "owner@example.com",
    ]
    assert UserNotification.objects.filter(reminder__object_id=arranged.pk).count() == 3


def test_reminder_email_shows_deadline_in_recipient_zone_and_utc_with_link_and_basis(
    arranged: Any, mailoutbox: list[Any], settings: Any
) -> None:
    settings.SITE_URL = "https://dpo.example.com"
    _sweep(AWARE + hours(0.01))

    mail = next(m for m in mailoutbox if m.to == ["owner@example.com"])
    html = mail.alternatives[0][0]
    assert mail.subject == (
        f"[DPO Desk] Reminder: BR-2024-{arranged.incident_id:05d} Customer database "
        "exfiltrated: EU GDPR notification to the authority (DE) (at awareness)"
    )
    assert "Thu 13 Jun 2024, 10:00 CEST (Europe/Berlin)" in mail.body
    assert "Thu 13 Jun 2024, 08:00 UTC" in mail.body
    assert "in 2 days" in mail.body
    assert "Statutory deadline:" in mail.body
    assert arranged.basis in mail.body
    link = f"https://dpo.example.com/compliance/breachincident/{arranged.incident_id}/change/"
    assert f"Open the record: {link}" in mail.body
    assert f'<a href="{link}">' in html
    assert "You receive this as the record's owner;" in mail.body
    assert "LATE" not in mail.body
    assert mail.extra_headers["Auto-Submitted"] == "auto-generated"


def test_coordinator_of_another_entity_reads_times_in_their_zone(
    arranged: Any, mailoutbox: list[Any], dpo_user: Any
) -> None:
    from tests.factories import GroupEntityFactory

    tokyo = GroupEntityFactory(
        short_name="Tokyo", country_id="JP", region="", time_zone="Asia/Tokyo"
    )
    tokyo.coordinators.add(dpo_user)

    _sweep(AWARE + hours(0.01))

    mail = next(m for m in mailoutbox if m.to == ["dpo-user@example.com"])
    assert "Thu 13 Jun 2024, 17:00 JST (Asia/Tokyo)" in mail.body
    assert "Thu 13 Jun 2024, 08:00 UTC" in mail.body


def test_second_sweep_sends_nothing_again(arranged: Any, mailoutbox: list[Any]) -> None:
    _sweep(AWARE + hours(0.01))

    again = _sweep(AWARE + hours(0.02))

    assert (again.selected, again.sent, again.deliveries) == (0, 0, 0)
    assert len(mailoutbox) == 3
    assert ReminderDelivery.objects.count() == 6


def test_claim_is_won_by_one_sweep_only(arranged: Any) -> None:
    now = AWARE + hours(0.01)
    row = Reminder.objects.due(at=now).get()  # two sweeps read the same row...

    first = sweep._claim(row, "a" * 32, now)
    second = sweep._claim(row, "b" * 32, now)  # ...the second one's UPDATE matches nothing

    assert (first, second) == (True, False)
    assert Reminder.objects.get(pk=row.pk).claim_token == "a" * 32
    assert list(Reminder.objects.due(at=now)) == []


def test_expired_claim_is_taken_over(arranged: Any) -> None:
    now = AWARE + hours(0.01)
    row = Reminder.objects.due(at=now).get()
    assert sweep._claim(row, "a" * 32, now)
    later = now + sweep.lease() + hours(0.001)

    stale = Reminder.objects.due(at=later).get()

    assert sweep._claim(stale, "b" * 32, later) is True


def test_database_refuses_a_second_delivery_of_the_same_channel(arranged: Any, owner: Any) -> None:
    row = Reminder.objects.get(object_id=arranged.pk, threshold="start+0h")
    values = {"reminder": row, "recipient": owner, "channel": "email", "status": "sent"}
    ReminderDelivery.objects.create(sent_at=AWARE, **values)

    with pytest.raises(IntegrityError), transaction.atomic():
        ReminderDelivery.objects.create(sent_at=AWARE, **values)


def test_one_failing_delivery_spares_the_others_and_is_completed_once_after_the_lease(
    arranged: Any, owner: Any, mailoutbox: list[Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    real_notify = sweep.notify_in_admin

    def crash_for_owner(message: Any, *, user: Any, **kwargs: Any) -> Any:
        if user == owner:
            raise ConnectionError("database went away")
        return real_notify(message, user=user, **kwargs)

    monkeypatch.setattr(sweep, "notify_in_admin", crash_for_owner)
    now = AWARE + hours(0.01)
    crashed = _sweep(now)
    too_early = _sweep(now + hours(0.001))
    monkeypatch.setattr(sweep, "notify_in_admin", real_notify)

    retried = _sweep(now + sweep.lease() + hours(0.001))

    row = Reminder.objects.get(object_id=arranged.pk, threshold="start+0h")
    assert (crashed.errors, crashed.deliveries, crashed.sent, too_early.selected) == (1, 5, 0, 0)
    assert (retried.sent, retried.errors, retried.deliveries, row.attempts) == (1, 0, 1, 1)
    assert row.last_error == "ConnectionError: database went away"
    assert Counter(m.to[0] for m in mailoutbox) == {
        "coord@example.com": 1,
        "dpo-user@example.com": 1,
        "owner@example.com": 1,
    }
    assert UserNotification.objects.filter(user=owner).count() == 1
    assert len(_deliveries(arranged)) == 6


def test_sweep_delivered_again_after_its_worker_was_lost_resumes_its_own_claim(
    arranged: Any,
) -> None:
    now = AWARE + hours(0.01)
    row = Reminder.objects.due(at=now).get()
    assert sweep._claim(row, "a" * 32, now)  # the first delivery of the task, then the worker died

    by_another = _sweep(now + hours(0.001), token="b" * 32)
    by_itself = _sweep(now + hours(0.001), token="a" * 32)

    assert (by_another.selected, by_itself.selected, by_itself.sent) == (0, 1, 1)


def test_sweep_stops_claiming_when_its_budget_is_spent(
    policies: None, entity: Any, dpo_user: Any, owner: Any
) -> None:
    with time_machine.travel(AWARE, tick=False):
        for n in range(3):
            record(entity, dpo_user, owner, title=f"Breach {n}")

    with time_machine.travel(AWARE + hours(0.01), tick=False):
        first = send_due_reminders(budget=0)
        second = send_due_reminders(budget=0)

    assert (first.selected, first.sent, first.postponed) == (3, 1, 2)
    assert (second.selected, second.sent, second.postponed) == (2, 1, 1)


def test_catch_up_after_downtime_sends_latest_missed_threshold_once_as_late(
    arranged: Any, mailoutbox: list[Any]
) -> None:
    _sweep(AWARE + hours(0.01))
    mailoutbox.clear()

    # No sweep from +0 h to +67 h: "24 h before" (+48 h) and "6 h before" (+66 h) were missed.
    result = _sweep(AWARE + hours(67))
    again = _sweep(AWARE + hours(67.5))

    rows = {r.threshold: r for r in Reminder.objects.filter(object_id=arranged.pk)}
    assert (result.selected, result.sent, result.superseded, again.selected) == (2, 1, 1, 0)
    assert rows["due-6h"].state == "sent"
    assert (rows["due-24h"].state, rows["due-24h"].cancel_reason) == (
        "cancelled",
        "superseded by the later reminder: 6 hours before the deadline",
    )
    assert len(mailoutbox) == 3
    mail = mailoutbox[0]
    assert mail.subject.startswith("[DPO Desk] Late reminder: ")
    assert "LATE REMINDER: this reminder was due at Thu 13 Jun 2024, 04:00 CEST" in mail.body
    assert "not sent separately: 24 hours before the deadline." in mail.body
    assert {d[4] for d in _deliveries(arranged) if d[0] == "due-6h"} == {True}


def test_reminder_on_time_within_one_sweep_interval_is_not_late(
    arranged: Any, mailoutbox: list[Any], settings: Any
) -> None:
    settings.DPO_DESK_SWEEP_SECONDS = 60
    _sweep(AWARE + hours(0.01))
    mailoutbox.clear()

    _sweep(AWARE + hours(48) + sweep.late_after())

    assert mailoutbox[0].subject.startswith("[DPO Desk] Reminder: ")


@pytest.mark.parametrize(
    ("sent_after", "late"),
    [
        # Due a few milliseconds after a tick, sent by the next one 60.2-60.7 s later: on time.
        (timedelta(seconds=60.2), False),
        (timedelta(seconds=60.7), False),
        (timedelta(seconds=90), False),
        # A whole sweep did not run: a catch-up.
        (timedelta(seconds=90.001), True),
        (timedelta(seconds=121), True),
    ],
)
def test_dispatch_latency_of_one_tick_is_not_late(
    arranged: Any, settings: Any, sent_after: timedelta, late: bool
) -> None:
    settings.DPO_DESK_SWEEP_SECONDS = 60
    _sweep(AWARE + hours(0.01))

    _sweep(AWARE + hours(48) + sent_after)

    delivery = ReminderDelivery.objects.filter(reminder__threshold="due-24h").first()
    assert delivery is not None
    assert delivery.late is late


def test_met_deadline_sends_nothing(arranged: Any, dpo_user: Any, mailoutbox: list[Any]) -> None:
    with time_machine.travel(AWARE + hours(2), tick=False):
        notification = breaches.start_notification(deadline=arranged, by=dpo_user)
        breaches.submit_notification(
            notification=notification, submitted_at=AWARE + hours(1), by=dpo_user
        )

    result = _sweep(AWARE + hours(100))

    assert (result.selected, result.sent) == (0, 0)
    assert mailoutbox == []
    assert ReminderDelivery.objects.count() == 0


def test_deadline_met_behind_the_sweeps_back_is_rechecked_after_the_claim(
    arranged: Any, mailoutbox: list[Any]
) -> None:
    # As if the deadline were met between the sweep's selection and its claim.
    NotificationDeadline.objects.filter(pk=arranged.pk).update(status="met", met_at=AWARE)

    result = _sweep(AWARE + hours(67))

    assert (result.selected, result.sent, result.cancelled) == (3, 0, 5)
    assert mailoutbox == []
    assert set(Reminder.objects.values_list("cancel_reason", flat=True)) == {
        "deadline met meanwhile"
    }


def test_recipient_without_email_is_a_failed_delivery_and_others_still_get_it(
    arranged: Any, owner: Any, mailoutbox: list[Any], django_capture_on_commit_callbacks: Any
) -> None:
    owner.email = ""
    owner.save()

    with django_capture_on_commit_callbacks(execute=True):
        result = _sweep(AWARE + hours(0.01))

    failed = ReminderDelivery.objects.get(status="failed")
    assert (result.sent, result.deliveries, result.failed) == (1, 5, 1)
    assert (failed.recipient, failed.channel, failed.error) == (
        owner,
        "email",
        "owner has no e-mail address: add one to the user account so reminders reach them.",
    )
    assert sorted(m.to[0] for m in mailoutbox if "Reminder:" in m.subject) == [
        "coord@example.com",
        "dpo-user@example.com",
    ]
    assert UserNotification.objects.filter(user=owner).count() == 1
    # The DPO group is told, by both channels (the mail server is fine).
    told = UserNotification.objects.get(user__username="dpo-user", title__startswith="Reminder not")
    assert told.title == "Reminder not delivered to owner by e-mail"
    assert [m.subject for m in mailoutbox if m.to == ["dpo-user@example.com"]][-1] == (
        "[DPO Desk] 1 reminder(s) could not be delivered"
    )


def test_one_failing_reminder_does_not_stop_the_sweep(
    policies: None, entity: Any, dpo_user: Any, owner: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    with time_machine.travel(AWARE, tick=False):
        bad = gdpr_deadline(record(entity, dpo_user, owner, title="Broken one"))
        good = gdpr_deadline(record(entity, dpo_user, owner, title="Fine one"))
    real_compose = sweep.compose

    def compose(**kwargs: Any) -> Any:
        if "Broken" in kwargs["deadline"].title:
            raise RuntimeError("template exploded")
        return real_compose(**kwargs)

    monkeypatch.setattr(sweep, "compose", compose)

    result = _sweep(AWARE + hours(0.01))

    assert (result.selected, result.sent, result.errors) == (2, 1, 1)
    assert Reminder.objects.get(object_id=good.pk, threshold="start+0h").state == "sent"
    failing = Reminder.objects.get(object_id=bad.pk, threshold="start+0h")
    assert (failing.state, failing.attempts, failing.last_error) == (
        "pending",
        1,
        "RuntimeError: template exploded",
    )


def test_overdue_reminder_widens_the_audience_and_plans_the_next_repeat(
    policies: None, entity: Any, dpo_user: Any, owner: Any, coordinator: Any
) -> None:
    set_policy(notify_owner=True, notify_coordinators=False, notify_dpo=False, after_start="")
    with time_machine.travel(AWARE, tick=False):
        deadline = gdpr_deadline(record(entity, dpo_user, owner))

    _sweep(AWARE + hours(78.01))  # overdue-1 (and the missed ones, superseded)

    sent = Reminder.objects.get(object_id=deadline.pk, sent_at__isnull=False)
    following = Reminder.objects.get(object_id=deadline.pk, threshold="overdue-2")
    assert (sent.threshold, sent.audience) == ("overdue-1", "owner,coordinators,dpo")
    assert {d[1] for d in _deliveries(deadline)} == {"owner", "coord", "dpo-user"}
    assert (following.next_reminder_at, following.label, following.state) == (
        AWARE + hours(84),
        "overdue: 12 hours past the deadline (repeat 2)",
        "pending",
    )


def test_repeats_missed_during_downtime_are_not_replayed(
    policies: None, entity: Any, dpo_user: Any, owner: Any
) -> None:
    with time_machine.travel(AWARE, tick=False):
        deadline = gdpr_deadline(record(entity, dpo_user, owner))

    _sweep(AWARE + hours(100))  # due +72 h, repeats every 6 h: next one at +102 h

    keys = dict(
        Reminder.objects.filter(object_id=deadline.pk).values_list("threshold", "next_reminder_at")
    )
    assert keys["overdue-5"] == AWARE + hours(102)
    assert set(keys) == {"start+0h", "due-24h", "due-6h", "due-0h", "overdue-1", "overdue-5"}


def test_deadline_without_owner_or_coordinator_reaches_the_dpo_group(
    policies: None, entity: Any, dpo_user: Any, mailoutbox: list[Any]
) -> None:
    set_policy(notify_dpo=False)
    with time_machine.travel(AWARE, tick=False):
        record(entity, dpo_user, owner=None)

    _sweep(AWARE + hours(0.01))

    assert [m.to for m in mailoutbox] == [["dpo-user@example.com"]]
    assert "a member of the DPO group (the record has no owner or coordinator to remind)" in (
        mailoutbox[0].body
    )
