"""Party-affairs notices: who sees which notice (per persona), the member's read receipt (once, never public), unread
notices in the member's 待办 until read, withdrawn notices gone from the member's side, the generated dues publication
matching the dues records and counted by FEE-09, refused input in Chinese with nothing written."""

import datetime
import uuid

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from zhibu.core.audit_models import AuditEvent
from zhibu.dues import services as dues_services
from zhibu.notices import services
from zhibu.notices.models import Notice, NoticeRead, Status
from zhibu.notices.tests.helpers import notice
from zhibu.standards.models import Verdict, VerdictStatus
from zhibu.testing import SETUP, compact, make_member

D = datetime.timedelta


def _titles(client, url="/notices/"):
    return compact(client.get(url).content)


def test_each_persona_sees_the_notices_of_their_subtree_and_those_published_to_it(tree, personas, client_as):
    notice(tree.a, title="党委A公开事项")
    notice(tree.a, title="党委A草稿", publish=False)
    notice(tree.a1, title="支部A1公开事项")
    notice(tree.a1, title="支部A1草稿", publish=False)
    notice(tree.b1, title="支部B1公开事项")
    notice(tree.a1, title="支部A1未到公开期", publish_from=timezone.localdate() + D(days=3))
    seen = {
        "工委管理员": {
            "党委A公开事项",
            "党委A草稿",
            "支部A1公开事项",
            "支部A1草稿",
            "支部B1公开事项",
            "支部A1未到公开期",
        },
        "党委管理员A": {"党委A公开事项", "党委A草稿", "支部A1公开事项", "支部A1草稿", "支部A1未到公开期"},
        "支部书记A1": {"党委A公开事项", "支部A1公开事项", "支部A1草稿", "支部A1未到公开期"},
        "党员A1": {"党委A公开事项", "支部A1公开事项"},
        "支部书记B1": {"支部B1公开事项"},
        "无角色": set(),
    }
    for name, titles in seen.items():
        visible = set(Notice.objects.visible_to(personas[name]).values_list("title", flat=True))
        assert visible == titles, name
    page = _titles(client_as(personas["支部书记A1"]))
    assert "党委A公开事项" in page and "支部A1草稿" in page and "支部B1" not in page and "党委A草稿" not in page
    mine = compact(client_as(personas["党员A1"]).get("/me/public/").content)
    assert "党委A公开事项" in mine and "支部A1公开事项" in mine and "草稿" not in mine and "未到公开期" not in mine
    b1 = Notice.objects.get(title="支部B1公开事项")
    assert client_as(personas["党员A1"]).get(f"/me/public/{b1.pk}/").status_code == 404
    assert client_as(personas["支部书记A1"]).get(f"/notices/{b1.pk}/").status_code == 404
    from_above = Notice.objects.get(title="党委A公开事项")
    secretary = client_as(personas["支部书记A1"])
    assert secretary.get(f"/notices/{from_above.pk}/").status_code == 200
    assert secretary.get(f"/notices/{from_above.pk}/withdraw/").status_code == 403  # not theirs to withdraw


def test_opening_a_notice_marks_it_read_once_and_only_the_publisher_sees_who_has_not(tree, personas, client_as):
    other = make_member(tree.a1, name="尚未阅读者")
    made = notice(tree.a1, attach=True)
    member = client_as(personas["党员A1"])
    inbox = compact(member.get("/inbox/").content)
    assert f"请阅读党务公开：{made.title}" in inbox and f"/me/public/{made.pk}/" in inbox
    for _ in range(2):
        page = compact(member.get(f"/me/public/{made.pk}/").content)
        assert "支部委员会分工如下。" in page and "分工.pdf" in page
    assert NoticeRead.objects.filter(notice=made).count() == 1
    assert AuditEvent.objects.filter(event="notice.read").count() == 1
    assert f"请阅读党务公开：{made.title}" not in compact(member.get("/inbox/").content)
    file = made.attachments.get()
    assert member.get(f"/notices/{made.pk}/files/{file.pk}/").status_code == 200
    assert member.get(f"/attachments/{file.pk}/").status_code == 404  # only through the notice
    secretary = compact(client_as(personas["支部书记A1"]).get(f"/notices/{made.pk}/").content)
    assert "应知党员2人，已阅1人，未阅1人" in secretary and "尚未阅读者（支部A1）" in secretary
    assert "普通党员甲（" not in secretary
    reader_view = compact(member.get(f"/notices/{made.pk}/").content)
    assert "阅读情况" not in reader_view and other.name not in reader_view
    api = APIClient()
    api.force_authenticate(personas["党员A1"])
    assert api.get(f"/api/v1/notices/{made.pk}/reads/").status_code == 403
    api.force_authenticate(personas["支部书记A1"])
    counted = api.get(f"/api/v1/notices/{made.pk}/reads/").json()
    assert counted == {"audience": 2, "read": 1, "unread": [{"id": other.pk, "name": "尚未阅读者"}]}


