"""Is the reminder scheduler alive? One source of truth for the admin banner, ``/healthz``, the
dashboard and the alert e-mail to the DPO group.

Each process writes its own heartbeat row (``SchedulerHeartbeat``): beat at each tick of its
scheduler (``compliance.reminders.beat``), each worker whenever it runs a scheduled task, with
the moment of its last completed reminder sweep. Reminders are being sent when a sweep ran
within three sweep intervals (``limits.stale_after``); when none did, the cause is a dead beat
if no beat ticked meanwhile, and otherwise no worker running the sweeps.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext

from compliance.choices import DPO_GROUP
from compliance.reminders import limits
from compliance.reminders.heartbeat import (
    OutageCause,
    SchedulerHeartbeat,
    SchedulerOutage,
    SchedulerRole,
)

logger = logging.getLogger(__name__)


def record_heartbeat(role: str, name: str, *, now: datetime, swept: bool = False) -> int:
    """Record that one process (``role``, ``name``) is alive; returns its run count."""
    values = {"last_run_at": now, "runs": F("runs") + 1}
    if swept:
        values["last_sweep_at"] = now
    rows = SchedulerHeartbeat.objects.filter(role=role, name=name[:200])
    if not rows.update(**values):
        try:
            with transaction.atomic():
                SchedulerHeartbeat.objects.create(
                    role=role,
                    name=name[:200],
                    last_run_at=now,
                    last_sweep_at=now if swept else None,
                    runs=1,
                )
        except IntegrityError:  # the same process, twice at once: count it once more
            rows.update(**values)
    return rows.values_list("runs", flat=True).first() or 0


@dataclass(frozen=True)
class Process:
    role: str
    name: str
    last_run_at: datetime
    age: timedelta
    alive: bool


@dataclass(frozen=True)
class SchedulerStatus:
    now: datetime
    stale_after: timedelta
    last_sweep_at: datetime | None
    processes: tuple[Process, ...]

    @property
    def beats(self) -> tuple[Process, ...]:
        return tuple(p for p in self.processes if p.role == SchedulerRole.BEAT)

    @property
    def workers(self) -> tuple[Process, ...]:
        return tuple(p for p in self.processes if p.role == SchedulerRole.WORKER)

    @property
    def sweep_age(self) -> timedelta | None:
        return None if self.last_sweep_at is None else self.now - self.last_sweep_at

    @property
    def ok(self) -> bool:
        age = self.sweep_age
        return age is not None and age <= self.stale_after

    @property
    def cause(self) -> str:
        """ "" when reminders are being sent; else why not (an ``OutageCause``)."""
        if self.ok:
            return ""
        if not any(p.alive for p in self.beats):
            return OutageCause.BEAT
        return OutageCause.WORKER

    def banner(self) -> str:
        """The sentence shown to DPO users on every admin page, "" when all is well."""
        if self.ok:
            return ""
        # In the reader's language: the banner is rendered per request.
        reason = (
            gettext("the scheduler is down")
            if self.cause == OutageCause.BEAT
            else gettext("no worker is running the reminder sweeps")
        )
        if self.last_sweep_at is None:
            return gettext("Reminders are not being sent: %(reason)s (no sweep has run yet).") % {
                "reason": reason
            }
        local = timezone.localtime(self.last_sweep_at)
        today = timezone.localtime(self.now).date()
        when = f"{local:%H:%M}" if local.date() == today else f"{local:%Y-%m-%d %H:%M}"
        return gettext("Reminders are not being sent since %(when)s: %(reason)s.") % {
            "when": f"{when} {local:%Z}",
            "reason": reason,
        }


def scheduler_status(*, now: datetime | None = None) -> SchedulerStatus:
    """One query: every heartbeat row, with its age."""
    now = now or timezone.now()
    stale = limits.stale_after()
    rows = list(SchedulerHeartbeat.objects.order_by("role", "name"))
    sweeps = [r.last_sweep_at for r in rows if r.last_sweep_at is not None]
    return SchedulerStatus(
        now=now,
        stale_after=stale,
        last_sweep_at=max(sweeps) if sweeps else None,
        processes=tuple(
            Process(
                role=r.role,
                name=r.name,
                last_run_at=r.last_run_at,
                age=now - r.last_run_at,
                alive=now - r.last_run_at <= stale,
            )
            for r in rows
        ),
    )


def watch_scheduler(
    *, now: datetime | None = None, never_swept_is_outage: bool = False
) -> SchedulerStatus:
    """The status, and its outage record: an outage opens when reminders stop (the DPO group is
    e-mailed, once, whoever notices first: beat's tick, ``/healthz``) and closes when a sweep
    runs again. No sweep at all yet is a fresh installation, not an outage, unless the caller
    knows better (beat, after three intervals up with no sweep)."""
    status = scheduler_status(now=now)
    open_outage = SchedulerOutage.objects.filter(ended_at__isnull=True)
    if status.ok:
        open_outage.update(ended_at=status.now)
        return status
    if open_outage.exists() or (status.last_sweep_at is None and not never_swept_is_outage):
        return status
    try:
        with transaction.atomic():
            outage = SchedulerOutage.objects.create(
                since=status.last_sweep_at, noticed_at=status.now, cause=status.cause
            )
    except IntegrityError:
        return status  # another process noticed it a moment ago
    _alert(outage, status)
    return status


def _alert(outage: SchedulerOutage, status: SchedulerStatus) -> None:
    addresses = sorted(
        set(
            get_user_model()
            .objects.filter(is_active=True, groups__name=DPO_GROUP)
            .exclude(email="")
            .values_list("email", flat=True)
        )
    )
    if not addresses:
        return
    lines = [status.banner(), "", "Processes seen (role, name, last seen):"]
    lines += [
        f"- {p.role} {p.name}: {p.last_run_at:%Y-%m-%d %H:%M:%S %Z}" for p in status.processes
    ]
    try:
        send_mail(
            subject="[DPO Desk] Reminders are not being sent",
            message="\n".join(lines),
            from_email=None,
            recipient_list=addresses,
        )
    except Exception as exc:  # the banner still shows; the mail server may be what is down
        logger.exception("could not e-mail the DPO group about the scheduler outage")
        SchedulerOutage.objects.filter(pk=outage.pk).update(alert_error=str(exc)[:2000])
        return
    SchedulerOutage.objects.filter(pk=outage.pk).update(alerted_at=timezone.now())
