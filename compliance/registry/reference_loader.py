"""Loading versioned reference data from CSV files: all rows valid, or nothing written.

Each file is described by a ``ReferenceFile``: the model, the natural-key columns and a parser per
column. ``load_reference_data`` parses and validates every row of every file first; if any row
is bad it raises ``ReferenceDataError`` naming each bad row (file, line, column, reason) and writes
nothing. Otherwise it creates missing rows and updates changed ones in one transaction; unchanged
rows are not touched, so a second run changes nothing (and adds no history rows).

Other apps register their files (``transfers`` adds adequacy decisions) from ``AppConfig.ready``.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction

DATA_DIR = Path(__file__).resolve().parent / "reference_data"

Parser = Callable[[str, dict[str, Any]], Any]


class ReferenceDataError(Exception):
    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__(
            "Reference data not loaded; nothing was changed. Fix these rows:\n  "
            + "\n  ".join(problems)
        )


def text(*, required: bool = True, max_length: int | None = None) -> Parser:
    def parse(value: str, known: dict[str, Any]) -> str:
        value = value.strip()
        if required and not value:
            raise ValueError("is empty")
        if max_length is not None and len(value) > max_length:
            raise ValueError(f"is longer than {max_length} characters")
        return value

    return parse


def iso_date(*, required: bool = True) -> Parser:
    def parse(value: str, known: dict[str, Any]) -> date | None:
        value = value.strip()
        if not value:
            if required:
                raise ValueError("is empty; expected a date YYYY-MM-DD")
            return None
        try:
            return date.fromisoformat(value)
        except ValueError:
            raise ValueError(f"{value!r} is not a date YYYY-MM-DD") from None

    return parse


def choice(*values: str) -> Parser:
    def parse(value: str, known: dict[str, Any]) -> str:
        value = value.strip()
        if value not in values:
            raise ValueError(f"{value!r} is not one of {', '.join(values)}")
        return value

    return parse


def boolean() -> Parser:
    def parse(value: str, known: dict[str, Any]) -> bool:
        v = value.strip().lower()
        if v in ("true", "yes", "1"):
            return True
        if v in ("false", "no", "0", ""):
            return False
        raise ValueError(f"{value!r} is not true or false")

    return parse


def country_code(*, required: bool = True) -> Parser:
    """A country code known from countries.csv (or already in the database)."""

    def parse(value: str, known: dict[str, Any]) -> str | None:
        value = value.strip()
        if not value and not required:
            return None
        if value not in known.setdefault("countries", set()):
            raise ValueError(f"unknown country code {value!r} (not in countries.csv)")
        return value

    return parse


@dataclass(frozen=True)
class ReferenceFile:
    filename: str
    model: type[models.Model]
    key: tuple[str, ...]
    columns: dict[str, Parser]
    # model field name for a column, where it differs (e.g. "country" -> "country_id")
    field_names: dict[str, str] = field(default_factory=dict)
    # called after a file parses, to let later files check references to it
    remember: Callable[[list[dict[str, Any]], dict[str, Any]], None] | None = None
    directory: Path = DATA_DIR

    def field(self, column: str) -> str:
        return self.field_names.get(column, column)


REGISTRY: list[ReferenceFile] = []


def register(spec: ReferenceFile) -> None:
    if all(s.filename != spec.filename for s in REGISTRY):
        REGISTRY.append(spec)


@dataclass
class LoadReport:
    created: dict[str, int] = field(default_factory=dict)
    updated: dict[str, int] = field(default_factory=dict)
    unchanged: dict[str, int] = field(default_factory=dict)

    @property
    def changed(self) -> int:
        return sum(self.created.values()) + sum(self.updated.values())

    def lines(self) -> list[str]:
        return [
            f"{name}: {self.created.get(name, 0)} created, {self.updated.get(name, 0)} updated, "
            f"{self.unchanged.get(name, 0)} unchanged"
            for name in self.unchanged
        ]


def _read_text(path: Path, problems: list[str]) -> str | None:
    """The file's text: UTF-8, with or without the byte-order mark spreadsheets write
    ("CSV UTF-8" in Excel). Anything else is named, with where it stops being UTF-8."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        problems.append(f"{path.name}: cannot be read ({exc.strerror})")
        return None
    if b"\x00" in data:
        problems.append(
            f"{path.name}: is not a text file (it contains NUL bytes); save the sheet as "
            '"CSV UTF-8 (comma delimited)"'
        )
        return None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        problems.append(
            f"{path.name} line {line}: is not UTF-8 (byte 0x{data[exc.start]:02X} at offset "
            f"{exc.start}; perhaps Latin-1 or Windows-1252); save the file as "
            '"CSV UTF-8 (comma delimited)"'
        )
        return None


