"""Reminders through a REAL Celery worker and beat (subprocesses), on the configured broker and
database: SQLite + the embedded broker under ``make test``, PostgreSQL + Redis under
``make test-services``. Beat runs the sweep every second (``DPO_DESK_SWEEP_SECONDS=1``); each
SMTP step gives up after one second (``DJANGO_EMAIL_TIMEOUT=1``, so an e-mail's lease is 10 s);
each policy sends one e-mail per reminder to the owner only, so that "exactly N" is easy to
count, in the database and in the mail files (or in the test's own SMTP server).

Each test takes 15-30 s on an idle machine, most of it starting the processes; the waits allow
90 s because a loaded CI machine can take that long to start four Python processes.
"""

from __future__ import annotations

import contextlib
import re
import signal
import socket
import subprocess
import threading
import time
from collections import Counter
from datetime import timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.utils import timezone

from compliance.breaches import services as breaches
from compliance.choices import DPO_GROUP
from compliance.reminders.defaults import ensure_default_policies
from compliance.reminders.heartbeat import SchedulerHeartbeat, SchedulerOutage
from compliance.reminders.models import Reminder, ReminderDelivery, UserNotification
from config.celery import app
from tests.compliance.reminders.conftest import facts, gdpr_deadline, set_policy
from tests.factories import GroupEntityFactory

pytestmark = pytest.mark.django_db(transaction=True)

REDIS = settings.CELERY_BROKER_URL.startswith("redis://")


class World:
    def __init__(self, tmp_path: Path, django_user_model: Any) -> None:
        ensure_default_policies()
        set_policy(notify_coordinators=False, notify_dpo=False, notify_in_admin=False)
        self.entity = GroupEntityFactory(short_name="Düsseldorf")
        self.dpo = django_user_model.objects.create_user(username="dpo", email="dpo@example.com")
        self.dpo.groups.add(Group.objects.get(name=DPO_GROUP))
        self.owner = django_user_model.objects.create_user(
            username="owner", email="owner@example.com"
        )
        self.mail = tmp_path / "mail"
        self.env = {
            "DPO_DESK_SWEEP_SECONDS": "1",
            "DJANGO_EMAIL_TIMEOUT": "1",
            "EMAIL_URL": "",
            "EMAIL_FILE_PATH": str(self.mail),
        }

    def due_deadlines(self, count: int, tag: str = "Breach", ago: float = 60) -> list[Any]:
        """Breaches recorded ``ago`` seconds after awareness: the "at awareness" reminder is
        due."""
        aware = timezone.now() - timedelta(seconds=ago)
        return [
            gdpr_deadline(
                breaches.record_breach(
                    entity=self.entity,
                    by=self.dpo,
                    owner=self.owner,
                    **facts(title=f"{tag} {n}", aware_at=aware),
                )
            )
            for n in range(count)
        ]

    def mails(self) -> Counter[str]:
        """Messages in the file backend's folder, by reminder id (one header per message)."""
        found: Counter[str] = Counter()
        for path in self.mail.glob("*.log") if self.mail.exists() else ():
            found.update(re.findall(r"^X-DPO-Desk-Reminder: (\d+)$", path.read_text(), re.M))
        return found


@pytest.fixture
def world(reference_data: None, tmp_path: Path, django_user_model: Any) -> World:
    app.control.purge()
    return World(tmp_path, django_user_model)


def _worker(celery_process: Any, world: World, name: str, *extra: str, **env: str) -> Any:
    return celery_process(
        "worker",
        "--loglevel",
        "INFO",
        "--without-gossip",
        "--without-mingle",
        "--without-heartbeat",
        "--hostname",
        f"{name}@%h",
        *extra,
        env={**world.env, **env},
    )


def _beat(celery_process: Any, world: World, tmp_path: Path, name: str) -> Any:
    schedule = tmp_path / f"beat-schedule-{name}"
    return celery_process("beat", "--schedule", str(schedule), "--loglevel", "INFO", env=world.env)


