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
    return _condition(model, paths, ids)


def _condition(model: type[models.Model], paths: tuple[str, ...], ids: frozenset[int]) -> Q:
    """Any of ``paths`` from ``model`` leads to one of ``ids``.

    Paths through a reverse foreign key (a breach's ``involvements__entity``) are asked as one
    subquery of the keys in scope, not as joins: a join repeats a record once per related row
    and needs a DISTINCT over every column of the record's query (slow on a register of
    thousands, and wrong under a GROUP BY). The keys are a UNION of one query per path (the
    breaches of the entities, the breaches involving them), which the database sizes right
    and starts from; an OR of the paths it takes for half the table and reads every row of a
    list in its order. Paths sharing a first step are asked through it (a deadline's
    ``incident__entity`` and ``incident__involvements__entity``: its ``incident`` among the
    breaches in scope). Paths of forward foreign keys only are the plain joins they were."""
    if not any(_crosses_reverse(model, path) for path in paths):
        condition = Q()
        for path in paths:
            condition |= Q(**{f"{path}__in": ids})
        return condition
    firsts = {path.partition("__")[0] for path in paths}
    if len(firsts) == 1 and all("__" in path for path in paths):
        first = firsts.pop()
        field = model._meta.get_field(first)
        if field.many_to_one or (field.one_to_one and field.concrete):
            related = cast(type[models.Model], field.related_model)
            further = tuple(path.partition("__")[2] for path in paths)
            return Q(**{f"{first}__in": _keys(related, further, ids)})
    return Q(pk__in=_keys(model, paths, ids))


def _keys(
    model: type[models.Model], paths: tuple[str, ...], ids: frozenset[int]
) -> models.QuerySet[Any]:
    """The keys of ``model``'s records in scope: a UNION of one query per first step."""
    steps: dict[str, list[str]] = {}
    for path in paths:
        first, _sep, rest = path.partition("__")
        steps.setdefault(first, []).append(rest)
    parts: list[models.QuerySet[Any]] = []
    rows = model._base_manager.order_by()
    for first, rests in steps.items():
        further = tuple(r for r in rests if r)
        if "" in rests:
            parts.append(rows.filter(**{f"{first}__in": ids}).values("pk"))
        if not further:
            continue
        field = model._meta.get_field(first)
        related = cast(type[models.Model], field.related_model)
        if field.one_to_many:
            back = field.remote_field.name  # type: ignore[union-attr]
            inner = related._base_manager.order_by().filter(_condition(related, further, ids))
            parts.append(inner.values(back))
        elif field.many_to_many:
            condition = Q()
            for rest in further:
                condition |= Q(**{f"{first}__{rest}__in": ids})
            parts.append(rows.filter(condition).values("pk"))
        else:
            keys = _keys(related, further, ids)
            parts.append(rows.filter(**{f"{first}__in": keys}).values("pk"))
    return parts[0].union(*parts[1:]) if len(parts) > 1 else parts[0]


def _crosses_reverse(model: type[models.Model], path: str) -> bool:
    current = model
    for name in path.split("__"):
        field = current._meta.get_field(name) if name != "pk" else None
        if field is None or not field.is_relation or field.related_model is None:
            return False
        if field.one_to_many:
            return True
        current = field.related_model
    return False


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
    """Whether the scope is a join that may repeat records (kept as it was, with a DISTINCT).
    Paths through a reverse foreign key are asked as a subquery of keys (``_condition``),
    which repeats nothing."""
    paths = scope_paths(model) or ()
    if any(_crosses_reverse(model, path) for path in paths):
        return False
    return any("__" in path for path in paths)


def in_scope(user: Any, obj: models.Model) -> bool:
    condition = scope_filter(type(obj), user)
    if condition is None:
        return True
    return type(obj)._default_manager.filter(condition, pk=obj.pk).exists()
