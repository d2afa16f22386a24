import datetime

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django.utils import timezone

from zhibu.accounts.models import User
from zhibu.committees.terms import DUE_3, OVERDUE, status_for, with_current_term
from zhibu.core.actors import CommandActor
from zhibu.core.audit_catalogue import Event
from zhibu.core.audit_models import AuditEvent
from zhibu.demo.builder import DEMO_PASSWORD, demo_year
from zhibu.members.models import Member
from zhibu.organizations.models import BRANCH_KINDS, Organization


@pytest.mark.slow
def test_demo_builds_a_realistic_system_and_the_roles_see_the_right_things(db, capsys):
    call_command("demo", seed=7)
    output = capsys.readouterr().out
    assert "gongwei" in output and DEMO_PASSWORD in output
    branches = Organization.objects.filter(kind__in=BRANCH_KINDS)
    assert 18 <= branches.count() <= 22 and branches.filter(kind="joint_branch").count() == 1
    assert Organization.objects.filter(kind="group").exists()
    assert 350 <= Member.objects.count() <= 450
    statuses = [
        status_for(org.term_planned_end_on, datetime.date.today())
        for org in with_current_term(Organization.objects.exclude(kind="group"))
    ]
    assert OVERDUE in statuses and DUE_3 in statuses
    assert (
        AuditEvent.objects.filter(actor_name="command:demo", event=Event.MEMBER_CREATED).count()
        == Member.objects.count()
    )

    secretary = Client()
    assert secretary.login(username="shuji", password=DEMO_PASSWORD)
    home_branch = User.objects.get(username="shuji").role_grants.get().organization
    listed = secretary.get("/members/?organization=" + str(Organization.objects.get(kind="gongwei").pk))
    names_shown = {member.organization_id for member, _ in listed.context["rows"]}
    assert names_shown <= {home_branch.pk}
    admin = Client()
    assert admin.login(username="gongwei", password=DEMO_PASSWORD)
    assert admin.get("/api/v1/members/").json()["count"] == Member.objects.count()
    # A year of organisation life, with the planted gaps later compliance checks must find.
    from zhibu.activities.models import Activity, Resolution, Vote

    assert Activity.objects.count() > 400
    groups = Organization.objects.filter(kind="group")
    assert set(Activity.objects.values_list("organization_id", flat=True).distinct()) == set(
        branches.values_list("pk", flat=True)
    ) | set(groups.values_list("pk", flat=True))
    assert Vote.objects.filter(is_valid=False).exists()
    assert Activity.objects.filter(status="minuted").exists()
    assert any(r.is_overdue(datetime.date.today()) for r in Resolution.objects.filter(status="open"))
    quarterly = [Activity.objects.filter(organization=b, kind__code="general_meeting").count() for b in branches]
    assert min(quarterly) < max(quarterly)  # one branch skipped a quarter's 党员大会
    # The demo's year is judged, and the 工委 sees exactly the planted gaps, each with its reason. What the calendar
    # allows depends on today: the planted gaps sit in the latest complete months.
    from zhibu.standards.models import Verdict

    today = timezone.localdate()
    year = demo_year(today)
    year_over = today.year > year
    quarter_done = today >= datetime.date(year, 4, 1)  # the demo year holds a complete quarter
    june_done = today >= datetime.date(year, 7, 1)
    of_the_year = Verdict.objects.filter(period_start__year=year) | Verdict.objects.filter(period_key="now")
    missed = {}
    for rule_id, explanation in of_the_year.filter(status="missed").values_list("rule_id", "explanation"):
        missed.setdefault(rule_id, []).append(explanation)
    planted = {
        "MTG-01",
        "MTG-02",
        "MTG-04",
        "MTG-05",
        "MTG-07",
        "ELE-01",
        "ELE-02",
        "ELE-05",
        "AGY-01",
        "FEE-07",
        "FEE-08",
    }
    if year_over:
        # The demo records no 民主评议, 谈心谈话 or 民主生活会 and no publication of dues: once its year is over, they are missed.
        planted |= {"MTG-08", "MTG-11", "MTG-13", "MTG-16", "FEE-09"}
        # Its training year is over too: the committee member who missed the class, and members short of hours.
        planted |= {"EDU-01", "EDU-02"}
        # One agency leader visited the contact point once (AGY-04: 进行中 while the year runs).
        planted |= {"AGY-04"}
    assert set(missed) <= planted | {"ORG-01", "ORG-02", "ORG-05", "ORG-06"}, missed.keys()
    if quarter_done:
        assert any("未召开支部党员大会" in text for text in missed["MTG-01"])
    assert any("未超过" in text for text in missed["MTG-05"])
    assert any("未登记上级批复文号" in text for text in missed["ELE-05"])
    assert len(missed["AGY-01"]) == 1
    contact_visits = of_the_year.filter(rule_id="AGY-04", period_key=str(year))
    short = [v for v in contact_visits if v.status != "met"]
    assert len(short) == 1 and "1次" in short[0].explanation and "差1次" in short[0].explanation
    assert short[0].status == ("missed" if year_over else "in_progress")
    # Every 机关党委 held its 书记述职评议 with a report from each organisation it leads directly.
    assert set(of_the_year.filter(rule_id="AGY-02", period_key=str(year)).values_list("status", flat=True)) == {"met"}
    assert not of_the_year.filter(rule_id="AGY-05", period_key=str(year), status="missed").exists()
    lectures = sorted(of_the_year.filter(rule_id="MTG-08").values_list("status", flat=True))
    not_yet = "missed" if year_over else "in_progress"
    # One 机关党委 secretary lectures in a branch each June, except one who has not lectured this year.
    assert lectures == (sorted(["met", "met", "met", not_yet]) if june_done else [not_yet] * 4)
    assert "MTG-06" not in missed  # every 党小组 meets monthly
    # A year of dues with planted arrears and a voluntary payment to remit to the Centre.
    from zhibu.dues import services as dues_services
    from zhibu.dues.models import Payment

    behind = dues_services.arrears(Member.objects.current().values_list("pk", flat=True))
    assert len([months for months in behind.values() if months >= 3]) >= 2
    assert Payment.objects.filter(flagged__contains="上缴中央").count() == 1
    dashboard = admin.get("/standards/")
    assert dashboard.status_code == 200 and "MTG-05" in dashboard.content.decode()
    # 发展党员: people at every stage, one blocked by a rule, one with a soft rule's 情况说明.
    from django.core.exceptions import ValidationError

    from zhibu.recruitment import services as recruitment_services
    from zhibu.recruitment.models import Recruit, RecruitStep

    assert set(Recruit.objects.values_list("stage", flat=True)) == {
        "applicant",
        "activist",
        "candidate",
        "probationary",
        "full",
        "stopped",
    }
    blocked = Recruit.objects.get(name="林晓雨")
    with pytest.raises(ValidationError, match="DEV-07"):
        recruitment_services.record_step(
            actor=CommandActor("demo"), recruit=blocked, code="candidate", happened_on=timezone.localdate()
        )
    explained = RecruitStep.objects.get(recruit__name="黄嘉怡", code="activist")
    assert explained.explained_rules == ["DEV-03"] and "推优" in explained.explanation
    assert Recruit.objects.get(name="周子轩").member.category == "full"
    assert "林晓雨" in admin.get("/recruitment/").content.decode()
    _complaints_shown(admin)
    _reporting_shown(admin)
    _worklog_shown(admin)
    # 学习清单: one monthly list whose coverage is partly done (some branches linked a meeting, others not yet).
    from zhibu.study.models import StudyLink, StudyList

    study_list = StudyList.objects.get()
    assert study_list.period == "month" and study_list.topics.count() == 2
    assert StudyLink.objects.filter(topic__study_list=study_list).exists()
    coverage = admin.get(study_list.get_absolute_url()).content.decode()
    assert "尚未学习" in coverage and "1/2" in coverage and "0/2" in coverage
    _theory_group_and_contest_shown(admin, output)
    # Re-running does not duplicate anything.
    call_command("demo", seed=7)
    assert "已有数据" in capsys.readouterr().out