def test_a_withdrawn_notice_leaves_the_member_side_and_the_inbox(tree, personas, client_as):
    made = notice(tree.a1, title="评先评优结果公开", category="awards")
    secretary = client_as(personas["支部书记A1"])
    refused = compact(secretary.post(f"/notices/{made.pk}/withdraw/", {"reason": " "}).content)
    assert "该字段是必填项" in refused
    assert Notice.objects.get(pk=made.pk).status == Status.PUBLISHED
    assert secretary.post(f"/notices/{made.pk}/withdraw/", {"reason": "名单有误，更正后重新公开"}).status_code == 302
    assert Notice.objects.get(pk=made.pk).status == Status.WITHDRAWN
    member = client_as(personas["党员A1"])
    assert "评先评优结果公开" not in compact(member.get("/me/public/").content)
    assert "评先评优结果公开" not in compact(member.get("/inbox/").content)
    assert member.get(f"/me/public/{made.pk}/").status_code == 404
    again = compact(secretary.post(f"/notices/{made.pk}/withdraw/", {"reason": "再次撤回"}).content)
    assert "只有已公开的事项可以撤回" in again


def test_a_draft_is_created_once_changed_and_published_through_the_pages(tree, personas, client_as):
    secretary = client_as(personas["支部书记A1"])
    today = timezone.localdate()
    form = {
        "organization": tree.a1.pk,
        "title": "发展对象公示",
        "category": "recruitment",
        "body": "经支部委员会研究，拟确定王某为发展对象。\n\n公示期内如有意见请向支部反映。",
        "publish_from": today.isoformat(),
        "publish_until": (today + D(days=7)).isoformat(),
        "submission_key": uuid.uuid4().hex,
    }
    assert secretary.post("/notices/new/", form).status_code == 302
    assert secretary.post("/notices/new/", form).status_code == 302  # a double submit
    [made] = Notice.objects.filter(title="发展对象公示")
    assert made.status == Status.DRAFT
    assert "发展对象公示" not in compact(client_as(personas["党员A1"]).get("/me/public/").content)
    edit = {k: v for k, v in form.items() if k not in ("organization", "submission_key")}
    assert secretary.post(f"/notices/{made.pk}/edit/", {**edit, "title": "发展对象公示（更正）"}).status_code == 302
    assert secretary.post(f"/notices/{made.pk}/publish/").status_code == 302
    made.refresh_from_db()
    assert made.status == Status.PUBLISHED and made.title == "发展对象公示（更正）"
    page = compact(client_as(personas["党员A1"]).get(f"/me/public/{made.pk}/").content)
    assert "经支部委员会研究，拟确定王某为发展对象。" in page and "公示期内如有意见请向支部反映。" in page
    refused = compact(secretary.post(f"/notices/{made.pk}/edit/", {**edit, "title": "再改"}).content)
    assert "只有草稿可以修改" in refused
    assert "该事项已公开，不能再次公开" in compact(secretary.post(f"/notices/{made.pk}/publish/", follow=True).content)
    assert client_as(personas["党员A1"]).post(f"/notices/{made.pk}/publish/").status_code == 403


def test_bad_input_is_refused_in_chinese_and_writes_nothing(tree, personas, client_as):
    secretary = client_as(personas["支部书记A1"])
    today = timezone.localdate()
    bad = {
        "organization": tree.a1_group.pk,
        "title": "",
        "category": "nonsense",
        "body": "正文",
        "publish_from": today.isoformat(),
        "publish_until": (today - D(days=1)).isoformat(),
        "submission_key": uuid.uuid4().hex,
    }
    page = compact(secretary.post("/notices/new/", bad).content)
    assert "选择一个有效的选项" in page or "请选择" in page
    bad.update(organization=tree.a1.pk, category="other", title="标题")
    page = compact(secretary.post("/notices/new/", bad).content)
    assert "公开截止日期不能早于起始日期" in page
    bad.update(organization=tree.b1.pk, publish_until="")
    assert "选择一个有效的选项" in compact(secretary.post("/notices/new/", bad).content)
    assert not Notice.objects.exists()
    for query in ("year=99999", "status=gone", "organization=99999999999999999999", "category=x"):
        response = secretary.get(f"/notices/?{query}")
        assert response.status_code == 200 and "没有符合条件的党务公开事项" in compact(response.content)
    api = APIClient()
    api.force_authenticate(personas["支部书记A1"])
    assert api.get("/api/v1/notices/?year=99999").status_code == 400
    refused = api.post(
        "/api/v1/notices/",
        {
            "organization": tree.a1.pk,
            "title": "x",
            "body": "正文",
            "category": "other",
            "publish_from": today.isoformat(),
        },
    )
    assert refused.status_code == 400 and refused.json()["title"] == ["请填写标题（至少2个字）"]
    assert not Notice.objects.exists()


