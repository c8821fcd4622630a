"""Admin building blocks shared by every app: entity scoping and read-only roles."""

from __future__ import annotations

from collections.abc import Generator
from dataclasses import dataclass
from typing import Any, cast

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.core.exceptions import ValidationError
from django.db import models
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_fsm.admin import FSMAdminMixin, FSMObjectTransition, FSMTransitionContext

from compliance import access
from compliance.workflow.services import (
    EditConflict,
    TransitionRefused,
    apply_transition,
    version_problem,
)
from config.security.reauth import reauthentication_redirect, recently_reauthenticated

# Autocomplete fields that choose among every row of the related model, whoever asks, as their
# select did: (app label, model name, field name) of the field the choice is made for.
GROUP_WIDE_CHOICES: set[tuple[str, str, str]] = set()


def choose_group_wide(model: type[models.Model], *fields: str) -> None:
    """Let the autocomplete of ``model``'s ``fields`` offer every related row to every user who
    may open the form: for fields whose plain select was never scoped (a coordinator names the
    other group entities a breach involves), so that turning the select into an autocomplete
    offers the same choices."""
    for name in fields:
        model._meta.get_field(name)  # a typo fails at start-up, not as an empty list
        GROUP_WIDE_CHOICES.add((model._meta.app_label, model._meta.model_name or "", name))


def group_wide_choice(request: HttpRequest) -> bool:
    """Whether ``request`` is the admin's autocomplete for a field of ``GROUP_WIDE_CHOICES``,
    asked by a user who may fill that field in (add or change its model's records), as only
    they were shown its select."""
    match = getattr(request, "resolver_match", None)
    if match is None or match.view_name != "admin:autocomplete":
        return False
    app_label, model_name, field_name = (
        request.GET.get(key, "") for key in ("app_label", "model_name", "field_name")
    )
    if (app_label, model_name, field_name) not in GROUP_WIDE_CHOICES:
        return False
    user = request.user
    return user.has_perm(f"{app_label}.add_{model_name}") or user.has_perm(
        f"{app_label}.change_{model_name}"
    )


def in_scope_of_request(request: HttpRequest, obj: Any) -> bool:
    """``access.in_scope`` asked once per record and request: a change page asks it of its
    record for the page, each inline and each permission (eight times for a breach), and the
    answer cannot change before the response (a coordinator's choices are their own entities).
    A record not saved yet is asked every time."""
    if obj.pk is None:
        return access.in_scope(request.user, obj)
    answers: dict[tuple[str, Any], bool] = request.__dict__.setdefault("_scope_answers", {})
    key = (obj._meta.label, obj.pk)
    if key not in answers:
        answers[key] = access.in_scope(request.user, obj)
    return answers[key]


class EntityScopedAdminMixin:
    """Restrict an admin to the requesting user's entity scope (see ``compliance.access``).

    The changelist, the change/history/delete pages (which look objects up through
    ``get_queryset``), autocomplete results and foreign-key choices are all filtered, so an
    out-of-scope record cannot be reached by typing its URL. The one exception is the
    autocomplete of a field registered with ``choose_group_wide``, which offers what its select
    offered: every row.
    """

    def get_queryset(self, request: HttpRequest) -> models.QuerySet[Any]:
        qs = super().get_queryset(request)  # type: ignore[misc]
        if group_wide_choice(request):
            return qs
        return access.scope_queryset(qs, request.user)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        allowed = bool(super().has_change_permission(request, obj))  # type: ignore[misc]
        return allowed and (obj is None or in_scope_of_request(request, obj))

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        allowed = bool(super().has_view_permission(request, obj))  # type: ignore[misc]
        return allowed and (obj is None or in_scope_of_request(request, obj))

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        allowed = bool(super().has_delete_permission(request, obj))  # type: ignore[misc]
        return allowed and (obj is None or in_scope_of_request(request, obj))

    def action_checkbox(self, obj: Any) -> SafeString:
        """Django's checkbox column, the same markup as its ``CheckboxInput`` gives, written
        directly: a widget rendered through the template engine on every row was a fifth of a
        100-row changelist's time (issue 21)."""
        return format_html(
            '<input type="checkbox" name="{}" value="{}" class="action-select" aria-label="{}">',
            helpers.ACTION_CHECKBOX_NAME,
            str(obj.pk),
            format_html(_("Select this object for an action - {}"), str(obj)),
        )

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        related = db_field.remote_field.model
        if access.scope_paths(related) is not None and "queryset" not in kwargs:
            kwargs["queryset"] = access.scope_queryset(related._default_manager.all(), request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)  # type: ignore[misc]


