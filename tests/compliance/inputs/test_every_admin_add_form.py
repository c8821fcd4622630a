"""Every admin add form saves with valid data, for each role that may add.

The data is that of an existing row of the demo group, as its add form asks for it, with its
identifying texts made new (a second row must not claim the first one's name or number); a few
models whose rules forbid a plain copy get the one change that makes the copy lawful, named
below. Each add must answer with a redirect and create exactly one row."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from types import SimpleNamespace
from typing import Any

import pytest
from django.contrib import admin
from django.urls import reverse
from django.utils import timezone

from tests.compliance.inputs.conftest import ROLES
from tests.compliance.integrity.formdata import page_data
from tests.factories import CorporateGroupFactory

pytestmark = pytest.mark.django_db

# Texts that identify a row: a copy gets a new one.
IDENTIFYING = ("name", "short_name", "legal_name", "reference", "title", "label")
CLEARED = ("registration_id",)


def _bcr(user: Any) -> Any:
    from compliance.bcr.models import BindingCorporateRules

    return BindingCorporateRules.objects.order_by("pk").first()


def _unbound_entity(user: Any) -> Any:
    from compliance.registry.models import GroupEntity
    from tests.factories import GroupEntityFactory

    rules = _bcr(user)
    found = GroupEntity.objects.exclude(bcr_memberships__bcr=rules).order_by("pk").first()
    return found or GroupEntityFactory(group=rules.group, short_name="Newly acquired")


def _visible_entity(user: Any) -> Any:
    from compliance.access import is_coordinator
    from compliance.registry.models import GroupEntity

    if is_coordinator(user):
        return GroupEntity.objects.filter(coordinators=user).order_by("pk").first()
    return GroupEntity.objects.order_by("pk").first()


def _kind_without_policy(user: Any) -> str:
    from compliance.reminders.models import ReminderPolicy

    taken = set(ReminderPolicy.objects.values_list("kind", flat=True))
    return next(k for k in ("EU_GDPR.follow_up", "bcr.custom_check", "x.y") if k not in taken)


# What a plain copy of the example row cannot keep, by model: the value that makes it lawful
# (one open application per kind, one membership per entity, updates after the last one, one
# policy per kind), and for models the demo has no row of, the whole example.
CHANGES: dict[str, Callable[[Any], dict[str, Any]]] = {
    "compliance.BCRApplication": lambda user: {"group": CorporateGroupFactory(name="Acquired")},
    "compliance.BCRMember": lambda user: {
        "entity": _unbound_entity(user),
        "joined_on": timezone.localdate(),
    },
    "compliance.BCRAnnualUpdate": lambda user: {"sent_on": timezone.localdate()},
    "compliance.ReminderPolicy": lambda user: {"kind": _kind_without_policy(user)},
}
EXAMPLES: dict[str, Callable[[Any], dict[str, Any]]] = {
    "compliance.BCRSubstantialChange": lambda user: {
        "bcr": _bcr(user),
        "changed_on": timezone.localdate(),
        "description": "A new processing purpose in the HR system",
        "affects_protection": True,
    },
    "compliance.BCRTrainingRecord": lambda user: {
        "bcr": _bcr(user),
        "entity": _visible_entity(user),
        "held_on": timezone.localdate(),
        "topic": "BCR awareness for new staff",
        "participants": 12,
    },
    "compliance.CalendarToken": lambda user: {"user": user, "label": "office calendar"},
}


class _Changed:
    """An example row seen through its changes."""

    def __init__(self, row: Any, changes: dict[str, Any]) -> None:
        self._row, self._changes = row, changes

    def __getattr__(self, name: str) -> Any:
        if name in self._changes:
            return self._changes[name]
        return getattr(self._row, name)


def _existing_value(obj: Any, name: str) -> Any:
    if not hasattr(obj, name):
        return None
    value = getattr(obj, name)
    if hasattr(value, "all"):
        return [v.pk for v in value.all()]
    if hasattr(value, "pk"):
        return value.pk
    return value


def _fill(form: Any, data: dict[str, Any], obj: Any) -> dict[str, Any]:
    """``data`` (the add page as shown) completed from ``obj`` for every empty field."""
    for name, field in form.fields.items():
        key = form.add_prefix(name)
        widget = field.widget
        if hasattr(widget, "widgets"):
            if any(data.get(f"{key}_{i}") for i in range(len(widget.widgets))):
                continue
            value = _existing_value(obj, name)
            if value is None:
                continue
            for index, part in enumerate(widget.decompress(value)):
                data[f"{key}_{index}"] = widget.widgets[index].format_value(part)
            continue
        if data.get(key) not in (None, "", []):
            continue
        value = _existing_value(obj, name)
        if name in CLEARED or value in (None, ""):
            continue
        if (
            name in IDENTIFYING
            and isinstance(value, str)
            and name not in getattr(obj, "_changes", {})
        ):
            value = f"{value} (copy)"
        if isinstance(value, bool):
            if value:
                data[key] = "on"
        elif isinstance(value, list):
            data[key] = [str(v) for v in value]
        elif isinstance(value, datetime | date):
            data[key] = value.isoformat()
        else:
            data[key] = str(value)
    return data


@pytest.mark.parametrize("role", ROLES)
def test_every_admin_add_form_saves_with_valid_data(
    demo: None, role: str, request: pytest.FixtureRequest, client_for: Any
) -> None:
    user = request.getfixturevalue(role)
    if role == "coordinator_user":
        from compliance.registry.models import GroupEntity

        for entity in GroupEntity.objects.all()[:3]:
            entity.coordinators.add(user)
    client = client_for(user)
    fake = type("R", (), {"user": user})()
    failures: list[str] = []
    added = 0
    for model, model_admin in admin.site._registry.items():
        if not model_admin.has_add_permission(fake):
            continue
        opts = model._meta
        url = reverse(f"admin:{opts.app_label}_{opts.model_name}_add")
        response = client.get(url)
        source = model_admin.get_queryset(fake).order_by("pk").first()
        if opts.label in EXAMPLES:
            source = SimpleNamespace(**EXAMPLES[opts.label](user))
        elif source is not None and opts.label in CHANGES:
            source = _Changed(source, CHANGES[opts.label](user))
        if response.status_code != 200 or source is None:
            failures.append(f"GET {url}: {response.status_code}, example row: {source}")
            continue
        data = _fill(response.context["adminform"].form, page_data(response), source)
        before = model._default_manager.count()
        response = client.post(url, data)
        if response.status_code != 302:
            errors = ""
            if response.context and "adminform" in response.context:
                errors = str(response.context["adminform"].form.errors.as_data())
                for inline in response.context.get("inline_admin_formsets", []):
                    errors += f" {inline.formset.prefix}: {inline.formset.errors}"
                    errors += f" {inline.formset.non_form_errors()}"
            failures.append(f"POST {url}: {response.status_code} {errors}")
        elif model._default_manager.count() != before + 1:
            shown = [str(m) for m in response.wsgi_request._messages]
            failures.append(f"POST {url}: no row added {data} {shown}")
        else:
            added += 1
    assert failures == []
    assert (added > 0) == (role != "legal_user")
