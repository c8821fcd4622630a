"""Who may see and change which records: the entity scope of coordinators.

DPO staff and superusers see everything; Legal sees everything read-only; an entity coordinator
sees the records of the entities assigned to them and nothing else. Enforced here in querysets and
object checks, which the admin, reports and feeds all go through, not merely by hiding links.

A model opts in with ``entity_scope``: a tuple of paths from the model to ``GroupEntity``
(``("pk",)`` for the entity itself, ``("entity",)`` for a breach, ``("exporter", "importer")`` for
a transfer). A record is in a coordinator's scope when any of the paths leads to one of their
entities.
"""

from __future__ import annotations

from typing import Any, TypeAlias, TypeVar, cast

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser, User
from django.db import models
from django.db.models import Q

from compliance.choices import COORDINATOR_GROUP, DPO_GROUP, LEGAL_GROUP

M = TypeVar("M", bound=models.Model)

# The person a service acts for: recorded as the author of the change and its events. None where
# the system acts on its own (the engine's recomputation, a data load from the command line).
# (``request.user`` is of this type; the admin only lets signed-in staff reach a service.)
Actor: TypeAlias = AbstractBaseUser | AnonymousUser


def recorded_person(by: Actor | None) -> User | None:
    """The user to store as the author of a record: None for the system or an anonymous actor
    (a record never points at an anonymous user)."""
    if by is None or not by.is_authenticated:
        return None
    return cast(User, by)


def _group_names(user: Any) -> frozenset[str]:
    cached = getattr(user, "_dpo_desk_groups", None)
    if cached is None:
        if not getattr(user, "is_authenticated", False):
            cached = frozenset()
        else:
            cached = frozenset(user.groups.values_list("name", flat=True))
        user._dpo_desk_groups = cached
    return cached


def is_dpo(user: Any) -> bool:
    return bool(getattr(user, "is_superuser", False)) or DPO_GROUP in _group_names(user)


def is_legal(user: Any) -> bool:
    return LEGAL_GROUP in _group_names(user)


def is_coordinator(user: Any) -> bool:
    return COORDINATOR_GROUP in _group_names(user)


def sees_everything(user: Any) -> bool:
    return is_dpo(user) or is_legal(user)


def may_edit_everything(user: Any) -> bool:
    return is_dpo(user)


def scope_paths(model: type[models.Model]) -> tuple[str, ...] | None:
    paths = getattr(model, "entity_scope", None)
    return tuple(paths) if paths is not None else None


def coordinated_entity_ids(user: Any) -> frozenset[int]:
    cached = getattr(user, "_dpo_desk_entity_ids", None)
    if cached is None:
        cached = (
            frozenset(user.coordinated_entities.values_list("pk", flat=True))
            if getattr(user, "is_authenticated", False)
            else frozenset()
        )
        user._dpo_desk_entity_ids = cached
    return cached


def scope_filter(model: type[models.Model], user: Any) -> Q | None:
    """The filter restricting ``model`` to ``user``'s scope; None means unrestricted."""
    if sees_everything(user):
        return None
    paths = scope_paths(model)
    ids = coordinated_entity_ids(user) if is_coordinator(user) else frozenset()
    if paths is None or not ids:
        # Unscoped models are reference data (readable per model permission); scoped ones with
        # no entity assigned show nothing.
        return None if paths is None else Q(pk__in=[])
    condition = Q()
    for path in paths:
        condition |= Q(**{f"{path}__in": ids})
    return condition


def scope_queryset(queryset: models.QuerySet[M], user: Any) -> models.QuerySet[M]:
    condition = scope_filter(queryset.model, user)
    if condition is None:
        return queryset
    return (
        queryset.filter(condition).distinct()
        if _crosses_many(queryset.model)
        else (queryset.filter(condition))
    )


def _crosses_many(model: type[models.Model]) -> bool:
    return any("__" in p for p in scope_paths(model) or ())


def in_scope(user: Any, obj: models.Model) -> bool:
    condition = scope_filter(type(obj), user)
    if condition is None:
        return True
    return type(obj)._default_manager.filter(condition, pk=obj.pk).exists()