def _theory_group_and_contest_shown(admin, output):
    """The first agency's 中心组: sessions in the demo year, in its 学习台账, counted in the seats' 学时; and a 知识竞赛
    whose graded sheets differ in score, ranked only on the organiser's results."""
    from zhibu.quizzes.models import Attempt, Contest
    from zhibu.study.models import TheoryGroup
    from zhibu.training.hours import Source, hours_for

    year = demo_year(timezone.localdate())
    group = TheoryGroup.objects.get()
    assert group.organization == User.objects.get(username="dangwei").role_grants.get().organization
    sessions = list(group.sessions.order_by("held_on"))
    assert 1 <= len(sessions) <= 4 and all(session.held_on.year == year for session in sessions)
    assert f"中心组学习{len(sessions)}次" in output
    ledger = admin.get(f"/ledgers/theory-group/?organization={group.organization.pk}&year={year}").content.decode()
    assert group.name in ledger and all(session.topic in ledger for session in sessions)
    assert "请假" in ledger and "市委党校特邀教授" in ledger
    leader = group.seats.get(role="leader").member
    had = hours_for([leader.pk], year)[leader.pk].by_source()
    assert had[Source.THEORY_GROUP] == sum(session.hours for session in sessions)
    contest = Contest.objects.get()
    sheets = Attempt.objects.filter(quiz=contest.quiz, submitted_at__isnull=False)
    assert sheets.count() == 3 and f"竞赛答卷{sheets.count()}份" in output
    assert len(set(sheets.values_list("score", flat=True))) == 3
    organiser = Client()
    assert organiser.login(username="dangwei", password=DEMO_PASSWORD)
    assert organiser.get(contest.get_absolute_url()).status_code == 200


