"""The admin of report jobs: progress of a large report, and its download once done.

Read-only for everyone: jobs are made by the export view and moved by the worker. A user sees
their own jobs; the DPO sees all. The PDF is served by ``download_view`` after the same check,
never from ``MEDIA_URL``: a breach register is confidential, and a guessed URL must not open it.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import FileResponse, Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.urls import NoReverseMatch, path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from compliance import access
from compliance.reports import registry
from compliance.reports.models import ReportJob, ReportJobState


@admin.register(ReportJob)
class ReportJobAdmin(admin.ModelAdmin):
    change_form_template = "reports/admin/report_job_change_form.html"
    list_display = (
        "report",
        "object_id",
        "lang",
        "as_of",
        "requested_by",
        "state",
        "progress_bar",
        "created_at",
        "download_link",
    )
    list_filter = ("state", "kind", "lang")
    list_select_related = ("requested_by",)
    fields = (
        "report",
        "record",
        "lang",
        "period_start",
        "as_of",
        "requested_by",
        "state",
        "progress_bar",
        "error",
        "download_link",
        "created_at",
        "started_at",
        "finished_at",
    )
    readonly_fields = fields

    def get_queryset(self, request: HttpRequest) -> QuerySet[ReportJob]:
        qs = super().get_queryset(request)
        return qs if access.is_dpo(request.user) else qs.filter(requested_by=request.user.pk)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # a job comes from an export, not from typing

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def get_urls(self) -> list[Any]:
        return [
            path(
                "<int:pk>/download/",
                self.admin_site.admin_view(self.download_view),
                name="compliance_reportjob_download",
            ),
            *super().get_urls(),
        ]

    def download_view(self, request: HttpRequest, pk: int) -> FileResponse:
        if not self.has_view_permission(request):
            raise PermissionDenied
        # Another user's job is not found rather than forbidden: its existence is not shown.
        job = get_object_or_404(self.get_queryset(request), pk=pk)
        if job.state != ReportJobState.DONE or not job.file:
            raise Http404("The report is not ready.")
        return FileResponse(
            job.file.open("rb"),
            as_attachment=True,
            filename=job.filename or "report.pdf",
            content_type="application/pdf",
        )

    def render_change_form(
        self, request: HttpRequest, context: dict[str, Any], *args: Any, **kwargs: Any
    ) -> Any:
        obj = kwargs.get("obj")
        # The page reloads itself until the job has finished.
        context["job_in_progress"] = obj is not None and obj.state in (
            ReportJobState.QUEUED,
            ReportJobState.RUNNING,
        )
        if obj is not None:
            context["job_announcement"] = job_announcement(obj)
        return super().render_change_form(request, context, *args, **kwargs)

    @admin.display(description=_("report"), ordering="kind")
    def report(self, obj: ReportJob) -> str:
        try:
            return str(registry.get_report(obj.kind).title)
        except registry.UnknownReport:
            return obj.kind

    @admin.display(description=_("record"))
    def record(self, obj: ReportJob) -> str:
        try:
            model = registry.get_report(obj.kind).model
            url = reverse(
                f"admin:{model._meta.app_label}_{model._meta.model_name}_change",
                args=[obj.object_id],
            )
        except (registry.UnknownReport, NoReverseMatch):
            return obj.object_id
        return format_html('<a href="{}">{} {}</a>', url, model._meta.verbose_name, obj.object_id)

    @admin.display(description=_("progress"), ordering="progress")
    def progress_bar(self, obj: ReportJob) -> str:
        return format_html(
            '<progress value="{}" max="100">{} %</progress> {} %',
            obj.progress,
            obj.progress,
            obj.progress,
        )

    @admin.display(description=_("download"))
    def download_link(self, obj: ReportJob) -> str:
        if obj.state != ReportJobState.DONE:
            return "—"
        url = reverse("admin:compliance_reportjob_download", args=[obj.pk])
        return format_html('<a class="button" href="{}">{}</a>', url, obj.filename or _("PDF"))


def job_announcement(job: ReportJob) -> str:
    """What a screen reader is told when the job's page refreshes: its state in a sentence."""
    if job.state == ReportJobState.DONE:
        return str(_("The report is ready: download the PDF."))
    if job.state == ReportJobState.FAILED:
        return str(_("The report could not be rendered: %(error)s") % {"error": job.error})
    if job.state == ReportJobState.RUNNING:
        return str(
            _("The report is being rendered: %(progress)s %% done.") % {"progress": job.progress}
        )
    return str(_("The report is waiting for the worker."))
