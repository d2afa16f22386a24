"""The Excel import of people already on the path: template, preview, confirm; every row through the rules of
record_step, refused all or nothing with the row and column named."""

import datetime
import io

import pytest
from openpyxl import Workbook, load_workbook

from zhibu.core.audit_catalogue import Event
from zhibu.core.audit_models import AuditEvent
from zhibu.members.choices import Gender
from zhibu.recruitment.models import Recruit, RecruitStep, Stage
from zhibu.recruitment.tests.paths import CLOCK
from zhibu.testing import compact, make_member, valid_id_number

pytestmark = pytest.mark.clock(CLOCK)
D = datetime.date

HEADERS = [
    "姓名",
    "性别",
    "公民身份号码",
    "学历",
    "工作岗位",
    "递交入党申请书日期",
    "派人谈话日期",
    "谈话人",
    "确定为入党积极分子日期",
    "积极分子备案日期",
    "指定培养联系人日期",
    "培养联系人",
    "确定为发展对象日期",
    "情况说明",
]


def person(name, birth, **dates):
    row = {
        "姓名": name,
        "性别": "男",
        "公民身份号码": valid_id_number(birth, Gender.MALE),
        "学历": "大学本科",
        "工作岗位": "专业技术人员",
        "递交入党申请书日期": "2023-03-01",
        "派人谈话日期": "2023/3/20",
        "谈话人": "王红",
    }
    row.update(dates)
    return row


def workbook(*rows) -> io.BytesIO:
    book = Workbook()
    sheet = book.active
    sheet.append(HEADERS)
    for row in rows:
        sheet.append([row.get(header, "") for header in HEADERS])
    buffer = io.BytesIO()
    book.save(buffer)
    buffer.seek(0)
    buffer.name = "导入.xlsx"
    return buffer


@pytest.fixture
def secretary(tree, personas, client_as):
    make_member(tree.a1, name="王红", joined_on=D(2010, 7, 1))
    return client_as(personas["支部书记A1"])


def upload(client, branch, *rows):
    return client.post("/recruitment/import/", {"organization": branch.pk, "file": workbook(*rows)})


ACTIVIST = {
    "确定为入党积极分子日期": "2023年9月1日",
    "积极分子备案日期": datetime.datetime(2023, 9, 5),  # an Excel date cell
    "指定培养联系人日期": "2023-09-05",
    "培养联系人": "王红",
}


def test_template_preview_and_confirm_import_people_with_their_steps(tree, secretary):
    template = secretary.get("/recruitment/import/template/")
    headers = [cell.value for cell in load_workbook(io.BytesIO(template.content)).active[1]]
    assert "姓名*" in headers and "递交入党申请书日期*" in headers and "公示开始日期" in headers
    assert len(headers) == len(set(headers))

    preview = upload(
        secretary,
        tree.a1,
        person("李明", D(1995, 1, 2), **ACTIVIST),
        person("赵丽", D(1996, 3, 4), 递交入党申请书日期="2026-01-05", 派人谈话日期="2026-01-20"),
    )
    html = compact(preview.content)
    assert preview.status_code == 200 and "预览：2行全部可以导入" in html and "确认导入2人" in html
    assert 'action="/recruitment/import/confirm/"' in preview.content.decode()
    assert "5个步骤，至“指定培养联系人”" in html
    assert not Recruit.objects.exists()  # the preview ran the import and rolled it back

    done = secretary.post("/recruitment/import/confirm/", {"key": preview.context["key"]})
    assert done.status_code == 302
    li = Recruit.objects.get(name="李明")
    assert li.stage == Stage.ACTIVIST and li.organization == tree.a1 and li.birth_date == D(1995, 1, 2)
    steps = list(li.steps.order_by("happened_on", "id").values_list("code", "happened_on", "acting_organization"))
    assert steps == [
        ("application", D(2023, 3, 1), tree.a1.pk),
        ("application_talk", D(2023, 3, 20), tree.a1.pk),
        ("activist", D(2023, 9, 1), tree.a1.pk),
        ("activist_filed", D(2023, 9, 5), tree.a.pk),  # filed with the branch's 党委
        ("mentors", D(2023, 9, 5), tree.a1.pk),
    ]
    assert RecruitStep.objects.get(recruit=li, code="mentors").people.get().member.name == "王红"
    assert Recruit.objects.get(name="赵丽").stage == Stage.APPLICANT
    assert AuditEvent.objects.filter(event=Event.RECRUITS_IMPORTED).count() == 1
    again = secretary.post("/recruitment/import/confirm/", {"key": preview.context["key"]})
    assert again.status_code == 302 and Recruit.objects.count() == 2  # a preview is confirmed once


def test_a_bad_row_refuses_the_whole_file_naming_row_and_column(tree, secretary):
    preview = upload(
        secretary,
        tree.a1,
        person("李明", D(1995, 1, 2), **ACTIVIST),
        person("赵丽", D(1996, 3, 4), 确定为入党积极分子日期="2023-13-01"),
        person("钱进", D(1997, 5, 6), 培养联系人="不存在", **{k: v for k, v in ACTIVIST.items() if k != "培养联系人"}),
    )
    html = compact(preview.content)
    assert "2行有问题，不能导入" in html and "确认导入" not in html
    assert "“确定为入党积极分子日期”列：日期“2023-13-01”无法识别，请写成如 2025-03-01" in html
    assert "“培养联系人”列：本支部在册党员中没有“不存在”" in html
    assert preview.context["rows"][1].number == 3 and preview.context["rows"][1].problems
    refused = secretary.post("/recruitment/import/confirm/", {"key": preview.context["key"]})
    assert refused.status_code == 302 and not Recruit.objects.exists()


def test_rules_of_record_step_apply_to_every_row(tree, secretary):
    early = {**ACTIVIST, "确定为发展对象日期": "2024-08-31"}
    preview = upload(
        secretary, tree.a1, person("李明", D(1995, 1, 2), **ACTIVIST), person("孙强", D(1994, 1, 1), **early)
    )
    html = compact(preview.content)
    assert "1行有问题" in html and "第3行" in html
    assert "“确定为发展对象日期”列：确定为发展对象须经1年以上培养考察" in html and "（DEV-07）" in html
    warned = person("周敏", D(1993, 1, 1), **{**ACTIVIST, "确定为入党积极分子日期": "2023-08-01"})
    html = compact(upload(secretary, tree.a1, warned).content)
    assert "递交入党申请书半年以上方可确定为入党积极分子" in html and "情况说明" in html
    explained = upload(secretary, tree.a1, {**warned, "情况说明": "群团组织推优，支委会研究同意"})
    secretary.post("/recruitment/import/confirm/", {"key": explained.context["key"]})
    step = RecruitStep.objects.get(recruit__name="周敏", code="activist")
    assert step.explained_rules == ["DEV-03"] and step.explanation == "群团组织推优，支委会研究同意"


def test_the_import_is_scoped_and_refuses_an_unreadable_file(tree, secretary):
    answer = upload(secretary, tree.b1, person("李明", D(1995, 1, 2)))
    assert "请选择一个有效的选项" in compact(answer.content) or answer.context["form"].errors["organization"]
    bad = io.BytesIO(b"not a workbook")
    bad.name = "x.xlsx"
    answer = secretary.post("/recruitment/import/", {"organization": tree.a1.pk, "file": bad})
    assert "文件无法读取" in compact(answer.content) and not Recruit.objects.exists()
