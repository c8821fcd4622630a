"""The admin's register pages: the export buttons of a list, and the import page.

The export honours the admin list the button sits on: its filters, search and order (the
query string is the list's), through that model admin's own queryset, which applies the user's
entity scope; ``render_register`` applies it once more. The import page is the DPO's.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.contrib import admin
from django.contrib.admin.options import IncorrectLookupParameters
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.template.response import TemplateResponse
from django.utils import timezone, translation
from django.utils.http import content_disposition_header
from django.utils.translation import gettext_lazy as _

from compliance import access
from compliance.registers import registry
from compliance.registers.exporting import render_register
from compliance.registers.importing import import_register
from compliance.registers.spreadsheets import FORMATS, UnreadableFile

# The export's own parameter, taken off the query string before the list reads its filters.
AS_OF_PARAM = "_as_of"


def may_import(user: Any) -> bool:
    """Imports write many records at once across entities: the DPO's alone."""
    return access.is_dpo(user)


def export_view(request: HttpRequest, kind: str, fmt: str) -> HttpResponse:
    try:
        spec = registry.get_register(kind)
    except registry.UnknownRegister as exc:
        raise Http404(str(exc)) from exc
    if fmt not in FORMATS:
        raise Http404(f"Unknown format {fmt!r}.")
    model_admin = admin.site._registry.get(spec.model)
    if model_admin is None:
        raise Http404(f"The register {kind!r} has no admin list.")
    if not model_admin.has_view_permission(request):
        raise PermissionDenied
    params = request.GET.copy()
    as_of_text = params.pop(AS_OF_PARAM, [""])[-1]
    try:
        as_of = date.fromisoformat(as_of_text) if as_of_text else timezone.localdate()
    except ValueError:
        return HttpResponseBadRequest(f"{AS_OF_PARAM}: not a date (YYYY-MM-DD).")
    request.GET = params  # type: ignore[assignment]
    try:
        changelist = model_admin.get_changelist_instance(request)
        queryset = changelist.get_queryset(request)
    except IncorrectLookupParameters:
        return HttpResponseBadRequest("The list's filters are not valid.")
    rendered = render_register(
        spec,
        queryset,
        user=request.user,
        fmt=fmt,
        lang=translation.get_language() or "en",
        as_of=as_of,
    )
    response = HttpResponse(rendered.content, content_type=rendered.content_type)
    response["Content-Disposition"] = content_disposition_header(True, rendered.filename)
    return response


class ImportForm(forms.Form):
    kind = forms.ChoiceField(label=_("Register"))
    file = forms.FileField(label=_("File (.xlsx or .csv)"))
    dry_run = forms.BooleanField(
        label=_("Dry run"),
        required=False,
        initial=True,
        help_text=_("Check the file and list what would be created or changed; write nothing."),
    )
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        max_length=200,
        help_text=_("Kept in the history of every record changed. Empty: the file's name."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = []
        for kind in registry.importable_kinds():
            choices.append((kind, str(registry.get_register(kind).title)))
        self.fields["kind"].choices = choices  # type: ignore[attr-defined]


def import_view(request: HttpRequest) -> HttpResponse:
    if not may_import(request.user):
        raise PermissionDenied
    result = None
    problem = ""
    if request.method == "POST":
        form = ImportForm(request.POST, request.FILES)
        if form.is_valid():
            spec = registry.get_register(form.cleaned_data["kind"])
            upload = form.cleaned_data["file"]
            try:
                result = import_register(
                    spec,
                    upload.read(),
                    upload.name,
                    by=request.user,
                    dry_run=form.cleaned_data["dry_run"],
                    reason=form.cleaned_data["reason"],
                )
            except UnreadableFile as exc:
                problem = str(exc)
    else:
        form = ImportForm(initial={"kind": request.GET.get("kind", "")})
    context = {
        **admin.site.each_context(request),
        "title": _("Import a register"),
        "form": form,
        "result": result,
        "problem": problem,
    }
    return TemplateResponse(request, "admin/registers/import.html", context)
