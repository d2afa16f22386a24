"""An Excel file of people already on the recruitment path (.xlsx): one row a person, their particulars and the dates
of the steps they have passed, up to the 公示 before the admission vote (a vote is recorded through the meeting that
held it, so admitted people come in through the member import). Upload → a preview with each problem named by row and
column → confirm, all or nothing. The preview runs ``services.import_recruits`` — the same ``create_recruit`` and
``record_step`` checks — and rolls it back, so it finds exactly what the confirm would refuse. The file is read with
the guards of the other imports (size, zip bomb, row cap, formulas as cached values), the template written through
``core.spreadsheets``."""

import datetime
import re
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile

from zhibu.core import importing as shared
from zhibu.core.scoping import CHANGE
from zhibu.core.spreadsheets import read_uploaded_sheet
from zhibu.members.choices import Education, Gender, JobPosition
from zhibu.members.models import Member
from zhibu.organizations.models import Organization
from zhibu.recruitment import services
from zhibu.recruitment.services import ImportRefused, ImportRow, ImportStep

MAX_ROWS = 500
MAX_COLUMNS = 40
MAX_FILE_BYTES = 5 * 1024 * 1024
MAX_UNPACKED_BYTES = 8 * 1024 * 1024 + MAX_ROWS * 8 * 1024


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    required: bool = False
    example: str = ""


PERSON = (
    Column("name", "姓名", True, "李明"),
    Column("gender", "性别", True, "男"),
    Column("id_number", "公民身份号码", True, "110101199505200011"),
    Column("ethnicity", "民族", False, "汉族"),
    Column("education", "学历", True, "大学本科"),
    Column("job_position", "工作岗位", True, "公务员（含参照管理）"),
    Column("mobile", "手机号码", False, "13912345678"),
    Column("employer", "工作单位", False, "某某局"),
    Column("employer_position", "职务（岗位）", False, "科员"),
)
# The steps a row may carry, in path order: (step code, date column, {role: names column}).
STEPS: tuple[tuple[str, str, dict[str, str]], ...] = (
    ("application", "递交入党申请书日期", {}),
    ("application_talk", "派人谈话日期", {"talker": "谈话人"}),
    ("activist", "确定为入党积极分子日期", {}),
    ("activist_filed", "积极分子备案日期", {}),
    ("mentors", "指定培养联系人日期", {"mentor": "培养联系人"}),
    ("candidate", "确定为发展对象日期", {}),
    ("candidate_filed", "发展对象备案日期", {}),
    ("sponsors", "确定入党介绍人日期", {"sponsor": "入党介绍人"}),
    ("vetting", "政治审查日期", {}),
    ("training", "集中培训结业日期", {}),
    ("committee_review", "支部委员会审查日期", {}),
    ("pre_review", "上级党委预审日期", {}),
    ("form_filled", "填写入党志愿书日期", {}),
    ("publicity", "公示开始日期", {}),
)
STEP_EXTRA = (
    Column("vetting_conclusion", "政审结论", False, ""),
    Column("vetting_passed", "政审合格", False, ""),
    Column("training_days", "培训天数", False, ""),
    Column("training_hours", "培训学时", False, ""),
    Column("explanation", "情况说明", False, ""),
)
EXAMPLE_STEPS = {"递交入党申请书日期": "2025-03-01", "派人谈话日期": "2025-03-20", "谈话人": "王红"}


def columns() -> list[Column]:
    found = list(PERSON)
    for code, header, roles in STEPS:
        found.append(Column(code, header, code == "application", EXAMPLE_STEPS.get(header, "")))
        found += [Column(f"{code}:{role}", names, False, EXAMPLE_STEPS.get(names, "")) for role, names in roles.items()]
    return found + list(STEP_EXTRA)


@dataclass
class Row:
    number: int
    texts: dict[str, str]
    problems: list[str] = field(default_factory=list)
    parsed: ImportRow | None = None

    @property
    def name(self) -> str:
        return self.texts.get("name", "")

    @property
    def masked_id(self) -> str:
        number = self.texts.get("id_number", "")
        return f"…{number[-4:]}" if len(number) > 4 else number

    @property
    def steps(self) -> str:
        """The steps the row brings, for the preview: the last one and how many."""
        if self.parsed is None or not self.parsed.steps:
            return ""
        last = self.parsed.steps[-1]
        return f"{len(self.parsed.steps)}个步骤，至“{last.column.removesuffix('日期')}”"


def template_workbook() -> bytes:
    return shared.template_workbook(
        "发展党员导入",
        ((column.header, column.example, column.required) for column in columns()),
        (
            "每行一名已在发展党员过程中的人员，第2行为示例，导入前请删除或覆盖。带*的列必填。",
            "日期写成如 2025-03-01（也可用 2025/3/1、2025年3月1日 或 Excel 日期格式）；尚未进行的步骤留空。",
            "可导入至“公示开始”为止的步骤；已经支部大会讨论接收的人员请通过党员导入登记。",
            "谈话人、培养联系人、入党介绍人填写本支部党员的姓名，多人用顿号“、”分隔；培养联系人、入党介绍人须为正式党员。",
            "政审合格填“是”或“否”；集中培训填写培训天数或学时。",
            "每个步骤按《中国共产党发展党员工作细则》的时限校验，与逐条登记相同；提示性规则须在“情况说明”列写明理由。",
            "导入前先预览：任何一行有问题都不会导入，全部正确才在一次提交中全部导入。",
        ),
        width=lambda header: max(12, len(header) * 2 + 2),
        fill_all=False,
    )


