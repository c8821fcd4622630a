"""Importing a register from XLSX or CSV: validated by the feature's services, all or nothing.

``import_register(spec, content, filename, by=..., dry_run=...)`` reads the file, maps its
headers to the kind's columns (by key, or by the header in any of the site's languages), parses
each cell by the column's type and hands the rows to the kind's importer inside one transaction.
The importer looks each row up by its natural key and creates or changes the record through the
same service as the admin form, reporting per row what it did (``ImportContext.created`` /
``changed`` / ``unchanged``); a ``ValidationError`` from a service becomes an error naming the
row and the column (``ImportContext.attempt``). When any row has an error, or on a dry run,
the transaction is rolled back: nothing is written, and the result lists what would have been.

A row whose values equal the record's is left alone (no save, no history row), so importing
the same file twice changes nothing. Every save records ``reason`` (by default "Imported from
<file>") as the history's change reason.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, TypeVar

from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db import IntegrityError, models, transaction
from django.utils import translation
from django.utils.translation import gettext

from compliance import access
from compliance.access import Actor
from compliance.registers.registry import Column, RegisterKind
from compliance.registers.spreadsheets import Table, read_table

T = TypeVar("T")

CREATED, CHANGED, UNCHANGED = "created", "changed", "unchanged"
_TRUE = {"true", "yes", "y", "1", "x", "ja", "wahr", "はい", "有", "○"}
_FALSE = {"false", "no", "n", "0", "nein", "falsch", "いいえ", "無", "×"}


@dataclass(frozen=True)
class RowError:
    """What is wrong, where: ``row`` is the spreadsheet row (the header is row 1), ``column``
    the column's header as written in the file ("" for the row as a whole)."""

    row: int
    column: str
    message: str

    def __str__(self) -> str:
        where = gettext("row %(row)s") % {"row": self.row}
        if self.column:
            where += ", " + gettext("column “%(column)s”") % {"column": self.column}
        return f"{where}: {self.message}"


@dataclass(frozen=True)
class RowOutcome:
    row: int
    action: str  # created, changed or unchanged
    label: str
    changes: tuple[str, ...] = ()

    def __str__(self) -> str:
        verb = {
            CREATED: gettext("created"),
            CHANGED: gettext("changed"),
            UNCHANGED: gettext("unchanged"),
        }[self.action]
        text = gettext("row %(row)s") % {"row": self.row} + f": {self.label} — {verb}"
        return text + (f" ({', '.join(self.changes)})" if self.changes else "")


@dataclass(frozen=True)
class ImportRow:
    """One data row: its spreadsheet row number and its parsed values by column key (only the
    columns the file has; an empty cell is None for dates, numbers and yes/no, "" for text)."""

    number: int
    values: Mapping[str, Any]

    def has(self, key: str) -> bool:
        return key in self.values

    def get(self, key: str, default: Any = None) -> Any:
        return self.values.get(key, default)

    def text(self, key: str) -> str:
        value = self.values.get(key)
        return "" if value is None else str(value)


@dataclass
class ImportContext:
    spec: RegisterKind
    by: Actor | None
    reason: str
    dry_run: bool
    file_headers: dict[str, str] = field(default_factory=dict)  # column key -> header in file
    outcomes: list[RowOutcome] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)

    def column_name(self, key: str) -> str:
        if not key:
            return ""
        if key in self.file_headers:
            return self.file_headers[key]
        try:
            return str(self.spec.column(key).header)
        except StopIteration:
            return key

    def error(self, row: int, key: str, message: str) -> None:
        self.errors.append(RowError(row=row, column=self.column_name(key), message=message))

    def record(self, row: int, action: str, label: str, changes: Sequence[str] = ()) -> None:
        self.outcomes.append(
            RowOutcome(row=row, action=action, label=label, changes=tuple(changes))
        )

    def attempt(self, row: int, write: Callable[[], T]) -> T | None:
        """Run ``write`` in a savepoint; a ``ValidationError`` becomes errors naming the row and
        the columns of the fields at fault, and the row's writes are undone. None on error."""
        try:
            with transaction.atomic():
                return write()
        except ValidationError as exc:
            self.validation_error(row, exc)
        except IntegrityError as exc:
            self.error(row, "", str(exc))
        return None

    def validation_error(self, row: int, exc: ValidationError) -> None:
        if hasattr(exc, "error_dict"):
            for name, messages in exc.message_dict.items():
                key = "" if name == NON_FIELD_ERRORS else self.spec.field_columns.get(name, name)
                for message in messages:
                    self.error(row, key, message)
        else:
            for message in exc.messages:
                self.error(row, "", message)


