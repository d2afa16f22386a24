"""The recruitment materials (filing lists, pre-review list, admission filing, full-membership pre-review form, yearly
statistics): opened as .xlsx and .docx, their content is the recorded steps; scoped and audited like other ledgers."""

import datetime
import io

import pytest
from docx import Document
from openpyxl import load_workbook

from zhibu.core.audit_catalogue import Event
from zhibu.core.audit_models import AuditEvent
from zhibu.recruitment import services
from zhibu.recruitment.models import RecruitStep
from zhibu.recruitment.tests.paths import CLOCK, full_members, new_recruit, walk
from zhibu.testing import SETUP, compact

pytestmark = pytest.mark.clock(CLOCK)
D = datetime.date


def sheet_rows(content: bytes) -> list[list]:
    sheet = load_workbook(io.BytesIO(content)).active
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def row_of(rows: list[list], name: str) -> list:
    [row] = [row for row in rows if name in row]
    return row


def docx_text(content: bytes) -> str:
    document = Document(io.BytesIO(content))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        parts += [cell.text for row in table.rows for cell in row.cells]
    return "\n".join(parts)


@pytest.fixture
def recruits(tree):
    """张晓明 walked to full membership (activist 2023, candidate and admitted 2024, full 2025); 李华 to the branch
    committee's review in 2024, not yet pre-reviewed; 王芳 in 支部A2 applied and was stopped in 2025; 赵强 in another
    党委's branch."""
    voters = full_members(tree.a1, 5)
    full = new_recruit(tree.a1)
    walk(tree, full, "full_approval", voters=voters)
    waiting = new_recruit(tree.a1, name="李华", birth=D(1996, 2, 3), employer="第二单位")
    walk(tree, waiting, "committee_review", voters=voters)
    stopped = new_recruit(tree.a2, name="王芳", applied_on=D(2025, 1, 10), birth=D(1998, 8, 8))
    services.stop_recruit(
        actor=SETUP, recruit=stopped, happened_on=D(2025, 6, 1), reason="本人申请暂缓，支委会研究同意"
    )
    new_recruit(tree.b1, name="赵强", applied_on=D(2025, 2, 1), birth=D(1990, 1, 1))
    return voters


def download(client, code, organization, year, form):
    response = client.get(f"/ledgers/{code}/?organization={organization.pk}&year={year}&format={form}")
    assert response.status_code == 200, code
    return response.content


def test_filing_lists_come_from_the_steps(tree, personas, client_as, recruits):
    client = client_as(personas["支部书记A1"])
    rows = sheet_rows(download(client, "recruit-activists", tree.a1, 2023, "xlsx"))
    assert rows[0][0] == "入党积极分子备案表"
    header = row_of(rows, "培养联系人")
    zhang, li = row_of(rows, "张晓明"), row_of(rows, "李华")
    record = dict(zip(header, zhang, strict=True))
    assert record["递交申请书日期"] == "2023年3月1日" and record["确定为积极分子日期"] == "2023年9月1日"
    assert record["培养联系人"] == recruits[0].name and record["备案日期"] == "2023年9月5日"
    assert record["出生日期"] == "1995年5月20日" and record["所在党支部"] == "支部A1" and li[0] == 2
    assert not any(
        "张晓明" in str(row) for row in sheet_rows(download(client, "recruit-activists", tree.a1, 2024, "xlsx"))
    )

    word = docx_text(download(client, "recruit-candidates", tree.a1, 2024, "docx"))
    assert "发展对象备案表" in word and "本年度经支部委员会确定的发展对象2名" in word
    assert "2024年9月1日" in word and "1年" in word and f"{recruits[0].name}、{recruits[1].name}" in word
    rows = sheet_rows(download(client, "recruit-candidates", tree.a1, 2024, "xlsx"))
    record = dict(zip(row_of(rows, "培养考察时间"), row_of(rows, "李华"), strict=True))
    assert record["确定为发展对象日期"] == "2024年9月1日" and record["培养考察时间"] == "1年"
    assert record["工作单位及职务"] == "第二单位" and record["备案日期"] == "2024年9月5日"


