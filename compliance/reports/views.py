"""Report downloads from the admin: a small form (language, as-of date, for some kinds the start
of the period), then the PDF.

Thin by design: parse the form, check the permission, call ``registry.render_report``. The
admin wires it per model (``CorporateGroupAdmin.get_urls``) so that the record is looked up
through that admin's queryset and object permissions, the same scope as its change page.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from typing import Any

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.http import content_disposition_header
from django.utils.translation import gettext_lazy as _

from compliance.reports import jobs, registry
from compliance.reports.pdf import REPORT_LANGUAGES, render_html, render_html_to_pdf


def may_export(user: Any) -> bool:
    """DPO and Legal export reports; coordinators and other staff do not."""
    return bool(user.has_perm(registry.EXPORT_PERMISSION))


class ExportReportForm(forms.Form):
    lang = forms.ChoiceField(
        label=_("Language"),
        choices=[(code, name) for code, name in settings.LANGUAGES if code in REPORT_LANGUAGES],
    )
    period_start = forms.DateField(
        label=_("Period from"),
        required=False,
        help_text=_("First day of the period. Empty means twelve months before its end."),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    as_of = forms.DateField(
        label=_("Data as of"),
        required=False,
        help_text=_("Entities active on this date are printed. Empty means today."),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def __init__(self, *args: Any, spec: registry.ReportKind, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.spec = spec
        if spec.as_of_help:
            self.fields["as_of"].help_text = str(spec.as_of_help)
        if spec.period:
            self.fields["as_of"].label = _("Period to (data as of)")
            self.fields["as_of"].help_text = _("Last day of the period. Empty means today.")
        else:
            del self.fields["period_start"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if "as_of" in data:
            data["as_of"] = data["as_of"] or timezone.localdate()
            try:
                registry.check_period(
                    self.spec,
                    data.get("period_start"),
                    data["as_of"],
                    today=timezone.localdate(),
                )
            except registry.InvalidPeriod as exc:
                self.add_error(exc.field, str(exc))
        return data


def export_view(model_admin: admin.ModelAdmin[Any], kind: str) -> Callable[..., HttpResponse]:
    """The export view of report ``kind`` for the records of ``model_admin``.

    Wire it in the admin's ``get_urls`` as ``self.admin_site.admin_view(export_view(self,
    "group_status"))`` under ``<path:object_id>/...``.
    """

    # Outside the request transaction (ATOMIC_REQUESTS): rendering takes seconds, and on SQLite
    # (BEGIN IMMEDIATE) an open transaction would hold the write lock, stalling every writer.
    @transaction.non_atomic_requests
    def view(request: HttpRequest, object_id: str) -> HttpResponse:
        return export_report_view(request, object_id, kind=kind, model_admin=model_admin)

    return view


def export_kind_view(model_admin: admin.ModelAdmin[Any]) -> Callable[..., HttpResponse]:
    """The export view of every report kind of ``model_admin``'s model, the kind taken from the
    URL (``<path:object_id>/export/<slug:kind>/``): kinds other apps register (the transfer
    register of a group) get their download without ``compliance`` naming them."""

    @transaction.non_atomic_requests
    def view(request: HttpRequest, object_id: str, kind: str) -> HttpResponse:
        if kind not in kinds_for(model_admin.model):
            raise Http404
        return export_report_view(request, object_id, kind=kind, model_admin=model_admin)

    return view


def kinds_for(model: type[Any]) -> list[str]:
    """The registered report kinds whose record is a ``model``."""
    return [k for k in registry.report_kinds() if registry.get_report(k).model is model]


def export_report_view(
    request: HttpRequest,
    object_id: str,
    *,
    kind: str,
    model_admin: admin.ModelAdmin[Any],
) -> HttpResponse:
    """GET: the form. POST (CSRF-protected): the PDF download, or a background job when the
    report is large: by its kind's threshold (``jobs.renders_in_background``, known before the
    context is built) or by the length of its HTML (``jobs.renders_in_request``), so that no
    report holds a request for more than about two seconds of layout.

    A POST because an export is an action with effects (a report job, the render's load, the
    record of who exported what): a link or an image on another site cannot start one.
    """
    if not may_export(request.user):
        raise PermissionDenied
    obj = model_admin.get_object(request, object_id)
    if obj is None or not model_admin.has_view_permission(request, obj):
        raise Http404
    spec = registry.get_report(kind)
    bound = request.method == "POST"
    form = ExportReportForm(
        request.POST if bound else None,
        initial={"lang": _default_language(), "as_of": None},
        spec=spec,
    )
    if bound and form.is_valid():
        lang = form.cleaned_data["lang"]
        as_of = form.cleaned_data["as_of"]
        period_start = form.cleaned_data.get("period_start")
        if jobs.renders_in_background(
            kind, obj, user=request.user, as_of=as_of, period_start=period_start
        ):
            return _start_background_job(
                request, kind=kind, obj=obj, lang=lang, as_of=as_of, period_start=period_start
            )
        _spec, _obj, report_context = registry.report_context(
            spec, obj=obj, user=request.user, lang=lang, as_of=as_of, period_start=period_start
        )
        html = render_html(spec.template, report_context, lang=lang)
        if not jobs.renders_in_request(html):
            # Any kind, whatever made it long (a thousand-line description in a notification):
            # the layout would hold the request for seconds.
            return _start_background_job(
                request, kind=kind, obj=obj, lang=lang, as_of=as_of, period_start=period_start
            )
        response = HttpResponse(render_html_to_pdf(html), content_type="application/pdf")
        response["Content-Disposition"] = content_disposition_header(
            as_attachment=True, filename=spec.filename(obj, as_of, lang)
        )
        tell_download_arrived(request, response)
        return response
    context = {
        **model_admin.admin_site.each_context(request),
        "title": _("Export: %(report)s") % {"report": spec.title},
        "description": spec.description,
        "opts": model_admin.opts,
        "original": obj,
        "form": form,
    }
    templates = [
        f"admin/{obj._meta.app_label}/{obj._meta.model_name}/export_report.html",
        # Generic over the model; the first report's template is every later one's fallback.
        "admin/compliance/corporategroup/export_report.html",
    ]
    return TemplateResponse(request, templates, context)


def _start_background_job(
    request: HttpRequest,
    *,
    kind: str,
    obj: Any,
    lang: str,
    as_of: date,
    period_start: date | None,
) -> HttpResponse:
    """A report too large to render within a request: queue it, show its job page."""
    job = jobs.start_report_job(
        kind=kind, obj=obj, user=request.user, lang=lang, as_of=as_of, period_start=period_start
    )
    messages.info(
        request,
        _(
            "This report is large, so it is prepared in the background. This page shows its "
            "progress and, when it is ready, the download link."
        ),
    )
    return HttpResponseRedirect(reverse("admin:compliance_reportjob_change", args=[job.pk]))


def _default_language() -> str:
    current = translation.get_language() or "en"
    return current if current in REPORT_LANGUAGES else "en"


DOWNLOAD_TOKEN = re.compile(r"[0-9a-z]{1,40}")


def tell_download_arrived(request: HttpRequest, response: HttpResponse) -> None:
    """Let the export form's script know that its download has arrived: the form posts a random
    ``download_token`` and the response sets it as the cookie ``dpo_download``
    (``static/dpo_desk/feedback.js``). Not a secret; anything but a short token is ignored."""
    token = request.POST.get("download_token", "")
    if DOWNLOAD_TOKEN.fullmatch(token):
        response.set_cookie(
            "dpo_download", token, max_age=60, samesite="Strict", secure=request.is_secure()
        )