def read_rows(upload: UploadedFile) -> list[Row]:
    """The file's rows as texts, or ValidationError with the reason the file as a whole cannot be read."""
    return read_uploaded_sheet(
        upload,
        rows_of,
        max_bytes=MAX_FILE_BYTES,
        max_unpacked_bytes=MAX_UNPACKED_BYTES,
        too_big=f"文件超过{MAX_FILE_BYTES // (1024 * 1024)}MB，请拆分后再导入",
        bloated="文件解压后体积异常，请检查文件",
    )


def rows_of(sheet: Any) -> list[Row]:
    wanted = columns()
    texts = shared.sheet_texts(
        sheet,
        {column.key: column.header for column in wanted},
        required=[column.key for column in wanted if column.required],
        max_rows=MAX_ROWS,
        max_columns=MAX_COLUMNS,
        too_many=f"文件超过{MAX_ROWS}行，请拆分后再导入",
        text=partial(shared.cell_text, limit=300),
    )
    return [Row(number, row) for number, row in texts]


DATE_RE = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$")


def parse_date(text: str, header: str) -> datetime.date:
    found = DATE_RE.match(text) or (re.match(r"^(\d{4})(\d{2})(\d{2})$", text))
    try:
        if found is None:
            raise ValueError
        return datetime.date(*map(int, found.groups()))
    except (ValueError, OverflowError):
        raise ValueError(f"“{header}”列：日期“{text}”无法识别，请写成如 2025-03-01") from None


def _choice(text: str, choices: Any, header: str, problems: list[str]) -> str:
    for value, label in choices.choices:
        if text in (value, label):
            return str(value)
    problems.append(f"“{header}”列：“{text}”不是可选的值，可填：{'、'.join(label for _, label in choices.choices)}")
    return ""


def _number(text: str, header: str, problems: list[str]) -> int | None:
    if not text:
        return None
    if not text.isdigit() or int(text) > 1000:
        problems.append(f"“{header}”列：“{text}”应为整数")
        return None
    return int(text)


def parse(actor: Any, branch: Organization, rows: list[Row]) -> list[Row]:
    """Each row's texts into an ``ImportRow``: choices, dates, the members named; what cannot be read goes into the
    row's ``problems`` naming its column (the rules follow at the preview, through the services)."""
    members: dict[str, list[Member]] = {}
    for member in Member.objects.visible_to(actor, CHANGE).current().filter(organization=branch):
        members.setdefault(member.name, []).append(member)
    for row in rows:
        texts, problems = row.texts, row.problems
        person: dict[str, Any] = {}
        for column in PERSON:
            text = texts.get(column.key, "")
            if column.required and not text:
                problems.append(f"“{column.header}”列为空")
            elif column.key == "gender" and text:
                person["gender"] = _choice(text, Gender, column.header, problems)
            elif column.key == "education" and text:
                person["education"] = _choice(text, Education, column.header, problems)
            elif column.key == "job_position" and text:
                person["job_position"] = _choice(text, JobPosition, column.header, problems)
            elif text:
                person[column.key] = text
        steps = []
        for code, header, roles in STEPS:
            text = texts.get(code, "")
            if not text:
                if code == "application":
                    problems.append(f"“{header}”列为空")
                continue
            try:
                day = parse_date(text, header)
            except ValueError as error:
                problems.append(str(error))
                continue
            people = {
                role: _members(texts.get(f"{code}:{role}", ""), names, members, problems)
                for role, names in roles.items()
            }
            steps.append(ImportStep(code, day, header, {role: found for role, found in people.items() if found}))
        passed = texts.get("vetting_passed", "")
        if passed not in ("", "是", "否"):
            problems.append(f"“政审合格”列：请填“是”或“否”，不是“{passed}”")
        row.parsed = ImportRow(
            number=row.number,
            person=person,
            steps=steps,
            vetting_conclusion=texts.get("vetting_conclusion", ""),
            vetting_passed={"是": True, "否": False}.get(passed),
            training_days=_number(texts.get("training_days", ""), "培训天数", problems),
            training_hours=_number(texts.get("training_hours", ""), "培训学时", problems),
            explanation=texts.get("explanation", ""),
        )
    return rows


def _members(text: str, header: str, members: dict[str, list[Member]], problems: list[str]) -> list[Member]:
    found = []
    for name in filter(None, (part.strip() for part in re.split(r"[、,，;；\s]+", text))):
        matches = members.get(name, [])
        if len(matches) == 1:
            found.append(matches[0])
        elif matches:
            problems.append(f"“{header}”列：本支部有{len(matches)}名“{name}”，无法区分，请逐条登记该步骤")
        else:
            problems.append(f"“{header}”列：本支部在册党员中没有“{name}”")
    return found


def preview(*, actor: Any, branch: Organization, rows: list[Row]) -> list[Row]:
    """Parse the rows, then run the import itself and roll it back: every refusal the confirm would meet, per row."""
    parse(actor, branch, rows)
    if any(row.problems for row in rows):
        return rows
    try:
        shared.rehearse(
            lambda: services.import_recruits(
                actor=actor, branch=branch, rows=[row.parsed for row in rows if row.parsed]
            ),
            rows,
            ImportRefused,
        )
    except ValidationError as error:
        rows[0].problems.extend(error.messages)
    return rows


def confirm(*, actor: Any, branch: Organization, texts: list[tuple[int, dict[str, str]]]) -> int:
    """Import the rows previewed (as their texts): parsed again, recorded all or nothing; returns how many."""
    rows = parse(actor, branch, [Row(number, row) for number, row in texts])
    problems = {row.number: row.problems for row in rows if row.problems}
    if problems:
        raise ImportRefused(problems)
    return len(services.import_recruits(actor=actor, branch=branch, rows=[row.parsed for row in rows if row.parsed]))
