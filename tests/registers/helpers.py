"""Exports and imports as the tests call them: bytes in, rows out."""

from __future__ import annotations

from datetime import date
from typing import Any

from compliance.registers.exporting import register_queryset, render_register
from compliance.registers.importing import ImportResult, import_register
from compliance.registers.registry import get_register
from compliance.registers.spreadsheets import read_table

AS_OF = date(2025, 6, 30)


def export(
    kind: str, *, group_id: int | None = None, fmt: str = "xlsx", user: Any = None, lang: str = "en"
) -> bytes:
    spec = get_register(kind)
    queryset = register_queryset(spec, user=user, group_id=group_id)
    return render_register(spec, queryset, user=user, fmt=fmt, lang=lang, as_of=AS_OF).content


def rows(content: bytes, fmt: str = "xlsx") -> list[dict[str, Any]]:
    table = read_table(content, f"register.{fmt}")
    return [dict(zip(table.headers, cells, strict=False)) for _number, cells in table.rows]


def columns(kind: str, *, imported: bool) -> list[str]:
    return [str(c.header) for c in get_register(kind).columns if c.imported is imported]


def project(table: list[dict[str, Any]], names: list[str]) -> list[tuple[Any, ...]]:
    return [tuple(row[n] for n in names) for row in table]


def run_import(
    kind: str, content: bytes, *, fmt: str = "xlsx", by: Any = None, dry_run: bool = False
) -> ImportResult:
    return import_register(get_register(kind), content, f"{kind}.{fmt}", by=by, dry_run=dry_run)
