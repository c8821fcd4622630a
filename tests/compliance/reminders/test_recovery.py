"""A worker node that starts again releases the claims held in its name (its predecessor is
dead); claims of other nodes, expired claims and finished rows are left alone."""

from __future__ import annotations

from datetime import timedelta
from types import SimpleNamespace
from typing import Any

import pytest
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from compliance.reminders.models import Reminder, ReminderDelivery
from compliance.reminders.recovery import Released, release_claims_of
from config.celery import release_claims_of_predecessor

pytestmark = pytest.mark.django_db

TOKEN = "t" * 32
CASES = {  # name: (claimed by, claim ends in minutes, finished)
    "mine": ("w1@host", 5, False),
    "other": ("w2@host", 5, False),
    "expired": ("w1@host", -1, False),
    "finished": ("w1@host", 5, True),
}


@pytest.fixture
def claims(django_user_model: Any) -> dict[str, tuple[Reminder, ReminderDelivery]]:
    now = timezone.now()
    owner = django_user_model.objects.create_user(username="owner", email="owner@example.com")
    kind = ContentType.objects.get_for_model(Reminder)
    made = {}
    for n, (name, (worker, minutes, finished)) in enumerate(CASES.items()):
        claim = {
            "claimed_until": now + timedelta(minutes=minutes),
            "claim_token": TOKEN,
            "claimed_by": worker,
        }
        reminder = Reminder.objects.create(
            content_type=kind,
            object_id=n + 1,
            kind="EU_GDPR.authority_notification",
            threshold="start+0h",
            label="at awareness",
            audience="owner",
            next_reminder_at=now,
            sent_at=now if finished else None,
            **claim,
        )
        mail = ReminderDelivery.objects.create(
            reminder=reminder,
            recipient=owner,
            channel="email",
            address="owner@example.com",
            status="sent" if finished else "pending",
            **claim,
        )
        made[name] = (reminder, mail)
    return made


def _held(claims: dict[str, tuple[Reminder, ReminderDelivery]]) -> dict[str, tuple[str, str]]:
    held = {}
    for name, (reminder, mail) in claims.items():
        reminder.refresh_from_db()
        mail.refresh_from_db()
        held[name] = (reminder.claimed_by, mail.claimed_by)
    return held


def test_a_node_starting_again_releases_the_claims_held_in_its_name(
    claims: dict[str, tuple[Reminder, ReminderDelivery]],
) -> None:
    assert release_claims_of("w1@host") == Released(reminders=1, emails=1)

    reminder, mail = claims["mine"]
    reminder.refresh_from_db()
    mail.refresh_from_db()
    assert (reminder.claimed_until, reminder.claim_token, reminder.claimed_by) == (None, "", "")
    assert (mail.claimed_until, mail.claim_token, mail.claimed_by) == (None, "", "")
    assert _held(claims) == {
        "mine": ("", ""),
        "other": ("w2@host", "w2@host"),
        "expired": ("w1@host", "w1@host"),
        "finished": ("w1@host", "w1@host"),
    }


def test_a_node_without_a_name_releases_nothing(
    claims: dict[str, tuple[Reminder, ReminderDelivery]],
) -> None:
    assert release_claims_of("") == Released(reminders=0, emails=0)
    assert _held(claims)["mine"] == ("w1@host", "w1@host")


def test_the_worker_ready_signal_releases_the_starting_nodes_claims(
    claims: dict[str, tuple[Reminder, ReminderDelivery]],
) -> None:
    release_claims_of_predecessor(sender=SimpleNamespace(hostname="w1@host"))

    assert _held(claims)["mine"] == ("", "")
    assert _held(claims)["other"] == ("w2@host", "w2@host")
