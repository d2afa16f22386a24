"""G20: every catalogued event, done once through the public surface, writes exactly one complete audit row.

The events build on each other (a login before a lockout, a meeting before its minutes), so one scenario does them all
in order, once per test process; each event is then its own test, and a failure names the event."""

import datetime
import io
import time
import uuid
from typing import Any
from unittest import mock

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client
from django.utils import timezone
from PIL import Image

from zhibu.accounts import services as account_services
from zhibu.accounts.models import User
from zhibu.accounts.roles import Role
from zhibu.awards.tests.audit_scenario import do_award_events
from zhibu.branding.tests.audit_scenario import do_four_strong_events
from zhibu.complaints.tests.audit_scenario import do_complaint_events
from zhibu.core import crypto
from zhibu.core.audit_catalogue import EVENTS, Event
from zhibu.core.audit_models import AuditEvent
from zhibu.core.audit_verify import purge_before
from zhibu.integrity.tests.audit_scenario import do_care_and_integrity_events
from zhibu.leadership.tests.audit_scenario import do_leadership_events
from zhibu.members.models import Member, Transfer
from zhibu.notices.tests.audit_scenario import do_notice_events
from zhibu.ops.tests.audit_scenario import do_ops_events
from zhibu.quizzes.tests.audit_scenario import do_quiz_events
from zhibu.reporting.tests.audit_scenario import do_reporting_events
from zhibu.secretary_reviews.tests.audit_scenario import do_secretary_review_events
from zhibu.service.tests.audit_scenario import do_service_events
from zhibu.staff_reviews.tests.audit_scenario import do_staff_review_events
from zhibu.study.tests.audit_scenario import do_study_events
from zhibu.testing import (
    PASSWORD,
    SETUP,
    blank_pdf,
    make_member,
    member_fields,
    persona,
    seat_committee,
    valid_id_number,
)
from zhibu.training.tests.audit_scenario import do_training_events
from zhibu.workdays import services as workday_services
from zhibu.workdays.models import DayOverride

WEB_FIELDS = ("occurred_at", "actor_name", "event", "outcome", "source_ip", "request_id", "row_hash", "prev_hash")


def png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8)).save(buffer, "PNG")
    return buffer.getvalue()


def form(**values):
    return {
        k: ("" if v is None else (v.isoformat() if hasattr(v, "isoformat") else v))
        for k, v in values.items()
        if v is not False
    }


def _recruitment(tree, admin, talker, did):
    from zhibu.recruitment.models import Recruit

    birth = datetime.date(1996, 3, 4)
    applied = timezone.localdate() - datetime.timedelta(days=30)  # steps may not lie ahead of the test clock
    applicant = form(
        organization=tree.a1.pk,
        applied_on=applied,
        name="申请者",
        gender="male",
        id_number=valid_id_number(birth),
        birth_date=birth,
        ethnicity="汉族",
        education="bachelor",
        job_position="civil_servant",
        mobile="13912345678",
        submission_key=uuid.uuid4().hex,
    )
    did("recruit.created", action=lambda: admin.post("/recruitment/new/", applicant))
    recruit = Recruit.objects.get(name="申请者")
    talk = form(
        code="application_talk",
        happened_on=applied + datetime.timedelta(days=2),
        acting_organization=tree.a1.pk,
        talkers=talker.pk,
        submission_key=uuid.uuid4().hex,
    )
    did("recruit.step_recorded", action=lambda: admin.post(f"/recruitment/{recruit.pk}/steps/new/", talk))
    did("recruit.exported", action=lambda: admin.get("/recruitment/export/"))
    application = recruit.steps.get(code="application")
    did(
        "recruit.evidence_added",
        action=lambda: admin.post(
            f"/recruitment/steps/{application.pk}/evidence/",
            {"evidence": _png("申请书.png"), "submission_key": uuid.uuid4().hex},
        ),
    )
    stop = form(
        happened_on=applied + datetime.timedelta(days=4), reason="本人撤回入党申请", submission_key=uuid.uuid4().hex
    )
    did("recruit.stopped", action=lambda: admin.post(f"/recruitment/{recruit.pk}/stop/", stop))
    did("recruit.imported", action=lambda: _import_recruit(tree, admin, applied))