def _wait(condition: Any, what: str, tmp_path: Path, timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.25)
    logs = "\n".join(f"--- {p.name}\n{p.read_text()[-3000:]}" for p in tmp_path.glob("celery-*"))
    pytest.fail(f"timed out after {timeout:.0f}s waiting for {what}\n{logs}")


def _sent(channel: str = "email") -> int:
    return ReminderDelivery.objects.filter(status="sent", channel=channel).count()


def _assert_each_delivered_once(
    world: World, deadlines: list[Any], mails: Counter[str] | None = None
) -> None:
    reminders = Reminder.objects.filter(
        object_id__in=[d.pk for d in deadlines], threshold="start+0h"
    )
    ids = sorted(str(r.pk) for r in reminders)
    assert [r.state for r in reminders] == ["sent"] * len(deadlines)
    emails = ReminderDelivery.objects.filter(channel="email")
    assert emails.count() == len(deadlines)
    assert set(emails.values_list("status", flat=True)) == {"sent"}
    assert sorted(emails.values_list("reminder_id", flat=True)) == sorted(r.pk for r in reminders)
    assert (world.mails() if mails is None else mails) == Counter(dict.fromkeys(ids, 1))


def test_two_workers_and_two_beats_deliver_each_reminder_exactly_once(
    world: World, celery_process: Any, tmp_path: Path
) -> None:
    deadlines = world.due_deadlines(12)

    for name in ("w1", "w2"):
        _worker(celery_process, world, name, "--concurrency", "2")
    for name in ("b1", "b2"):
        _beat(celery_process, world, tmp_path, name)
    _wait(lambda: _sent() >= 12, "12 e-mails", tmp_path)
    time.sleep(3)  # a few more sweeps from both beats: nothing may be sent again

    _assert_each_delivered_once(world, deadlines)


def _ready(worker: Any) -> Any:
    """The instant ``worker`` logged that it is ready (after its ``worker_ready`` handlers)."""
    seen: dict[str, Any] = {}

    def ready() -> bool:
        if "at" not in seen and re.search(r"@\S+ ready\.", worker.log.read_text()):
            seen["at"] = timezone.now()
        return "at" in seen

    return ready, seen


def _kill_mid_send(world: World, celery_process: Any, tmp_path: Path, **env: str) -> Any:
    """A worker (solo pool: SIGKILL stops the worker itself, and no broker delivers its message
    again) killed while it sends the second of three e-mails; returns the claim it left."""
    slow_env = {
        "DJANGO_SETTINGS_MODULE": "tests.compliance.reminders.worker_settings",
        "DPO_DESK_TEST_MAIL_DELAY": "2",
        **env,
    }
    slow = _worker(celery_process, world, "slow", "--pool", "solo", **slow_env)
    _beat(celery_process, world, tmp_path, "b1")
    _wait(lambda: _sent() >= 1, "the first e-mail", tmp_path)
    time.sleep(0.5)
    slow.stop(signal.SIGKILL)
    assert _sent() == 1
    claimed = ReminderDelivery.objects.filter(status="pending", claimed_until__isnull=False)
    assert list(claimed.values_list("claimed_by", flat=True)) == [f"slow@{socket.gethostname()}"]
    return claimed.get()


def test_worker_restarted_under_its_name_delivers_what_it_held_at_the_next_sweep(
    world: World, celery_process: Any, tmp_path: Path
) -> None:
    # A lease of ten minutes: only the release by the restarted node can explain a prompt send.
    long_lease = {"DPO_DESK_REMINDER_LEASE_SECONDS": "600"}
    deadlines = world.due_deadlines(3)
    held = _kill_mid_send(world, celery_process, tmp_path, **long_lease)

    restarted = _worker(celery_process, world, "slow", "--pool", "solo", **long_lease)
    ready, seen = _ready(restarted)
    _wait(ready, "the restarted worker to be ready", tmp_path)
    _wait(lambda: _sent() >= 3, "3 e-mails", tmp_path)
    time.sleep(3)

    held.refresh_from_db()
    assert held.status == "sent"
    # The sweep interval is one second here: the next sweep hands it to the mail task, which
    # sends it within a few seconds of the restart, not after the ten-minute lease.
    assert held.sent_at - seen["at"] < timedelta(seconds=10)
    _assert_each_delivered_once(world, deadlines)


