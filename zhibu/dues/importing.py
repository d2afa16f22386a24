"""A payroll-deduction or bank file of dues (.xlsx): each row names a member (name and the last four characters of the
身份证号, or the full number), the month and the amount. Upload → a preview with each row's problem in Chinese →
confirm records every row in one transaction, or nothing if any row is wrong. The file is read with the member
import's guards (zip bombs measured before parsing, a row cap, formulas read as their cached values and never
evaluated), and the template is written through ``core.spreadsheets`` so no cell is a formula."""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from functools import partial
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile

from zhibu.core import importing as shared
from zhibu.core.importing import new_key
from zhibu.core.scoping import CHANGE
from zhibu.core.spreadsheets import read_uploaded_sheet
from zhibu.dues import services
from zhibu.dues.services import parse_money
from zhibu.members.models import Member
from zhibu.members.services import id_index
from zhibu.members.validation import normalize_id_number
from zhibu.organizations.models import Organization

MAX_ROWS = 2000  # a branch's or an employer's payroll for one month is far smaller
MAX_COLUMNS = 20
MAX_FILE_BYTES = 5 * 1024 * 1024
MAX_UNPACKED_BYTES = 8 * 1024 * 1024 + MAX_ROWS * 4 * 1024
HEADERS = {"name": "姓名", "id": "身份证号", "month": "所属月份", "amount": "金额（元）"}
EXAMPLE = ("张明", "1234", "2026-11", "81.00")


@dataclass
class Row:
    number: int
    name: str
    id_text: str
    month_text: str
    amount_text: str
    member: Member | None = None
    month: datetime.date | None = None
    amount: Decimal | None = None
    problems: list[str] = field(default_factory=list)

    @property
    def masked_id(self) -> str:
        """Enough of the number to check the match, no more: a full 身份证号 is shown as its last four."""
        return f"…{self.id_text[-4:]}" if len(self.id_text) > 4 else self.id_text


def template_workbook() -> bytes:
    return shared.template_workbook(
        "党费代扣",
        ((header, example, True) for header, example in zip(HEADERS.values(), EXAMPLE, strict=True)),
        (
            "每行一名党员一个月的党费。第2行为示例，导入前请删除或覆盖。",
            "身份证号：填写后4位（与姓名一起识别党员），或完整的18位号码；请将该列设为文本格式。",
            "所属月份：如 2026-11；金额：该党员该月核定的应缴金额，如 81.00。",
            "导入前先预览：任何一行有问题都不会登记，全部正确才在一次提交中全部登记。",
        ),
        width=18,
    )


def read_rows(upload: UploadedFile) -> list[Row]:
    """The file's rows, or ValidationError with the reason the file as a whole cannot be read."""
    return read_uploaded_sheet(
        upload,
        _rows,
        max_bytes=MAX_FILE_BYTES,
        max_unpacked_bytes=MAX_UNPACKED_BYTES,
        too_big=f"文件超过{MAX_FILE_BYTES // (1024 * 1024)}MB，远大于一个月代扣清单应有的大小",
        bloated="文件解压后体积异常，远大于代扣清单应有的大小，请检查文件",
    )


def _rows(sheet: Any) -> list[Row]:
    texts = shared.sheet_texts(
        sheet,
        HEADERS,
        max_rows=MAX_ROWS,
        max_columns=MAX_COLUMNS,
        too_many=f"文件超过{MAX_ROWS}行，请删除末尾多余的行或拆分后再导入",
        text=partial(shared.cell_text, date_format="%Y-%m"),
    )
    return [Row(number, row["name"], row["id"], row["month"], row["amount"]) for number, row in texts]


def _month(text: str) -> datetime.date:
    digits = text.replace("年", "-").replace("月", "").replace("/", "-").replace(".", "-").strip()
    if len(digits) == 6 and digits.isdigit():
        digits = f"{digits[:4]}-{digits[4:]}"
    year, _, month = digits.partition("-")
    try:
        return datetime.date(int(year), int(month.split("-")[0]), 1)
    except (ValueError, OverflowError):
        raise ValueError(f"所属月份“{text}”无法识别，请写成如 2026-11") from None


def match(actor: Any, branch: Organization, rows: list[Row]) -> list[Row]:
    """Each row's member among the branch's current members in the actor's scope, its month and amount; what is
    wrong with a row goes into its ``problems`` (the service's own checks follow at the preview)."""
    members = list(Member.objects.visible_to(actor, CHANGE).current().filter(organization=branch))
    by_index = {member.id_number_index: member for member in members}
    seen: dict[tuple[int, datetime.date], int] = {}
    for row in rows:
        if not row.name:
            row.problems.append("姓名为空")
        identity = normalize_id_number(row.id_text)
        if len(identity) == 4:
            found = [member for member in members if member.name == row.name and member.id_tail == identity]
        elif len(identity) == 18:
            found = [member for member in [by_index.get(id_index(identity))] if member is not None]
            if found and found[0].name != row.name:
                row.problems.append(f"身份证号与姓名“{row.name}”不符，请核对")
                found = []
        else:
            found = []
            row.problems.append("身份证号应填后4位或完整的18位号码")
        if identity and len(identity) in (4, 18) and not found and not row.problems:
            row.problems.append(
                f"{branch}的在册党员中没有“{row.name}”（身份证号{row.masked_id}），请核对姓名和身份证号"
            )
        elif len(found) > 1:
            row.problems.append(f"本支部有{len(found)}名“{row.name}”的身份证号后4位相同，请填写完整身份证号")
        elif len(found) == 1:
            row.member = found[0]
        try:
            row.month = _month(row.month_text)
        except ValueError as error:
            row.problems.append(str(error))
        try:
            row.amount = parse_money(row.amount_text, "amount", "金额") if row.amount_text else None
        except ValidationError as error:
            row.problems.extend(error.messages)
        if not row.amount_text:
            row.problems.append("金额为空")
        if row.member is not None and row.month is not None:
            earlier = seen.setdefault((row.member.pk, row.month), row.number)
            if earlier != row.number:
                row.problems.append(f"与第{earlier}行重复（同一党员同一月份）")
    return rows


def preview(
    *, actor: Any, branch: Organization, rows: list[Row], method: str, paid_on: datetime.date | None
) -> list[Row]:
    """Match the rows, then run the recording itself and roll it back: the preview finds every problem the confirm
    would (no assessment, a wrong amount, already paid …), not a guess at them."""
    match(actor, branch, rows)
    ready = [row for row in rows if not row.problems]
    if not ready:
        return rows
    shared.rehearse(
        lambda: services.record_import(
            actor=actor,
            branch=branch,
            rows=[(row.number, row.member, row.month, row.amount) for row in ready],  # type: ignore[misc]
            method=method,
            paid_on=paid_on,
            key=new_key(),
        ),
        ready,
        services.ImportRefused,
    )
    return rows
