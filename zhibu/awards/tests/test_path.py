"""The selection path: 党员评议 → 支部研究 → 公示 (working days) with objections → 纪检意见 → approval by the
organisation with the authority; an unresolved objection blocks the approval; the honour then shows on the member's
and the organisation's pages."""

import uuid

import pytest
from django.test import Client

from zhibu.awards.models import Honour, Nomination, Objection, Stage
from zhibu.awards.tests.helpers import (
    CLEARED,
    DECIDED,
    EVALUATED,
    NOMINATED,
    OBJECTED,
    PUBLICISED,
    PUBLICITY_ENDS,
    at,
    award_round,
    fill,
    nominate,
    to_publicity,
    walked,
)
from zhibu.core.audit_models import AuditEvent

pytestmark = [pytest.mark.django_db, pytest.mark.clock(NOMINATED)]


def _client(user):
    client = Client()
    client.force_login(user)
    return client


def _step(client, nomination, name, day, note="同意", agrees="yes"):
    body = {"step": name, "happened_on": day.isoformat(), "note": note, "agrees": agrees}
    return client.post(f"/awards/{nomination.pk}/step/", body)


def test_an_objection_during_publicity_blocks_approval_until_resolved(tree, personas, fixed_clock):
    members = fill(tree.a1, 20)
    nomination = nominate(award_round(tree.a), member=members[0])
    nomination = to_publicity(nomination, fixed_clock)
    assert (nomination.publicity_from, nomination.publicity_until) == (PUBLICISED, PUBLICITY_ENDS)

    # Sessions idle out after 15 minutes, and the clock moves days: each actor logs in again when it acts.
    def secretary():
        return _client(personas["支部书记A1"])

    def admin():
        return _client(personas["党委管理员A"])

    def discipline():
        return _client(personas["纪检A"])

    fixed_clock.move_to(at(OBJECTED))
    body = {"received_on": OBJECTED.isoformat(), "raised_by": "", "content": "反映其多次迟到早退"}
    made = secretary().post(f"/awards/{nomination.pk}/objections/new/", {**body, "submission_key": uuid.uuid4().hex})
    assert made.status_code == 302
    objection = Objection.objects.get(nomination=nomination)

    fixed_clock.move_to(at(PUBLICITY_ENDS))
    early = _step(discipline(), nomination, "discipline", PUBLICITY_ENDS, "未发现问题")
    assert "公示期至2026年11月10日结束（5个工作日），公示期满后才能出具纪检意见" in early.content.decode()

    fixed_clock.move_to(at(CLEARED))
    not_theirs = _step(secretary(), nomination, "discipline", CLEARED, "未发现问题")
    assert "纪检意见须由纪检人员出具" in not_theirs.content.decode()
    assert _step(discipline(), nomination, "discipline", CLEARED, "经查，未发现违规违纪问题").status_code == 302

    fixed_clock.move_to(at(DECIDED))
    blocked = _step(admin(), nomination, "decide", DECIDED)
    assert "公示期间收到的1条异议尚未核实处理，处理完毕后才能审批" in blocked.content.decode()
    assert Nomination.objects.get(pk=nomination.pk).stage == Stage.CLEARED
    assert not Honour.objects.exists()
    page = admin().get(f"/awards/{nomination.pk}/").content.decode()
    assert "1条异议待处理" in page

    answer = {"answered_on": DECIDED.isoformat(), "answer": "经核实，系因公外出，已补办手续", "resolution": "dismissed"}
    assert secretary().post(f"/awards/objections/{objection.pk}/answer/", answer).status_code == 302
    branch_cannot = _step(secretary(), nomination, "decide", DECIDED)
    assert "审批由党委A办理" in branch_cannot.content.decode()
    assert _step(admin(), nomination, "decide", DECIDED).status_code == 302

    honour = Honour.objects.get(nomination=nomination)
    assert honour.title == "2026年度优秀共产党员" and honour.member == members[0]
    member_page = admin().get(f"/members/{members[0].pk}/").content.decode()
    assert "2026年度优秀共产党员" in member_page and "2026年11月12日" in member_page
    branch_page = admin().get(f"/organizations/{tree.a1.pk}/").content.decode()
    assert "荣誉与评选" in branch_page and "2026年度优秀共产党员" in branch_page
    events = set(AuditEvent.objects.values_list("event", flat=True))
    assert {"award.objection_recorded", "award.objection_answered", "award.honour_written"} <= events