def test_worker_replaced_under_a_new_name_delivers_once_when_the_lease_ends(
    world: World, celery_process: Any, tmp_path: Path
) -> None:
    deadlines = world.due_deadlines(3)
    held = _kill_mid_send(world, celery_process, tmp_path)
    lease_end = held.claimed_until

    _worker(celery_process, world, "fresh", "--pool", "solo")
    _wait(lambda: _sent() >= 3, "3 e-mails", tmp_path)
    time.sleep(3)

    held.refresh_from_db()
    assert held.status == "sent"
    assert held.sent_at >= lease_end  # a node of another name cannot know the claim is dead
    _assert_each_delivered_once(world, deadlines)


def test_worker_killed_mid_sweep_has_its_reminders_delivered_within_one_interval_of_restart(
    world: World, celery_process: Any, tmp_path: Path
) -> None:
    # A lease of ten minutes, from the environment: the claims left show the worker read it,
    # and only the release by the restarted node can explain a prompt delivery.
    env = {
        "DJANGO_SETTINGS_MODULE": "tests.compliance.reminders.worker_settings",
        "DPO_DESK_REMINDER_LEASE_SECONDS": "600",
    }
    deadlines = world.due_deadlines(3)
    reminders = Reminder.objects.filter(
        object_id__in=[d.pk for d in deadlines], threshold="start+0h"
    )
    slow = _worker(
        celery_process, world, "w1", "--pool", "solo", DPO_DESK_TEST_SWEEP_DELAY="60", **env
    )
    _beat(celery_process, world, tmp_path, "b1")
    _wait(
        lambda: reminders.filter(claimed_until__isnull=False).count() == 3,
        "the sweep to claim the 3 reminders",
        tmp_path,
    )
    slow.stop(signal.SIGKILL)  # mid-sweep: claimed, nothing recorded yet
    killed_at = timezone.now()
    assert ReminderDelivery.objects.count() == 0
    assert set(reminders.values_list("sent_at", "claimed_by")) == {
        (None, f"w1@{socket.gethostname()}")
    }
    leases = [until - killed_at for until in reminders.values_list("claimed_until", flat=True)]
    assert min(leases) > timedelta(seconds=590)  # DPO_DESK_REMINDER_LEASE_SECONDS was read

    restarted = _worker(celery_process, world, "w1", "--pool", "solo", **env)
    ready, seen = _ready(restarted)
    _wait(ready, "the restarted worker to be ready", tmp_path)
    _wait(lambda: reminders.filter(sent_at__isnull=False).count() == 3, "the sweep", tmp_path)
    _wait(lambda: _sent() >= 3, "3 e-mails", tmp_path)
    time.sleep(3)

    # One sweep interval (1 s) after the replacement is ready; one more second for a loaded
    # machine's sweep itself.
    delays = [sent - seen["at"] for sent in reminders.values_list("sent_at", flat=True)]
    assert max(delays) < timedelta(seconds=1 + 1)
    _assert_each_delivered_once(world, deadlines)


