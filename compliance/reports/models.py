"""Reports rendered in the background: one row per request, with progress and the stored PDF.

A report over a size threshold (``compliance.reports.jobs``) would keep a web request busy for
longer than a proxy waits, so the export view stores a ``ReportJob`` and a Celery worker renders
it (``compliance.tasks.render_report_job``). The admin shows the row's progress and, once done,
a download link that only the requester and the DPO may follow.

The state is a plain field moved by conditional UPDATEs rather than a django-fsm workflow: no
person moves a job, and the worker claims a queued job with ``UPDATE ... WHERE state='queued'``
so that a message delivered twice (``acks_late``) renders the report once.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


class ReportJobState(models.TextChoices):
    QUEUED = "queued", _("queued")
    RUNNING = "running", _("running")
    DONE = "done", _("done")
    FAILED = "failed", _("failed")


def report_upload_to(job: ReportJob, filename: str) -> str:
    # The job id in the path keeps two reports of the same name apart; the download is served
    # through a permission-checked view, never from MEDIA_URL.
    return f"reports/{job.created_at:%Y/%m}/{job.pk}/{filename}"


class ReportJob(models.Model):
    kind = models.CharField(_("report"), max_length=60)
    object_id = models.CharField(_("record id"), max_length=64)
    lang = models.CharField(_("language"), max_length=8)
    as_of = models.DateField(_("data as of"))
    period_start = models.DateField(
        _("period from"),
        null=True,
        blank=True,
        help_text=_("first day of the chosen period; empty: the report's default period"),
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("requested by"),
    )
    state = models.CharField(
        _("state"), max_length=10, choices=ReportJobState.choices, default=ReportJobState.QUEUED
    )
    progress = models.PositiveSmallIntegerField(
        _("progress (%)"), default=0, validators=[MaxValueValidator(100)]
    )
    error = models.TextField(_("error"), blank=True)
    file = models.FileField(_("PDF"), upload_to=report_upload_to, blank=True, max_length=300)
    filename = models.CharField(_("file name"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("report job")
        verbose_name_plural = _("report jobs")
        indexes = [models.Index(fields=["requested_by", "created_at"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(progress__lte=100), name="report_job_progress_percent"
            ),
            models.CheckConstraint(
                condition=~models.Q(state=ReportJobState.DONE) | ~models.Q(file=""),
                name="report_job_done_has_file",
            ),
        ]

    def __str__(self) -> str:
        # The report's title in words ("Group compliance status"), not its code (group_status).
        from compliance.reports.registry import UnknownReport, get_report

        try:
            title = str(get_report(self.kind).title) or self.kind
        except UnknownReport:
            title = self.kind
        return f"{title} #{self.object_id} ({self.lang}, {self.as_of.isoformat()})"
