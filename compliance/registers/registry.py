"""The register kinds the features contribute: columns, rows, and an optional importer.

A kind is registered once (``register_register``) from the feature's ``registration.py``::

    register_register(
        "entities",
        model=GroupEntity,
        title=_("Group entities"),
        columns=(Column("short_name", _("short name")), ...),
        rows=entity_rows,            # (queryset, as_of) -> one mapping per row, keyed by column
        group_path="group",          # how a record reaches its CorporateGroup (--group ID)
        importer=import_entities,    # optional: (rows, context) -> None, see ``importing``
    )

Cells are typed Python values: ``str``, ``int``, ``bool``, ``date``, ``datetime`` (aware; the
spreadsheet shows UTC), or None for an empty cell. Headers are lazy translations, written in
the language of the export; an import recognises a header in any of the site's languages or by
its key.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any, Literal

from django.db import models
from django.utils.functional import Promise

if TYPE_CHECKING:
    from compliance.registers.importing import ImportContext, ImportRow

CellKind = Literal["text", "date", "datetime", "int", "bool"]
RowsBuilder = Callable[[models.QuerySet[Any], date], Iterable[Mapping[str, Any]]]
Importer = Callable[[Sequence["ImportRow"], "ImportContext"], None]


@dataclass(frozen=True)
class Column:
    """One column: ``key`` is stable (CSV header fallback, import mapping), ``header`` is shown.

    ``imported``: the column is read by the kind's importer (others are exported only, e.g. the
    engine's judgement or the workflow state). ``width`` is the XLSX column width in characters.
    """

    key: str
    header: str | Promise
    kind: CellKind = "text"
    imported: bool = False
    width: int = 18


@dataclass(frozen=True)
class RegisterKind:
    kind: str
    model: type[models.Model]
    title: str | Promise
    columns: tuple[Column, ...]
    rows: RowsBuilder
    group_path: str = ""
    importer: Importer | None = None
    # Model field name -> column key, for errors raised by services (``ValidationError``
    # keyed by field) to name the column of the file.
    field_columns: Mapping[str, str] = field(default_factory=dict)

    def column(self, key: str) -> Column:
        return next(c for c in self.columns if c.key == key)

    @property
    def importable(self) -> bool:
        return self.importer is not None


class UnknownRegister(LookupError):
    """No such register kind; the message lists the known ones."""


_KINDS: dict[str, RegisterKind] = {}


def register_register(
    kind: str,
    *,
    model: type[models.Model],
    title: str | Promise,
    columns: Sequence[Column],
    rows: RowsBuilder,
    group_path: str = "",
    importer: Importer | None = None,
    field_columns: Mapping[str, str] | None = None,
) -> RegisterKind:
    """Make ``kind`` exportable (and importable with ``importer``); registering again replaces."""
    keys = [c.key for c in columns]
    if len(set(keys)) != len(keys):
        raise ValueError(f"register {kind!r} has duplicate column keys")
    spec = RegisterKind(
        kind=kind,
        model=model,
        title=title,
        columns=tuple(columns),
        rows=rows,
        group_path=group_path,
        importer=importer,
        field_columns=dict(field_columns or {}),
    )
    _KINDS[kind] = spec
    return spec


def unregister_register(kind: str) -> None:
    _KINDS.pop(kind, None)


def register_kinds() -> list[str]:
    return sorted(_KINDS)


def importable_kinds() -> list[str]:
    return sorted(k for k, spec in _KINDS.items() if spec.importable)


def get_register(kind: str) -> RegisterKind:
    try:
        return _KINDS[kind]
    except KeyError:
        known = ", ".join(register_kinds()) or "none"
        raise UnknownRegister(f"Unknown register {kind!r}; known registers: {known}.") from None


def kinds_for_model(model: type[models.Model]) -> list[RegisterKind]:
    """The kinds exported from ``model``'s admin list, by name."""
    return [spec for _k, spec in sorted(_KINDS.items()) if spec.model is model]
