"""``/healthz``: is this installation able to do its work? For load balancers and monitors.

JSON, no secrets (no URL, host name or exception text: only what failed and its type):

- ``database``: a ``SELECT 1``;
- ``broker``: a connection to the Celery broker (two seconds at most);
- ``scheduler``: the age of the last reminder sweep, of the newest beat tick, the live
  workers (``compliance.reminders.health``, the source of the admin banner too).

The status is 503 when the database or the broker fails: this web node cannot work. A stale
scheduler does not take the web nodes out of a load balancer (the admin, and its banner, must
stay reachable): it makes ``"status": "degraded"`` with 200, and 503 under ``?strict=1``, the URL
a monitor should poll. Every poll also records an outage and alerts the DPO group once.
"""

from __future__ import annotations

from typing import Any

from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from compliance.reminders.health import SchedulerStatus, watch_scheduler

BROKER_TIMEOUT = 2  # seconds


def _database() -> dict[str, Any]:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:
        return {"ok": False, "error": type(exc).__name__}
    return {"ok": True}


def _broker() -> dict[str, Any]:
    from config.celery import app

    try:
        with app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, timeout=BROKER_TIMEOUT)
            transport = conn.transport_cls
    except Exception as exc:
        return {"ok": False, "error": type(exc).__name__}
    return {"ok": True, "transport": str(transport).split(":")[0].split(".")[-1]}


def _seconds(value: Any) -> float | None:
    return None if value is None else round(value.total_seconds(), 1)


def _scheduler(status: SchedulerStatus) -> dict[str, Any]:
    beats = [p.age for p in status.beats]
    return {
        "ok": status.ok,
        "cause": str(status.cause),
        "last_sweep_age_seconds": _seconds(status.sweep_age),
        "last_beat_age_seconds": _seconds(min(beats)) if beats else None,
        "live_workers": sum(p.alive for p in status.workers),
        "stale_after_seconds": _seconds(status.stale_after),
    }


@never_cache
@require_safe
def healthz(request: HttpRequest) -> JsonResponse:
    database = _database()
    broker = _broker()
    scheduler: dict[str, Any] = {"ok": False, "error": "database"}
    if database["ok"]:
        try:
            scheduler = _scheduler(watch_scheduler())
        except Exception as exc:
            scheduler = {"ok": False, "error": type(exc).__name__}
    if not (database["ok"] and broker["ok"]):
        state, code = "down", 503
    elif not scheduler["ok"]:
        state, code = "degraded", 503 if request.GET.get("strict") else 200
    else:
        state, code = "ok", 200
    body = {"status": state, "database": database, "broker": broker, "scheduler": scheduler}
    return JsonResponse(body, status=code)
