"""The scheduler's status (one source for the banner, /healthz and the alert), the banner on
admin pages, /healthz, and the report job still queued."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import time_machine
from django.contrib.auth.models import Group
from django.utils import translation

from compliance.choices import DPO_GROUP
from compliance.models import ReportJob, SchedulerHeartbeat, SchedulerOutage
from compliance.reminders.health import record_heartbeat, scheduler_status, watch_scheduler

pytestmark = pytest.mark.django_db

NOW = datetime(2024, 6, 10, 14, 30, tzinfo=UTC)
INTERVAL = 60


@pytest.fixture(autouse=True)
def _interval(settings: Any) -> None:
    settings.DPO_DESK_SWEEP_SECONDS = INTERVAL


def _seen(role: str, name: str, ago: float, *, swept: bool = False) -> None:
    record_heartbeat(role, name, now=NOW - timedelta(seconds=ago), swept=swept)


def test_beat_and_each_worker_are_recorded_separately_with_their_age() -> None:
    _seen("beat", "host-a:10", 30)
    _seen("beat", "host-b:11", 400)
    _seen("worker", "w1@host-a", 20, swept=True)
    _seen("worker", "w1@host-a", 10)
    _seen("worker", "w2@host-b", 50, swept=True)

    status = scheduler_status(now=NOW)

    assert [(p.role, p.name, p.age.total_seconds(), p.alive) for p in status.processes] == [
        ("beat", "host-a:10", 30.0, True),
        ("beat", "host-b:11", 400.0, False),
        ("worker", "w1@host-a", 10.0, True),
        ("worker", "w2@host-b", 50.0, True),
    ]
    assert SchedulerHeartbeat.objects.get(name="w1@host-a").runs == 2
    assert status.last_sweep_at == NOW - timedelta(seconds=20)
    assert (status.ok, status.cause, status.banner()) == (True, "", "")


@pytest.mark.parametrize(
    ("sweep_ago", "beat_ago", "ok", "banner"),
    [
        (180, 10, True, ""),  # three intervals: still fine
        (
            181,
            10,
            False,
            "Reminders are not being sent since 14:26 UTC: no worker is running the reminder "
            "sweeps.",
        ),
        (
            181,
            181,
            False,
            "Reminders are not being sent since 14:26 UTC: the scheduler is down.",
        ),
        (
            86400,
            86400,
            False,
            "Reminders are not being sent since 2024-06-09 14:30 UTC: the scheduler is down.",
        ),
    ],
)
def test_status_is_stale_after_three_sweep_intervals(
    sweep_ago: float, beat_ago: float, ok: bool, banner: str
) -> None:
    _seen("worker", "w1@host", sweep_ago, swept=True)
    _seen("beat", "host:1", beat_ago)

    status = scheduler_status(now=NOW)

    assert (status.ok, status.banner()) == (ok, banner)


def test_status_without_any_sweep_says_so() -> None:
    assert scheduler_status(now=NOW).banner() == (
        "Reminders are not being sent: the scheduler is down (no sweep has run yet)."
    )


def test_outage_is_recorded_and_the_dpo_group_emailed_once_then_closed(
    dpo_user: Any, mailoutbox: list[Any]
) -> None:
    _seen("worker", "w1@host", 600, swept=True)
    _seen("beat", "host:1", 5)

    watch_scheduler(now=NOW)
    watch_scheduler(now=NOW + timedelta(seconds=60))
    outage = SchedulerOutage.objects.get()
    emailed = [(m.subject, m.to) for m in mailoutbox]
    _seen("worker", "w1@host", -120, swept=True)
    watch_scheduler(now=NOW + timedelta(seconds=120))

    assert emailed == [("[DPO Desk] Reminders are not being sent", ["dpo-user@example.com"])]
    assert (outage.cause, outage.since, outage.alerted_at is not None) == (
        "worker",
        NOW - timedelta(seconds=600),
        True,
    )
    assert SchedulerOutage.objects.get().ended_at == NOW + timedelta(seconds=120)


def test_fresh_installation_without_a_sweep_is_no_outage_for_healthz() -> None:
    watch_scheduler(now=NOW)

    assert SchedulerOutage.objects.count() == 0


@pytest.mark.parametrize(
    ("role", "sees_banner"), [(DPO_GROUP, True), ("Legal", False), ("Entity coordinator", False)]
)
def test_banner_on_admin_pages_for_dpo_users_only_when_the_heartbeat_is_stale(
    client: Any, django_user_model: Any, role: str, sees_banner: bool
) -> None:
    user = django_user_model.objects.create_user(username="u", password="pw", is_staff=True)
    user.groups.add(Group.objects.get(name=role))
    client.force_login(user)
    with time_machine.travel(NOW, tick=False):
        _seen("worker", "w1@host", 600, swept=True)
        _seen("beat", "host:1", 600)
        stale = client.get("/").content.decode()
        _seen("worker", "w1@host", 0, swept=True)
        fresh = client.get("/").content.decode()

    sentence = "Reminders are not being sent since 14:20 UTC: the scheduler is down."
    assert (sentence in stale, sentence in fresh) == (sees_banner, False)
    assert ('class="dpo-scheduler-down"' in fresh) is False


def test_banner_shows_on_every_admin_page_not_only_the_dashboard(
    client_for: Any, dpo_user: Any
) -> None:
    client = client_for(dpo_user)
    with time_machine.travel(NOW, tick=False):
        _seen("worker", "w1@host", 600, swept=True)
        page = client.get("/compliance/reminderpolicy/").content.decode()

    assert "Reminders are not being sent since 14:20 UTC" in page


def test_heartbeats_are_read_only_and_not_deletable_in_the_admin(
    client_for: Any, django_user_model: Any
) -> None:
    admin = django_user_model.objects.create_superuser(username="root", password="pw")
    client = client_for(admin)
    _seen("worker", "w1@host", 5, swept=True)
    row = SchedulerHeartbeat.objects.get()

    listing = client.get("/compliance/schedulerheartbeat/")
    delete = client.get(f"/compliance/schedulerheartbeat/{row.pk}/delete/")

    assert listing.status_code == 200
    assert "w1@host" in listing.content.decode()
    assert delete.status_code == 403
    assert SchedulerHeartbeat.objects.count() == 1


def _healthz(client: Any, url: str = "/healthz") -> tuple[int, dict[str, Any]]:
    response = client.get(url)
    return response.status_code, json.loads(response.content)


def test_healthz_reports_a_fresh_scheduler(client: Any) -> None:
    with time_machine.travel(NOW, tick=False):
        _seen("worker", "w1@host", 30, swept=True)
        _seen("beat", "host:1", 5)
        code, body = _healthz(client)

    assert code == 200
    assert body == {
        "status": "ok",
        "database": {"ok": True},
        "broker": {"ok": True, "transport": body["broker"]["transport"]},
        "scheduler": {
            "ok": True,
            "cause": "",
            "last_sweep_age_seconds": 30.0,
            "last_beat_age_seconds": 5.0,
            "live_workers": 1,
            "stale_after_seconds": 180.0,
        },
    }


def test_healthz_reports_a_stale_scheduler_and_fails_when_strict(client: Any) -> None:
    with time_machine.travel(NOW, tick=False):
        _seen("worker", "w1@host", 400, swept=True)
        _seen("beat", "host:1", 400)
        code, body = _healthz(client)
        strict, _ = _healthz(client, "/healthz?strict=1")

    assert (code, strict, body["status"]) == (200, 503, "degraded")
    assert body["scheduler"] == {
        "ok": False,
        "cause": "beat",
        "last_sweep_age_seconds": 400.0,
        "last_beat_age_seconds": 400.0,
        "live_workers": 0,
        "stale_after_seconds": 180.0,
    }


def test_healthz_is_down_when_the_broker_cannot_be_reached(client: Any, monkeypatch: Any) -> None:
    from config import health

    monkeypatch.setattr(health, "_broker", lambda: {"ok": False, "error": "OperationalError"})

    code, body = _healthz(client)

    assert (code, body["status"], body["broker"]) == (
        503,
        "down",
        {"ok": False, "error": "OperationalError"},
    )


def test_healthz_tells_no_secret(client: Any, settings: Any) -> None:
    _code, body = _healthz(client)

    text = json.dumps(body)
    assert settings.SECRET_KEY not in text
    assert settings.CELERY_BROKER_URL not in text
    assert str(settings.DATABASES["default"]["NAME"]) not in text


@pytest.mark.parametrize(("queued_for", "warned"), [(4, False), (6, True)])
def test_report_job_still_queued_after_n_minutes_says_the_worker_may_be_down(
    client_for: Any, dpo_user: Any, settings: Any, queued_for: int, warned: bool
) -> None:
    settings.DPO_DESK_REPORT_QUEUED_MINUTES = 5
    with time_machine.travel(NOW, tick=False):
        job = ReportJob.objects.create(
            kind="breach_register",
            object_id="1",
            lang="en",
            as_of=NOW.date(),
            requested_by=dpo_user,
        )
    with time_machine.travel(NOW + timedelta(minutes=queued_for), tick=False):
        page = client_for(dpo_user).get(f"/compliance/reportjob/{job.pk}/change/").content.decode()

    sentence = f"This report has been queued for {queued_for} minutes: the worker may be down."
    assert (sentence in page) is warned


def test_the_banner_reads_german_and_japanese() -> None:
    with translation.override("de"):
        german = scheduler_status(now=NOW).banner()
    with translation.override("ja"):
        japanese = scheduler_status(now=NOW).banner()

    assert german == (
        "Erinnerungen werden nicht versandt: der Planer ist ausgefallen "
        "(noch kein Erinnerungslauf)."
    )
    assert japanese == (
        "リマインダーが送信されていません: スケジューラが停止しています"
        "（まだ一度も処理されていません）。"
    )


def test_operations_guide_names_every_column_of_the_heartbeat_page() -> None:
    from pathlib import Path

    from django.contrib import admin
    from django.contrib.admin.utils import label_for_field

    model_admin = admin.site._registry[SchedulerHeartbeat]
    headers = [
        str(label_for_field(name, SchedulerHeartbeat, model_admin))
        for name in model_admin.list_display
    ]
    guide = (Path(__file__).resolve().parents[2] / "docs" / "operations.md").read_text()
    section = " ".join(guide[guide.index("- Heartbeats (admin") :].split("\n- ")[0].split())

    assert headers == [
        "role",
        "name",
        "last seen at",
        "age",
        "alive",
        "last reminder sweep at",
        "runs",
    ]
    assert [header for header in headers if f"*{header}*" not in section] == []
