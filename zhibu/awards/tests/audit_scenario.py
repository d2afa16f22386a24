"""The awards part of the audit coverage scenario (``zhibu/core/tests/test_audit_coverage.py``): each event done once
through the pages. The path needs days to pass (公示, then 纪检), so its later steps travel forward from the scenario's
clock — never back, so no row of these is older than the rows before it (the purge at the end cuts at the oldest)."""

import datetime
import uuid
import zoneinfo

import time_machine
from django.test import Client
from django.utils import timezone

from zhibu.awards import services
from zhibu.awards.models import AwardRound, Nomination, Objection
from zhibu.members.models import Member
from zhibu.testing import SETUP
from zhibu.workdays.calendar import is_working_day


def _later(day: datetime.date):
    """Travel to 10:00 of a later day; stay put (a no-op context) on today."""
    if day <= timezone.localdate():
        return time_machine.travel(timezone.now(), tick=True)
    moment = datetime.datetime(day.year, day.month, day.day, 10, tzinfo=zoneinfo.ZoneInfo("Asia/Shanghai"))
    return time_machine.travel(moment, tick=True)


def do_award_events(tree, personas, did) -> None:
    def client(name="党委管理员A"):  # the scenario locks the 工委管理员 out on its way
        made = Client(REMOTE_ADDR="10.1.2.3")
        made.force_login(personas[name])
        return made

    today = timezone.localdate()
    round_form = {
        "organization": tree.a.pk,
        "year": today.year,
        "title": "审计评选",
        "opens_on": today.isoformat(),
        "closes_on": (today + datetime.timedelta(days=30)).isoformat(),
        "member_cap_percent": 100,
        "worker_cap_percent": 100,
        "org_cap_percent": 100,
        "publicity_days": 1,
        "submission_key": uuid.uuid4().hex,
    }
    did("award.round_created", action=lambda: client().post("/awards/rounds/new/", round_form))
    award = AwardRound.objects.get(title="审计评选")
    nominee = Member.objects.current().in_subtree(tree.a1).order_by("id").first()
    nomination_form = {
        "round": award.pk,
        "category": "outstanding_member",
        "member": nominee.pk,
        "reasons": "全年出满勤，带头完成窗口服务改进。",
        "submission_key": uuid.uuid4().hex,
    }
    did("award.nominated", action=lambda: client().post("/awards/new/", nomination_form))
    nomination = Nomination.objects.get(round=award)
    award.member_cap_percent = 1  # now far below one place for the branch: the next nomination is refused
    award.save(update_fields=["member_cap_percent"])
    other = Member.objects.current().in_subtree(tree.a1).exclude(pk=nominee.pk).order_by("id").first()
    refused_form = {**nomination_form, "member": other.pk, "submission_key": uuid.uuid4().hex}
    did("award.quota_refused", action=lambda: client().post("/awards/new/", refused_form))
    for event, path in (
        ("award.rounds_exported", "/awards/rounds/export/"),
        ("award.nominations_exported", "/awards/export/"),
        ("award.objections_exported", "/awards/objections/export/"),
        ("award.honours_exported", "/awards/honours/export/"),
    ):
        did(event, action=lambda path=path: client().get(path))

    start = today
    while not is_working_day(start):
        start += datetime.timedelta(days=1)
    with _later(start):
        step = {"step": "evaluate", "happened_on": start.isoformat(), "note": "同意", "agrees": "yes"}
        did("award.step_recorded", action=lambda: client().post(f"/awards/{nomination.pk}/step/", step))
        services.record_step(actor=SETUP, nomination=nomination, step="study", happened_on=start, note="同意推荐")
        services.record_step(actor=SETUP, nomination=nomination, step="publicise", happened_on=start)
        objection_form = {
            "received_on": start.isoformat(),
            "content": "反映其有迟到现象",
            "submission_key": uuid.uuid4().hex,
        }
        did(
            "award.objection_recorded",
            action=lambda: client().post(f"/awards/{nomination.pk}/objections/new/", objection_form),
        )
        objection = Objection.objects.get(nomination=nomination)
        answer = {"answered_on": start.isoformat(), "answer": "经核实系因公外出", "resolution": "dismissed"}
        did(
            "award.objection_answered",
            action=lambda: client().post(f"/awards/objections/{objection.pk}/answer/", answer),
        )
    after = start + datetime.timedelta(days=1)
    with _later(after):
        services.record_step(
            actor=SETUP, nomination=nomination, step="discipline", happened_on=after, note="未发现问题"
        )
        decide = {"step": "decide", "happened_on": after.isoformat(), "note": "同意", "agrees": "yes"}
        did("award.honour_written", action=lambda: client().post(f"/awards/{nomination.pk}/step/", decide))
