"""Applying workflow transitions and versioned saves, the same way for every workflow."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.db.models import F
from django.utils import timezone
from django_fsm import ConcurrentTransition, TransitionNotAllowed, can_proceed

from compliance.access import Actor, recorded_person
from compliance.workflow.models import WorkflowEvent


class TransitionRefused(Exception):
    """A transition that may not happen now, with the reason a DPO can act on."""


class EditConflict(Exception):
    """Someone else saved the record since it was loaded: the save is refused, nothing lost."""


def record_event(
    *,
    subject: models.Model,
    transition: str,
    from_state: str,
    to_state: str,
    by: Actor | None = None,
    note: str = "",
    details: dict[str, Any] | None = None,
) -> WorkflowEvent:
    return WorkflowEvent.objects.create(
        content_type=ContentType.objects.get_for_model(type(subject)),
        object_id=subject.pk,
        transition=transition,
        from_state=from_state,
        to_state=to_state,
        at=timezone.now(),
        by=recorded_person(by),
        note=note,
        details=details or {},
    )


@transaction.atomic
def apply_transition(
    *,
    obj: Any,
    name: str,
    by: Actor | None = None,
    note: str = "",
    guard: Callable[[], str | None] | None = None,
    field: str = "state",
    **kwargs: Any,
) -> WorkflowEvent:
    """Run the transition method ``name`` on ``obj``, save it and record the event.

    Refusals carry a reason: the guard's message, the missing permission, or "not from this
    state". A concurrent transition of the same record (another user was faster) is refused by
    ``ConcurrentTransitionMixin`` and reported as a conflict.
    """
    method = getattr(obj, name, None)
    if method is None or not hasattr(method, "_django_fsm"):
        raise TransitionRefused(f"{name} is not an action of {obj._meta.verbose_name}.")
    before = getattr(obj, field)
    if not can_proceed(method, check_conditions=False):
        state = obj.get_state_display() if hasattr(obj, "get_state_display") else before
        raise TransitionRefused(f"Not possible while the {obj._meta.verbose_name} is {state}.")
    meta = method._django_fsm
    if by is not None and not meta.has_transition_perm(obj, before, by):
        raise TransitionRefused("You do not have permission for this action.")
    if guard is not None and (problem := guard()):
        raise TransitionRefused(problem)
    if not can_proceed(method):
        raise TransitionRefused("The conditions for this action are not met.")
    try:
        method(**kwargs)
        if hasattr(obj, "version"):
            # Transitions of the same record are serialised by ConcurrentTransitionMixin (the
            # UPDATE checks the state it started from); the version tells open forms they are stale.
            obj.version += 1
        obj.save()
    except TransitionNotAllowed as exc:
        # django-fsm's own text names methods and states in code; say it in the user's words.
        state = obj.get_state_display() if hasattr(obj, "get_state_display") else before
        raise TransitionRefused(
            f"Not possible while the {obj._meta.verbose_name} is {state}."
        ) from exc
    except ConcurrentTransition as exc:
        raise EditConflict(
            "Someone else changed this record's state a moment ago; reload the page and check "
            "it before trying again."
        ) from exc
    return record_event(
        subject=obj,
        transition=name,
        from_state=str(before),
        to_state=str(getattr(obj, field)),
        by=by,
        note=note,
        details={k: _jsonable(v) for k, v in kwargs.items()},
    )


def _jsonable(value: Any) -> Any:
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if isinstance(value, models.Model):
        return str(value)
    return value


def claim_version(obj: models.Model, expected_version: int) -> None:
    """Bump the version if it is still ``expected_version``, else refuse with a clear message.

    Call inside the transaction that then saves ``obj``: the conditional UPDATE both checks and
    locks the row, so of two editors who loaded the same version only the first one wins.
    """
    model = type(obj)
    updated = model._default_manager.filter(pk=obj.pk, version=expected_version).update(
        version=F("version") + 1
    )
    if not updated:
        raise EditConflict(conflict_message(obj))
    obj.version = expected_version + 1  # type: ignore[attr-defined]


def version_problem(obj: models.Model, loaded_version: int | None) -> str | None:
    """The conflict message when ``obj`` was saved since ``loaded_version`` was loaded, else
    None (also for a new record, or a form that carried no version)."""
    if obj.pk is None or loaded_version is None:
        return None
    model = type(obj)
    current = model._default_manager.filter(pk=obj.pk).values_list("version", flat=True).first()
    if current is None or current == loaded_version:
        return None
    return conflict_message(obj)


def conflict_message(obj: models.Model) -> str:
    model = type(obj)
    latest = model.history.filter(id=obj.pk).first() if hasattr(model, "history") else None
    who = f" by {latest.history_user}" if latest is not None and latest.history_user else ""
    when = f" at {latest.history_date:%Y-%m-%d %H:%M} UTC" if latest is not None else ""
    return (
        f"This {model._meta.verbose_name} was changed{who}{when} after you opened it. Your "
        "changes were not saved; reload the page to see the current version."
    )


@transaction.atomic
def save_versioned(
    obj: models.Model,
    *,
    expected_version: int | None,
    by: Actor | None = None,
    reason: str = "",
) -> models.Model:
    """Save a versioned record that has no service of its own (the group, a reminder policy):
    refused with ``EditConflict`` when it was saved since ``expected_version``; attributed."""
    if obj.pk is not None and expected_version is not None:
        claim_version(obj, expected_version)
    person = recorded_person(by)
    if person is not None:
        obj._history_user = person  # type: ignore[attr-defined]
    if reason:
        obj._change_reason = reason  # type: ignore[attr-defined]
    obj.full_clean()
    obj.save()
    return obj
