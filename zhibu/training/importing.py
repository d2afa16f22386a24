"""External trainings from an .xlsx: each row names a member (name and the last four characters of the 身份证号, or the
full number), the training, its organiser, dates, hours and whether it was concentrated. Upload → a preview with every
problem by row and column in Chinese → confirm records every row in one transaction, or nothing if any row is wrong.
Read with the shared import guards (``core.spreadsheets``), like the dues import."""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from zhibu.core import importing as shared
from zhibu.core.importing import new_key as new_key  # the views tie a confirm to its preview with it
from zhibu.core.scoping import CHANGE
from zhibu.core.spreadsheets import read_uploaded_sheet
from zhibu.members.models import Member
from zhibu.members.services import id_index
from zhibu.members.validation import normalize_id_number
from zhibu.organizations.models import Organization
from zhibu.training import services

MAX_ROWS = 2000
MAX_COLUMNS = 20
MAX_FILE_BYTES = 5 * 1024 * 1024
MAX_UNPACKED_BYTES = 8 * 1024 * 1024 + MAX_ROWS * 4 * 1024
HEADERS = {
    "name": "姓名",
    "id": "身份证号",
    "title": "培训名称",
    "organizer": "举办单位",
    "started": "开始日期",
    "ended": "结束日期",
    "hours": "学时",
    "concentrated": "集中培训",
}
EXAMPLE = ("张明", "1234", "网络培训专题班", "市委党校", "2026-03-02", "2026-03-06", "24", "是")
YES, NO = ("是", "集中", "y", "yes", "1"), ("否", "", "n", "no", "0")


@dataclass
class Row:
    number: int
    texts: dict[str, str]
    member: Member | None = None
    started: datetime.date | None = None
    ended: datetime.date | None = None
    hours: Decimal | None = None
    concentrated: bool = False
    problems: list[str] = field(default_factory=list)

    def problem(self, key: str, text: str) -> None:
        """Every message says the row and the column, so the file can be fixed where it is wrong."""
        self.problems.append(f"第{self.number}行“{HEADERS[key]}”列：{text}")

    @property
    def masked_id(self) -> str:
        text = self.texts["id"]
        return f"…{text[-4:]}" if len(text) > 4 else text


def template_workbook() -> bytes:
    return shared.template_workbook(
        "外部培训",
        ((header, example, header != "集中培训") for header, example in zip(HEADERS.values(), EXAMPLE, strict=True)),
        (
            "每行一名党员参加的一次培训。第2行为示例，导入前请删除或覆盖。",
            "身份证号：填写后4位（与姓名一起识别党员），或完整的18位号码；请将该列设为文本格式。",
            "日期如 2026-03-06；学时如 24 或 1.5；集中培训填“是”或“否”（不填为否）。",
            "导入前先预览：任何一行有问题都不会登记，全部正确才在一次提交中全部登记。",
        ),
    )


def read_rows(upload: Any) -> list[Row]:
    return read_uploaded_sheet(
        upload,
        _rows,
        max_bytes=MAX_FILE_BYTES,
        max_unpacked_bytes=MAX_UNPACKED_BYTES,
        too_big=f"文件超过{MAX_FILE_BYTES // (1024 * 1024)}MB，远大于培训登记表应有的大小",
        bloated="文件解压后体积异常，远大于培训登记表应有的大小，请检查文件",
    )


def _rows(sheet: Any) -> list[Row]:
    texts = shared.sheet_texts(
        sheet, HEADERS, max_rows=MAX_ROWS, max_columns=MAX_COLUMNS, too_many=f"文件超过{MAX_ROWS}行，请拆分后再导入"
    )
    return [Row(number, row) for number, row in texts]


def _date(text: str) -> datetime.date:
    cleaned = text.replace("年", "-").replace("月", "-").replace("日", "").replace("/", "-").replace(".", "-")
    try:
        return datetime.date.fromisoformat("-".join(part.zfill(2) for part in cleaned.strip("-").split("-")))
    except ValueError:
        raise ValueError(f"日期“{text}”无法识别，请写成如 2026-03-06") from None


def match(actor: Any, organization: Organization, rows: list[Row], today: datetime.date) -> list[Row]:
    members = list(
        Member.objects.visible_to(actor, CHANGE).current().filter(organization__path__startswith=organization.path)
    )
    by_index = {member.id_number_index: member for member in members}
    seen: dict[tuple[int, str, datetime.date], int] = {}
    for row in rows:
        texts = row.texts
        for key in ("name", "title", "organizer", "started", "ended", "hours"):
            if not texts[key]:
                row.problem(key, "不能为空")
        identity = normalize_id_number(texts["id"])
        found: list[Member] = []
        if len(identity) == 4:
            found = [m for m in members if m.name == texts["name"] and m.id_tail == identity]
        elif len(identity) == 18:
            found = [m for m in [by_index.get(id_index(identity))] if m is not None and m.name == texts["name"]]
        else:
            row.problem("id", "应填后4位或完整的18位号码")
        if texts["name"] and len(identity) in (4, 18) and not found:
            row.problem("name", f"{organization}的在册党员中没有“{texts['name']}”（身份证号{row.masked_id}），请核对")
        elif len(found) > 1:
            row.problem("id", f"有{len(found)}名“{texts['name']}”的身份证号后4位相同，请填写完整身份证号")
        elif len(found) == 1:
            row.member = found[0]
        for key, attr in (("started", "started"), ("ended", "ended")):
            if texts[key]:
                try:
                    setattr(row, attr, _date(texts[key]))
                except ValueError as error:
                    row.problem(key, str(error))
        if row.started and row.ended and row.ended < row.started:
            row.problem("ended", "结束日期早于开始日期")
        if row.ended and row.ended > today:
            row.problem("ended", "培训尚未结束，结束后再登记")
        if texts["hours"]:
            try:
                row.hours = Decimal(texts["hours"]).quantize(Decimal("0.1"))
                if not Decimal("0.5") <= row.hours <= Decimal(200):
                    row.problem("hours", "学时应在0.5至200之间")
            except InvalidOperation:
                row.problem("hours", f"“{texts['hours']}”不是数字，请写成如 24 或 1.5")
        flag = texts["concentrated"].lower()
        if flag in YES:
            row.concentrated = True
        elif flag not in NO:
            row.problem("concentrated", "请填“是”或“否”")
        if row.member is not None and row.ended is not None:
            earlier = seen.setdefault((row.member.pk, texts["title"], row.ended), row.number)
            if earlier != row.number:
                row.problem("title", f"与第{earlier}行重复（同一党员同一培训）")
    return rows


def ready_rows(rows: list[Row]) -> list[tuple[int, Member, str, str, datetime.date, datetime.date, Decimal, bool]]:
    return [
        (
            row.number,
            row.member,
            row.texts["title"],
            row.texts["organizer"],
            row.started,
            row.ended,
            row.hours,
            row.concentrated,
        )  # type: ignore[misc]
        for row in rows
        if not row.problems
    ]


def preview(*, actor: Any, organization: Organization, rows: list[Row], today: datetime.date) -> list[Row]:
    """Match the rows, then run the import itself and roll it back: the preview finds what the confirm would refuse."""
    match(actor, organization, rows, today)
    ready = ready_rows(rows)
    if not ready:
        return rows
    shared.rehearse(
        lambda: services.import_external(actor=actor, organization=organization, rows=ready),
        rows,
        services.ImportRefused,
    )
    return rows
