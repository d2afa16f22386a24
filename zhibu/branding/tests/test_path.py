"""The 四强 path through the pages and the API: apply with the locked rating attached (refused without one, or when
it falls short), review (return with a reason, apply again), 公示 in working days, objections that block naming until
answered, naming (the title on the organisation page), and the cases page."""

import uuid

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from rest_framework.test import APIClient

from zhibu.branding.models import Case, FourStrongApplication, Stage
from zhibu.branding.tests.helpers import (
    APPLIED,
    EVIDENCE,
    NAMED,
    OBJECTED,
    PUBLICISED,
    PUBLICITY_ENDS,
    REVIEWED,
    YEAR,
    at,
    locked_sheet,
    rating_row,
    walked,
)
from zhibu.core.audit_models import AuditEvent
from zhibu.testing import blank_pdf

pytestmark = [pytest.mark.django_db, pytest.mark.clock(APPLIED)]


def _client(user, api=False):
    if api:
        client = APIClient()
        client.force_authenticate(user)  # no session: the path's steps travel days forward
        return client
    client = Client()
    client.force_login(user)
    return client


def _apply(client, branch, year=YEAR, **extra):
    form = {"organization": branch.pk, "year": year, "evidence": EVIDENCE, "submission_key": uuid.uuid4().hex}
    return client.post("/branding/four-strong/new/", {**form, **extra})


def test_a_branch_without_a_locked_rating_cannot_apply(tree, personas):
    secretary = _client(personas["支部书记A1"])
    response = _apply(secretary, tree.a1)
    assert response.status_code == 200
    assert "2025年度的星级评定尚未定稿" in response.content.decode()
    assert not FourStrongApplication.objects.exists()
    sheet = locked_sheet(tree.a, [rating_row(tree.a1)])
    sheet.locked_at = None  # scored but not yet 定稿
    sheet.save(update_fields=["locked_at"])
    assert "尚未定稿" in _apply(secretary, tree.a1).content.decode()
    assert not FourStrongApplication.objects.exists()


def test_a_rating_short_of_four_strong_is_refused_with_its_figures(tree, personas):
    locked_sheet(tree.a, [rating_row(tree.a1, four_strong=False, stars=3)])
    response = _apply(_client(personas["支部书记A1"]), tree.a1)
    body = response.content.decode()
    assert "3星，得分率70.0%" in body and "未达到“四强”党支部的推荐条件" in body
    assert not FourStrongApplication.objects.exists()


def test_apply_attaches_the_locked_rating_and_the_evidence_files(tree, personas):
    locked_sheet(tree.a, [rating_row(tree.a1)])
    secretary = _client(personas["支部书记A1"])
    response = _apply(secretary, tree.a1, uploads=SimpleUploadedFile("佐证.pdf", blank_pdf(), "application/pdf"))
    application = FourStrongApplication.objects.get()
    assert response.status_code == 302
    assert application.rating["stars"] == 5 and application.reviewer == tree.a
    assert application.evidence_files.count() == 1
    page = secretary.get(application.get_absolute_url()).content.decode()
    assert "5星，得分率92.0%" in page and "政治功能强92.0%" in page and "佐证.pdf" in page
    assert f"/branding/four-strong/{application.pk}/review/" not in page  # the branch does not review itself


def test_the_level_above_returns_with_a_reason_and_the_branch_applies_again(tree, personas):
    application = walked(tree.a1, tree.a, through="submit")
    with time_machine.travel(at(REVIEWED), tick=False):
        admin = _client(personas["党委管理员A"])
        url = f"/branding/four-strong/{application.pk}/review/"
        no_reason = admin.post(url, {"happened_on": REVIEWED.isoformat(), "agrees": "no", "note": ""})
        assert "审核意见" in no_reason.content.decode()
        admin.post(
            url, {"happened_on": REVIEWED.isoformat(), "agrees": "no", "note": "佐证材料不全，请补充书记项目成效"}
        )
        application.refresh_from_db()
        assert application.stage == Stage.RETURNED and "佐证材料不全" in application.review_note
        response = _apply(_client(personas["支部书记A1"]), tree.a1)
    assert response.status_code == 302
    assert FourStrongApplication.objects.filter(stage=Stage.SUBMITTED).count() == 1