@contextlib.contextmanager
def _broker_down() -> Any:
    """Stop the broker, and restart it whatever happens. Under Redis the server itself; under
    the embedded file-system broker there is no server: the caller starts no worker or beat."""
    if not REDIS:
        yield
        return
    url = urlparse(settings.CELERY_BROKER_URL)
    cli = ["redis-cli", "-h", url.hostname or "127.0.0.1", "-p", str(url.port or 6379)]
    subprocess.run([*cli, "shutdown", "nosave"], check=False, capture_output=True)  # noqa: S603
    try:
        yield
    finally:
        if subprocess.run([*cli, "ping"], check=False, capture_output=True).returncode != 0:  # noqa: S603
            subprocess.run(
                [  # noqa: S607 - the CI's own command line for Redis
                    "redis-server",
                    "--daemonize",
                    "yes",
                    "--bind",
                    "127.0.0.1",
                    "-::1",
                    "--port",
                    "6379",
                    "--save",
                    "",
                    "--appendonly",
                    "no",
                    "--dir",
                    "/var/lib/redis",
                    "--logfile",
                    "/var/log/redis/ci.log",
                ],
                check=True,
            )
        for _ in range(40):
            if subprocess.run([*cli, "ping"], check=False, capture_output=True).returncode == 0:  # noqa: S603
                break
            time.sleep(0.25)


def _heartbeats() -> int:
    rows = SchedulerHeartbeat.objects.filter(role="worker", last_sweep_at__isnull=False)
    return sum(rows.values_list("runs", flat=True))


def test_reminders_due_while_the_broker_is_down_are_delivered_once_afterwards(
    world: World, celery_process: Any, tmp_path: Path
) -> None:
    workers = []
    if REDIS:
        workers.append(_worker(celery_process, world, "w1"))
        _beat(celery_process, world, tmp_path, "b1")
        _wait(lambda: _heartbeats() >= 1, "the scheduler to run through Redis", tmp_path)
    with _broker_down():
        deadlines = world.due_deadlines(5)
        time.sleep(3)  # the moment passes: these become catch-up ("late") reminders
    if not REDIS:
        workers.append(_worker(celery_process, world, "w1"))
        _beat(celery_process, world, tmp_path, "b1")

    def delivered_with_a_supervisor() -> bool:
        # kombu's Redis transport can exit the worker when the connection drops while it holds
        # unacknowledged messages (AttributeError in restore_unacked on a closed connection).
        # Production runs the worker under a supervisor that restarts it (docs/operations.md);
        # this test does the same, so what it checks is the guarantee of the rows: every
        # reminder due meanwhile is delivered, exactly once, after the broker is back.
        if workers[-1].proc is not None and workers[-1].proc.poll() is not None:
            workers.append(_worker(celery_process, world, f"w{len(workers) + 1}"))
        return _sent() >= 5

    _wait(delivered_with_a_supervisor, "5 e-mails", tmp_path)
    time.sleep(2)

    _assert_each_delivered_once(world, deadlines)
    assert set(ReminderDelivery.objects.values_list("late", flat=True)) == {True}


def test_met_deadline_gets_nothing_from_a_real_worker(
    world: World, celery_process: Any, tmp_path: Path
) -> None:
    met, still_open = world.due_deadlines(2)
    notification = breaches.start_notification(deadline=met, by=world.dpo)
    breaches.submit_notification(
        notification=notification, submitted_at=timezone.now(), by=world.dpo
    )

    _worker(celery_process, world, "w1")
    _beat(celery_process, world, tmp_path, "b1")
    _wait(lambda: _sent() >= 1, "the open deadline's reminder", tmp_path)
    time.sleep(3)

    assert ReminderDelivery.objects.filter(reminder__object_id=met.pk).count() == 0
    assert set(
        Reminder.objects.filter(object_id=met.pk).values_list("cancel_reason", flat=True)
    ) == {"deadline met"}
    _assert_each_delivered_once(world, [still_open])


