"""Exporting a register: the records a user may see, as XLSX or CSV.

One entry point for the admin buttons and ``manage.py export_register``: the caller chooses the
queryset (the admin list with its filters, or the whole register of a group), ``render_register``
applies the user's entity scope (``compliance.access``) once more, builds the rows in the file's
language and writes the file.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import models
from django.utils import translation

from compliance import access
from compliance.registers.registry import RegisterKind
from compliance.registers.spreadsheets import CONTENT_TYPES, FORMATS, write_csv, write_xlsx


@dataclass(frozen=True)
class RenderedRegister:
    filename: str
    content: bytes
    content_type: str


def register_queryset(
    spec: RegisterKind, *, user: Any, group_id: int | None = None
) -> models.QuerySet[Any]:
    """Every record of the register that ``user`` may see (None: an operator, everything),
    restricted to one corporate group when ``group_id`` is given."""
    qs = spec.model._default_manager.all()
    if group_id is not None:
        if not spec.group_path:
            raise ValueError(f"The register {spec.kind!r} is not kept per group.")
        qs = qs.filter(**{f"{spec.group_path}__pk": group_id})
        if _crosses_many(spec.model, spec.group_path):
            qs = qs.distinct()
    return qs if user is None else access.scope_queryset(qs, user)


def _crosses_many(model: type[models.Model], path: str) -> bool:
    """Whether the path passes a one-to-many or many-to-many relation (rows would repeat)."""
    for name in path.split("__"):
        field = model._meta.get_field(name)
        if field.one_to_many or field.many_to_many:
            return True
        if field.related_model is None:
            return False
        model = field.related_model
    return False


def headers(spec: RegisterKind, lang: str) -> list[str]:
    with translation.override(lang):
        return [str(c.header) for c in spec.columns]


def render_register(
    spec: RegisterKind,
    queryset: models.QuerySet[Any],
    *,
    user: Any,
    fmt: str,
    lang: str,
    as_of: date,
) -> RenderedRegister:
    """The register file of ``queryset`` (within ``user``'s scope) on ``as_of``."""
    if fmt not in FORMATS:
        raise ValueError(f"Unknown format {fmt!r}; use one of {', '.join(FORMATS)}.")
    scoped = queryset if user is None else access.scope_queryset(queryset, user)
    with translation.override(lang):
        names = [str(c.header) for c in spec.columns]
        rows = list(spec.rows(scoped, as_of))
        title = str(spec.title)
    if fmt == "xlsx":
        content = write_xlsx(title, spec.columns, names, rows)
    else:
        content = write_csv(spec.columns, names, rows)
    filename = f"{spec.kind.replace('_', '-')}-{as_of.isoformat()}-{lang}.{fmt}"
    return RenderedRegister(filename=filename, content=content, content_type=CONTENT_TYPES[fmt])
