"""The BCR programme's periodic task (thin: it calls a service). Imported by
``compliance.bcr.registration`` so that the worker knows it; beat runs it daily
(``config/celery.py``)."""

from __future__ import annotations

from celery import shared_task

SYNC_CLOCKS_TASK = "compliance.bcr.tasks.sync_bcr_clocks"


@shared_task(name=SYNC_CLOCKS_TASK)
def sync_bcr_clocks() -> int:
    """Store every open application's clocks as of today: a clock that starts with the passing
    of time (GDPR Art. 65(3), once the Art. 65(2) period has ended) appears on its day with its
    reminders. Idempotent; returns the number of applications."""
    from compliance.bcr.services import sync_open_bcr_clocks

    return sync_open_bcr_clocks()
