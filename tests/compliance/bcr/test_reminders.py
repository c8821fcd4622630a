"""The clocks of the BCR programme as a deadline source: stored rows, reminders, the sweep."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from io import StringIO
from typing import Any

import pytest
import time_machine
from django.contrib.auth.models import Group
from django.core import mail
from django.core.management import call_command

from compliance.bcr import services as bcr
from compliance.bcr.demo import seed_demo_bcr
from compliance.bcr.models import BCRApplication, BCRClock
from compliance.choices import COORDINATOR_GROUP
from compliance.registry import demo
from compliance.registry.models import CorporateGroup, GroupEntity
from compliance.registry.services import designate_main_establishment
from compliance.reminders.calendar import issue_calendar_token
from compliance.reminders.defaults import ensure_default_policies
from compliance.reminders.mail import send_pending_mail
from compliance.reminders.models import Reminder, ReminderDelivery
from compliance.reminders.sweep import send_due_reminders
from tests.compliance.bcr.helpers import advance, resolve

pytestmark = pytest.mark.django_db

EDPB = "bcr.edpb_opinion"
RESPONSE = "bcr.lead_response"
ANNUAL = "bcr.annual_update"


def end_of_berlin_day(day: date) -> datetime:
    """23:59:59 in Düsseldorf, in UTC (summer time: two hours ahead)."""
    return datetime(day.year, day.month, day.day, 21, 59, 59, tzinfo=UTC)


@pytest.fixture
def main_establishment(group: CorporateGroup, django_user_model: Any) -> GroupEntity:
    ensure_default_policies()
    entity = GroupEntity.objects.get(group=group, short_name="Düsseldorf")
    designate_main_establishment(entity=entity, since=date(2018, 5, 25), reason="EU headquarters")
    coordinator = django_user_model.objects.create_user(
        username="coord-dus", email="coord-dus@example.com", is_staff=True
    )
    coordinator.groups.add(Group.objects.get(name=COORDINATOR_GROUP))
    entity.coordinators.add(coordinator)
    return entity


def _clocks(application: BCRApplication) -> list[tuple[str, date, date, date | None, str]]:
    return [
        (c.kind, c.starts_on, c.due_on, c.met_on, c.status)
        for c in BCRClock.objects.filter(application=application).order_by("starts_on", "kind")
    ]


def _reminders(kind: str) -> dict[str, tuple[datetime, str]]:
    return {r.threshold: (r.next_reminder_at, r.state) for r in Reminder.objects.filter(kind=kind)}


def _step(application: BCRApplication, name: str, on: date, by: Any, **params: Any) -> None:
    bcr.transition_application(application=application, name=name, on=on, by=by, **params)


def test_approved_application_has_its_clocks_met_and_the_annual_update_open(
    application: BCRApplication, main_establishment: GroupEntity, dpo_user: Any
) -> None:
    with time_machine.travel(date(2021, 8, 6), tick=False):
        advance(application, "approved", dpo_user)

    assert _clocks(application) == [
        (EDPB, date(2021, 6, 28), date(2021, 8, 23), date(2021, 8, 2), "met"),
        (RESPONSE, date(2021, 8, 2), date(2021, 8, 16), date(2021, 8, 5), "met"),
        (ANNUAL, date(2021, 8, 5), date(2022, 8, 5), None, "open"),
    ]
    assert set(BCRClock.objects.values_list("entity__short_name", flat=True)) == {"Düsseldorf"}
    due = end_of_berlin_day(date(2022, 8, 5))
    assert _reminders(ANNUAL) == {
        "due-60d": (due - timedelta(days=60), "pending"),
        "due-30d": (due - timedelta(days=30), "pending"),
        "due-7d": (due - timedelta(days=7), "pending"),
        "due-0h": (due, "pending"),
        "overdue-1": (due + timedelta(days=7), "pending"),
    }


def test_complete_file_starts_the_opinion_clock_and_its_extension_moves_the_reminders(
    application: BCRApplication, main_establishment: GroupEntity, dpo_user: Any
) -> None:
    with time_machine.travel(date(2021, 6, 29), tick=False):
        advance(application, "submitted_to_edpb", dpo_user)
        eight_weeks = _reminders(EDPB)
        _step(application, "extend_opinion_period", date(2021, 6, 29), dpo_user)

    assert _clocks(application) == [
        (EDPB, date(2021, 6, 28), date(2021, 10, 4), None, "open"),
    ]
    due = end_of_berlin_day(date(2021, 8, 23))
    assert eight_weeks == {
        "due-14d": (due - timedelta(days=14), "pending"),
        "due-7d": (due - timedelta(days=7), "pending"),
        "due-0h": (due, "pending"),
        "overdue-1": (due + timedelta(days=7), "pending"),
    }
    extended = end_of_berlin_day(date(2021, 10, 4))
    assert _reminders(EDPB) == {
        "due-14d": (extended - timedelta(days=14), "pending"),
        "due-7d": (extended - timedelta(days=7), "pending"),
        "due-0h": (extended, "pending"),
        "overdue-1": (extended + timedelta(days=7), "pending"),
    }
    assert Reminder.objects.get(kind=EDPB, threshold="due-7d").audience == "dpo"


def test_recording_the_opinion_meets_its_clock_and_starts_the_lead_response(
    application: BCRApplication, main_establishment: GroupEntity, dpo_user: Any
) -> None:
    with time_machine.travel(date(2021, 8, 3), tick=False):
        advance(application, "opinion_pending", dpo_user)
        _step(application, "record_opinion", date(2021, 8, 2), dpo_user, reference="1/2021")

    assert _clocks(application) == [
        (EDPB, date(2021, 6, 28), date(2021, 8, 23), date(2021, 8, 2), "met"),
        (RESPONSE, date(2021, 8, 2), date(2021, 8, 16), None, "open"),
    ]
    assert set(Reminder.objects.filter(kind=EDPB).values_list("cancel_reason", flat=True)) == {
        "deadline met"
    }
    due = end_of_berlin_day(date(2021, 8, 16))
    assert _reminders(RESPONSE) == {
        # 14 days before was the evening of the opinion's day, already past: due at once.
        "due-14d": (datetime(2021, 8, 3, tzinfo=UTC), "pending"),
        "due-7d": (due - timedelta(days=7), "pending"),
        "due-0h": (due, "pending"),
        "overdue-1": (due + timedelta(days=7), "pending"),
    }


def test_withdrawal_cancels_the_open_clock_and_its_reminders(
    application: BCRApplication, main_establishment: GroupEntity, dpo_user: Any
) -> None:
    with time_machine.travel(date(2021, 7, 1), tick=False):
        advance(application, "submitted_to_edpb", dpo_user)
        _step(application, "withdraw", date(2021, 7, 1), dpo_user, reason="group reorganised")

    assert _clocks(application) == [
        (EDPB, date(2021, 6, 28), date(2021, 8, 23), None, "cancelled"),
    ]
    assert {r.state for r in Reminder.objects.filter(kind=EDPB)} == {"cancelled"}
    assert set(Reminder.objects.filter(kind=EDPB).values_list("cancel_reason", flat=True)) == {
        "deadline cancelled"
    }


def test_invalidation_cancels_the_annual_update_and_the_re_run_gets_new_clocks(
    application: BCRApplication, main_establishment: GroupEntity, dpo_user: Any
) -> None:
    with time_machine.travel(date(2022, 3, 1), tick=False):
        advance(application, "approved", dpo_user)
        bcr.invalidate_approval(
            application=application, on=date(2022, 1, 10), reason="re-approval", by=dpo_user
        )
        bcr.transition_application(
            application=application,
            name="start_co_review",
            on=date(2022, 1, 20),
            by=dpo_user,
            **resolve({"co_reviewers": ["nl_ap"]}),
        )
        _step(application, "start_concerned_review", date(2022, 2, 1), dpo_user)
        _step(
            application,
            "submit_to_edpb",
            date(2022, 2, 14),
            dpo_user,
            file_complete_on=date(2022, 2, 14),
        )

    assert _clocks(application) == [
        (EDPB, date(2021, 6, 28), date(2021, 8, 23), date(2021, 8, 2), "met"),
        (RESPONSE, date(2021, 8, 2), date(2021, 8, 16), date(2021, 8, 5), "met"),
        (ANNUAL, date(2021, 8, 5), date(2022, 8, 5), None, "cancelled"),
        (EDPB, date(2022, 2, 14), date(2022, 4, 11), None, "open"),
    ]


def test_annual_update_sent_meets_the_year_and_opens_the_next(
    application: BCRApplication, main_establishment: GroupEntity, dpo_user: Any
) -> None:
    with time_machine.travel(date(2022, 7, 21), tick=False):
        advance(application, "approved", dpo_user)
        application.refresh_from_db()
        assert application.bcr is not None
        bcr.record_annual_update(
            bcr=application.bcr, sent_on=date(2022, 7, 20), changes="none", by=dpo_user
        )

    assert _clocks(application)[2:] == [
        (ANNUAL, date(2021, 8, 5), date(2022, 8, 5), date(2022, 7, 20), "met"),
        (ANNUAL, date(2022, 7, 20), date(2023, 7, 20), None, "open"),
    ]


def test_sweep_sends_the_annual_update_reminder_60_days_before_exactly_once(
    application: BCRApplication, main_establishment: GroupEntity, dpo_user: Any
) -> None:
    with time_machine.travel(date(2021, 8, 6), tick=False):
        advance(application, "approved", dpo_user)
    sixty_days_before = end_of_berlin_day(date(2022, 8, 5)) - timedelta(days=60)

    with time_machine.travel(sixty_days_before - timedelta(minutes=1), tick=False):
        early = send_due_reminders()
    with time_machine.travel(sixty_days_before + timedelta(minutes=1), tick=False):
        first = send_due_reminders()
        send_pending_mail()  # the mail task that follows the sweep
    with time_machine.travel(sixty_days_before + timedelta(minutes=2), tick=False):
        second = send_due_reminders()

    assert (early.sent, first.sent, second.sent) == (0, 1, 0)
    deliveries = ReminderDelivery.objects.filter(reminder__kind=ANNUAL).order_by(
        "recipient__username", "channel"
    )
    assert [(d.reminder.threshold, d.recipient.username, d.channel) for d in deliveries] == [
        ("due-60d", user, channel)
        for user in ("coord-dus", "dpo-user")
        for channel in ("email", "in_admin")
    ]
    # The date follows from the BCR's reporting commitment, not from a period in the GDPR.
    assert "Due under the BCR's commitment to report changes yearly to the BCR Lead:" in (
        mail.outbox[0].body
    )


def test_demo_replay_stores_the_clocks_and_a_second_seed_changes_nothing(
    reference_data: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    ensure_default_policies()
    monkeypatch.setattr(demo, "DEMO_EXTENSIONS", [seed_demo_bcr])
    with time_machine.travel(date(2024, 9, 1), tick=False):
        group = demo.seed_demo()
        counts = (BCRClock.objects.count(), Reminder.objects.count(), BCRClock.history.count())
        demo.seed_demo()
    pending = Reminder.objects.pending().order_by("next_reminder_at")
    application = BCRApplication.objects.get(group=group, kind="BCR-C")

    assert _clocks(application) == [
        (EDPB, date(2021, 6, 28), date(2021, 8, 23), date(2021, 8, 2), "met"),
        (RESPONSE, date(2021, 8, 2), date(2021, 8, 16), date(2021, 8, 5), "met"),
        (ANNUAL, date(2021, 8, 5), date(2022, 8, 5), date(2022, 7, 20), "met"),
        (ANNUAL, date(2022, 7, 20), date(2023, 7, 20), date(2023, 7, 20), "met"),
        (ANNUAL, date(2023, 7, 20), date(2024, 7, 20), date(2024, 7, 20), "met"),
        (ANNUAL, date(2024, 7, 20), date(2025, 7, 20), None, "open"),
    ]
    assert (BCRClock.objects.count(), Reminder.objects.count(), BCRClock.history.count()) == (
        counts
    )
    # The open annual update of each kind (BCR-C, BCR-P): 60, 30, 7 days before, on the day,
    # a week after; the rows of the clocks met during the replay are cancelled.
    assert [(r.kind, r.threshold) for r in pending[:2]] == [(ANNUAL, "due-60d")] * 2
    assert pending.count() == 10
    assert counts[0] == 12


def test_calendar_feed_of_the_main_establishment_coordinator_lists_the_annual_update(
    application: BCRApplication, main_establishment: GroupEntity, dpo_user: Any, client: Any
) -> None:
    with time_machine.travel(date(2021, 8, 6), tick=False):
        advance(application, "approved", dpo_user)
    coordinator = main_establishment.coordinators.get()
    _token, raw = issue_calendar_token(user=coordinator)

    with time_machine.travel(date(2021, 8, 6), tick=False):
        body = client.get(f"/calendar/{raw}.ics").content.decode().replace("\r\n ", "")

    assert re.findall(r"^SUMMARY:(.*)\r$", body, re.MULTILINE) == [
        "Due: Controller BCRs of BCR Group: Annual update to the BCR Lead due 2022-08-05"
    ]
    assert "DTSTART:20220805T215959Z\r\n" in body


def test_moving_the_main_establishment_moves_the_clocks_to_its_coordinators_and_zone(
    application: BCRApplication, main_establishment: GroupEntity, dpo_user: Any
) -> None:
    with time_machine.travel(date(2021, 8, 6), tick=False):
        advance(application, "approved", dpo_user)
        tokyo = GroupEntity.objects.get(group=application.group, short_name="Tokyo")
        tokyo.country_id, tokyo.region = "FR", ""  # an EEA entity on Tokyo time, for the zone
        tokyo.save()
        designate_main_establishment(entity=tokyo, since=date(2021, 8, 6), reason="moved")

    annual = BCRClock.objects.get(kind=ANNUAL)
    assert annual.entity == tokyo
    # 23:59:59 in Tokyo (UTC+9) on 5 August 2022.
    assert _reminders(ANNUAL)["due-0h"] == (datetime(2022, 8, 5, 14, 59, 59, tzinfo=UTC), "pending")


def test_resync_command_stores_the_clocks_of_applications_that_have_none(
    application: BCRApplication, main_establishment: GroupEntity, dpo_user: Any
) -> None:
    with time_machine.travel(date(2021, 8, 6), tick=False):
        advance(application, "approved", dpo_user)
        expected = _clocks(application)
        Reminder.objects.all().delete()
        BCRClock.objects.all().delete()  # as before the clocks were stored
        out = StringIO()

        call_command("send_due_reminders", "--resync", stdout=out)

    assert _clocks(application) == expected
    assert out.getvalue().startswith(
        "Clocks stored for 1 BCR application(s).\nReminders planned for 1 live deadline(s).\n"
    )
    assert sorted(_reminders(ANNUAL)) == ["due-0h", "due-30d", "due-60d", "due-7d", "overdue-1"]
