"""A real Celery worker and beat, on the configured broker (embedded or Redis) and database."""

from __future__ import annotations

from typing import Any

import pytest

from compliance.reminders.heartbeat import SchedulerHeartbeat
from compliance.tasks import record_heartbeat
from config.celery import app
from tests.conftest import wait_for

pytestmark = pytest.mark.django_db(transaction=True)


def _runs(role: str, name_prefix: str = "") -> int:
    rows = SchedulerHeartbeat.objects.filter(role=role, name__startswith=name_prefix)
    return sum(rows.values_list("runs", flat=True))


def test_worker_runs_a_task_sent_through_the_broker(celery_process: Any) -> None:
    app.control.purge()
    celery_process(
        "worker",
        "--concurrency",
        "1",
        "--loglevel",
        "INFO",
        "--without-gossip",
        "--without-mingle",
        "--hostname",
        "test-worker@%h",
    )

    record_heartbeat.delay()

    wait_for(lambda: _runs("worker", "test-worker@") == 1, what="the worker to record a heartbeat")


def test_beat_schedules_the_heartbeat_declared_in_code(celery_process: Any, tmp_path: Any) -> None:
    app.control.purge()
    celery_process(
        "worker",
        "--concurrency",
        "1",
        "--without-gossip",
        "--without-mingle",
        "--hostname",
        "beat-test-worker@%h",
    )
    celery_process(
        "beat",
        "--schedule",
        str(tmp_path / "beat-schedule"),
        "--loglevel",
        "INFO",
        env={"DPO_DESK_SWEEP_SECONDS": "1"},
    )

    # Beat records its own row; the worker its own, by running the heartbeat beat scheduled.
    wait_for(lambda: _runs("beat") >= 1, what="beat to record its heartbeat")
    wait_for(lambda: _runs("worker", "beat-test-worker@") >= 1, what="the worker's heartbeat")


def test_record_heartbeat_counts_runs() -> None:
    assert record_heartbeat() == 1
    assert record_heartbeat() == 2
