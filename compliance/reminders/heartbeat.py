"""The scheduler's pulse, one row per process: each beat records its own ticks, each worker
the scheduled tasks it ran and when it last completed a reminder sweep. A dead beat and a dead
worker are told apart, and two beats are two rows, not one row counted twice.

An outage (no sweep for three sweep intervals) is a row too: the DPO group is told once per
outage, and the record of when reminders stopped and started again is kept as evidence.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class SchedulerRole(models.TextChoices):
    BEAT = "beat", _("beat (schedules the sweeps)")
    WORKER = "worker", _("worker (runs the sweeps)")


class SchedulerHeartbeat(models.Model):
    """When one beat last ticked, or one worker last ran a scheduled task (written by the
    process itself: ``compliance.reminders.health``)."""

    role = models.CharField(_("role"), max_length=10, choices=SchedulerRole.choices)
    # beat: host and process id; worker: the Celery node name (name@host).
    name = models.CharField(_("name"), max_length=200)
    last_run_at = models.DateTimeField(_("last seen at"))
    last_sweep_at = models.DateTimeField(
        _("last reminder sweep at"), null=True, blank=True, help_text=_("workers only")
    )
    runs = models.PositiveBigIntegerField(_("runs"), default=0)

    class Meta:
        ordering = ["role", "name"]
        verbose_name = _("scheduler heartbeat")
        verbose_name_plural = _("scheduler heartbeats")
        constraints = [
            models.UniqueConstraint(fields=["role", "name"], name="heartbeat_one_per_process"),
        ]

    def __str__(self) -> str:
        return f"{self.role} {self.name} at {self.last_run_at.isoformat()}"


class OutageCause(models.TextChoices):
    BEAT = "beat", _("the scheduler (beat) is down")
    WORKER = "worker", _("no worker is running the sweeps")


class SchedulerOutage(models.Model):
    """A period in which no reminder sweep ran for three sweep intervals."""

    scope = models.CharField(max_length=20, default="reminders", editable=False)
    since = models.DateTimeField(_("no sweep since"), null=True, blank=True)
    noticed_at = models.DateTimeField(_("noticed at"))
    cause = models.CharField(_("cause"), max_length=10, choices=OutageCause.choices)
    alerted_at = models.DateTimeField(_("DPO group e-mailed at"), null=True, blank=True)
    alert_error = models.TextField(_("why the e-mail failed"), blank=True)
    ended_at = models.DateTimeField(_("ended at"), null=True, blank=True)

    class Meta:
        ordering = ["-noticed_at", "-pk"]
        verbose_name = _("scheduler outage")
        verbose_name_plural = _("scheduler outages")
        constraints = [
            # At most one open outage: the DPO group is alerted once, whoever notices first.
            models.UniqueConstraint(
                fields=["scope"], condition=Q(ended_at__isnull=True), name="one_open_outage"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_cause_display()} since {self.since}"