@dataclass(frozen=True)
class ImportResult:
    kind: str
    filename: str
    dry_run: bool
    outcomes: tuple[RowOutcome, ...]
    errors: tuple[RowError, ...]

    @property
    def applied(self) -> bool:
        """Whether the file was written: not a dry run and no error anywhere."""
        return not self.dry_run and not self.errors

    def count(self, action: str) -> int:
        return sum(1 for o in self.outcomes if o.action == action)

    def summary(self) -> str:
        counts = gettext("%(created)s created, %(changed)s changed, %(unchanged)s unchanged") % {
            "created": self.count(CREATED),
            "changed": self.count(CHANGED),
            "unchanged": self.count(UNCHANGED),
        }
        if self.errors:
            return gettext("%(count)s error(s): nothing was imported.") % {
                "count": len(self.errors)
            }
        if self.dry_run:
            return gettext("Dry run, nothing written: %(counts)s.") % {"counts": counts}
        return gettext("Imported: %(counts)s.") % {"counts": counts}


def header_names(column: Column) -> set[str]:
    """How a column may be headed in a file: its key, or its header in any site language."""
    names = {column.key.casefold()}
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            names.add(str(column.header).strip().casefold())
    return names


def parse_cell(column: Column, value: Any) -> Any:
    """The typed value of a cell; ``ValueError`` with a message for the user when it is not."""
    if isinstance(value, str):
        value = value.strip()
        if value == "":
            value = None
    if column.kind == "text":
        if value is None:
            return ""
        if isinstance(value, float) and value.is_integer():
            return str(int(value))
        if isinstance(value, datetime | date):
            return value.isoformat()
        return str(value)
    if value is None:
        return None
    if column.kind == "date":
        if isinstance(value, datetime):
            return value.date()
        if isinstance(value, date):
            return value
        try:
            return date.fromisoformat(str(value)[:10])
        except ValueError:
            raise ValueError(
                gettext("“%(value)s” is not a date (YYYY-MM-DD).") % {"value": value}
            ) from None
    if column.kind == "bool":
        if isinstance(value, bool):
            return value
        if isinstance(value, int | float) and value in (0, 1):
            return bool(value)
        word = str(value).casefold()
        if word in _TRUE:
            return True
        if word in _FALSE:
            return False
        raise ValueError(gettext("“%(value)s” is not yes or no.") % {"value": value})
    if column.kind == "int":
        if isinstance(value, int | float) and float(value).is_integer():
            return int(value)
        try:
            return int(str(value))
        except ValueError:
            raise ValueError(
                gettext("“%(value)s” is not a whole number.") % {"value": value}
            ) from None
    raise ValueError(gettext("This column cannot be imported."))


def _map_headers(
    spec: RegisterKind, table: Table, context: ImportContext
) -> dict[int, Column] | None:
    known: dict[str, Column] = {}
    for column in spec.columns:
        for name in header_names(column):
            known.setdefault(name, column)
    mapping: dict[int, Column] = {}
    for index, header in enumerate(table.headers):
        if not header:
            continue
        found = known.get(header.casefold())
        if found is None:
            context.errors.append(
                RowError(
                    row=1,
                    column=header,
                    message=gettext("This is not a column of the register “%(title)s”.")
                    % {"title": spec.title},
                )
            )
            continue
        if found.key in context.file_headers:
            context.errors.append(
                RowError(row=1, column=header, message=gettext("This column appears twice."))
            )
            continue
        context.file_headers[found.key] = header
        mapping[index] = found
    return None if context.errors else mapping