def test_objections_block_naming_until_answered_then_the_title_shows(tree, personas):
    application = walked(tree.a1, tree.a)
    assert application.publicity_until == PUBLICITY_ENDS  # 5 working days from Wednesday 4 Nov, the first counted
    url = f"/branding/four-strong/{application.pk}"
    with time_machine.travel(at(OBJECTED), tick=False):
        admin = _client(personas["党委管理员A"])
        late = {"received_on": "2026-11-20", "content": "反映台账有补记现象", "submission_key": uuid.uuid4().hex}
        assert "不能晚于今天" in admin.post(f"{url}/objections/new/", late).content.decode()
        good = {
            "received_on": OBJECTED.isoformat(),
            "content": "反映台账有补记现象",
            "submission_key": uuid.uuid4().hex,
        }
        admin.post(f"{url}/objections/new/", good)
        admin.post(f"{url}/objections/new/", good)  # the same form twice: one objection
    assert application.objections.count() == 1
    with time_machine.travel(at(PUBLICITY_ENDS), tick=False):
        admin = _client(personas["党委管理员A"])
        early = admin.post(f"{url}/name/", {"happened_on": PUBLICITY_ENDS.isoformat()}).content.decode()
        assert "1条异议尚未核实答复" in early
    with time_machine.travel(at(NAMED), tick=False):
        admin = _client(personas["党委管理员A"])
        blocked = admin.post(f"{url}/name/", {"happened_on": NAMED.isoformat()}).content.decode()
        assert "1条异议尚未核实答复，处理完毕后才能命名" in blocked
        objection = application.objections.get()
        answer = {"answered_on": NAMED.isoformat(), "answer": "经核实系按规定补录", "resolution": "dismissed"}
        admin.post(f"/branding/four-strong/objections/{objection.pk}/answer/", answer)
        admin.post(f"{url}/name/", {"happened_on": NAMED.isoformat()})
    application.refresh_from_db()
    assert application.stage == Stage.NAMED and application.named_on == NAMED
    with time_machine.travel(at(NAMED), tick=False):
        org_page = _client(personas["支部书记A1"]).get(f"/organizations/{tree.a1.pk}/").content.decode()
    assert "2025年度“四强”党支部" in org_page and "2026年11月11日命名" in org_page
    assert AuditEvent.objects.filter(event="four_strong.named").count() == 1


def test_an_upheld_objection_withdraws_the_application(tree, personas):
    application = walked(tree.a1, tree.a)
    with time_machine.travel(at(OBJECTED), tick=False):
        api = _client(personas["党委管理员A"], api=True)
        made = api.post(
            f"/api/v1/four-strong/{application.pk}/objection/",
            {"received_on": OBJECTED.isoformat(), "content": "反映该支部书记项目材料不实"},
            format="json",
        )
        assert made.status_code == 201
        answered = api.post(
            f"/api/v1/four-strong-objections/{made.json()['id']}/answer/",
            {"answered_on": OBJECTED.isoformat(), "answer": "经核实，部分材料不实", "resolution": "upheld"},
            format="json",
        )
    assert answered.status_code == 200
    application.refresh_from_db()
    assert application.stage == Stage.WITHDRAWN


def test_the_whole_path_through_the_api_and_the_cases_page(tree, personas):
    locked_sheet(tree.a, [rating_row(tree.a1)])
    api = {name: _client(personas[name], api=True) for name in ("支部书记A1", "党委管理员A")}
    branch, admin = api["支部书记A1"], api["党委管理员A"]
    made = branch.post("/api/v1/four-strong/", {"organization": tree.a1.pk, "year": YEAR, "evidence": EVIDENCE})
    assert made.status_code == 201, made.json()
    assert made.json()["rating"]["four_strong"] is True
    pk = made.json()["id"]
    with time_machine.travel(at(REVIEWED), tick=False):
        body = {"happened_on": REVIEWED.isoformat(), "agrees": True, "note": "同意"}
        assert branch.post(f"/api/v1/four-strong/{pk}/review/", body, format="json").status_code == 403
        assert admin.post(f"/api/v1/four-strong/{pk}/review/", body, format="json").json()["stage"] == "approved"
    with time_machine.travel(at(PUBLICISED), tick=False):
        body = {"happened_on": PUBLICISED.isoformat(), "publicity_days": 5}
        assert admin.post(f"/api/v1/four-strong/{pk}/publicise/", body, format="json").status_code == 200
    with time_machine.travel(at(NAMED), tick=False):
        named = admin.post(f"/api/v1/four-strong/{pk}/name/", {"happened_on": NAMED.isoformat()}, format="json")
        assert named.json()["stage"] == "named"
        case = {
            "application": pk,
            "title": "窗口服务提速",
            "text": "以书记项目为抓手，群众办事时间缩短一半，满意度明显提升。",
        }
        assert branch.post("/api/v1/four-strong-cases/", case, format="json").status_code == 201
        page = _client(personas["党委管理员A"]).get("/branding/cases/").content.decode()
    assert "窗口服务提速" in page
    assert Case.objects.get().organization == tree.a1


def test_cases_only_after_naming(tree, personas):
    application = walked(tree.a1, tree.a)
    secretary = _client(personas["支部书记A1"])
    form = {
        "title": "做法",
        "text": "以书记项目为抓手，群众办事时间缩短一半，满意度明显提升。",
        "submission_key": uuid.uuid4().hex,
    }
    response = secretary.post(f"/branding/four-strong/{application.pk}/cases/new/", form)
    assert "命名为“四强”党支部后才能提交案例" in response.content.decode()
    assert not Case.objects.exists()