@pytest.mark.django_db(transaction=True)  # --reset flushes the database, which needs a real transaction
@pytest.mark.slow
def test_demo_is_repeatable_from_its_seed(flushable_audit):
    call_command("demo", seed=11)
    first = list(Member.objects.order_by("id").values_list("name", "birth_date", "joined_on"))
    call_command("demo", seed=11, reset=True)
    second = list(Member.objects.order_by("id").values_list("name", "birth_date", "joined_on"))
    assert first == second


def test_demo_is_refused_in_production(db, settings):
    settings.ALLOW_DEMO = False
    with pytest.raises(CommandError, match="生产环境不允许"):
        call_command("demo")


def _complaints_shown(admin) -> None:
    """The demo's complaints: every state, both cards, one refusal gone up by itself and one decided above."""
    from zhibu.complaints.models import Complaint, Refusal

    assert set(Complaint.objects.values_list("status", flat=True)) == {
        "received",
        "accepted",
        "assigned",
        "answered",
        "closed",
    }
    assert set(Complaint.objects.exclude(rating="").values_list("rating", flat=True)) == {
        "satisfied",
        "basically",
        "unsatisfied",
    }
    listed = admin.get("/complaints/").content.decode()
    assert "黄牌" in listed and "红牌" in listed and "已报上级" in listed and "上级已决定" in listed
    assert Refusal.objects.filter(closed_on__isnull=False).count() == 1
    assert admin.get("/complaints/statistics/").status_code == 200
    from zhibu.complaints.models import ReturnVisit

    assert sorted(ReturnVisit.objects.values_list("satisfied", "follow_up")) == [(False, "reopen"), (True, "none")]
    assert Complaint.objects.filter(round=2, status="assigned").count() == 1
    assert "演示回访员" in admin.get("/complaints/return-visits/").content.decode()


def _reporting_shown(admin):
    """A 月报 request answered by most branches with the generated report, one returned, one missing; the burden."""
    from zhibu.reporting.models import ReportAnswer

    monthly = ReportAnswer.objects.filter(request__answer_kind="monthly")
    statuses = sorted(monthly.values_list("status", flat=True))
    assert statuses.count("returned") == 1 and statuses.count("pending") == 1
    assert statuses.count("accepted") == len(statuses) - 2 >= 1
    assert all(answer.snapshot["title"] == "党支部组织生活月报" for answer in monthly.exclude(status="pending"))
    page = admin.get("/reporting/burden/").content.decode()
    assert "收到报送要求" in page and "可由系统按记录生成" in page
    # Each generated answer carries the report as a Word file the 党委 above downloads.
    from io import BytesIO

    from docx import Document

    accepted = monthly.filter(status="accepted").select_related("attachment").first()
    assert accepted.attachment.original_name.endswith("党支部组织生活月报.docx")
    download = admin.get(accepted.attachment.get_absolute_url())
    text = "\n".join(p.text for p in Document(BytesIO(b"".join(download.streaming_content))).paragraphs)
    assert "党支部组织生活月报" in text
    committee = accepted.request.organization
    assert "报送负担（" in admin.get(committee.get_absolute_url()).content.decode()


def _worklog_shown(admin):
    """The 工委's 21-point plan in six sections, every point decomposed, branches reporting monthly, a resolution
    closed through its task."""
    from zhibu.activities.models import Resolution
    from zhibu.worklog.models import Plan, Progress, Status, Task

    plan = Plan.objects.get(issuer__kind="gongwei")
    assert plan.sections.count() == 6
    points = list(plan.sections.values_list("points__number", flat=True))
    assert sorted(points) == list(range(1, 22))
    assert not Task.objects.filter(point__section__plan=plan).values("point").distinct().count() < 21
    assert Progress.objects.filter(task__owner__kind__in=BRANCH_KINDS).values("task").distinct().count() >= 3
    linked = Task.objects.get(resolution__isnull=False)
    assert linked.status == Status.CLOSED and linked.resolution.status == Resolution.Status.DONE
    assert admin.get(plan.get_absolute_url()).status_code == 200
