"""A table is a list of columns shared by a list page and its Excel export, so both always show the same thing."""

import datetime
import io
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from django.db import models
from django.http import HttpResponse
from django.utils import timezone
from django.utils.formats import date_format
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from zhibu.core import audit
from zhibu.core.audit_catalogue import Event
from zhibu.core.contracts import AuditActor
from zhibu.core.spreadsheets import safe_value, sheet_title

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass(frozen=True)
class TableColumn:
    header: str
    value: Callable[
        ..., object
    ]  # row -> value; some take a bound default too (already masked where it is personal data)
    width: int = 14


def cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, datetime.date):
        return date_format(value, "Y年n月j日")
    return str(value)


def rows_for_display(columns: Sequence[TableColumn], objects: Iterable[Any]) -> list[list[str]]:
    return [[cell_text(column.value(obj)) for column in columns] for obj in objects]


def xlsx_response(
    *,
    actor: AuditActor,
    title: str,
    columns: Sequence[TableColumn],
    objects: Iterable[Any],
    event: Event,
    organization: models.Model | None = None,
    filters: str = "",
) -> HttpResponse:
    """Write an Excel file of the rows and audit the export (who exported what, how many rows, which filter)."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(sheet_title(title))
    for index, column in enumerate(columns):
        sheet.column_dimensions[get_column_letter(index + 1)].width = column.width
    header_font = Font(bold=True)
    header = []
    for column in columns:
        cell = _text_safe_cell(sheet, column.header)
        cell.font = header_font
        header.append(cell)
    sheet.append(header)
    count = 0
    for obj in objects:
        sheet.append([_text_safe_cell(sheet, _excel_value(column.value(obj))) for column in columns])
        count += 1
    buffer = io.BytesIO()
    workbook.save(buffer)
    audit.record(actor=actor, event=event, organization=organization, extra={"rows": count, "filters": filters})
    stamp = timezone.localtime().strftime("%Y%m%d%H%M")
    response = HttpResponse(buffer.getvalue(), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(f'{title}-{stamp}.xlsx')}"
    return response


def _excel_value(value: object) -> object:
    return "" if value is None else value


def _text_safe_cell(sheet: Any, value: object) -> WriteOnlyCell:
    cell = WriteOnlyCell(sheet, value=safe_value(value))
    if isinstance(cell.value, str):
        cell.data_type = "s"  # user text never becomes a formula or an error value
    return cell