class SMTPServer:
    """A tiny SMTP server on a thread: a black hole (accepts connections, never answers) until
    ``serve`` is set, then just enough SMTP to accept messages, kept in ``messages``."""

    def __init__(self) -> None:
        self.sock = socket.create_server(("127.0.0.1", 0))
        self.port = self.sock.getsockname()[1]
        self.serve = threading.Event()
        self.messages: list[bytes] = []
        self.held: list[socket.socket] = []
        self.stopped = False
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while not self.stopped:
            try:
                conn, _addr = self.sock.accept()
            except OSError:
                return
            if self.serve.is_set():
                threading.Thread(target=self._session, args=(conn,), daemon=True).start()
            else:
                self.held.append(conn)  # the black hole: never a word

    def _session(self, conn: socket.socket) -> None:
        with conn, conn.makefile("rb") as lines:
            conn.sendall(b"220 test ESMTP\r\n")
            for line in lines:
                verb = line[:4].upper()
                if verb == b"DATA":
                    conn.sendall(b"354 go ahead\r\n")
                    body = b"".join(iter(lines.readline, b".\r\n"))
                    self.messages.append(body)
                    conn.sendall(b"250 queued\r\n")
                elif verb == b"QUIT":
                    conn.sendall(b"221 bye\r\n")
                    return
                else:
                    conn.sendall(b"250 ok\r\n")

    def reminders(self) -> Counter[str]:
        found: Counter[str] = Counter()
        for body in self.messages:
            found.update(re.findall(r"^X-DPO-Desk-Reminder: (\d+)\r?$", body.decode(), re.M))
        return found

    def close(self) -> None:
        self.stopped = True
        self.sock.close()
        for conn in self.held:
            conn.close()


@pytest.fixture
def smtp() -> Any:
    server = SMTPServer()
    yield server
    server.close()


def _notified(deadlines: list[Any]) -> int:
    return ReminderDelivery.objects.filter(
        channel="in_admin", status="sent", reminder__object_id__in=[d.pk for d in deadlines]
    ).count()


def test_hung_mail_server_delays_only_mail_which_is_sent_once_when_it_recovers(
    world: World, celery_process: Any, tmp_path: Path, smtp: SMTPServer
) -> None:
    set_policy(notify_in_admin=True)
    world.env |= {"EMAIL_URL": f"smtp://127.0.0.1:{smtp.port}", "DPO_DESK_MAIL_MAX_ATTEMPTS": "20"}
    first = world.due_deadlines(4, "Before", ago=0)
    _worker(celery_process, world, "w1", "--concurrency", "2")
    _beat(celery_process, world, tmp_path, "b1")
    _wait(lambda: _notified(first) == 4, "the in-admin notifications", tmp_path)

    time.sleep(4)  # the mail server has been hanging for a while: several mail runs timed out
    recorded_at = timezone.now()
    meanwhile = world.due_deadlines(4, "Meanwhile", ago=0)
    _wait(
        lambda: _notified(meanwhile) == 4, "notifications of breaches recorded meanwhile", tmp_path
    )
    notified_after = timezone.now() - recorded_at
    tried = list(ReminderDelivery.objects.filter(channel="email").values_list("status", "attempts"))

    smtp.serve.set()
    _wait(lambda: _sent() == 8, "the 8 e-mails once the server answers", tmp_path)
    time.sleep(3)

    # In-admin notifications of breaches recorded while mail hung came within a few sweeps.
    assert notified_after < timedelta(seconds=10)
    assert {status for status, _attempts in tried} == {"pending"}
    assert max(attempts for _status, attempts in tried) >= 1
    deadlines = first + meanwhile
    _assert_each_delivered_once(world, deadlines, mails=smtp.reminders())
    assert _notified(deadlines) == 8


def _free_port() -> int:
    with socket.create_server(("127.0.0.1", 0)) as sock:
        return int(sock.getsockname()[1])


