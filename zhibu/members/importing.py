"""Excel import of members: every row is validated first, every error reported at once (row, column, reason),
and the file is written in one transaction only when it has no errors. Identity is the ID number, so importing
the same file twice changes nothing."""

import datetime
import io
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from zhibu.core import audit
from zhibu.core.audit_catalogue import Event
from zhibu.core.derived import Topic, records_changed
from zhibu.core.scoping import CHANGE
from zhibu.core.spreadsheets import safe_value, write
from zhibu.core.uploads import ArchiveRefused, unpacked_entries
from zhibu.members.choices import (
    ETHNICITIES,
    Category,
    Education,
    Gender,
    JobPosition,
    LostContactReason,
    PartyStatus,
)
from zhibu.members.models import Affiliation, Member
from zhibu.members.services import (
    CREATE_FIELDS,
    affiliation_start,
    fill_derived,
    normalize,
)
from zhibu.members.validation import validate_member_fields
from zhibu.organizations.models import BRANCH_KINDS, Organization

YES, NO = "是", "否"


@dataclass(frozen=True)
class Column:
    header: str
    field: str
    kind: str = "text"  # text | date | bool | choice | branch
    required: bool = False
    choices: tuple = ()
    max_length: int = 100
    example: str = ""


COLUMNS = (
    Column("姓名", "name", required=True, max_length=50, example="张明"),
    Column("性别", "gender", "choice", True, tuple(Gender.choices), example="男"),
    Column("公民身份号码", "id_number", required=True, max_length=30, example="220102198501011234"),
    Column("民族", "ethnicity", "choice", True, tuple((name, name) for name in ETHNICITIES), example="汉族"),
    Column("出生日期", "birth_date", "date", True, example="1985-01-01"),
    Column("学历", "education", "choice", True, tuple(Education.choices), example="大学本科"),
    Column("人员类别", "category", "choice", True, tuple(Category.choices), example="正式党员"),
    Column("所在党支部", "organization", "branch", True, example="（党支部全称或组织代码）"),
    Column("入党日期", "joined_on", "date", True, example="2010-07-01"),
    Column("转正日期", "full_member_on", "date", example="2011-07-01"),
    Column("工作岗位", "job_position", "choice", True, tuple(JobPosition.choices), example="公务员（含参照管理）"),
    Column("手机号码", "mobile", max_length=20, example="13812345678"),
    Column("固定电话", "landline", max_length=20, example="0431-88888888"),
    Column("家庭住址", "address", max_length=200, example="长春市朝阳区××路××号"),
    Column("党籍状态", "party_status", "choice", False, tuple(PartyStatus.choices), example="正常"),
    Column("是否失联党员", "is_lost_contact", "bool", example="否"),
    Column("失去联系日期", "lost_contact_on", "date"),
    Column("失联原因", "lost_contact_reason", "choice", False, tuple(LostContactReason.choices)),
    Column("是否流动党员", "is_mobile_member", "bool", example="否"),
    Column("外出流向", "mobile_destination"),
    Column("现任党内职务", "current_party_post", max_length=50),
    Column("工作单位", "employer"),
    Column("职务", "employer_position", max_length=50),
    Column("入党介绍人", "sponsors"),
    Column("困难党员", "is_hardship", "bool", example="否"),
    Column("老党员", "is_veteran", "bool", example="否"),
    Column("离退休", "is_retired", "bool", example="否"),
    Column("备注", "note", max_length=200),
)
DEFAULTS = {"party_status": PartyStatus.NORMAL, "ethnicity": "汉族"}


@dataclass
class ImportError_:
    row: int
    column: str
    message: str


@dataclass
class ImportResult:
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[ImportError_] = field(default_factory=list)
    committed: bool = False


