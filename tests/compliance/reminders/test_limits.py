"""The bounds of issue 20: every send bounded by EMAIL_TIMEOUT, the sweep's time limit shorter
than its claim's lease, each reminder task on its own queue, the lease setting read from the
environment."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import timedelta
from typing import Any

from django.core.mail import get_connection

from compliance import tasks
from compliance.reminders import limits
from config.celery import app


def _queue(task: Any) -> str:
    return str(app.amqp.router.route({}, task.name)["queue"].name)


def test_every_smtp_connection_is_bounded_by_the_email_timeout(settings: Any) -> None:
    settings.EMAIL_TIMEOUT = 7.0
    connection = get_connection("django.core.mail.backends.smtp.EmailBackend")
    assert connection.timeout == 7.0


def test_sweep_and_mail_time_limits_are_shorter_than_their_claims_leases(settings: Any) -> None:
    settings.DPO_DESK_SWEEP_SECONDS = 60
    settings.EMAIL_TIMEOUT = 30
    settings.DPO_DESK_REMINDER_LEASE_SECONDS = 0
    assert (limits.sweep_soft_limit(), limits.sweep_hard_limit()) == (60, 65)
    assert limits.reminder_lease() == timedelta(seconds=66)
    assert (limits.mail_soft_limit(), limits.mail_hard_limit()) == (120, 125)
    assert limits.mail_lease() == timedelta(seconds=126)


def test_a_configured_lease_lengthens_the_leases_and_never_shortens_them(settings: Any) -> None:
    settings.DPO_DESK_SWEEP_SECONDS = 60
    settings.EMAIL_TIMEOUT = 30
    settings.DPO_DESK_REMINDER_LEASE_SECONDS = 600
    assert (limits.reminder_lease(), limits.mail_lease()) == (timedelta(seconds=600),) * 2
    settings.DPO_DESK_REMINDER_LEASE_SECONDS = 10
    assert (limits.reminder_lease(), limits.mail_lease()) == (
        timedelta(seconds=66),
        timedelta(seconds=126),
    )


def test_reminder_tasks_carry_the_limits_and_run_on_their_own_queues() -> None:
    sweep, mail = tasks.send_due_reminders, tasks.send_reminder_mail
    assert (sweep.soft_time_limit, sweep.time_limit) == (
        limits.sweep_soft_limit(),
        limits.sweep_hard_limit(),
    )
    assert (mail.soft_time_limit, mail.time_limit) == (
        limits.mail_soft_limit(),
        limits.mail_hard_limit(),
    )
    assert (sweep.acks_late, sweep.reject_on_worker_lost) == (True, True)
    assert (mail.acks_late, mail.reject_on_worker_lost) == (True, True)
    assert (_queue(sweep), _queue(mail), _queue(tasks.record_heartbeat)) == (
        "reminders",
        "mail",
        "reminders",
    )


def test_timeout_and_lease_are_read_from_the_environment() -> None:
    code = (
        "import django; django.setup(); from django.conf import settings; "
        "from compliance.reminders import limits; "
        "print(settings.EMAIL_TIMEOUT, limits.reminder_lease().total_seconds(), "
        "limits.mail_lease().total_seconds())"
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DPO_DESK_SWEEP_SECONDS": "60",
        "DJANGO_EMAIL_TIMEOUT": "12",
        "DPO_DESK_REMINDER_LEASE_SECONDS": "900",
    }
    out = subprocess.run(  # noqa: S603 - this interpreter, a fixed program
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    assert out.stdout.split() == ["12.0", "900.0", "900.0"]
