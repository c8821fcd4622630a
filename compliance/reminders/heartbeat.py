from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class SchedulerHeartbeat(models.Model):
    """When beat last scheduled, and a worker last ran, the heartbeat task (one row)."""

    name = models.CharField(_("name"), max_length=40, unique=True)
    last_run_at = models.DateTimeField(_("last run at"))
    runs = models.PositiveBigIntegerField(_("runs"), default=0)

    class Meta:
        verbose_name = _("scheduler heartbeat")
        verbose_name_plural = _("scheduler heartbeats")

    def __str__(self) -> str:
        return f"{self.name} at {self.last_run_at.isoformat()}"