def test_an_upheld_objection_withdraws_the_nomination_and_frees_its_place(tree, personas, fixed_clock):
    members = fill(tree.a1, 7)  # cap 1
    award = award_round(tree.a)
    nomination = to_publicity(nominate(award, member=members[0]), fixed_clock)
    fixed_clock.move_to(at(OBJECTED))
    secretary = _client(personas["支部书记A1"])
    body = {"received_on": OBJECTED.isoformat(), "content": "反映其违反工作纪律", "submission_key": uuid.uuid4().hex}
    secretary.post(f"/awards/{nomination.pk}/objections/new/", body)
    objection = Objection.objects.get(nomination=nomination)
    answer = {"answered_on": OBJECTED.isoformat(), "answer": "经核实反映属实", "resolution": "upheld"}
    secretary.post(f"/awards/objections/{objection.pk}/answer/", answer)
    assert Nomination.objects.get(pk=nomination.pk).stage == Stage.REJECTED
    assert nominate(award, member=members[1]).stage == Stage.NOMINATED


def test_objections_only_during_publicity(tree, personas, fixed_clock):
    nomination = walked(tree.a1, tree.a)
    fixed_clock.move_to(at(CLEARED))
    body = {"received_on": CLEARED.isoformat(), "content": "反映其多次迟到早退", "submission_key": uuid.uuid4().hex}
    late = _client(personas["支部书记A1"]).post(f"/awards/{nomination.pk}/objections/new/", body)
    assert "异议应在公示期内提出（2026年11月4日至2026年11月10日）" in late.content.decode()
    assert not Objection.objects.exists()


def test_steps_keep_their_order_and_dates(tree, personas, fixed_clock):
    members = fill(tree.a1, 20)
    nomination = nominate(award_round(tree.a), member=members[0])
    fixed_clock.move_to(at(PUBLICISED))
    secretary = _client(personas["支部书记A1"])
    skipped = _step(secretary, nomination, "study", EVALUATED, "同意推荐")
    assert "下一步应为“党员评议”" in skipped.content.decode()
    no_note = _step(secretary, nomination, "evaluate", EVALUATED, "")
    assert "请写明党员评议情况" in no_note.content.decode()
    assert _step(secretary, nomination, "evaluate", EVALUATED, "同意19人").status_code == 302
    assert _step(secretary, nomination, "study", EVALUATED, "支委会同意").status_code == 302
    from datetime import date  # 2026-11-07 is a Saturday

    fixed_clock.move_to(at(date(2026, 11, 9)))
    admin = _client(personas["党委管理员A"])
    weekend = _step(admin, nomination, "publicise", date(2026, 11, 7))
    assert "公示应从工作日开始，2026年11月7日不是工作日" in weekend.content.decode()


def test_discipline_may_refuse_and_the_authority_cannot_approve_against_it(tree, personas, fixed_clock):
    nomination = walked(tree.a1, tree.a)
    fixed_clock.move_to(at(CLEARED))
    discipline = _client(personas["纪检A"])
    assert _step(discipline, nomination, "discipline", CLEARED, "发现违纪问题线索", agrees="no").status_code == 302
    fixed_clock.move_to(at(DECIDED))
    admin = _client(personas["党委管理员A"])
    refused = _step(admin, nomination, "decide", DECIDED)
    assert "纪检意见为不同意，不能批准" in refused.content.decode()
    assert _step(admin, nomination, "decide", DECIDED, "不予表彰", agrees="no").status_code == 302
    assert Nomination.objects.get(pk=nomination.pk).stage == Stage.REJECTED
    assert not Honour.objects.exists()
