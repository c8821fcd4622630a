"""The History pages of every versioned record, and reverting to an earlier version.

django-simple-history's own "Revert" saves the historical row through the admin form for
anyone who may *view* the record, read-only fields included, behind the services' back.
``HistoryAdmin`` (use it instead of ``SimpleHistoryAdmin``) replaces both history views:

- the history list and a version's page answer 404 alike for a missing record and for one
  outside the user's scope (its existence is not shown);
- a version's page is read-only: what the version said, beside what the record says now;
- a revert is a POST with a reason, possible only for a user who may change the record, and
  only where the admin routes it through its feature's service (``revert_through_service``):
  the same version check, recomputation and attribution as an edit, the reason recorded as
  "Reverted to version of <date> by <user>: <reason>". Elsewhere (derived records, reference
  data, records without such a route) the revert is refused with a message.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.admin.utils import flatten_fieldsets, unquote
from django.core.exceptions import FieldDoesNotExist, PermissionDenied, ValidationError
from django.db import models
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django_fsm import FSMField
from simple_history.admin import SimpleHistoryAdmin

from compliance import access
from compliance.workflow.services import EditConflict, TransitionRefused

REVERT_REFUSED = (
    "Reverting is not available for this record: change it on its own page, where the rules "
    "of the change apply."
)


class RevertRefused(Exception):
    """A revert that may not happen, with the reason shown to the user."""


class RevertForm(forms.Form):
    reason = forms.CharField(
        label="Why revert?",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        help_text="Recorded in the history with your name and the version's date.",
    )
    loaded_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def clean_reason(self) -> str:
        value = str(self.cleaned_data["reason"]).strip()
        if not any(ch.isprintable() and not ch.isspace() for ch in value):
            raise ValidationError("Give the reason in words.")
        return value


def revert_reason(version: Any, user: Any, reason: str) -> str:
    return (
        f"Reverted to version of {version.history_date:%Y-%m-%d %H:%M} UTC by "
        f"{user.get_username()}: {reason}"
    )


class HistoryAdmin(SimpleHistoryAdmin):
    """``SimpleHistoryAdmin`` with scope, read-only version pages and reverts through services."""

    object_history_form_template = "admin/history/version.html"

    # --- Looking up the record: the same answer for missing and out of scope ------------------

    def _history_subject(self, request: HttpRequest, object_id: str) -> Any:
        obj = self.get_object(request, unquote(object_id))
        if obj is None or not self.has_view_or_change_permission(request, obj):
            raise Http404
        return obj

    def history_view(
        self, request: HttpRequest, object_id: str, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        try:
            self._history_subject(request, object_id)
        except Http404:
            # A deleted record's history stays readable for those who see every record.
            if not (
                self.has_view_permission(request)
                and access.scope_filter(self.model, request.user) is None
                and self.model.history.filter(
                    **{self.model._meta.pk.attname: unquote(object_id)}
                ).exists()
            ):
                raise
        return super().history_view(request, object_id, extra_context)

    def revert_disabled(self, request: HttpRequest, obj: Any = None) -> bool:
        return not self.may_revert(request, obj)

    # --- Reverting ------------------------------------------------------------------------------

    def may_revert(self, request: HttpRequest, obj: Any) -> bool:
        return (
            obj is not None
            and type(self).revert_through_service is not HistoryAdmin.revert_through_service
            and bool(self.has_change_permission(request, obj))
        )

    def revert_fields(self, request: HttpRequest, obj: Any) -> list[str]:
        """The fields a revert may set: those this user could change on the change page,
        model fields only, never a workflow state (states change through transitions)."""
        readonly = set(self.get_readonly_fields(request, obj))
        names = flatten_fieldsets(self.get_fieldsets(request, obj))
        fields = []
        for name in names:
            if name in readonly:
                continue
            try:
                field = self.model._meta.get_field(name)
            except FieldDoesNotExist:  # a form-only field (loaded_version)
                continue
            if (
                isinstance(field, FSMField)
                or not field.concrete
                or field.many_to_many
                or not field.editable
            ):
                continue
            fields.append(name)
        return fields

    def revert_changes(self, request: HttpRequest, current: Any, version: Any) -> dict[str, Any]:
        changes: dict[str, Any] = {}
        for name in self.revert_fields(request, current):
            field = self.model._meta.get_field(name)
            then = getattr(version, field.attname)
            if then == getattr(current, field.attname):
                continue
            if field.is_relation and then is not None:
                related = field.related_model._default_manager.filter(pk=then).first()
                if related is None:
                    raise RevertRefused(
                        f"The {field.verbose_name} of that version no longer exists."
                    )
                changes[name] = related
            else:
                changes[name] = then
        return changes

    def revert_through_service(
        self,
        request: HttpRequest,
        obj: Any,
        *,
        changes: dict[str, Any],
        reason: str,
        expected_version: int | None,
    ) -> None:
        """Apply ``changes`` to ``obj`` through the feature's service (as an edit by
        ``request.user``, checked against ``expected_version``, recorded with ``reason``).
        Admins that can route a revert override this; the default refuses."""
        raise RevertRefused(REVERT_REFUSED)

    def history_form_view(
        self,
        request: HttpRequest,
        object_id: str,
        version_id: str,
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        current = self._history_subject(request, object_id)
        history = self.model.history
        version = get_object_or_404(
            history,
            **{self.model._meta.pk.attname: current.pk, "history_id": unquote(version_id)},
        )
        may_revert = self.may_revert(request, current)
        back = request.path
        if request.method == "POST":
            if not self.has_change_permission(request, current):
                raise PermissionDenied
            form = RevertForm(request.POST)
            if not may_revert:
                self.message_user(request, REVERT_REFUSED, messages.ERROR)
                return HttpResponseRedirect(back)
            if form.is_valid():
                try:
                    changes = self.revert_changes(request, current, version.instance)
                    if not changes:
                        raise RevertRefused("That version says what the record says now.")
                    self.revert_through_service(
                        request,
                        current,
                        changes=changes,
                        reason=revert_reason(version, request.user, form.cleaned_data["reason"]),
                        expected_version=form.cleaned_data.get("loaded_version"),
                    )
                except (RevertRefused, EditConflict, TransitionRefused) as exc:
                    self.message_user(
                        request, _("Not reverted: %(r)s") % {"r": exc}, messages.ERROR
                    )
                    return HttpResponseRedirect(back)
                except ValidationError as exc:
                    self.message_user(
                        request,
                        _("Not reverted: %(r)s") % {"r": " ".join(exc.messages)},
                        messages.ERROR,
                    )
                    return HttpResponseRedirect(back)
                self.message_user(
                    request,
                    _("Reverted to the version of %(date)s; the reason is in the history.")
                    % {"date": f"{version.history_date:%Y-%m-%d %H:%M} UTC"},
                    messages.SUCCESS,
                )
                info = self.model._meta.app_label, self.model._meta.model_name
                return HttpResponseRedirect(
                    reverse(f"admin:{info[0]}_{info[1]}_change", args=[current.pk])
                )
        else:
            form = RevertForm(initial={"loaded_version": getattr(current, "version", None)})
        return self._version_page(request, current, version, form if may_revert else None)

    def _version_page(
        self, request: HttpRequest, current: Any, version: Any, form: RevertForm | None
    ) -> HttpResponse:
        then = version.instance
        rows = []
        for field in self.model._meta.concrete_fields:
            if field.name in ("id", "version") or not field.editable:
                continue
            old = _display(then, field)
            now = _display(current, field)
            rows.append(
                {"label": field.verbose_name, "then": old, "now": now, "differs": old != now}
            )
        opts = self.model._meta
        context = {
            **self.admin_site.each_context(request),
            "title": _("Version of %(date)s: %(obj)s")
            % {"date": f"{version.history_date:%Y-%m-%d %H:%M} UTC", "obj": current},
            "opts": opts,
            "original": current,
            "version": version,
            "rows": rows,
            "form": form,
            "refusal": None if form is not None else self._refusal(request, current),
            "history_url": reverse(
                f"admin:{opts.app_label}_{opts.model_name}_history", args=[current.pk]
            ),
        }
        return TemplateResponse(request, self.object_history_form_template, context)

    def _refusal(self, request: HttpRequest, current: Any) -> str:
        if not self.has_change_permission(request, current):
            return _("You may read this record, not change it: it cannot be reverted by you.")
        return REVERT_REFUSED


def _display(obj: Any, field: models.Field[Any, Any]) -> str:
    if field.is_relation:
        pk = getattr(obj, field.attname)
        if pk is None:
            return "—"
        related = field.related_model._default_manager.filter(pk=pk).first()  # type: ignore[union-attr]
        return str(related) if related is not None else f"#{pk} (deleted)"
    if field.choices:
        value = getattr(obj, field.attname)
        return str(dict(field.flatchoices).get(value, value))
    value = getattr(obj, field.attname)
    return "—" if value in (None, "") else str(value)