def template_workbook() -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "党员信息"
    bold, fill = Font(bold=True), PatternFill("solid", fgColor="FDE9D9")
    for index, column in enumerate(COLUMNS, start=1):
        cell = write(sheet, 1, index, column.header + ("*" if column.required else ""))
        cell.font = bold
        if column.required:
            cell.fill = fill
        write(sheet, 2, index, column.example or None)
        sheet.column_dimensions[get_column_letter(index)].width = max(12, len(column.header) * 2 + 4)
        if column.kind in ("choice", "bool"):
            options = [YES, NO] if column.kind == "bool" else [label for _, label in column.choices]
            if len(",".join(options)) < 250:
                validation = DataValidation(type="list", formula1='"' + ",".join(options) + '"', allow_blank=True)
                sheet.add_data_validation(validation)
                validation.add(f"{get_column_letter(index)}3:{get_column_letter(index)}20000")
    notes = workbook.create_sheet("填写说明")
    notes.append([safe_value(text) for text in ("列", "必填", "说明")])
    for column in COLUMNS:
        if column.kind == "choice":
            hint = (
                "可选："
                + "、".join(label for _, label in column.choices[:12])
                + ("等" if len(column.choices) > 12 else "")
            )
        elif column.kind == "date":
            hint = "日期，如 2024-04-03"
        elif column.kind == "bool":
            hint = "填“是”或“否”，空白视为否"
        elif column.kind == "branch":
            hint = "党支部全称或组织代码，须在您的管理范围内"
        else:
            hint = f"文本，最多{column.max_length}字"
        notes.append([safe_value(text) for text in (column.header, "是" if column.required else "", hint)])
    notes.append([])
    notes.append(
        [safe_value("第2行为示例，导入前请删除或覆盖。以公民身份号码识别党员：已登记的党员按本表更新，不会重复新增。")]
    )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _convert(column: Column, raw, branches: dict) -> object:
    if raw is None or (isinstance(raw, str) and raw.strip() == ""):
        if column.required:
            raise ValueError("必填项为空，请填写")
        return {"bool": False, "date": None}.get(column.kind, DEFAULTS.get(column.field, ""))
    if column.kind == "date":
        if isinstance(raw, datetime.datetime):
            return raw.date()
        if isinstance(raw, datetime.date):
            return raw
        text = str(raw).strip()
        for pattern in ("%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y年%m月%d日", "%Y%m%d"):
            try:
                return datetime.datetime.strptime(text, pattern).date()
            except ValueError:
                continue
        raise ValueError(f"“{text}”不是有效日期，请写成 2024-04-03 的形式")
    text = str(raw).strip()
    if column.kind == "bool":
        if text in (YES, "Y", "y", "1", "TRUE", "True", "true"):
            return True
        if text in (NO, "N", "n", "0", "FALSE", "False", "false"):
            return False
        raise ValueError(f"“{text}”无法识别，请填“是”或“否”")
    if column.kind == "choice":
        for value, label in column.choices:
            if text in (label, value):
                return value
        options = "、".join(label for _, label in column.choices[:8])
        raise ValueError(f"“{text}”不是可选值，请填写：{options}{'等' if len(column.choices) > 8 else ''}")
    if column.kind == "branch":
        branch = branches.get(text)
        if branch is None:
            raise ValueError(f"“{text}”不是您管理范围内的党支部，请填写党支部全称或组织代码")
        return branch
    if column.field == "id_number" and isinstance(raw, float | int):
        raise ValueError("公民身份号码被Excel存成了数字，末几位可能已丢失，请将该列设为文本格式后重新录入")
    if len(text) > column.max_length:
        raise ValueError(f"内容过长（{len(text)}字），最多{column.max_length}字")
    return text


# Columns read from each row: the template has 28; anything further right is ignored, so a cell in column XFD does
# not make every row sixteen thousand cells wide.
MAX_COLUMNS = 100
# An .xlsx is a zip: a few kilobytes can unpack to gigabytes of XML that the reader would parse. A real sheet of
# 20,000 members unpacks to about 23 MB (measured with the template's columns filled), so 4 KB a row and 8 MB for
# styles and the rest leave room for long addresses and notes.
UNPACKED_BYTES_PER_ROW = 4 * 1024
UNPACKED_BASE_BYTES = 8 * 1024 * 1024


