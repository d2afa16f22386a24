"""A research record's report files: uploaded through the attachment checks on the page and over the API, listed on
the record, downloaded only through the record (its scope), refused in Chinese; a title given with the file counts
for AGY-05."""

import pytest
from rest_framework.test import APIClient

from zhibu.core.models import Attachment, AuditEvent
from zhibu.leadership import services
from zhibu.leadership.models import ResearchRecord
from zhibu.leadership.tests.helpers import report_file, research, with_report
from zhibu.testing import make_member

pytestmark = pytest.mark.clock("2026-06-10 10:00")


def _record(tree, report: str = ""):
    from django.utils import timezone

    return research(tree.a, make_member(tree.a1, name="调研领导"), timezone.localdate(), report=report)


def test_an_officer_uploads_a_report_and_readers_of_the_record_download_it(tree, personas, client_as):
    record = _record(tree)
    admin = client_as(personas["党委管理员A"])
    page = admin.get(f"/leadership/research/{record.pk}/").content.decode()
    assert "未上传" in page and f"/leadership/research/{record.pk}/reports/new/" in page
    untitled = admin.post(f"/leadership/research/{record.pk}/reports/new/", {"upload": report_file()})
    assert "请填写调研报告题目" in untitled.content.decode() and not record.reports.exists()
    answer = admin.post(
        f"/leadership/research/{record.pk}/reports/new/",
        {"upload": report_file("关于融合的调研.png"), "report_title": "关于党建业务融合的调研报告"},
    )
    assert answer.status_code == 302
    record.refresh_from_db()
    assert record.report_title == "关于党建业务融合的调研报告"
    file = record.reports.get()
    assert file.purpose == "research_report" and file.organization == tree.a
    assert AuditEvent.objects.filter(event="leadership.research_report_added").count() == 1
    page = admin.get(f"/leadership/research/{record.pk}/").content.decode()
    link = f"/leadership/research/{record.pk}/reports/{file.pk}/"
    assert link in page and "关于融合的调研.png" in page
    assert admin.get(link).status_code == 200
    assert client_as(personas["工委管理员"]).get(link).status_code == 200
    # Another committee's officer and an ordinary member see neither the record nor its file.
    assert client_as(personas["支部书记B1"]).get(link).status_code == 404
    assert client_as(personas["党员A1"]).get(link).status_code == 404
    # A file id that is not this record's is a 404, even one the user may otherwise read.
    other = with_report(_record(tree, report="另一篇"))
    assert admin.get(f"/leadership/research/{record.pk}/reports/{other.reports.get().pk}/").status_code == 404
    assert admin.get(f"/leadership/research/{record.pk}/reports/{10**30}/").status_code == 404


def test_bad_files_and_readers_are_refused_without_a_half_write(tree, personas, client_as):
    record = _record(tree, report="已有题目的报告")
    admin = client_as(personas["党委管理员A"])
    fake = report_file("伪装.pdf")
    answer = admin.post(f"/leadership/research/{record.pk}/reports/new/", {"upload": fake})
    assert answer.status_code == 200 and "扩展名" in answer.content.decode()
    empty = admin.post(f"/leadership/research/{record.pk}/reports/new/", {})
    assert empty.status_code == 200 and not record.reports.exists()
    assert not Attachment.objects.filter(purpose="research_report").exists()
    # A secretary of the branch the leader belongs to may not change the committee's record.
    refused = client_as(personas["支部书记A1"]).post(
        f"/leadership/research/{record.pk}/reports/new/", {"upload": report_file()}
    )
    assert refused.status_code in (403, 404)
    for _ in range(services.MAX_REPORT_FILES):
        with_report(record)
    full = admin.post(f"/leadership/research/{record.pk}/reports/new/", {"upload": report_file()})
    assert f"最多上传{services.MAX_REPORT_FILES}个" in full.content.decode()


def test_the_api_uploads_and_lists_report_files(tree, personas):
    record = _record(tree)
    api = APIClient()
    api.force_authenticate(personas["党委管理员A"])
    refused = api.post(f"/api/v1/research-records/{record.pk}/reports/", {"upload": report_file()})
    assert refused.status_code == 400 and refused.json()["report_title"] == ["请填写调研报告题目"]
    answer = api.post(
        f"/api/v1/research-records/{record.pk}/reports/",
        {"upload": report_file(), "report_title": "接口上传的调研报告"},
        format="multipart",
    )
    assert answer.status_code == 200, answer.json()
    body = answer.json()
    assert body["report_title"] == "接口上传的调研报告" and len(body["reports"]) == 1
    assert body["reports"][0]["download"] == f"/leadership/research/{record.pk}/reports/{body['reports'][0]['id']}/"
    stranger = APIClient()
    stranger.force_authenticate(personas["支部书记B1"])
    assert stranger.post(f"/api/v1/research-records/{record.pk}/reports/", {}).status_code == 404
    assert ResearchRecord.objects.get(pk=record.pk).reports.count() == 1
