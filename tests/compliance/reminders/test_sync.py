from __future__ import annotations

from datetime import datetime
from typing import Any

import pytest
import time_machine

from compliance.breaches import services as breaches
from compliance.breaches.choices import DeadlineStatus
from compliance.reminders.models import Reminder
from compliance.reminders.sync import sync_reminders
from tests.compliance.reminders.conftest import AWARE, gdpr_deadline, hours, record, set_policy

pytestmark = pytest.mark.django_db


def _rows(deadline: Any) -> dict[str, tuple[datetime, str]]:
    return {
        r.threshold: (r.next_reminder_at, r.state)
        for r in Reminder.objects.filter(object_id=deadline.pk, kind__startswith="EU_GDPR")
    }


def test_recorded_breach_plans_each_threshold_of_its_policy(
    policies: None, entity: Any, dpo_user: Any, owner: Any
) -> None:
    with time_machine.travel(AWARE + hours(1), tick=False):
        deadline = gdpr_deadline(record(entity, dpo_user, owner))

    assert _rows(deadline) == {
        # Already past when recorded: due at once, not late.
        "start+0h": (AWARE + hours(1), "pending"),
        "due-24h": (AWARE + hours(48), "pending"),
        "due-6h": (AWARE + hours(66), "pending"),
        "due-0h": (AWARE + hours(72), "pending"),
        "overdue-1": (AWARE + hours(78), "pending"),
    }
    row = Reminder.objects.get(object_id=deadline.pk, threshold="due-24h")
    assert (row.label, row.audience, row.due_at, row.internal_target) == (
        "24 hours before the deadline",
        "owner,coordinators,dpo",
        AWARE + hours(72),
        False,
    )


def test_sync_is_idempotent(policies: None, entity: Any, dpo_user: Any, owner: Any) -> None:
    with time_machine.travel(AWARE + hours(1), tick=False):
        deadline = gdpr_deadline(record(entity, dpo_user, owner))
        before = _rows(deadline)

        result = sync_reminders(deadline)

    assert (result.created, result.updated, result.cancelled) == (0, 0, 0)
    assert _rows(deadline) == before


def test_breach_recorded_late_plans_only_the_latest_missed_threshold(
    policies: None, entity: Any, dpo_user: Any, owner: Any
) -> None:
    with time_machine.travel(AWARE + hours(67), tick=False):
        deadline = gdpr_deadline(record(entity, dpo_user, owner))

    assert _rows(deadline) == {
        "due-6h": (AWARE + hours(67), "pending"),
        "due-0h": (AWARE + hours(72), "pending"),
        "overdue-1": (AWARE + hours(78), "pending"),
    }


def test_moved_deadline_moves_its_pending_reminders(
    policies: None, entity: Any, dpo_user: Any, owner: Any
) -> None:
    with time_machine.travel(AWARE + hours(1), tick=False):
        incident = record(entity, dpo_user, owner)
    with time_machine.travel(AWARE + hours(2), tick=False):
        breaches.update_breach(
            incident=incident,
            by=dpo_user,
            expected_version=incident.version,
            changes={"aware_at": AWARE - hours(10)},
            reason="awareness was earlier",
        )

    assert _rows(gdpr_deadline(incident)) == {
        "start+0h": (AWARE + hours(1), "pending"),
        "due-24h": (AWARE + hours(38), "pending"),
        "due-6h": (AWARE + hours(56), "pending"),
        "due-0h": (AWARE + hours(62), "pending"),
        "overdue-1": (AWARE + hours(68), "pending"),
    }


def test_met_deadline_cancels_its_pending_reminders(
    policies: None, entity: Any, dpo_user: Any, owner: Any
) -> None:
    with time_machine.travel(AWARE + hours(1), tick=False):
        deadline = gdpr_deadline(record(entity, dpo_user, owner))
    with time_machine.travel(AWARE + hours(20), tick=False):
        notification = breaches.start_notification(deadline=deadline, by=dpo_user)
        breaches.submit_notification(
            notification=notification, submitted_at=AWARE + hours(19), by=dpo_user
        )

    rows = Reminder.objects.filter(object_id=deadline.pk)
    assert {(r.threshold, r.state, r.cancel_reason) for r in rows} == {
        (key, "cancelled", "deadline met")
        for key in ("start+0h", "due-24h", "due-6h", "due-0h", "overdue-1")
    }
    assert {r.cancelled_at for r in rows} == {AWARE + hours(20)}