def _parse_rows(
    table: Table, mapping: dict[int, Column], context: ImportContext
) -> list[ImportRow]:
    rows = []
    for number, cells in table.rows:
        values: dict[str, Any] = {}
        ok = True
        for index, column in mapping.items():
            if not column.imported:
                continue  # exported for reading (judgement, state): not taken from the file
            raw = cells[index] if index < len(cells) else None
            try:
                values[column.key] = parse_cell(column, raw)
            except ValueError as exc:
                context.error(number, column.key, str(exc))
                ok = False
        if ok:
            rows.append(ImportRow(number=number, values=values))
    return rows


def import_register(
    spec: RegisterKind,
    content: bytes,
    filename: str,
    *,
    by: Actor | None,
    dry_run: bool = False,
    reason: str = "",
) -> ImportResult:
    """Import ``content`` (the bytes of ``filename``, .xlsx or .csv) into the register ``spec``.

    ``by``: the person importing (None: an operator on the command line); the importer may
    refuse rows outside their scope. ``UnreadableFile`` when the file cannot be read at all.
    """
    if spec.importer is None:
        raise ValueError(f"The register {spec.kind!r} cannot be imported.")
    if by is not None and not access.is_dpo(by):
        raise PermissionDenied("Imports are the DPO's: they write across entities.")
    table = read_table(content, filename)
    context = ImportContext(
        spec=spec,
        by=by,
        reason=reason or f"Imported from {filename}",
        dry_run=dry_run,
    )
    mapping = _map_headers(spec, table, context)
    if mapping is not None:
        rows = _parse_rows(table, mapping, context)
        with transaction.atomic():
            spec.importer(rows, context)
            if context.errors or dry_run:
                transaction.set_rollback(True)
    context.errors.sort(key=lambda e: e.row)
    return ImportResult(
        kind=spec.kind,
        filename=filename,
        dry_run=dry_run,
        outcomes=tuple(sorted(context.outcomes, key=lambda o: o.row)),
        errors=tuple(context.errors),
    )


def differences(obj: models.Model, values: Mapping[str, Any]) -> list[str]:
    """The names of the fields of ``obj`` whose value differs from ``values`` (model field name
    -> value; a related object or None for a foreign key), in the order given."""
    differing = []
    for name, value in values.items():
        model_field = obj._meta.get_field(name)
        if isinstance(model_field, models.ForeignKey):
            current = getattr(obj, model_field.attname)
            new = value.pk if isinstance(value, models.Model) else value
        else:
            current = getattr(obj, name)
            new = value
        if current != new:
            differing.append(name)
    return differing


def changes(obj: models.Model, values: Mapping[str, Any]) -> list[str]:
    """Set ``values`` on ``obj``; the names of the fields whose value changed."""
    changed = differences(obj, values)
    for name in changed:
        setattr(obj, name, values[name])
    return changed


def ordered_by_reference(
    rows: Sequence[ImportRow],
    key: Callable[[ImportRow], Any],
    refers_to: Callable[[ImportRow], Any],
) -> list[ImportRow]:
    """``rows`` with every row after the row it refers to (a parent entity, the transfer an
    onward transfer continues), otherwise in file order; a cycle keeps file order."""
    by_key = {key(r): r for r in rows}
    placed: set[int] = set()
    ordered: list[ImportRow] = []

    def place(row: ImportRow, trail: set[int]) -> None:
        if row.number in placed or row.number in trail:
            return
        target = by_key.get(refers_to(row))
        if target is not None and target is not row:
            place(target, trail | {row.number})
        placed.add(row.number)
        ordered.append(row)

    for row in rows:
        place(row, set())
    return ordered
