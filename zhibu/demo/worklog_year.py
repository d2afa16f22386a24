"""The demo's 工作台账: a small plan of the 工委 for the year (three sections, six points — the seed's full 21-point
plan is still to come), decomposed into tasks for the agencies' 机关党委 and their first branches, and taken through
the loop by the services: tasks accepted and reported month by month, one closed (销号) with its evidence, one
returned and reported on again, one still to be accepted, and two overdue — one past the yellow card, one past the
red, both escalated to the level above (逾期上报) — and the 工委's 季度点评 with scores on every accepted task for each
quarter already over, so the ledger, the cards, the 待办 inbox and the year-end assessment (年终考核) have something to
show. Dates are relative to the demo's today."""

import datetime

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile

from zhibu.core.actors import CommandActor
from zhibu.demo.inspections_year import evidence_pdf
from zhibu.members.validation import add_months
from zhibu.organizations.models import BRANCH_KINDS, Organization, OrganizationKind
from zhibu.worklog import reviews, services
from zhibu.worklog.escalation import escalate_overdue
from zhibu.worklog.models import Point, Task

SECTIONS = (
    ("坚持以党的政治建设为统领", ("深入学习贯彻党的二十大精神，落实“第一议题”制度", "开展模范机关创建")),
    ("加强基层党组织建设", ("推进党支部标准化规范化建设", "按期完成党支部换届")),
    ("推进全面从严治党", ("开展廉政警示教育", "落实谈心谈话制度")),
)


def _pdf(name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, evidence_pdf(), content_type="application/pdf")


class WorklogYear:
    def __init__(self, builder):
        self.today: datetime.date = builder.today
        self.actor = CommandActor("demo")

    def build(self) -> int:
        gongwei = Organization.objects.get(kind=OrganizationKind.GONGWEI, parent=None, name__contains="演示")
        committees = list(gongwei.children.filter(kind=OrganizationKind.DANGWEI).order_by("path"))
        issued = self.today - datetime.timedelta(days=150)
        plan = services.issue_plan(
            actor=self.actor, issuer=gongwei, year=issued.year, title="机关党建工作要点（演示）", issued_on=issued
        )
        points: list[Point] = []
        for title, texts in SECTIONS:
            section = services.add_section(actor=self.actor, plan=plan, title=title)
            points.extend(services.add_point(actor=self.actor, section=section, text=text) for text in texts)
        red_late = settings.WORKLOG_RED_CARD_DAYS + 10
        yellow_late = settings.WORKLOG_YELLOW_CARD_DAYS + 3
        tasks = []
        for index, committee in enumerate(committees[:3]):
            branch = committee.children.filter(kind__in=BRANCH_KINDS).order_by("path").first() or committee
            for point, owner, days, deliverable in (
                (points[0], committee, 120, "制定年度理论学习中心组学习计划并组织实施"),
                (points[2], branch, 60 + 20 * index, "完成党支部标准化建设自查并整改"),
                (points[4], committee, -yellow_late if index == 0 else 90, "组织一次廉政警示教育"),
                (points[5], branch, -red_late if index == 1 else 45, "班子成员与支部党员谈心谈话全覆盖"),
            ):
                deadline = max(plan.issued_on, self.today + datetime.timedelta(days=days))
                tasks.append(
                    services.add_task(
                        actor=self.actor,
                        point=point,
                        owner=owner,
                        deliverable=deliverable,
                        deadline=deadline,
                        weight=10 if owner == committee else 5,
                        leader="分管副书记" if owner == committee else "",
                    )
                )
        for index, task in enumerate(tasks):
            if index == len(tasks) - 1:
                continue  # one task is still waiting to be accepted
            task = services.accept_task(actor=self.actor, task=task)
            self.work_on(task, index)
            self.review(task, index)
        subtasks = self.split(tasks[8]) if len(tasks) > 8 else 0  # the third 机关党委's study-plan task
        escalate_overdue(actor=CommandActor("escalate_worklog"), today=self.today)
        return len(tasks) + subtasks

    def split(self, task: Task) -> int:
        """A 机关党委 splits its study-plan task between its branches (子任务); the first reports its progress, which
        rolls up onto the task's page."""
        branches = task.owner.children.filter(kind__in=BRANCH_KINDS, status=Organization.Status.ACTIVE)
        made = 0
        for number, branch in enumerate(branches.order_by("path")[:2]):
            subtask = services.add_subtask(
                actor=self.actor,
                task=task,
                owner=branch,
                deliverable="组织支部党员开展专题学习并报送学习记录",
                deadline=task.deadline - datetime.timedelta(days=30),
                weight=2 - number,
            )
            made += 1
            if number == 0:
                subtask = services.accept_task(actor=self.actor, task=subtask)
                services.report_progress(
                    actor=self.actor, task=subtask, month=self.today, percent=60, narrative="已完成三次专题学习"
                )
        return made

    def review(self, task: Task, index: int) -> None:
        """The issuer's comment and score for every quarter already over (the current one is still running)."""
        current = reviews.quarter_of(self.today)
        for number, (year, quarter) in enumerate(reversed(reviews.reviewable_quarters(task, self.today))):
            if (year, quarter) == current:
                continue
            score = 70 + (index * 7 + number * 5) % 28
            comment = "推进有力，成效明显" if score >= 85 else "按计划推进，进度需加快"
            reviews.write_review(actor=self.actor, task=task, year=year, quarter=quarter, comment=comment, score=score)

    def work_on(self, task: Task, index: int) -> None:
        """Monthly reports from the plan's month to last month; some tasks then go through closure."""
        month = task.plan.issued_on.replace(day=1)
        last = add_months(self.today.replace(day=1), -1)
        percent = 0
        while month <= last:
            percent = min(100, percent + 15 + index % 10)
            services.report_progress(
                actor=self.actor,
                task=task,
                month=month,
                percent=percent,
                narrative=f"按计划推进，{month.month}月完成阶段任务",
                uploads=[_pdf("进展材料.pdf")] if month == last else [],
            )
            month = add_months(month, 1)
        if index == 0:
            services.request_closure(actor=self.actor, task=task, summary="已全部完成", uploads=[_pdf("成果.pdf")])
            services.accept_closure(actor=self.actor, task=task, reason="材料齐全，同意销号")
        elif index == 1:
            services.request_closure(actor=self.actor, task=task, summary="自查完成", uploads=[_pdf("自查.pdf")])
            services.return_closure(actor=self.actor, task=task, reason="缺少整改台账，请补充后重新申请")
        elif index == 4:
            services.request_closure(actor=self.actor, task=task, summary="学习计划已落实", uploads=[_pdf("计划.pdf")])