def test_waived_deadline_cancels_its_pending_reminders(
    policies: None, entity: Any, dpo_user: Any, owner: Any
) -> None:
    with time_machine.travel(AWARE + hours(1), tick=False):
        deadline = gdpr_deadline(record(entity, dpo_user, owner))
        breaches.waive_deadline(deadline=deadline, by=dpo_user, reason="Data was encrypted.")

    assert set(
        Reminder.objects.filter(object_id=deadline.pk).values_list("cancel_reason", flat=True)
    ) == {"deadline decided not required"}


def test_withdrawn_deadline_cancels_and_reopened_one_revives_future_thresholds(
    policies: None, entity: Any, dpo_user: Any, owner: Any
) -> None:
    with time_machine.travel(AWARE + hours(1), tick=False):
        incident = record(entity, dpo_user, owner)
    deadline = gdpr_deadline(incident)
    with time_machine.travel(AWARE + hours(2), tick=False):
        incident = breaches.update_breach(
            incident=incident,
            by=dpo_user,
            expected_version=incident.version,
            changes={"risk": "unlikely", "risk_reasoning": "Only public data."},
        )
        withdrawn = {r.cancel_reason for r in Reminder.objects.filter(object_id=deadline.pk)}
    with time_machine.travel(AWARE + hours(50), tick=False):
        breaches.update_breach(
            incident=incident,
            by=dpo_user,
            expected_version=incident.version,
            changes={"risk": "risk"},
        )

    deadline.refresh_from_db()
    assert withdrawn == {"deadline no longer applies (facts changed)"}
    assert deadline.status == DeadlineStatus.OPEN
    assert _rows(deadline) == {
        "start+0h": (AWARE + hours(1), "cancelled"),
        # Missed while not required: only the latest missed one comes back, due at once.
        "due-24h": (AWARE + hours(50), "pending"),
        "due-6h": (AWARE + hours(66), "pending"),
        "due-0h": (AWARE + hours(72), "pending"),
        "overdue-1": (AWARE + hours(78), "pending"),
    }


def test_policy_change_cancels_dropped_thresholds_on_resync(
    policies: None, entity: Any, dpo_user: Any, owner: Any
) -> None:
    with time_machine.travel(AWARE + hours(1), tick=False):
        deadline = gdpr_deadline(record(entity, dpo_user, owner))
        set_policy(lead_times="12h", after_start="", escalation_interval=None)

        result = sync_reminders(deadline)

    assert (result.created, result.cancelled) == (1, 5)
    assert {k: s for k, (_, s) in _rows(deadline).items()} == {
        "start+0h": "cancelled",
        "due-24h": "cancelled",
        "due-12h": "pending",
        "due-6h": "cancelled",
        "due-0h": "cancelled",
        "overdue-1": "cancelled",
    }


def test_no_fixed_instant_gets_the_internal_target_of_the_policy(
    policies: None, entity: Any, dpo_user: Any, owner: Any
) -> None:
    with time_machine.travel(AWARE + hours(1), tick=False):
        incident = record(entity, dpo_user, owner, risk="high", risk_reasoning="Health data.")
    deadline = incident.deadlines.get(regime="EU_GDPR", kind="data_subject_notification")

    rows = Reminder.objects.filter(object_id=deadline.pk).order_by("next_reminder_at")
    assert deadline.due_at is None
    assert [
        (r.threshold, r.next_reminder_at, r.due_at, r.internal_target, r.label) for r in rows
    ] == [
        ("start+0h", AWARE + hours(1), AWARE + hours(72), True, "at awareness"),
        (
            "due-24h",
            AWARE + hours(48),
            AWARE + hours(72),
            True,
            "24 hours before the internal target",
        ),
        ("due-0h", AWARE + hours(72), AWARE + hours(72), True, "at the internal target"),
        (
            "overdue-1",
            AWARE + hours(96),
            AWARE + hours(72),
            True,
            "overdue: 24 hours past the internal target (repeat 1)",
        ),
    ]


def test_missing_policy_rows_fall_back_to_the_shipped_default(
    entity: Any, dpo_user: Any, owner: Any
) -> None:
    from compliance.reminders.models import ReminderPolicy

    ReminderPolicy.objects.all().delete()
    with time_machine.travel(AWARE + hours(1), tick=False):
        deadline = gdpr_deadline(record(entity, dpo_user, owner))

    assert {k: f for k, (f, _) in _rows(deadline).items()} == {
        # "7d" would fall before awareness: no reminder before the clock starts.
        "due-24h": AWARE + hours(48),
        "due-0h": AWARE + hours(72),
        "overdue-1": AWARE + hours(96),
    }
