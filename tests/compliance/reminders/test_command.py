from __future__ import annotations

from io import StringIO
from typing import Any

import pytest
import time_machine
from django.core.management import call_command

from compliance.reminders.models import Reminder
from compliance.tasks import send_due_reminders as send_due_reminders_task
from tests.compliance.reminders.conftest import AWARE, gdpr_deadline, hours, record

pytestmark = pytest.mark.django_db


def test_command_runs_one_sweep_and_reports_it(
    policies: None, entity: Any, dpo_user: Any, owner: Any, mailoutbox: list[Any]
) -> None:
    with time_machine.travel(AWARE, tick=False):
        record(entity, dpo_user, owner)
    out = StringIO()

    with time_machine.travel(AWARE + hours(0.01), tick=False):
        call_command("send_due_reminders", stdout=out)

    assert out.getvalue() == (
        "1 due, 1 sent (4 deliveries, 0 failed), 0 superseded, 0 cancelled (deadline done), "
        "0 taken by another worker, 0 error(s). "
        "E-mails: 2 sent, 0 to be retried, 0 failed.\n"
    )
    assert sorted(m.to[0] for m in mailoutbox) == ["dpo-user@example.com", "owner@example.com"]


def test_command_resync_plans_reminders_of_deadlines_that_have_none(
    policies: None, entity: Any, dpo_user: Any, owner: Any
) -> None:
    with time_machine.travel(AWARE, tick=False):
        deadline = gdpr_deadline(record(entity, dpo_user, owner))
    Reminder.objects.all().delete()  # as before reminders were deployed
    out = StringIO()

    with time_machine.travel(AWARE + hours(1), tick=False):
        call_command("send_due_reminders", "--resync", stdout=out)

    assert out.getvalue().startswith(
        "Clocks stored for 0 BCR application(s).\n"
        "Reminders planned for 1 live deadline(s).\n1 due, 1 sent"
    )
    assert Reminder.objects.filter(object_id=deadline.pk).count() == 5


def test_celery_task_runs_the_sweep(policies: None, entity: Any, dpo_user: Any, owner: Any) -> None:
    with time_machine.travel(AWARE, tick=False):
        record(entity, dpo_user, owner)

    with time_machine.travel(AWARE + hours(0.01), tick=False):
        assert send_due_reminders_task() == 1
        assert send_due_reminders_task() == 0


def test_beat_schedule_declares_the_sweep_every_sweep_interval(settings: Any) -> None:
    from config.celery import app

    entry = app.conf.beat_schedule["send-due-reminders"]

    assert entry == {
        "task": "compliance.tasks.send_due_reminders",
        "schedule": settings.DPO_DESK_SWEEP_SECONDS,
        "options": {"expires": 2 * settings.DPO_DESK_SWEEP_SECONDS},
    }