def test_pre_review_and_admission_filing(tree, personas, client_as, recruits):
    client = client_as(personas["党委管理员A"])
    rows = sheet_rows(download(client, "recruit-pre-review", tree.a, 2024, "xlsx"))
    header = row_of(rows, "政审结论")
    zhang = dict(zip(header, row_of(rows, "张晓明"), strict=True))
    li = dict(zip(header, row_of(rows, "李华"), strict=True))
    assert zhang["政审结论"] == "政治历史清白，现实表现良好，合格" and zhang["集中培训"] == "2024年9月20日（3天）"
    assert zhang["支委会审查日期"] == "2024年10月8日" and zhang["预审日期"] == "2024年10月10日"
    assert li["预审日期"] == "待预审"

    rows = sheet_rows(download(client, "recruit-admissions", tree.a, 2024, "xlsx"))
    record = dict(zip(row_of(rows, "表决结果"), row_of(rows, "张晓明"), strict=True))
    assert record["支部大会日期"] == "2024年10月25日" and record["审批日期"] == "2024年12月20日"
    vote = RecruitStep.objects.get(recruit__name="张晓明", code="admission_vote").vote
    assert record["表决结果"] == f"应到{vote.eligible}人，实到{vote.present_eligible}人；赞成5、反对0、弃权0"
    assert record["预备期"] == "2024年10月25日至2025年10月25日" and record["备案日期"] == "2024年12月25日"
    assert not any("李华" in str(row) for row in rows)  # reviewed, never admitted

    word = docx_text(download(client, "recruit-full-pre-review", tree.a, 2025, "docx"))
    assert "预备党员转正预审表" in word and "本年度提出转正申请的预备党员1名" in word
    vote = RecruitStep.objects.get(recruit__name="张晓明", code="full_vote").vote
    for fact in (
        "支部大会接收日期：2024年10月25日",
        "入党宣誓日期：2025年1月5日",
        "延长预备期：无",
        "预备期满日期：2025年10月25日",
        "转正申请日期：2025年10月10日",
        f"支部大会讨论转正：2025年10月25日，应到{vote.eligible}人，实到{vote.present_eligible}人；赞成5、反对0、弃权0",
        "上级党委审批转正：2025年12月1日",
    ):
        assert fact in compact(word).replace("： ", "："), fact
    assert AuditEvent.objects.filter(event=Event.LEDGER_EXPORTED).count() == 3


def test_yearly_statistics_count_stages_and_changes(tree, personas, client_as, recruits):
    client = client_as(personas["党委管理员A"])
    columns = None
    figures = {}
    for year in (2024, 2025):
        rows = sheet_rows(download(client, "recruit-statistics", tree.a, year, "xlsx"))
        columns = row_of(rows, "党支部")
        figures[year] = {
            row[0]: dict(zip(columns, row, strict=True)) for row in rows if row[0] in ("支部A1", "支部A2", "合计")
        }
    assert columns is not None and "支部B1" not in str(figures)
    a1, a2, total = figures[2024]["支部A1"], figures[2024]["支部A2"], figures[2024]["合计"]
    assert a1["年末预备党员"] == 1 and a1["年末发展对象"] == 2 - 1 and a1["本年确定发展对象"] == 2
    assert a1["本年接收预备党员"] == 1 and a1["本年递交入党申请"] == 0 and a2["年末入党申请人"] == 0
    assert total["本年确定发展对象"] == 2
    a1, a2, total = figures[2025]["支部A1"], figures[2025]["支部A2"], figures[2025]["合计"]
    assert a1["年末预备党员"] == 0 and a1["年末发展对象"] == 1 and a1["本年按期转正"] == 1
    assert a2["本年递交入党申请"] == 1 and a2["本年终止培养"] == 1 and a2["年末入党申请人"] == 0
    assert total["本年递交入党申请"] == 1 and total["本年延长预备期"] == 0
    page = compact(client.get(f"/ledgers/recruit-statistics/?organization={tree.a.pk}&year=2025").content)
    assert "发展党员工作年度统计" in page and "统计截至2025年12月31日" in page


def test_materials_are_scoped(tree, personas, client_as, recruits):
    stranger = client_as(personas["党委管理员A"])
    assert stranger.get(f"/ledgers/recruit-activists/?organization={tree.b.pk}&year=2025").status_code == 404
    secretary = client_as(personas["支部书记A1"])
    rows = sheet_rows(download(secretary, "recruit-statistics", tree.a1, 2025, "xlsx"))
    assert [row[0] for row in rows if row[0] in ("支部A1", "支部A2", "合计")] == ["支部A1", "合计"]
    member = client_as(personas["党员A1"])
    assert member.get(f"/ledgers/recruit-activists/?organization={tree.a1.pk}&year=2023").status_code == 404