def _parse_file(
    spec: ReferenceFile, path: Path, known: dict[str, Any], problems: list[str]
) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    text = _read_text(path, problems)
    if text is None:
        return rows
    with io.StringIO(text, newline="") as handle:
        reader = csv.DictReader(handle)
        missing = [c for c in spec.columns if c not in (reader.fieldnames or [])]
        if missing:
            problems.append(f"{path.name} line 1: missing column(s) {', '.join(missing)}")
            return rows
        seen: dict[tuple[Any, ...], int] = {}
        for record in reader:
            line = reader.line_num
            if None in record or any(v is None for v in record.values()):
                problems.append(f"{path.name} line {line}: wrong number of fields")
                continue
            row, ok = {}, True
            for column, parse in spec.columns.items():
                try:
                    row[spec.field(column)] = parse(record[column], known)
                except ValueError as exc:
                    problems.append(f"{path.name} line {line}, column {column}: {exc}")
                    ok = False
            if not ok:
                continue
            key = tuple(row[spec.field(k)] for k in spec.key)
            if key in seen:
                problems.append(
                    f"{path.name} line {line}: duplicate of line {seen[key]} "
                    f"({', '.join(spec.key)} = {', '.join(map(str, key))})"
                )
                continue
            seen[key] = line
            row["__line__"] = line
            rows.append(row)
    return rows


def _validate_instances(
    spec: ReferenceFile, rows: list[dict[str, Any]], problems: list[str]
) -> None:
    exclude = {f.name for f in spec.model._meta.fields if f.is_relation} | {"id"}
    for row in rows:
        instance = spec.model(**{k: v for k, v in row.items() if k != "__line__"})
        try:
            instance.full_clean(exclude=exclude, validate_unique=False, validate_constraints=True)
        except ValidationError as exc:
            for column, messages in exc.message_dict.items():
                where = "" if column == "__all__" else f", column {column}"
                problems.append(
                    f"{spec.filename} line {row['__line__']}{where}: {' '.join(messages)}"
                )


def load_reference_data(
    specs: list[ReferenceFile] | None = None, *, directory: Path | None = None
) -> LoadReport:
    specs = list(REGISTRY if specs is None else specs)
    known: dict[str, Any] = {}
    problems: list[str] = []
    parsed: list[tuple[ReferenceFile, list[dict[str, Any]]]] = []
    for spec in specs:
        rows = _parse_file(spec, (directory or spec.directory) / spec.filename, known, problems)
        if spec.remember is not None:
            spec.remember(rows, known)
        _validate_instances(spec, rows, problems)
        parsed.append((spec, rows))
    if problems:
        raise ReferenceDataError(problems)
    report = LoadReport()
    with transaction.atomic():
        for spec, rows in parsed:
            _upsert(spec, rows, report)
    return report


def _upsert(spec: ReferenceFile, rows: list[dict[str, Any]], report: LoadReport) -> None:
    name = spec.filename
    report.created[name] = report.updated[name] = report.unchanged[name] = 0
    key_fields = [spec.field(k) for k in spec.key]
    existing = {
        tuple(getattr(obj, f) for f in key_fields): obj for obj in spec.model._default_manager.all()
    }
    for row in rows:
        values = {k: v for k, v in row.items() if k != "__line__"}
        key = tuple(values[f] for f in key_fields)
        obj = existing.get(key)
        if obj is None:
            obj = spec.model(**values)
            obj._change_reason = f"load_reference_data: {name} line {row['__line__']}"  # type: ignore[attr-defined]
            obj.save()
            report.created[name] += 1
            continue
        changed = {f: v for f, v in values.items() if getattr(obj, f) != v}
        if not changed:
            report.unchanged[name] += 1
            continue
        for f, v in changed.items():
            setattr(obj, f, v)
        obj._change_reason = f"load_reference_data: {name} line {row['__line__']}"  # type: ignore[attr-defined]
        obj.save()
        report.updated[name] += 1