class ReadOnlyAdmin(admin.ModelAdmin):
    """Records written by the system (reminders, deliveries, evaluations) or loaded from files:
    shown, never added, changed or deleted in the admin."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class ReferenceDataAdmin(ReadOnlyAdmin):
    """Reference data is loaded from versioned files, not typed in: read-only in the admin."""


class WorkflowAdminMixin(FSMAdminMixin):
    """django-fsm-2's transition buttons and forms, routed through our services.

    A transition goes through ``perform_transition`` (by default the generic
    ``apply_transition``; admins override it to call their app's service), so that guards give
    their reason, the event is recorded with its author, and a refusal or a conflict is shown as
    a message a DPO can act on instead of a generic failure.
    """

    fsm_fields = ["state"]
    # name -> the reason a transition cannot be taken yet (None when it can); admins fill it from
    # their service's guards so that the disabled button says what to do first.
    transition_guards: dict[str, Any] = {}
    # django-fsm-2's own messages name the method ("FSM transition 'acknowledge' is not
    # allowed."); ours name the action in the reader's words (see fsm_transition_view).
    fsm_transition_not_allowed_msg = gettext_lazy(
        "This action is not possible for this record now."
    )
    fsm_transition_success_msg = gettext_lazy("Done.")

    def fsm_transition_view(
        self, request: HttpRequest, object_id: str, transition_name: str, **kwargs: Any
    ) -> HttpResponse:
        obj = self.get_object(request, object_id)
        if obj is not None:
            transition = self._get_fsm_transition_by_name(obj=obj, transition_name=transition_name)
            if not transition.has_perm(obj, user=request.user):
                reason = _("Your role may not do this.")
                self.message_user(
                    request, refusal(self.get_fsm_label(transition), reason), messages.ERROR
                )
                opts = self.model._meta
                return HttpResponseRedirect(
                    reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])
                )
        return super().fsm_transition_view(request, object_id, transition_name, **kwargs)

    def perform_transition(
        self, request: HttpRequest, obj: Any, name: str, data: dict[str, Any]
    ) -> None:
        apply_transition(obj=obj, name=name, by=request.user, **data)

    def transition_blocked_reason(self, obj: Any, name: str) -> str:
        """Why the transition ``name`` cannot be taken yet (its conditions are not met)."""
        guard = self.transition_guards.get(name)
        reason = guard(obj) if guard is not None else None
        return str(reason or _("The conditions for this action are not met yet."))

    def transition_warning(self, obj: Any, name: str) -> str:
        """What the user should know before taking ``name`` although it is allowed ("")."""
        return ""

    def _get_fsm_extra_context(
        self, *, request: HttpRequest, obj: Any
    ) -> Generator[FSMObjectTransition, None, None]:
        # django-fsm-2 hides a transition whose conditions fail; a DPO then cannot tell what to
        # do next. Shown disabled with the reason instead, for the roles that may take it.
        for field_name in sorted(self.fsm_fields):
            field = obj._meta.get_field(field_name)
            state = field.get_state(obj)
            shown: list[FSMTransitionContext] = []
            for method in field.transitions[type(obj)].values():
                meta = method._django_fsm
                if not meta.has_transition(state):
                    continue
                transition = meta.get_transition(state)
                if not self.is_fsm_transition_visible(transition):
                    continue
                if not transition.has_perm(obj, request.user):
                    continue
                blocked = not meta.conditions_met(obj, state)
                shown.append(
                    TransitionButton(
                        name=transition.name,
                        label=self.get_fsm_label(transition),
                        help_text=self.get_help_text(transition),
                        disabled_reason=(
                            self.transition_blocked_reason(obj, transition.name) if blocked else ""
                        ),
                        warning="" if blocked else self.transition_warning(obj, transition.name),
                        # A transition with a form opens it directly: a read-only role (Legal
                        # recording its approval) cannot post the change form itself.
                        url=reverse(
                            f"admin:{obj._meta.app_label}_{obj._meta.model_name}_transition",
                            args=[obj.pk, transition.name],
                        )
                        if self.get_fsm_transition_form(transition)
                        else "",
                    )
                )
            if shown:
                yield FSMObjectTransition(
                    fsm_field=field_name,
                    block_label=self.get_fsm_block_label(fsm_field_name=field_name),
                    available_transitions=shown,
                )

    def _get_fsm_transition_func(self, *, obj: Any, transition_name: str) -> Any:
        # A typed or stale action name is a missing page, not a server error.
        try:
            return super()._get_fsm_transition_func(obj=obj, transition_name=transition_name)
        except (AttributeError, TypeError, ValueError):
            raise Http404(
                _("There is no action “%(name)s” on this record.") % {"name": transition_name}
            ) from None

    def _apply_fsm_transition(
        self,
        *,
        obj: Any,
        transition_name: str,
        request: HttpRequest,
        kwargs: Any = None,
    ) -> bool:
        label = self.get_fsm_label(
            self._get_fsm_transition_by_name(obj=obj, transition_name=transition_name)
        )
        if transition_name in DECISIONS and not decision_confirmed(request):
            self.message_user(
                request,
                format_html(
                    '{} <a href="{}">{}</a>',
                    refusal(label, _("An approval is a decision: confirm who you are first.")),
                    reauthentication_url(request, request.get_full_path()),
                    _("Confirm your password"),
                ),
                messages.ERROR,
            )
            return False
        try:
            self.perform_transition(request, obj, transition_name, dict(kwargs or {}))
        except (TransitionRefused, EditConflict) as exc:
            self.message_user(request, refusal(label, str(exc)), messages.ERROR)
            return False
        except ValidationError as exc:
            self.message_user(request, refusal(label, " ".join(exc.messages)), messages.ERROR)
            return False
        self.message_user(request, _("%(action)s: done.") % {"action": label}, messages.SUCCESS)
        return True


@dataclass
class TransitionButton(FSMTransitionContext):
    """One workflow button; ``disabled_reason`` set when it cannot be used yet."""

    disabled_reason: str = ""
    warning: str = ""
    url: str = ""


# Transitions that are decisions of the DPO office (approving a transfer, a TIA, BCRs): they ask
# for a recent re-authentication, like waiving a statutory obligation.
DECISIONS = frozenset({"approve"})


def decision_confirmed(request: HttpRequest) -> bool:
    """Whether the user may take a decision now: re-authenticated within the window, or the
    deployment does not ask (``DPO_DESK_REAUTH_FOR_DECISIONS`` off, as with DJANGO_DEBUG)."""
    if not settings.DPO_DESK_REAUTH_FOR_DECISIONS:
        return True
    return recently_reauthenticated(request)


def reauthentication_url(request: HttpRequest, next_url: str) -> str:
    return str(reauthentication_redirect(request, next_url)["Location"])


def refusal(action: Any, reason: str) -> str:
    """What was refused and why, for the message list (shown with role="alert")."""
    return _("%(action)s: refused. %(reason)s") % {"action": action, "reason": reason}


class ServiceRefusalAdminMixin:
    """A save the service refuses (invalid, or changed meanwhile) comes back as a message."""

    def changeform_view(
        self,
        request: HttpRequest,
        object_id: str | None = None,
        form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        try:
            return super().changeform_view(  # type: ignore[misc]
                request, object_id, form_url, extra_context
            )
        except (EditConflict, ValidationError) as exc:
            text = str(exc) if isinstance(exc, EditConflict) else " ".join(exc.messages)
            self.message_user(  # type: ignore[attr-defined]
                request, _("Not saved: %(reason)s") % {"reason": text}, messages.ERROR
            )
            return HttpResponseRedirect(request.path)


LOADED_VERSION = "loaded_version"


def versioned_form(base: type[forms.ModelForm[Any]]) -> type[forms.ModelForm[Any]]:
    """``base`` with a hidden ``loaded_version``: the version the page was loaded at. ``clean``
    refuses a stale save with the conflict message (the service checks again, atomically)."""
    if LOADED_VERSION in base.declared_fields:
        return base

    def __init__(self: Any, *args: Any, **kwargs: Any) -> None:
        base.__init__(self, *args, **kwargs)
        if self.instance.pk is not None:
            self.fields[LOADED_VERSION].initial = self.instance.version

    def clean(self: Any) -> dict[str, Any]:
        cleaned = base.clean(self) or {}
        problem = version_problem(self.instance, cleaned.get(LOADED_VERSION))
        if problem:
            raise forms.ValidationError(problem, code="conflict")
        return cleaned

    attrs = {
        "__module__": base.__module__,
        LOADED_VERSION: forms.IntegerField(widget=forms.HiddenInput, required=False),
        "__init__": __init__,
        "clean": clean,
    }
    metaclass: Any = type(base)
    return cast(
        "type[forms.ModelForm[Any]]", metaclass(f"Versioned{base.__name__}", (base,), attrs)
    )


class VersionedAdminMixin(ServiceRefusalAdminMixin):
    """Optimistic locking on a change form (``compliance.workflow.models.VersionedModel``).

    The form carries the version it was loaded at; ``save_model`` passes
    ``self.loaded_version(form)`` to the feature's service, whose ``claim_version`` refuses a
    save that would overwrite someone else's. A conflict comes back as a message (the
    form error, or ``ServiceRefusalAdminMixin``'s "Not saved" when the race is lost at the
    last instant), never as a silent overwrite.
    """

    def get_form(
        self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any
    ) -> Any:
        base: Any = kwargs.get("form") or getattr(self, "form", forms.ModelForm)
        kwargs["form"] = versioned_form(base)
        return super().get_form(request, obj, change=change, **kwargs)  # type: ignore[misc]

    def get_fieldsets(self, request: HttpRequest, obj: Any = None) -> Any:
        fieldsets = list(super().get_fieldsets(request, obj))  # type: ignore[misc]
        if obj is None or not fieldsets:
            return fieldsets
        named = [
            name
            for _, options in fieldsets
            for entry in options.get("fields", ())
            for name in (entry if isinstance(entry, (list, tuple)) else (entry,))
        ]
        if LOADED_VERSION in named:
            return fieldsets
        title, options = fieldsets[0]
        first = (title, {**options, "fields": (*options.get("fields", ()), LOADED_VERSION)})
        return [first, *fieldsets[1:]]

    @staticmethod
    def loaded_version(form: Any) -> int | None:
        value = getattr(form, "cleaned_data", {}).get(LOADED_VERSION)
        return int(value) if value is not None else None
