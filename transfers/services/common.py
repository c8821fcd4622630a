"""Helpers every service module shares."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError

from compliance.access import Actor


def attribute(obj: Any, by: Actor | None, reason: str) -> None:
    if getattr(by, "is_authenticated", False):
        obj._history_user = by
    obj._change_reason = reason


def full_clean(obj: Any) -> None:
    # The state is protected (django-fsm) and only changes through transitions; clean_fields
    # would try to assign it.
    exclude = ["state"] if hasattr(obj, "state") else None
    try:
        obj.full_clean(exclude=exclude)
    except ValidationError as exc:
        raise ValidationError(exc.message_dict) from exc