def _png(name):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "red").save(buffer, "PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def _import_recruit(tree, admin, applied):
    from openpyxl import Workbook

    book = Workbook()
    book.active.append(["姓名", "性别", "公民身份号码", "学历", "工作岗位", "递交入党申请书日期"])
    birth = datetime.date(1997, 5, 6)
    book.active.append(["导入者", "男", valid_id_number(birth), "大学本科", "专业技术人员", applied.isoformat()])
    upload = io.BytesIO()
    book.save(upload)
    upload.seek(0)
    upload.name = "导入.xlsx"
    preview = admin.post("/recruitment/import/", {"organization": tree.a1.pk, "file": upload})
    admin.post("/recruitment/import/confirm/", {"key": preview.context["key"]})


def _worklog(tree, admin, did):
    from zhibu.worklog import services as worklog_services
    from zhibu.worklog.models import Plan, Point, Review, Section, Task

    today = timezone.localdate()
    issued = today - datetime.timedelta(days=30)
    plan_form = form(
        issuer=tree.gongwei.pk,
        year=issued.year,
        title="审计工作要点",
        issued_on=issued,
        submission_key=uuid.uuid4().hex,
    )
    did("worklog.plan_issued", action=lambda: admin.post("/worklog/plans/new/", plan_form))
    plan = Plan.objects.get(title="审计工作要点")
    section = form(title="政治建设", submission_key=uuid.uuid4().hex)
    did("worklog.section_added", action=lambda: admin.post(f"/worklog/plans/{plan.pk}/sections/new/", section))
    point = form(section=Section.objects.get(plan=plan).pk, text="学习", submission_key=uuid.uuid4().hex)
    did("worklog.point_added", action=lambda: admin.post(f"/worklog/plans/{plan.pk}/points/new/", point))
    task = form(
        point=Point.objects.get(section__plan=plan).pk,
        owner=tree.a1.pk,
        deliverable="学习计划",
        deadline=today + datetime.timedelta(days=30),
        weight=1,
        submission_key=uuid.uuid4().hex,
    )
    did("worklog.task_assigned", action=lambda: admin.post(f"/worklog/plans/{plan.pk}/tasks/new/", task))
    pk = Task.objects.get(point__section__plan=plan).pk
    did("worklog.task_accepted", action=lambda: admin.post(f"/worklog/tasks/{pk}/accept/", {}))
    escalation_day = today + datetime.timedelta(days=30 + settings.WORKLOG_ESCALATION_GRACE_DAYS)
    did(
        "worklog.task_escalated",
        action=lambda: call_command("escalate_worklog", "--date", str(escalation_day), stdout=io.StringIO()),
        fields=("occurred_at", "actor_name", "event", "changes"),
    )
    report = form(month=today.replace(day=1), percent=50, narrative="过半", submission_key=uuid.uuid4().hex)
    did("worklog.progress_reported", action=lambda: admin.post(f"/worklog/tasks/{pk}/progress/new/", report))
    year, quarter = today.year, (today.month - 1) // 3 + 1
    comment = form(period=f"{year}-{quarter}", comment="按计划推进", score=90, submission_key=uuid.uuid4().hex)
    did("worklog.review_written", action=lambda: admin.post(f"/worklog/tasks/{pk}/reviews/new/", comment))
    review = Review.objects.get(task_id=pk)
    edited = {"comment": "按计划推进，成效明显", "score": 92}
    did("worklog.review_edited", action=lambda: admin.post(f"/worklog/reviews/{review.pk}/edit/", edited))

    def closure():
        evidence = SimpleUploadedFile("佐证.pdf", blank_pdf(), content_type="application/pdf")
        summary = {"summary": "完成", "evidence": evidence, "submission_key": uuid.uuid4().hex}
        return admin.post(f"/worklog/tasks/{pk}/closure/new/", summary)

    did("worklog.closure_requested", action=closure)
    returning = {"decision": "return", "reason": "请补充学习记录"}
    did("worklog.closure_returned", action=lambda: admin.post(f"/worklog/tasks/{pk}/review/", returning))
    closure()
    did("worklog.closure_accepted", action=lambda: admin.post(f"/worklog/tasks/{pk}/review/", {"decision": "accept"}))
    did("worklog.plans_exported", action=lambda: admin.get("/worklog/plans/export/"))
    did("worklog.tasks_exported", action=lambda: admin.get("/worklog/export/"))
    did("worklog.assessment_exported", action=lambda: admin.get(f"/worklog/plans/{plan.pk}/assessment/export/"))
    second = worklog_services.add_task(
        actor=SETUP, point=Point.objects.get(section__plan=plan), owner=tree.a, deliverable="宣讲", deadline=today
    )
    worklog_services.accept_task(actor=SETUP, task=second)
    part = form(owner=tree.a1.pk, deliverable="支部宣讲", deadline=today, weight=1, submission_key=uuid.uuid4().hex)
    did("worklog.subtask_assigned", action=lambda: admin.post(f"/worklog/tasks/{second.pk}/subtasks/new/", part))
    from zhibu.activities.tests.route_records import _resolutions

    resolution = _resolutions(tree, None)["a1"]
    taken = form(point=second.point_id, resolution=resolution.pk, weight=1, submission_key=uuid.uuid4().hex)
    did("worklog.task_linked", action=lambda: admin.post(f"/worklog/plans/{plan.pk}/tasks/link/", taken))


# What each event's rows held when the scenario ran: (the checked fields' values, the fields that must be filled).
EventRows = list[tuple[dict[str, Any], tuple[str, ...]]]

# One action that writes several rows of these, by design: a denied request per refused check, a seat per post
# vacated, an upload per file, a reactivation per earlier record.
SEVERAL_ROWS = {"access.denied", "position.vacated", "attachment.uploaded", "auth.login_failed", "member.reactivated"}


class _Scenario:
    """The rows of the one run in this process, or why it failed (so the other events fail at once, not re-run it)."""

    rows: dict[str, EventRows] | None = None
    failure: BaseException | None = None


@pytest.fixture
def audit_rows(request, db) -> dict[str, EventRows]:
    """Runs the scenario in the first event's test (its database transaction, clock and settings) and keeps the rows
    as plain values: the other events' tests only read them (an empty transaction each)."""
    if _Scenario.failure is not None:
        pytest.fail(f"the scenario failed in an earlier event's test: {_Scenario.failure!r}")
    if _Scenario.rows is None:
        try:
            found = _do_every_event(
                *(request.getfixturevalue(name) for name in ("tree", "personas", "tmp_path", "settings"))
            )
        except BaseException as error:
            _Scenario.failure = error
            raise
        _Scenario.rows = {
            event: [({name: getattr(row, name) for name in fields}, fields) for row, fields in rows]
            for event, rows in found.items()
        }
    return _Scenario.rows


# In a parallel run each worker that receives some of these tests runs the scenario once (xdist's loadgroup, which
# would keep them on one worker, does not see its marks with pytest 9; loadscope reorders the transactional tests).
@pytest.mark.parametrize("event", sorted(EVENTS))
def test_the_event_writes_exactly_one_complete_row(event, audit_rows):
    rows = audit_rows.get(event)
    assert rows is not None, f"{event} is not done in the scenario: add it to _do_every_event"
    assert rows, f"{event} wrote no audit row"
    if event not in SEVERAL_ROWS:
        assert len(rows) == 1, f"{event} wrote {len(rows)} rows"
    values, fields = rows[0]
    missing = [name for name in fields if values[name] in (None, "", {})]
    assert missing == [], f"{event}: the row leaves {missing} empty"


def _do_every_event(tree, personas, tmp_path, settings) -> dict[str, list]:
    admin = Client(REMOTE_ADDR="10.1.2.3")
    admin.force_login(personas["工委管理员"])
    secretary_b1 = Client()
    secretary_b1.force_login(personas["支部书记B1"])
    revealer = persona("hecha", tree.a, Role.DANGWEI_ADMIN, may_reveal=True)
    security = persona("anquan", tree.gongwei, Role.SECURITY_ADMIN)
    member = make_member(tree.a1, name="被操作者")
    moving = make_member(tree.a1, name="转接者")
    a2_member = make_member(tree.a2, name="另一人")
    results: dict[str, list] = {}

    def did(event, fields=WEB_FIELDS, action=None):
        before = AuditEvent.objects.filter(event=event).count()
        action()
        rows = list(AuditEvent.objects.filter(event=event).order_by("id")[before:])
        results[event] = [(row, fields) for row in rows]

    did(
        "auth.login_failed",
        action=lambda: Client().post("/accounts/login/", {"username": "gongwei_admin", "password": "wrong"}),
    )
    did(
        "auth.login",
        action=lambda: Client().post("/accounts/login/", {"username": "secretary_b1", "password": PASSWORD}),
    )

    def lock():
        client = Client()
        for _ in range(5):
            client.post("/accounts/login/", {"username": "worker_a1", "password": "wrong"})

    did("auth.lockout", action=lock)
    unlocker = Client()
    unlocker.force_login(security)
    did("auth.unlocked", action=lambda: unlocker.post(f"/accounts/security/unlock/{personas['党务干部A1'].pk}/"))
    settings.IP_THROTTLE_FAILURES = 1
    did(
        "auth.throttled",
        action=lambda: (
            Client(REMOTE_ADDR="10.9.9.9").post("/accounts/login/", {"username": "x", "password": "y"})
            and Client(REMOTE_ADDR="10.9.9.9").post("/accounts/login/", {"username": "x", "password": "y"})
        ),
    )
    settings.IP_THROTTLE_FAILURES = 20
    did(
        "auth.password_changed",
        action=lambda: admin.post(
            "/accounts/password/",
            {"old_password": PASSWORD, "new_password1": "Kx7#pLm2qz", "new_password2": "Kx7#pLm2qz"},
        ),
    )
    did(
        "token.issued",
        action=lambda: admin.post("/accounts/tokens/new/", {"name": "对接", "scope": "read", "days": 30}),
    )
    from zhibu.accounts.models import ApiToken

    did(
        "token.revoked",
        action=lambda: admin.post(f"/accounts/tokens/{ApiToken.objects.get(user=personas['工委管理员']).pk}/revoke/"),
    )
    did("auth.calendar_link_issued", action=lambda: admin.post("/activities/calendar/link/"))
    otp_client = Client()
    otp_client.force_login(personas["纪检A"])
    did("auth.otp_failed", action=lambda: otp_client.post("/accounts/otp/setup/", {"token": "123456"}))
    from zhibu.accounts import otp as otp_devices

    device = otp_devices.pending_device(personas["纪检A"])
    with mock.patch("django.utils.timezone.now", return_value=timezone.now() + datetime.timedelta(seconds=5)):
        did(
            "auth.otp_enrolled",
            action=lambda: otp_client.post(
                "/accounts/otp/setup/", {"token": otp_devices.current_token(device, time.time())}
            ),
        )
    did(
        "access.denied",
        action=lambda: (
            secretary_b1.get(f"/organizations/{tree.b1.pk}/status/")
            and Client().get("/")
            and secretary_b1.get("/audit/")
        ),
    )
    did(
        "user.created",
        action=lambda: admin.post(
            "/accounts/grants/new/",
            {
                "organization": tree.a1.pk,
                "role": "party_worker",
                "username": "xinzeng",
                "full_name": "新增",
                "password": "Kx7#pLm2qz",
            },
        ),
    )
    from zhibu.accounts.models import RoleGrant

    did(
        "role.granted",
        action=lambda: admin.post(
            "/accounts/grants/new/",
            {"organization": tree.a2.pk, "role": "discipline", "existing_user": personas["支部书记A1"].pk},
        ),
    )
    did(
        "role.revoked",
        action=lambda: admin.post(
            f"/accounts/grants/{RoleGrant.objects.filter(role='discipline', organization=tree.a2).get().pk}/revoke/"
        ),
    )
    did(
        "user.disabled",
        action=lambda: admin.post(f"/accounts/users/{personas['纪检A'].pk}/disable/", {"reason": "调离"}),
    )
    did(
        "user.password_reset",
        action=lambda: admin.post(f"/accounts/users/{User.objects.get(username='xinzeng').pk}/reset-password/"),
    )
    did(
        "organization.created",
        action=lambda: admin.post(
            "/organizations/new/",
            form(
                name="新支部",
                kind="branch",
                code="C-1",
                parent=tree.a.pk,
                founded_on=datetime.date(2020, 1, 1),
                sort_order=0,
                submission_key=uuid.uuid4().hex,
            ),
        ),
    )
    from zhibu.organizations.models import Organization

    new_branch = Organization.objects.get(code="C-1")
    did(
        "organization.updated",
        action=lambda: admin.post(
            f"/organizations/{new_branch.pk}/edit/",
            form(
                name="新支部（改）",
                kind="branch",
                code="C-1",
                parent=tree.a.pk,
                founded_on=datetime.date(2020, 1, 1),
                sort_order=0,
            ),
        ),
    )
    did(
        "organization.status_changed",
        action=lambda: admin.post(
            f"/organizations/{new_branch.pk}/status/",
            form(status="dissolved", status_changed_on=datetime.date(2024, 1, 1)),
        ),
    )
    empty = Organization.objects.create(
        name="误建",
        kind="branch",
        code="C-2",
        parent=tree.a,
        path=tree.a.path + "999999.",
        depth=3,
        founded_on=datetime.date(2020, 1, 1),
    )
    did(
        "organization.deleted",
        action=lambda: admin.post(f"/organizations/{empty.pk}/delete/"),
        fields=WEB_FIELDS + ("object_repr",),
    )
    did("organization.exported", action=lambda: admin.get("/organizations/export/"))
    did(
        "unit.created",
        action=lambda: admin.post(
            "/organizations/units/new/",
            {"name": "单位甲", "staff_headcount": 12, "owner": tree.a.pk, "submission_key": uuid.uuid4().hex},
        ),
    )
    from zhibu.organizations.models import Unit

    did(
        "unit.updated",
        action=lambda: admin.post(
            f"/organizations/units/{Unit.objects.get(name='单位甲').pk}/edit/",
            {"name": "单位乙", "staff_headcount": 13},
        ),
    )
    did("unit.exported", action=lambda: admin.get("/organizations/units/export/"))
    did(
        "term.created",
        action=lambda: admin.post(
            f"/committees/organizations/{tree.a1.pk}/terms/new/",
            {"number": 1, "elected_on": "2023-01-01", "started_on": "2023-01-01", "submission_key": uuid.uuid4().hex},
        ),
    )
    term = tree.a1.terms.get()
    did(
        "term.updated",
        action=lambda: admin.post(
            f"/committees/terms/{term.pk}/edit/",
            {"number": 1, "elected_on": "2023-01-01", "started_on": "2023-01-02", "note": "改"},
        ),
    )
    did(
        "term.delay_approved",
        action=lambda: admin.post(
            f"/committees/terms/{term.pk}/delay/",
            {
                "approved_on": "2025-12-01",
                "document_number": "党委A〔2025〕1号",
                "delayed_to": "2026-06-30",
                "reason": "机构改革后换届",
            },
        ),
    )
    from zhibu.committees.models import Position, PositionKind

    did(
        "position.assigned",
        action=lambda: admin.post(
            f"/committees/terms/{term.pk}/positions/new/",
            {
                "kind": PositionKind.objects.get(code="secretary").pk,
                "holder": member.pk,
                "started_on": "2023-02-01",
                "submission_key": uuid.uuid4().hex,
            },
        ),
    )
    did(
        "position.ended",
        action=lambda: admin.post(
            f"/committees/positions/{Position.objects.get().pk}/end/",
            {"ended_on": "2024-02-01", "reason": "调动", "leave_vacant": "on"},
        ),
    )
    results["position.vacated"] = [(row, WEB_FIELDS) for row in AuditEvent.objects.filter(event=Event.POSITION_VACATED)]
    did(
        "term.closed",
        action=lambda: admin.post(
            f"/committees/organizations/{tree.a1.pk}/terms/new/",
            {"number": 2, "elected_on": "2025-01-01", "started_on": "2025-01-01", "submission_key": uuid.uuid4().hex},
        ),
    )
    did(
        "member.created",
        action=lambda: admin.post(
            "/members/new/",
            form(
                organization=tree.a1.pk,
                party_status="normal",
                submission_key=uuid.uuid4().hex,
                **member_fields(name="网页登记"),
            ),
        ),
    )
    did(
        "member.updated",
        action=lambda: admin.post(
            f"/members/{member.pk}/edit/",
            form(
                version=member.version,
                **{
                    k: v
                    for k, v in member_fields(
                        name="被操作者", id_number=member.id_number, birth_date=member.birth_date
                    ).items()
                    if k not in ("category",)
                },
                note="改",
            ),
        ),
    )
    did(
        "member.event_recorded",
        action=lambda: admin.post(
            f"/members/{member.pk}/events/new/",
            {"kind": "suspend", "happened_on": "2024-05-01", "submission_key": uuid.uuid4().hex},
        ),
    )
    did("member.exported", action=lambda: admin.get("/members/export/"))
    did(
        "member.imported",
        action=lambda: admin.post("/members/import/", {"file": SimpleUploadedFile("m.xlsx", _sheet(tree))}),
    )
    reveal_client = Client()
    reveal_client.force_login(revealer)
    did(
        "member.revealed", action=lambda: reveal_client.post(f"/members/{a2_member.pk}/reveal/", {"reason": "核对信息"})
    )
    did(
        "member.searched_by_id",
        action=lambda: reveal_client.get("/members/", {"q": a2_member.id_number, "record_status": "active"}),
    )
    did(
        "member.photo_changed",
        action=lambda: admin.post(f"/members/{a2_member.pk}/photo/", {"file": SimpleUploadedFile("p.png", png())}),
    )
    results["attachment.uploaded"] = [
        (r, WEB_FIELDS) for r in AuditEvent.objects.filter(event=Event.ATTACHMENT_UPLOADED)
    ]
    did(
        "member.restricted",
        action=lambda: admin.post(
            f"/members/{a2_member.pk}/restrict/",
            {"reason": "本人申请", "retain_until": (datetime.date.today() + datetime.timedelta(days=1)).isoformat()},
        ),
    )
    from zhibu.members import privacy

    did(
        "member.purged",
        action=lambda: privacy.purge_due(actor=SETUP, today=datetime.date.today() + datetime.timedelta(days=3)),
        fields=("occurred_at", "actor_name", "event", "object_id", "organization_path"),
    )
    did(
        "member.account_linked",
        action=lambda: account_services.link_member(
            actor=personas["工委管理员"], user=personas["支部书记B1"], member=make_member(tree.b1)
        ),
        fields=("occurred_at", "actor_name", "event", "object_id", "organization_path"),
    )
    did(
        "transfer.started",
        action=lambda: admin.post(
            f"/members/{moving.pk}/transfer/",
            {
                "kind": "internal",
                "to_organization": tree.b1.pk,
                "issued_on": "2025-03-01",
                "submission_key": uuid.uuid4().hex,
            },
        ),
    )
    pending = Transfer.objects.get(member=moving)
    did(
        "transfer.completed",
        action=lambda: admin.post(f"/members/transfers/{pending.pk}/complete/", {"received_on": "2025-03-05"}),
    )
    again = make_member(tree.a1, name="又一人")
    transfer2 = Transfer.objects.create(
        member=again,
        kind="internal",
        from_organization=tree.a1,
        to_organization=tree.a2,
        issued_on=datetime.date(2025, 1, 1),
    )
    did("transfer.cancelled", action=lambda: admin.post(f"/members/transfers/{transfer2.pk}/cancel/", {"reason": "误"}))
    out_member = make_member(tree.a1, name="外转者")
    did(
        "transfer.received",
        action=lambda: admin.post(
            "/members/transfers/inbound/",
            form(
                organization=tree.a1.pk,
                party_status="normal",
                counterpart="外省",
                received_on=datetime.date(2025, 1, 1),
                submission_key=uuid.uuid4().hex,
                **member_fields(name="外来者"),
            ),
        ),
    )
    del out_member
    results["member.reactivated"] = _reactivated(tree)
    _meeting_events(did, tree, admin, member, personas["党员A1"])
    _standards_events(did, tree, admin, personas["支部书记A1"])
    _inspection_events(did, tree, admin, personas["支部书记A1"])
    _rating_events(did, tree, admin)
    did("ledger.exported", action=lambda: admin.get(f"/ledgers/roster/?organization={tree.a1.pk}&format=docx"))
    _dues_events(did, tree, admin)
    did(
        "settings.changed",
        action=lambda: admin.post(
            "/committees/position-kinds/",
            {"code": "secrecy", "name": "保密委员", "sort_order": 80, "single_seat": "on"},
        ),
    )
    # Only today and later may be entered, and only up to next year: the days follow the clock (boundary runs move it).
    week_ahead = timezone.localdate() + datetime.timedelta(days=7)
    did(
        "workday.override_added",
        action=lambda: admin.post(
            "/workdays/add/",
            {"day": week_ahead.isoformat(), "kind": "rest", "name": "测试假日", "submission_key": uuid.uuid4().hex},
        ),
    )
    entered_day = DayOverride.objects.get(day=week_ahead)
    did("workday.override_removed", action=lambda: admin.post(f"/workdays/{entered_day.pk}/remove/"))
    next_year = timezone.localdate().year + 1  # beyond the holiday library (2004–2026) at every test clock
    workday_services.add_override(actor=SETUP, day=datetime.date(next_year, 1, 1), kind="rest", name="元旦")
    did("workday.year_confirmed", action=lambda: admin.post("/workdays/confirm/", {"year": next_year}))
    did("workday.exported", action=lambda: admin.get("/workdays/export/", {"year": 2026}))
    did(
        "reminders.sent",
        action=lambda: call_command("send_reminders", stdout=io.StringIO()),
        fields=("occurred_at", "actor_name", "event", "changes"),
    )
    did(
        "term.reminders_sent",
        action=lambda: call_command("send_term_reminders", stdout=io.StringIO()),
        fields=("occurred_at", "actor_name", "event", "changes"),
    )
    _recruitment(tree, admin, member, did)
    did(
        "recruit.reminders_sent",
        action=lambda: call_command("send_recruitment_reminders", stdout=io.StringIO()),
        fields=("occurred_at", "actor_name", "event", "changes"),
    )
    _worklog(tree, admin, did)
    do_complaint_events(tree, admin, did, WEB_FIELDS)
    do_care_and_integrity_events(tree, admin, did)
    do_notice_events(tree, admin, personas["党员A1"], did)
    do_leadership_events(tree, admin, did)
    do_reporting_events(tree, admin, did)
    do_service_events(tree, admin, did)
    do_award_events(tree, personas, did)
    do_four_strong_events(tree, personas, did)
    do_secretary_review_events(tree, personas, did)
    do_staff_review_events(tree, personas, did)
    do_training_events(tree, admin, did)
    do_study_events(tree, admin, did)
    do_quiz_events(tree, admin, personas["党员A1"], did)
    do_ops_events(tree, did, WEB_FIELDS)
    did("audit.exported", action=lambda: admin.get("/audit/export/"))
    did("auth.logout", action=lambda: admin.post("/accounts/logout/"))
    keys = tmp_path / "keys.json"
    keys.write_text(settings.FIELD_KEYS)  # the test key ring, now from a file so that a version can be added
    settings.FIELD_KEYS, settings.FIELD_KEY_FILE = None, keys
    crypto.keyring.cache_clear()
    try:
        did(
            "security.keys_rotated",
            action=lambda: call_command("rotate_keys", stdout=io.StringIO()),
            fields=("occurred_at", "actor_name", "event", "changes"),
        )
    finally:
        crypto.keyring.cache_clear()
    did(
        "audit.checkpointed",
        action=lambda: call_command("audit_checkpoint", stdout=io.StringIO()),
        fields=("occurred_at", "actor_name", "event", "changes"),
    )
    did("audit.purged", action=_purge_first_row, fields=("occurred_at", "actor_name", "event", "changes"))
    return results


def _sheet(tree) -> bytes:
    from openpyxl import Workbook

    from zhibu.members.importing import COLUMNS
    from zhibu.testing import import_row

    workbook = Workbook()
    workbook.active.append([c.header for c in COLUMNS])
    workbook.active.append(import_row(tree.a1, name="导入者"))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _reactivated(tree):
    from zhibu.members import transfers

    member = Member.objects.get(name="外来者")
    out = transfers.start_transfer(
        actor=SETUP,
        member=member,
        kind="outbound",
        issued_on=datetime.date(2025, 2, 1),
        counterpart="外省",
        letter_number="1",
    )
    transfers.complete_transfer(actor=SETUP, transfer=out, received_on=datetime.date(2025, 2, 2))
    fields = member_fields(name="外来者", id_number=member.id_number, birth_date=member.birth_date)
    transfers.receive_from_outside(
        actor=SETUP,
        organization=tree.a2,
        received_on=datetime.date(2025, 3, 1),
        counterpart="外省",
        letter_number="2",
        member_fields=fields,
    )
    return [
        (row, ("occurred_at", "actor_name", "event", "object_id", "organization_path"))
        for row in AuditEvent.objects.filter(event=Event.MEMBER_REACTIVATED)
    ]


def _purge_first_row():
    first = AuditEvent.objects.order_by("id").first()
    return purge_before(first.occurred_at + datetime.timedelta(microseconds=1), actor=SETUP)


def _meeting_events(did, tree, admin, member, scanning_user):
    from zhibu.activities.models import Activity, ActivityKind, Attendance, Resolution

    when = (timezone.localtime() - datetime.timedelta(days=2)).strftime("%Y-%m-%dT%H:%M")
    did(
        "activity.planned",
        action=lambda: admin.post(
            "/activities/new/",
            {
                "organization": tree.a1.pk,
                "kind": ActivityKind.objects.get(code="general_meeting").pk,
                "title": "审计会",
                "planned_at": when,
                "agenda": "议题",
                "submission_key": uuid.uuid4().hex,
            },
        ),
    )
    meeting = Activity.objects.get(title="审计会")
    url = f"/activities/{meeting.pk}"
    did(
        "activity.rescheduled",
        action=lambda: admin.post(
            f"{url}/reschedule/", {"title": "审计会", "planned_at": when, "place": "改在二楼", "agenda": "议题"}
        ),
    )
    did(
        "activity.year_planned",
        action=lambda: admin.post(
            "/activities/year-plan/", {"organization": tree.a2.pk, "year": timezone.localdate().year}
        ),
    )
    did("activity.held", action=lambda: admin.post(f"{url}/held/", {"held_at": when}))
    did(
        "activity.evidence_added",
        action=lambda: admin.post(
            f"{url}/evidence/", {"upload": SimpleUploadedFile("签到表.png", png()), "submission_key": uuid.uuid4().hex}
        ),
    )
    rows = Attendance.objects.filter(activity=meeting)
    did(
        "activity.attendance_recorded",
        action=lambda: admin.post(
            f"{url}/attendance/",
            {f"status_{row.member_id}": "present" if row.member_id != member.pk else "absent" for row in rows},
        ),
    )
    did(
        "activity.vote_recorded",
        action=lambda: admin.post(
            f"{url}/vote/", {"subject": "表决", "yes": 1, "no": 0, "abstain": 0, "submission_key": uuid.uuid4().hex}
        ),
    )
    deadline = (timezone.localdate() + datetime.timedelta(days=9)).isoformat()
    did(
        "resolution.created",
        action=lambda: admin.post(
            f"{url}/resolution/",
            {"text": "落实", "owner_member": member.pk, "deadline": deadline, "submission_key": uuid.uuid4().hex},
        ),
    )
    did(
        "resolution.completed",
        action=lambda: admin.post(
            f"/activities/resolutions/{Resolution.objects.get(activity=meeting).pk}/complete/",
            {"done_on": timezone.localdate().isoformat(), "evidence": "已完成"},
        ),
    )
    did(
        "activity.minuted",
        action=lambda: admin.post(f"{url}/minutes/", {"minutes": "会议记录内容，记录了讨论与结论。"}),
    )
    did("activity.signed", action=lambda: admin.post(f"{url}/sign/"))
    did(
        "activity.amended",
        action=lambda: admin.post(
            f"{url}/amend/",
            {
                "part": "minutes",
                "corrected": "更正后的记录",
                "reason": "漏记内容",
                "submission_key": uuid.uuid4().hex,
            },
        ),
    )
    from zhibu.activities import services as activity_services

    live = activity_services.record_held(
        actor=SETUP,
        activity=activity_services.plan_activity(
            actor=SETUP,
            organization=tree.a1,
            kind=ActivityKind.objects.get(code="party_lecture"),
            title="签到会",
            planned_at=timezone.now(),
        ),
        held_at=timezone.now(),
    )
    token = activity_services.checkin_token(actor=SETUP, activity=live)
    scanner = Client()
    scanner.force_login(scanning_user)
    did("activity.checked_in", action=lambda: scanner.post(f"/activities/checkin/{token}/"))
    others = list(Member.objects.filter(organization=tree.a1).exclude(pk=member.pk)[:2])
    did(
        "talk.recorded",
        action=lambda: admin.post(
            f"/activities/talks/?organization={tree.a1.pk}",
            {
                "first": others[0].pk,
                "second": others[1].pk,
                "talked_on": timezone.localdate().isoformat(),
                "topic": "谈心",
                "submission_key": uuid.uuid4().hex,
            },
        ),
    )
    did(
        "appraisal.saved",
        action=lambda: admin.post(
            f"/activities/appraisals/?organization={tree.a1.pk}&year={timezone.localdate().year}",
            {f"grade_{others[0].pk}": "qualified"},
        ),
    )
    absent = Attendance.objects.get(activity=meeting, member=member)
    did(
        "activity.makeup_recorded",
        action=lambda: admin.post(
            f"{url}/makeup/",
            {
                "attendance": absent.pk,
                "done_on": timezone.localdate().isoformat(),
                "note": "观看录像",
                "submission_key": uuid.uuid4().hex,
            },
        ),
    )


def _standards_events(did, tree, admin, branch_secretary):
    from zhibu.activities import services as activity_services
    from zhibu.activities.models import ActivityKind
    from zhibu.standards import services as standards_services
    from zhibu.standards.models import ExplanationNote, ParameterOverride, Verdict

    planned = activity_services.plan_activity(
        actor=SETUP,
        organization=tree.a1,
        kind=ActivityKind.objects.get(code="branch_committee"),
        title="将取消",
        planned_at=timezone.now(),
    )
    did("activity.cancelled", action=lambda: admin.post(f"/activities/{planned.pk}/cancel/", {"reason": "改期"}))
    last_year = timezone.localdate().year - 1
    seat_committee(tree.a1, since=datetime.date(last_year - 1, 1, 5))  # without one there are no 支委会 to miss
    did(
        "standards.recomputed",
        action=lambda: call_command("evaluate_standards", "--year", str(last_year), stdout=io.StringIO()),
        fields=("occurred_at", "actor_name", "event", "changes"),
    )
    january, february = (
        Verdict.objects.get(organization=tree.a1, rule_id="MTG-04", period_key=f"{last_year}-{month:02d}")
        for month in (1, 2)
    )
    secretary = Client()
    secretary.force_login(branch_secretary)
    did(
        "standards.note_submitted",
        action=lambda: secretary.post(
            f"/standards/verdicts/{january.pk}/", {"text": "一月全体委员外出集中培训，二月已补开。"}
        ),
    )
    note = ExplanationNote.objects.get(period_key=january.period_key)
    did(
        "standards.note_accepted",
        action=lambda: admin.post(f"/standards/notes/{note.pk}/review/", {"decision": "accept"}),
    )
    other = standards_services.submit_note(actor=branch_secretary, verdict=february, text="二月因节假日未召开支委会。")
    did(
        "standards.note_returned",
        action=lambda: admin.post(
            f"/standards/notes/{other.pk}/review/", {"decision": "return", "comment": "请补充材料"}
        ),
    )
    did(
        "standards.override_saved",
        action=lambda: admin.post(
            "/standards/parameters/",
            {
                "organization": tree.gongwei.pk,
                "rule_id": "MTG-07",
                "key": "at_least",
                "value": "2",
                "reason": "工委文件",
            },
        ),
    )
    override = ParameterOverride.objects.get()
    did("standards.override_deleted", action=lambda: admin.post(f"/standards/parameters/{override.pk}/delete/"))
    did("standards.exported", action=lambda: admin.get(f"/standards/?organization={tree.gongwei.pk}&export=org"))


def _inspection_events(did, tree, admin, branch_secretary):
    from zhibu.inspections.models import InspectionPlan, RectificationItem

    today = timezone.localdate()
    did(
        "inspection.plan_created",
        action=lambda: admin.post(
            "/inspections/new/",
            {
                "organization": tree.gongwei.pk,
                "scope": tree.a.pk,
                "title": "年度督查",
                "kind": "regular",
                "period_start": f"{today.year}-01-01",
                "period_end": f"{today.year}-06-30",
                "inspectors": [admin.session["_auth_user_id"]],
                "submission_key": uuid.uuid4().hex,
            },
        ),
    )
    plan = InspectionPlan.objects.get(title="年度督查")
    target = plan.targets.get(organization=tree.a1)
    owner = make_member(tree.a1)

    def finding(days):
        return lambda: admin.post(
            f"/inspections/{plan.pk}/targets/{target.pk}/",
            {
                "found_on": today.isoformat(),
                "description": "支委会记录缺少表决情况",
                "task_1": f"补全记录（{days}天内）",
                "owner_1": owner.pk,
                "deadline_1": (today + datetime.timedelta(days=days)).isoformat(),
                "evidence_1": "补全后的记录",
                "submission_key": uuid.uuid4().hex,
            },
        )

    did("inspection.finding_added", action=finding(5))
    did("rectification.created", action=finding(40))
    first, second = RectificationItem.objects.filter(finding__plan=plan).order_by("deadline")
    did(
        "rectification.escalated",
        action=lambda: call_command(
            "escalate_rectifications", "--date", str(first.deadline + datetime.timedelta(days=1)), stdout=io.StringIO()
        ),
        fields=("occurred_at", "actor_name", "event", "changes"),
    )
    secretary = Client()
    secretary.force_login(branch_secretary)

    def report(item):
        return lambda: secretary.post(
            f"/inspections/items/{item.pk}/",
            {
                "action": "report",
                "report-text": "已补全全部会议记录并签发",
                "report-evidence": SimpleUploadedFile("a.pdf", blank_pdf(), content_type="application/pdf"),
            },
        )

    def review(item, decision, comment=""):
        return lambda: admin.post(
            f"/inspections/items/{item.pk}/",
            {"action": "review", "review-decision": decision, "review-comment": comment},
        )

    did("rectification.reported", action=report(first))
    did("rectification.closed", action=review(first, "accept"))
    report(second)()
    did("rectification.returned", action=review(second, "return", "缺少签发页"))
    report(second)()
    review(second, "accept")()
    did("rectification.exported", action=lambda: admin.get("/inspections/items/?export=1"))
    did("inspection.plan_closed", action=lambda: admin.post(f"/inspections/{plan.pk}/close/"))


def _rating_events(did, tree, admin):
    from zhibu.ratings import services as rating_services
    from zhibu.ratings.models import ScoringSheet

    last_year = timezone.localdate().year - 1
    did(
        "rating.sheet_created",
        action=lambda: admin.post(
            "/ratings/", {"organization": tree.gongwei.pk, "year": last_year, "four_strong_line": 85}
        ),
    )
    sheet = ScoringSheet.objects.get(year=last_year)
    items_url = f"/ratings/{sheet.pk}/items/"

    def add(title):
        return lambda: admin.post(items_url, {"dimension": "impact", "title": title, "kind": "manual", "points": "10"})

    did("rating.item_added", action=add("推动业务工作"))
    add("临时项目")()
    spare = sheet.items.get(title="临时项目")
    did("rating.item_deleted", action=lambda: admin.post(f"/ratings/{sheet.pk}/items/{spare.pk}/delete/"))
    item = sheet.items.get()
    did(
        "rating.scored",
        action=lambda: admin.post(
            f"/ratings/{sheet.pk}/branches/{tree.a1.pk}/", {"item": item.pk, "points": "8", "basis": "完成较好"}
        ),
    )
    for branch in (tree.a2, tree.a3a, tree.b1):
        rating_services.score(actor=item.sheet.created_by, item=item, organization=branch, points=7, basis="完成任务")
    did("rating.exported", action=lambda: admin.get(f"/ratings/{sheet.pk}/?export=1"))
    did("rating.locked", action=lambda: admin.post(f"/ratings/{sheet.pk}/lock/"))


def _dues_events(did, tree, admin):
    from zhibu.accounts.models import User
    from zhibu.dues import services as dues_services
    from zhibu.dues.models import Payment

    def admin_user(client):
        return User.objects.get(pk=client.session["_auth_user_id"])

    member = make_member(tree.a1, joined_on=datetime.date(2010, 7, 1))
    month = timezone.localdate().replace(day=1)
    did(
        "dues.assessed",
        action=lambda: admin.post(
            f"/dues/members/{member.pk}/", {"year": month.year, "category": "salaried", "base": "5400"}
        ),
    )
    did(
        "dues.payment_recorded",
        action=lambda: admin.post(
            "/dues/pay/", {"member": member.pk, "month": month.isoformat(), "key": "a" * 32, "method": "cash"}
        ),
    )
    payment = Payment.objects.get(member=member, kind="regular")
    did(
        "dues.payment_reversed",
        action=lambda: admin.post(f"/dues/payments/{payment.pk}/reverse/", {"reason": "登记错误"}),
    )
    big, _ = dues_services.record_payment(
        actor=admin_user(admin),
        member=member,
        month=month,
        method="transfer",
        key="b" * 32,
        amount="1000",
        voluntary=True,
    )
    did("dues.remitted", action=lambda: admin.post(f"/dues/payments/{big.pk}/remit/"))
    did("dues.published", action=lambda: admin.post("/dues/publish/", {"organization": tree.a1.pk, "year": month.year}))
    did(
        "dues.alerts_sent",
        action=lambda: call_command("send_dues_alerts", stdout=io.StringIO()),
        fields=("occurred_at", "actor_name", "event", "changes"),
    )
