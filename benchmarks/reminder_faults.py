"""The reminder sweep under faults: delays per reminder, and exactly-once, in each scenario.

Run: DJANGO_SECRET_KEY=x .venv/bin/python benchmarks/reminder_faults.py [--reminders 20]

In-process, on its own SQLite file (var/bench_reminder_faults.sqlite3): the ticks of beat are a
loop calling the sweep and then the mail run every ``--interval`` seconds, as the tasks do.
The mail server is a socket server on a thread: it answers (``ok``), accepts connections and
never answers (``black hole``, for ``--outage`` seconds, then recovers), or is not there
(``refused``: nothing listens). Two more scenarios have a healthy mail server and a broken
scheduler: ``beat stopped`` (no tick for ``--outage`` seconds after the reminders fell due; the
worker's health check runs each interval meanwhile, as ``SchedulerWatch`` does) and ``worker
killed`` (the first sweep is killed after claiming the reminders, before recording anything;
the worker restarted under its name releases its claims, as on ``worker_ready``). Each scenario
records ``--reminders`` due reminders (owner: e-mail and in-admin) and reports, per reminder,
the delay from due to the in-admin notification and to the e-mail received by the server, the
notifications and e-mails received per reminder (exactly once) and the deliveries given up.
Writes benchmarks/results/reminder_faults.md.
"""

from __future__ import annotations

import argparse
import os
import socket
import statistics
import threading
import time
from collections import Counter
from datetime import UTC, datetime
from typing import Any

from common import RESULTS, machine, setup_django


class Server:
    def __init__(self, mode: str) -> None:
        self.mode = mode
        self.sock = socket.create_server(("127.0.0.1", 0))
        self.port = self.sock.getsockname()[1]
        self.received: Counter[str] = Counter()
        self.held: list[socket.socket] = []
        if mode == "refused":
            self.sock.close()
        else:
            threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            if self.mode == "black hole":
                self.held.append(conn)
            else:
                threading.Thread(target=self._session, args=(conn,), daemon=True).start()

    def _session(self, conn: socket.socket) -> None:
        with conn, conn.makefile("rb") as lines:
            conn.sendall(b"220 bench\r\n")
            for line in lines:
                verb = line[:4].upper()
                if verb == b"DATA":
                    conn.sendall(b"354 go\r\n")
                    body = b"".join(iter(lines.readline, b".\r\n")).decode()
                    for header in body.splitlines():
                        if header.startswith("Message-ID:"):
                            self.received[header.split(":", 1)[1].strip()] += 1
                    conn.sendall(b"250 ok\r\n")
                elif verb == b"QUIT":
                    conn.sendall(b"221 bye\r\n")
                    return
                else:
                    conn.sendall(b"250 ok\r\n")


def arrange(count: int) -> list[int]:
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from compliance.breaches import services as breaches
    from compliance.models import Reminder, ReminderDelivery, UserNotification
    from compliance.reminders.defaults import ensure_default_policies
    from tests.factories import GroupEntityFactory

    for model in (UserNotification, ReminderDelivery, Reminder):
        model.objects.all().delete()
    ensure_default_policies()
    from compliance.models import ReminderPolicy

    ReminderPolicy.objects.update(notify_coordinators=False, notify_dpo=False)
    users = get_user_model().objects
    owner, _ = users.get_or_create(username="bench-owner", defaults={"email": "o@example.com"})
    entity = GroupEntityFactory(short_name=f"Bench {time.time_ns()}")
    aware = timezone.now()
    for n in range(count):
        breaches.record_breach(
            entity=entity,
            by=owner,
            owner=owner,
            title=f"Bench {n}",
            description="synthetic",
            aware_at=aware,
            aware_time_zone="Europe/Berlin",
            cause="other",
        )
    return list(
        Reminder.objects.filter(threshold="start+0h", sent_at__isnull=True).values_list(
            "pk", flat=True
        )
    )


class Killed(BaseException):
    """The worker dies: not an error the sweep could catch and record."""