def max_unpacked_bytes() -> int:
    return UNPACKED_BASE_BYTES + settings.IMPORT_MAX_ROWS * UNPACKED_BYTES_PER_ROW


def _read_rows(upload) -> tuple[list[tuple[int, dict]], list[ImportError_]]:
    unreadable = [ImportError_(0, "", "文件无法读取：请上传用本系统模板填写的 .xlsx 文件（不支持 .xls 或 .csv）")]
    data = upload.read()  # the form caps the file at 20 MB
    if not data.startswith(b"PK\x03\x04"):
        return [], unreadable
    try:
        unpacked_entries(data, limit=max_unpacked_bytes())
    except ArchiveRefused as error:
        if error.reason == "corrupt":
            return [], unreadable
        message = " ".join(error.messages)
        if error.reason == "too_large":
            limit_mb = max_unpacked_bytes() // (1024 * 1024)
            message = f"文件解压后超过{limit_mb}MB，远大于{settings.IMPORT_MAX_ROWS}行党员信息应有的大小，请检查文件或拆分后再导入"
        return [], [ImportError_(0, "", message)]
    except ValidationError as error:
        return [], [ImportError_(0, "", " ".join(error.messages))]
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds for a file that is not a valid .xlsx
        return [], unreadable
    try:
        return _stream_rows(workbook.worksheets[0])
    except Exception:  # a sheet that parses badly half-way is as unreadable as one that does not open
        return [], unreadable
    finally:
        workbook.close()


def _stream_rows(sheet) -> tuple[list[tuple[int, dict]], list[ImportError_]]:
    """Rows as they stream from the file, counted as they come. The <dimension> a file declares (up to A1:XFD1048576)
    is ignored: it only made the reader invent empty rows up to it."""
    sheet.reset_dimensions()
    limit = settings.IMPORT_MAX_ROWS
    rows = sheet.iter_rows(values_only=True, max_col=MAX_COLUMNS)
    header = next(rows, None)
    if header is None or all(cell is None for cell in header):
        return [], [ImportError_(1, "", "第一个工作表是空的，请使用导入模板")]
    names = [str(cell or "").strip().rstrip("*") for cell in header]
    positions = {column.field: names.index(column.header) for column in COLUMNS if column.header in names}
    missing = [column.header for column in COLUMNS if column.required and column.field not in positions]
    if missing:
        return [], [ImportError_(1, "", f"表头缺少必填列：{'、'.join(missing)}。请下载最新模板")]
    records = []
    for number, values in enumerate(rows, start=2):
        if number > limit + 1:
            # Every row the file holds counts, blank ones too (a styled empty row is still a row to read): stopping
            # here is what keeps a file with a million rows from holding a worker for minutes.
            return [], [
                ImportError_(
                    number,
                    "",
                    f"导入文件超过{limit}行（不含表头，第{number}行起仍有内容或格式），请拆分成每个不超过{limit}行的文件，"
                    "并删除表格末尾多余的空行后再导入",
                )
            ]
        if all(value is None or str(value).strip() == "" for value in values):
            continue
        records.append(
            (number, {field: values[index] if index < len(values) else None for field, index in positions.items()})
        )
    return records, []


def _branch_lookup(actor) -> dict:
    branches = Organization.objects.visible_to(actor, CHANGE).filter(
        kind__in=BRANCH_KINDS, status=Organization.Status.ACTIVE
    )
    lookup = {}
    for branch in branches:
        lookup[branch.name] = branch
        lookup[branch.code] = branch
    return lookup


def _existing(indexes: list[str]) -> dict[str, Member]:
    found = {}
    for start in range(0, len(indexes), 900):
        for member in Member.objects.select_related("organization").filter(
            id_number_index__in=indexes[start : start + 900]
        ):
            found[member.id_number_index] = member
    return found


