"""External trainings from Excel: a preview naming every problem by row and column in Chinese, and all rows or none."""

import datetime
import io

import pytest
from django.utils import timezone
from openpyxl import Workbook

from zhibu.testing import make_member
from zhibu.training.importing import HEADERS
from zhibu.training.models import ExternalTraining


def sheet(*rows, headers=None):
    workbook = Workbook()
    workbook.active.append(headers or list(HEADERS.values()))
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    buffer.seek(0)
    buffer.name = "external.xlsx"
    return buffer


@pytest.fixture
def people(tree):
    return [make_member(tree.a1, name=name, joined_on=datetime.date(2010, 1, 1)) for name in ("导入甲", "导入乙")]


def row(member, **changes):
    values = {
        "name": member.name,
        "id": member.id_tail,
        "title": "党校专题班",
        "organizer": "市委党校",
        "started": "2026-03-02",
        "ended": "2026-03-06",
        "hours": "24",
        "concentrated": "是",
    }
    values.update(changes)
    return list(values.values())


def upload(client, tree, file):
    return client.post("/training/external/import/", {"organization": tree.a1.pk, "file": file})


def test_a_clean_file_previews_then_imports_every_row_once(tree, personas, client_as, people):
    client = client_as(personas["支部书记A1"])
    preview = upload(client, tree, sheet(row(people[0]), row(people[1], hours="1.5", concentrated="否")))
    assert "2行全部可以导入" in preview.content.decode() and "确认导入2条" in preview.content.decode()
    assert 'action="/training/external/import/confirm/"' in preview.content.decode()
    assert ExternalTraining.objects.count() == 0  # the preview wrote nothing
    key = client.session["training.pending_import"]["key"]
    assert client.post("/training/external/import/confirm/", {"key": key}).status_code == 302
    assert ExternalTraining.objects.count() == 2
    again = client.post("/training/external/import/confirm/", {"key": key}, follow=True)
    assert "没有待确认的导入" in again.content.decode() and ExternalTraining.objects.count() == 2


def test_every_bad_row_is_named_with_its_column_and_nothing_is_written(tree, personas, client_as, people):
    stranger = make_member(tree.b1, name="外支部")
    client = client_as(personas["支部书记A1"])
    page = upload(
        client,
        tree,
        sheet(
            row(people[0]),
            row(people[1], hours="很多"),
            row(people[1], title="另一个班", ended="2026-13-40"),
            row(stranger),
            row(people[0], concentrated="也许"),
            row(people[1], title="未来班", ended=(timezone.localdate() + datetime.timedelta(days=1)).isoformat()),
        ),
    ).content.decode()
    assert "5行有问题，不能导入" in page
    assert "第3行“学时”列：“很多”不是数字" in page
    assert "第4行“结束日期”列：日期“2026-13-40”无法识别" in page
    assert "第5行“姓名”列：支部A1的在册党员中没有“外支部”" in page
    assert "第6行“集中培训”列：请填“是”或“否”" in page
    assert "第7行“结束日期”列：培训尚未结束" in page
    assert "确认导入" not in page
    assert ExternalTraining.objects.count() == 0


def test_a_training_already_recorded_refuses_the_file(tree, personas, client_as, people):
    client = client_as(personas["支部书记A1"])
    upload(client, tree, sheet(row(people[0])))
    client.post("/training/external/import/confirm/", {"key": client.session["training.pending_import"]["key"]})
    page = upload(client, tree, sheet(row(people[1]), row(people[0]))).content.decode()
    assert "已登记过" in page and "第3行" in page
    assert ExternalTraining.objects.count() == 1


def test_a_file_without_the_headers_or_not_xlsx_is_refused(tree, personas, client_as):
    client = client_as(personas["支部书记A1"])
    page = upload(client, tree, sheet(["x"], headers=["姓名", "学时"])).content.decode()
    assert "表头缺少" in page
    text = io.BytesIO(b"not a sheet")
    text.name = "a.csv"
    assert "请上传 .xlsx 格式" in upload(client, tree, text).content.decode()


def test_another_branchs_organisation_is_refused(tree, personas, client_as, people):
    client = client_as(personas["支部书记A1"])
    page = client.post("/training/external/import/", {"organization": tree.b1.pk, "file": sheet(row(people[0]))})
    assert page.status_code == 200 and ExternalTraining.objects.count() == 0
    assert "选择一个有效的选项" in page.content.decode() or "没有" in page.content.decode()