def test_the_api_drafts_publishes_and_withdraws(tree, personas):
    api = APIClient()
    api.force_authenticate(personas["支部书记A1"])
    today = timezone.localdate()
    body = {
        "organization": tree.a1.pk,
        "title": "组织生活安排公开",
        "body": "本月主题党日安排。",
        "category": "organization",
    }
    created = api.post("/api/v1/notices/", {**body, "publish_from": today.isoformat()})
    assert created.status_code == 201 and created.json()["status"] == "draft"
    pk = created.json()["id"]
    assert api.post(f"/api/v1/notices/{pk}/publish/").json()["status"] == "published"
    member = APIClient()
    member.force_authenticate(personas["党员A1"])
    assert [row["id"] for row in member.get("/api/v1/notices/").json()["results"]] == [pk]
    assert member.post(f"/api/v1/notices/{pk}/read/").status_code == 200
    assert member.post(f"/api/v1/notices/{pk}/read/").status_code == 200
    assert NoticeRead.objects.filter(notice_id=pk).count() == 1
    assert member.post(f"/api/v1/notices/{pk}/withdraw/", {"reason": "无权撤回"}).status_code == 403
    assert api.post(f"/api/v1/notices/{pk}/withdraw/", {"reason": ""}).status_code == 400
    withdrawn = api.post(f"/api/v1/notices/{pk}/withdraw/", {"reason": "安排调整"})
    assert withdrawn.json()["status"] == "withdrawn"
    assert member.get("/api/v1/notices/").json()["results"] == []
    stranger = APIClient()
    stranger.force_authenticate(personas["支部书记B1"])
    assert stranger.post(f"/api/v1/notices/{pk}/publish/").status_code == 404


@pytest.mark.usefixtures("live_verdicts")
def test_the_generated_dues_notice_matches_the_dues_records_and_counts_for_fee_09(tree, personas, client_as):
    today = timezone.localdate()
    secretary = personas["支部书记A1"]
    payer = make_member(tree.a1, name="按时缴纳", joined_on=datetime.date(2010, 7, 1))
    other = make_member(tree.a1, name="同样缴纳", joined_on=datetime.date(2010, 7, 1))
    for person, base in ((payer, "5400"), (other, "3000")):  # 81.00 and 15.00 a month
        dues_services.set_assessment(actor=SETUP, member=person, year=today.year, category="salaried", base=base)
    month = today.replace(day=1)
    dues_services.record_payment(actor=SETUP, member=payer, month=month, method="cash", key="pay-00000001")
    dues_services.record_payment(actor=SETUP, member=other, month=month, method="cash", key="pay-00000002")
    figures = services.dues_figures(secretary, tree.a1, today.year)
    row = figures[today.month - 1]
    assert (row["paid"], row["payers"]) == (96, 2)
    client = client_as(secretary)
    form = client.get(f"/notices/dues/new/?organization={tree.a1.pk}")
    key = form.context["form"]["submission_key"].value()
    posted = {"organization": tree.a1.pk, "year": today.year, "submission_key": key}
    assert client.post("/notices/dues/new/", posted).status_code == 302
    [made] = Notice.objects.filter(category="dues")
    assert made.status == Status.DRAFT and made.year == today.year
    assert made.title == f"支部A1{today.year}年度党费收缴情况公开"
    paid = sum(row["paid"] for row in figures)
    due = sum(row["due"] for row in figures)
    assert f"实缴党费￥{paid:,.2f}" in made.body and f"全年应缴党费￥{due:,.2f}" in made.body
    assert f"{today.month}月：应缴￥96.00，实缴￥96.00，交纳人数2人" in made.body
    twice = compact(client.post("/notices/dues/new/", {**posted, "submission_key": uuid.uuid4().hex}).content)
    assert "党费收缴情况公开已有记录（草稿），请勿重复生成" in twice
    general = compact(
        client_as(personas["党委管理员A"])
        .post("/notices/dues/new/", {"organization": tree.a.pk, "year": today.year, "submission_key": uuid.uuid4().hex})
        .content
    )
    assert "选择一个有效的选项" in general  # a 党委 does not publish a branch's dues
    year_verdict = Verdict.objects.get(organization=tree.a1, rule_id="FEE-09", period_key=str(today.year))
    assert year_verdict.status != VerdictStatus.MET
    client.post(f"/notices/{made.pk}/publish/")
    assert Verdict.objects.get(pk=year_verdict.pk).status == VerdictStatus.MET
    client.post(f"/notices/{made.pk}/withdraw/", {"reason": "数据有误，更正后重新公开"})
    assert Verdict.objects.get(pk=year_verdict.pk).status != VerdictStatus.MET