def import_members(*, actor, upload, dry_run: bool = False) -> ImportResult:
    result = ImportResult()
    records, result.errors = _read_rows(upload)
    if result.errors:
        return result
    result.rows = len(records)
    branches = _branch_lookup(actor)
    today = timezone.localdate()
    headers = {column.field: column.header for column in COLUMNS}
    parsed: list[tuple[int, Member, set[str]]] = []
    seen: dict[str, int] = {}
    for number, values in records:
        data, row_errors = {}, []
        for column in COLUMNS:
            if column.field not in values and not column.required:
                continue
            try:
                data[column.field] = _convert(column, values.get(column.field), branches)
            except ValueError as error:
                row_errors.append(ImportError_(number, column.header, str(error)))
        if not row_errors:
            data = normalize(data)
            try:
                validate_member_fields(data, today)
            except ValidationError as error:
                for name, messages in error.message_dict.items():
                    row_errors.extend(ImportError_(number, headers.get(name, ""), message) for message in messages)
        if row_errors:
            result.errors.extend(row_errors)
            continue
        member = Member(**data)
        fill_derived(member)
        if member.id_number_index in seen:
            result.errors.append(
                ImportError_(number, "公民身份号码", f"与第{seen[member.id_number_index]}行的公民身份号码重复")
            )
            continue
        seen[member.id_number_index] = number
        parsed.append((number, member, set(data) & set(CREATE_FIELDS)))
    existing = _existing([member.id_number_index for _, member, _ in parsed])
    creates, updates = [], []
    for number, member, given in parsed:
        current = existing.get(member.id_number_index)
        if current is None:
            creates.append(member)
        elif current.organization_id != member.organization_id:
            result.errors.append(
                ImportError_(number, "所在党支部", "该党员已登记在其他党组织，不能通过导入调动；请办理组织关系转接")
            )
        else:
            # Only the columns the sheet has: a field zhibu keeps but the sheet lacks (e.g. 党小组) is left alone.
            changed = [name for name in sorted(given) if getattr(current, name) != getattr(member, name)]
            if changed:
                updates.append((current, member, changed))
            else:
                result.unchanged += 1
    if result.errors or dry_run:
        result.errors.sort(key=lambda error: error.row)
        result.created, result.updated = len(creates), len(updates)
        return result
    _commit(actor, creates, updates)
    result.created, result.updated, result.committed = len(creates), len(updates), True
    return result


@transaction.atomic
def _commit(actor, creates: list[Member], updates: list[tuple[Member, Member, list[str]]]) -> None:
    events = []
    Member.objects.bulk_create(creates, batch_size=500)
    Affiliation.objects.bulk_create(
        [
            Affiliation(
                member=member, organization=member.organization, started_on=affiliation_start(member), reason="导入登记"
            )
            for member in creates
        ],
        batch_size=500,
    )
    for member in creates:
        events.append(audit.build(actor=actor, event=Event.MEMBER_CREATED, obj=member, after=audit.snapshot(member)))
    changed_fields: set[str] = set()
    for current, incoming, changed in updates:
        before = audit.snapshot(current)
        for name in changed:
            setattr(current, name, getattr(incoming, name))
        fill_derived(current)
        current.version += 1
        current.updated_at = timezone.now()
        changed_fields.update(changed)
        events.append(
            audit.build(
                actor=actor, event=Event.MEMBER_UPDATED, obj=current, before=before, after=audit.snapshot(current)
            )
        )
    if updates:
        Member.objects.bulk_update(
            [current for current, _, _ in updates],
            [*sorted(changed_fields), "version", "name_initials", "id_tail", "id_number_index", "updated_at"],
            batch_size=500,
        )
    events.append(
        audit.build(actor=actor, event=Event.MEMBER_IMPORTED, extra={"created": len(creates), "updated": len(updates)})
    )
    audit.record_many(events)
    touched = {member.organization_id for member in creates} | {current.organization_id for current, _, _ in updates}
    records_changed(organizations=Organization.objects.filter(pk__in=touched), topic=Topic.MEMBERS)
