"""Every cell the app writes into an .xlsx goes through here, so that text from users stays text.

A spreadsheet evaluates a cell that starts with = (and, once the cell is edited or the sheet is saved as CSV, also
+ - @ and a leading tab or line break) as a formula: a member named =HYPERLINK("http://x","y") would become a live
link in an export (OWASP "CSV injection"). Such text gets a leading apostrophe, the mark Excel and WPS themselves use
for "this is text", and every string cell is pinned to the string type whatever it looks like (openpyxl would
otherwise store "=…" as a formula and "#N/A" as an error). Numbers, money and dates keep their types."""

import datetime
import io
import re
from collections.abc import Callable
from decimal import Decimal
from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.utils import timezone
from openpyxl import load_workbook

from zhibu.core.uploads import ArchiveRefused, unpacked_entries

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")
# XML 1.0 forbids these control characters; openpyxl raises on them, which turned pasted text into a server error.
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_SHEET_TITLE_FORBIDDEN = re.compile(r"[\\/*?:\[\]]")
MAX_CELL_TEXT = 32_767  # Excel's limit for one cell


def neutralise(text: str) -> str:
    """Text as a cell may hold it: no forbidden control characters, within Excel's length, never read as a formula."""
    text = _ILLEGAL.sub("", text)
    if text[:1] in FORMULA_STARTS:
        text = "'" + text
    return text[:MAX_CELL_TEXT]


CellValue = str | int | float | Decimal | datetime.date | datetime.time | None


def safe_value(value: object) -> CellValue:
    """A value ready for a cell: numbers and dates stay typed; anything else becomes neutralised text."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, int | float | Decimal):
        return value
    if isinstance(value, datetime.datetime):
        # Excel has no time zones: show the moment in local time, as the pages do.
        return timezone.localtime(value).replace(tzinfo=None) if timezone.is_aware(value) else value
    if isinstance(value, datetime.date | datetime.time):
        return value
    return neutralise(str(value))


def put(cell: Any, value: object) -> Any:
    """Give a cell a safe value and keep strings strings; returns the cell so styles can be set on it."""
    cell.value = safe_value(value)
    if isinstance(cell.value, str):
        cell.data_type = "s"
    return cell


def write(sheet: Any, row: int, column: int, value: object) -> Any:
    """sheet.cell(row, column, value), but safe."""
    return put(sheet.cell(row=row, column=column), value)


def sheet_title(text: str) -> str:
    """A worksheet name Excel accepts (≤31 characters, none of \\ / * ? : [ ]); an organisation's or sheet's name may
    contain any of them, and openpyxl refuses such a title with an error."""
    title = _SHEET_TITLE_FORBIDDEN.sub("_", _ILLEGAL.sub("", str(text))).strip("'")[:31].strip()
    return title or "Sheet1"


def header_footer_text(text: str) -> str:
    """Text for a printed header or footer: & starts a field code there (&P page, &F file name), so a literal
    ampersand is doubled."""
    return _ILLEGAL.sub("", str(text)).replace("&", "&&")


T = TypeVar("T")
UNREADABLE = "文件无法读取：请上传用本系统模板填写的 .xlsx 文件（不支持 .xls 或 .csv）"


def read_uploaded_sheet(
    upload: Any, rows_of: Callable[[Any], T], *, max_bytes: int, max_unpacked_bytes: int, too_big: str, bloated: str
) -> T:
    """An uploaded .xlsx's first sheet, read by ``rows_of``, behind the import guards: a size cap, a zip bomb measured
    before parsing, formulas read as their cached values. A file that cannot be read as a whole raises
    ValidationError on ``file`` (``too_big``, ``bloated`` or UNREADABLE); ``rows_of`` may raise its own."""
    data = upload.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise ValidationError({"file": too_big})
    if not data.startswith(b"PK\x03\x04"):
        raise ValidationError({"file": UNREADABLE})
    try:
        unpacked_entries(data, limit=max_unpacked_bytes)
    except ArchiveRefused as error:
        raise ValidationError({"file": UNREADABLE if error.reason == "corrupt" else bloated}) from None
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds for a file that is not a valid .xlsx
        raise ValidationError({"file": UNREADABLE}) from None
    try:
        return rows_of(workbook.worksheets[0])
    except ValidationError:
        raise
    except Exception:  # a sheet that parses badly half-way is as unreadable as one that does not open
        raise ValidationError({"file": UNREADABLE}) from None
    finally:
        workbook.close()