def run(mode: str, args: Any) -> dict[str, Any]:
    from django.conf import settings
    from django.utils import timezone

    from compliance.models import ReminderDelivery, UserNotification
    from compliance.reminders import sweep
    from compliance.reminders.health import record_heartbeat, watch_scheduler
    from compliance.reminders.heartbeat import SchedulerHeartbeat, SchedulerOutage
    from compliance.reminders.mail import send_pending_mail
    from compliance.reminders.recovery import release_claims_of

    def send_due_reminders() -> None:
        sweep.send_due_reminders(worker=WORKER)
        record_heartbeat("worker", WORKER, now=timezone.now(), swept=True)

    server = Server("ok" if mode in ("beat stopped", "worker killed") else mode)
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", server.port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    SchedulerHeartbeat.objects.all().delete()
    SchedulerOutage.objects.all().delete()
    send_due_reminders()  # the scheduler ran before the reminders fell due
    ids = arrange(args.reminders)
    start = time.monotonic()
    received_at: dict[str, datetime] = {}
    noticed_after = None
    if mode == "worker killed":
        deliver = sweep._deliver_batch

        def killed(*_args: Any, **_kwargs: Any) -> None:
            raise Killed

        sweep._deliver_batch = killed  # type: ignore[assignment]
        try:
            sweep.send_due_reminders(worker=WORKER)
        except Killed:
            pass
        finally:
            sweep._deliver_batch = deliver
        release_claims_of(WORKER)  # the worker starts again under its name
    while time.monotonic() - start < args.duration:
        tick = time.monotonic()
        if mode == "black hole" and tick - start >= args.outage:
            server.mode = "ok"  # the server recovers
        if mode == "beat stopped" and tick - start < args.outage:
            if not watch_scheduler().ok and noticed_after is None:
                noticed_after = time.monotonic() - start
            time.sleep(args.interval)
            continue
        send_due_reminders()
        send_pending_mail()
        for message_id in server.received:
            received_at.setdefault(message_id, datetime.now(tz=UTC))
        done = ReminderDelivery.objects.filter(channel="email", status__in=["sent", "failed"])
        if done.count() == len(ids) and tick - start > 2 * args.interval:
            break
        time.sleep(max(0.0, args.interval - (time.monotonic() - tick)))
    emails = {d.message_id: d for d in ReminderDelivery.objects.filter(channel="email")}
    notifications = UserNotification.objects.filter(reminder_id__in=ids)
    notified = {n.reminder_id: n.created_at for n in notifications}
    due = {d.reminder_id: d.reminder.next_reminder_at for d in emails.values()}
    admin_delays = [(notified[r] - due[r]).total_seconds() for r in due if r in notified]
    mail_delays = [
        (received_at[m] - due[d.reminder_id]).total_seconds()
        for m, d in emails.items()
        if m in received_at
    ]
    per_reminder = [
        (
            (notified[d.reminder_id] - due[d.reminder_id]).total_seconds()
            if d.reminder_id in notified
            else None,
            (received_at[m] - due[d.reminder_id]).total_seconds() if m in received_at else None,
        )
        for m, d in sorted(emails.items(), key=lambda item: item[1].reminder_id)
    ]
    return {
        "mode": mode,
        "reminders": len(ids),
        "admin": admin_delays,
        "mail": mail_delays,
        "per_reminder": per_reminder,
        "notified_copies": sorted(set(Counter(n.reminder_id for n in notifications).values()))
        or [0],
        "noticed_after": noticed_after,
        "copies": sorted(set(server.received.values())) or [0],
        "failed": sum(d.status == "failed" for d in emails.values()),
        "attempts": max((d.attempts for d in emails.values()), default=0),
        "at": timezone.now(),
    }


WORKER = "bench@host"
MODES = ("ok", "black hole", "refused", "beat stopped", "worker killed")


def _delay(value: float | None) -> str:
    return "—" if value is None else f"{value:.1f}"


def _spread(values: list[float]) -> str:
    if not values:
        return "—"
    return f"{statistics.median(values):.1f} / {max(values):.1f}"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--reminders", type=int, default=20)
    parser.add_argument("--interval", type=float, default=1.0)
    parser.add_argument("--outage", type=float, default=6.0)
    parser.add_argument("--duration", type=float, default=60.0)
    args = parser.parse_args()
    os.environ["DPO_DESK_SWEEP_SECONDS"] = str(args.interval)
    os.environ["DJANGO_EMAIL_TIMEOUT"] = "1"
    os.environ["DPO_DESK_MAIL_MAX_ATTEMPTS"] = "4"
    setup_django(sqlite_default="bench_reminder_faults.sqlite3")
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("load_reference_data", verbosity=0)
    rows = [run(mode, args) for mode in MODES]
    lines = [
        "# Reminder sweep under faults",
        "",
        f"Run {datetime.now(tz=UTC):%Y-%m-%d %H:%M} UTC on {machine()}.",
        "",
        f"`python benchmarks/reminder_faults.py --reminders {args.reminders} --interval "
        f"{args.interval:g} --outage {args.outage:g}`: ticks every {args.interval:g} s, "
        "`EMAIL_TIMEOUT` 1 s, at most 4 attempts per e-mail. Delays are seconds from the "
        "moment a reminder fell due (median / max).",
        "",
        "| fault | reminders | in-admin delay s | e-mail delay s | notifications per "
        "reminder | copies received per e-mail | given up | most attempts |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    stopped = rows[MODES.index("beat stopped")]
    for r in rows:
        lines.append(
            f"| {r['mode']} | {r['reminders']} | {_spread(r['admin'])} | {_spread(r['mail'])} | "
            f"{', '.join(map(str, r['notified_copies']))} | "
            f"{', '.join(map(str, r['copies']))} | {r['failed']} | {r['attempts']} |"
        )
    lines += [
        "",
        f"A hung server (for {args.outage:g} s) delays the e-mails only: the in-admin",
        "notifications go out at the first tick, as with a healthy server; each e-mail is",
        "received once when the server recovers. A refused server: the e-mails are given up",
        "after four attempts (pauses of 1, 2, 4 intervals) and the DPO group is told in the",
        "admin; the in-admin notifications are not delayed.",
        f"Beat stopped for {args.outage:g} s: the worker's check noticed the outage after "
        f"{_delay(stopped['noticed_after'])} s",
        "(three intervals without a sweep), and the reminders went out at the first tick after",
        "beat came back. A worker killed mid-sweep, holding every claim, and restarted under its",
        "name: the reminders went out at the next tick. Exactly once in every scenario: one",
        "in-admin notification per reminder, each e-mail received once (none when refused:",
        "given up and told to the DPO group).",
        "",
        "Delays per reminder (s, from due; in-admin / e-mail):",
        "",
        "| fault | " + " | ".join(f"#{n + 1}" for n in range(args.reminders)) + " |",
        "|---|" + "---:|" * args.reminders,
    ]
    for r in rows:
        cells = [f"{_delay(a)} / {_delay(m)}" for a, m in r["per_reminder"]]
        lines.append(f"| {r['mode']} | " + " | ".join(cells) + " |")
    lines.append("")
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "reminder_faults.md").write_text("\n".join(lines), encoding="utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