def test_refused_mail_server_is_retried_a_capped_number_of_times_then_shown_and_escalated(
    world: World, celery_process: Any, tmp_path: Path, client: Any
) -> None:
    world.env |= {
        "EMAIL_URL": f"smtp://127.0.0.1:{_free_port()}",  # nothing listens: refused at once
        "DPO_DESK_MAIL_MAX_ATTEMPTS": "3",
    }
    deadlines = world.due_deadlines(2)
    _worker(celery_process, world, "w1")
    _beat(celery_process, world, tmp_path, "b1")
    _wait(
        lambda: ReminderDelivery.objects.filter(status="failed").count() == 2,
        "the e-mails to be given up",
        tmp_path,
    )
    time.sleep(3)  # more mail runs: nothing is tried again

    rows = ReminderDelivery.objects.filter(reminder__object_id__in=[d.pk for d in deadlines])
    assert sorted(rows.values_list("channel", "status", "attempts")) == [
        ("email", "failed", 3),
        ("email", "failed", 3),
    ]
    assert {e.split(": ")[1] for e in rows.values_list("error", flat=True)} == {
        "ConnectionRefusedError"
    }
    # Told to the DPO group by the channel that works (the admin list), once per delivery.
    told = UserNotification.objects.filter(user=world.dpo, title__startswith="Reminder not")
    assert (
        sorted(told.values_list("title", flat=True))
        == ["Reminder not delivered to owner by e-mail"] * 2
    )
    client.force_login(world.dpo)
    world.dpo.is_staff = True
    world.dpo.save()
    dashboard = client.get("/").content.decode()
    assert "Reminders not delivered" in dashboard
    assert "The mail server could not be used: ConnectionRefusedError" in dashboard


def test_stopped_beat_raises_the_banner_within_three_sweep_intervals(
    world: World, celery_process: Any, tmp_path: Path, client: Any, settings: Any
) -> None:
    settings.DPO_DESK_SWEEP_SECONDS = 1  # the web process reads the interval the workers use
    world.dpo.is_staff = True
    world.dpo.save()
    client.force_login(world.dpo)
    _worker(celery_process, world, "w1")
    beat = _beat(celery_process, world, tmp_path, "b1")
    _wait(lambda: _heartbeats() >= 2, "sweeps", tmp_path)
    page = client.get("/").content.decode()
    assert "Reminders are not being sent" not in page, re.findall(r"Reminders are not[^<]*", page)

    beat.stop()
    stopped_at = time.monotonic()
    _wait(
        lambda: "the scheduler is down." in client.get("/").content.decode(),
        "the banner",
        tmp_path,
        timeout=30,
    )
    raised_after = time.monotonic() - stopped_at

    # Three intervals of 1 s after the last sweep, which ran at most one interval before the
    # stop; one more second for the polling and a loaded machine.
    assert raised_after < 3 * 1 + 1 + 1
    beats = SchedulerHeartbeat.objects.filter(role="beat")
    workers = SchedulerHeartbeat.objects.filter(role="worker")
    assert (beats.count(), workers.count()) == (1, 1)

    # The DPO group is e-mailed, once, by the worker still running (the web page above only
    # reads the status; nothing polls /healthz here).
    _wait(lambda: len(_outage_mails(world)) == 1, "the e-mail to the DPO group", tmp_path)
    outage = SchedulerOutage.objects.get()
    assert (outage.cause, outage.ended_at, outage.alert_error) == ("beat", None, "")
    assert outage.alerted_at is not None
    # Three intervals after the last sweep, one more for the worker's check, one for the load.
    assert outage.alerted_at - outage.since < timedelta(seconds=3 * 1 + 1 + 1)
    time.sleep(3)  # more checks by the worker: the outage is told once
    assert _outage_mails(world) == ["dpo@example.com"]


def _outage_mails(world: World) -> list[str]:
    """The recipients of the outage e-mails in the file backend's folder."""
    subject = "Subject: [DPO Desk] Reminders are not being sent"
    found = []
    for path in world.mail.glob("*.log") if world.mail.exists() else ():
        for message in path.read_text().split("\n" + "-" * 79 + "\n"):
            if subject in message:
                found += re.findall(r"^To: (.+)$", message, re.M)
    return found
