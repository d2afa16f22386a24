"""The shared part of the Excel imports (upload → preview → confirm, all or nothing): the template workbook, the
sheet's rows as texts under its header, and the preview that runs the import itself and rolls it back. Each import
(dues, external trainings, recruitment) keeps what is its own: its columns, how a row is checked, what the confirm
records. The file is read behind ``core.spreadsheets.read_uploaded_sheet``'s guards; the page is
``core/import.html``."""

from __future__ import annotations

import datetime
import io
import uuid
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Any, Protocol

from django.core.exceptions import ValidationError
from django.db import transaction
from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter

from zhibu.core.spreadsheets import write

REQUIRED_FILL = "FDE9D9"


class PreviewRow(Protocol):
    number: int
    problems: list[str]


def template_workbook(
    title: str,
    columns: Iterable[tuple[str, str, bool]],
    notes: Iterable[str],
    width: Callable[[str], int] | int = 16,
    fill_all: bool = True,
) -> bytes:
    """A template: row 1 the headers (``*`` on required ones, bold, coloured when required or ``fill_all``), row 2 the
    example, a second sheet ``填写说明`` with ``notes``; every cell written through ``core.spreadsheets.write``.
    ``columns``: (header, example, required)."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title
    bold, fill = Font(bold=True), PatternFill("solid", fgColor=REQUIRED_FILL)
    for index, (header, example, required) in enumerate(columns, start=1):
        cell = write(sheet, 1, index, header + ("*" if required else ""))
        cell.font = bold
        if required or fill_all:
            cell.fill = fill
        write(sheet, 2, index, example)
        sheet.column_dimensions[get_column_letter(index)].width = width(header) if callable(width) else width
    explanation = workbook.create_sheet("填写说明")
    for number, line in enumerate(notes, start=1):
        write(explanation, number, 1, line)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def cell_text(value: object, *, date_format: str = "%Y-%m-%d", limit: int = 100) -> str:
    """A cell as the text a row is checked from: dates in ``date_format``, whole floats without ``.0``, trimmed."""
    if value is None:
        return ""
    if isinstance(value, datetime.datetime | datetime.date):
        return format(value, date_format)
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()[:limit]


def sheet_texts(
    sheet: Any,
    headers: Mapping[str, str],
    *,
    required: Iterable[str] | None = None,
    max_rows: int,
    max_columns: int,
    too_many: str,
    text: Callable[[object], str] = cell_text,
) -> Iterator[tuple[int, dict[str, str]]]:
    """(row number, {key: text}) for each non-empty row under the header row. ``headers``: key → header text;
    ``required``: the keys whose header must be present (default: all). A missing header, more than ``max_rows``
    rows (``too_many``) or no row at all raise ValidationError on ``file``."""
    sheet.reset_dimensions()  # a declared A1:XFD1048576 would only make the reader invent empty rows
    cells = sheet.iter_rows(values_only=True, max_col=max_columns)
    header = [str(cell or "").strip().rstrip("*") for cell in next(cells, None) or ()]
    needed = headers.keys() if required is None else required
    missing = [headers[key] for key in needed if headers[key] not in header]
    if missing:
        raise ValidationError({"file": f"表头缺少：{'、'.join(missing)}。请下载模板后填写"})
    positions = {key: header.index(label) for key, label in headers.items() if label in header}
    found = False
    for number, values in enumerate(cells, start=2):
        if number > max_rows + 1:
            raise ValidationError({"file": too_many})
        texts = {key: text(values[index] if index < len(values) else None) for key, index in positions.items()}
        if any(texts.values()):
            found = True
            yield number, texts
    if not found:
        raise ValidationError({"file": "文件中没有数据行"})


def rehearse(run: Callable[[], Any], rows: Iterable[PreviewRow], refused: type[Exception]) -> None:
    """Run the import itself and roll it back, so the preview finds what the confirm would refuse: each refusal
    (``refused``, with ``problems`` by row number) goes into its row's ``problems``."""
    try:
        with transaction.atomic():
            run()
            transaction.set_rollback(True)
    except refused as refusal:
        problems: Mapping[int, list[str]] = getattr(refusal, "problems", {})
        for row in rows:
            row.problems.extend(problems.get(row.number, []))


def new_key() -> str:
    """The key that ties a confirm to the preview it confirms."""
    return uuid.uuid4().hex
