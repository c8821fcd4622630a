"""Writing and reading the two file formats: XLSX (openpyxl) and CSV (the standard library).

XLSX: one sheet, a bold header row that stays in view (frozen pane) with an autofilter over the
table, typed cells (dates as dates, numbers as numbers, yes/no as booleans) and column widths.
Aware datetimes are written in UTC (a spreadsheet cell has no zone; the header says UTC).

CSV: UTF-8 with a byte-order mark (so that spreadsheet programs recognise the encoding of
Japanese and German text), ISO dates, ``true``/``false``.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from compliance.registers.registry import Column

FORMATS = ("xlsx", "csv")
CONTENT_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
}
DATE_FORMAT = "yyyy-mm-dd"
DATETIME_FORMAT = "yyyy-mm-dd hh:mm"
# Excel's limit on a sheet name.
SHEET_NAME_LENGTH = 31


class UnreadableFile(ValueError):
    """The file is not an XLSX or CSV file this import can read; the message says why."""


def _utc_naive(value: datetime) -> datetime:
    if value.tzinfo is None:
        return value
    return value.astimezone(UTC).replace(tzinfo=None)


def _xlsx_value(value: Any) -> Any:
    if isinstance(value, datetime):
        return _utc_naive(value)
    if value is None or isinstance(value, bool | int | float | date):
        return value
    return str(value)


def write_xlsx(
    title: str, columns: Sequence[Column], headers: Sequence[str], rows: Iterable[Mapping[str, Any]]
) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None  # a new workbook has one sheet
    sheet.title = "".join(ch for ch in title if ch not in "[]:*?/\\")[:SHEET_NAME_LENGTH] or "Sheet"
    sheet.append(list(headers))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    count = 0
    for row in rows:
        sheet.append([_xlsx_value(row.get(c.key)) for c in columns])
        count += 1
    for index, column in enumerate(columns, start=1):
        letter = get_column_letter(index)
        sheet.column_dimensions[letter].width = column.width
        number_format = {"date": DATE_FORMAT, "datetime": DATETIME_FORMAT}.get(column.kind)
        if number_format:
            for (cell,) in sheet.iter_rows(min_row=2, min_col=index, max_col=index):
                cell.number_format = number_format
    sheet.freeze_panes = "A2"
    last = get_column_letter(max(len(columns), 1))
    sheet.auto_filter.ref = f"A1:{last}{count + 1}"
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _csv_value(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime):
        return _utc_naive(value).isoformat(timespec="minutes") + "Z"
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def write_csv(
    columns: Sequence[Column], headers: Sequence[str], rows: Iterable[Mapping[str, Any]]
) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(headers)
    for row in rows:
        writer.writerow([_csv_value(row.get(c.key)) for c in columns])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


@dataclass(frozen=True)
class Table:
    """A file's header and its data rows, each with its spreadsheet row number (header: 1)."""

    headers: list[str]
    rows: list[tuple[int, list[Any]]]


def read_table(content: bytes, filename: str) -> Table:
    """Read the first sheet of an XLSX file, or a CSV file (UTF-8, comma or semicolon)."""
    name = filename.lower()
    if name.endswith(".xlsx"):
        return _read_xlsx(content)
    if name.endswith(".csv"):
        return _read_csv(content)
    raise UnreadableFile(f"{filename}: only .xlsx and .csv files can be imported.")


def _blank(values: Sequence[Any]) -> bool:
    return all(v is None or (isinstance(v, str) and not v.strip()) for v in values)


def _read_xlsx(content: bytes) -> Table:
    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises several kinds for a damaged or foreign file
        raise UnreadableFile(f"This is not a readable XLSX file ({exc}).") from exc
    sheet = workbook.worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    workbook.close()
    if not rows:
        raise UnreadableFile("The sheet is empty: the first row must name the columns.")
    headers = ["" if h is None else str(h).strip() for h in rows[0]]
    data = [(n, list(r)) for n, r in enumerate(rows[1:], start=2) if not _blank(r)]
    return Table(headers=headers, rows=data)


def _read_csv(content: bytes) -> Table:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise UnreadableFile(f"The CSV file is not UTF-8 ({exc}).") from exc
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    rows = list(csv.reader(io.StringIO(text), delimiter=delimiter))
    if not rows:
        raise UnreadableFile("The file is empty: the first row must name the columns.")
    headers = [h.strip() for h in rows[0]]
    data: list[tuple[int, list[Any]]] = [
        (n, list(r)) for n, r in enumerate(rows[1:], start=2) if not _blank(r)
    ]
    return Table(headers=headers, rows=data)
