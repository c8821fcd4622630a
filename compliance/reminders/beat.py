"""Celery beat's scheduler, recording its own heartbeat: a beat that stopped is told apart
from a worker that stopped, because only beat itself writes this row (``health``).

Set in ``config/celery.py`` (``beat_scheduler``). At most once per sweep interval, at a tick,
beat records ``(beat, host:pid)`` and checks the scheduler's health (so that the DPO group is
e-mailed when beat is alive but no worker sweeps). Each worker runs the same check from its
timer (``SchedulerWatch``, started in ``config/celery.py``): when beat is the one that stopped,
a worker tells the DPO group.
"""

from __future__ import annotations

import logging
import os
import socket
import time
from typing import Any

from celery.beat import PersistentScheduler

from compliance.reminders import limits

logger = logging.getLogger(__name__)


class HeartbeatScheduler(PersistentScheduler):
    _recorded_at = 0.0
    _started_at = 0.0

    def tick(self, *args: Any, **kwargs: Any) -> float:
        pause = float(super().tick(*args, **kwargs))
        if not self._started_at:
            self._started_at = time.monotonic()
        if time.monotonic() - self._recorded_at >= limits.interval():
            self._recorded_at = time.monotonic()
            up_for = self._recorded_at - self._started_at
            self._record(settled=up_for >= limits.stale_after().total_seconds())
        # Wake up at least once an interval, whatever the schedule says.
        return min(pause, limits.interval())

    def _record(self, *, settled: bool) -> None:
        from django.db import close_old_connections
        from django.utils import timezone

        from compliance.reminders.health import record_heartbeat, watch_scheduler
        from compliance.reminders.heartbeat import SchedulerRole

        try:
            close_old_connections()
            now = timezone.now()
            record_heartbeat(SchedulerRole.BEAT, f"{socket.gethostname()}:{os.getpid()}", now=now)
            watch_scheduler(now=now, never_swept_is_outage=settled)
        except Exception:  # beat goes on scheduling whatever the database says
            logger.exception("could not record beat's heartbeat")


class SchedulerWatch:
    """A worker's check of the scheduler's health, once a sweep interval (from the worker's
    timer, whatever tasks it runs): it opens the outage and e-mails the DPO group when no sweep
    ran for three intervals, e.g. because beat stopped. Once up for three intervals without
    any sweep ever, that is an outage too (beat never ran)."""

    def __init__(self) -> None:
        self._started_at = time.monotonic()

    def __call__(self) -> None:
        from django.db import close_old_connections

        from compliance.reminders.health import watch_scheduler

        up_for = time.monotonic() - self._started_at
        try:
            close_old_connections()
            watch_scheduler(never_swept_is_outage=up_for >= limits.stale_after().total_seconds())
        except Exception:  # the worker goes on whatever the database says
            logger.exception("could not check the scheduler's health")
