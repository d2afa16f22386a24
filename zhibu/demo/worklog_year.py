"""The demo's 工作台账: the 工委's annual plan for the year (six sections, twenty-one points), decomposed into tasks for
the agencies' 机关党委 and their first branches, and taken through the loop by the services: tasks accepted and
reported month by month, one closed (销号) with its evidence, one returned and reported on again, one still to be
accepted, and two overdue — one past the yellow card, one past the red, both escalated to the level above (逾期上报) —
and the 工委's 季度点评 with scores on every accepted task for each quarter already over, so the ledger, the cards, the
待办 inbox and the year-end assessment (年终考核) have something to show. Every point has at least one task: the
points the walk-through above does not use go round the 机关党委 in turn. Dates are relative to the demo's today."""

import datetime

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile

from zhibu.activities.models import Resolution
from zhibu.core.actors import CommandActor
from zhibu.demo.inspections_year import evidence_pdf
from zhibu.members.validation import add_months
from zhibu.organizations.models import BRANCH_KINDS, Organization, OrganizationKind
from zhibu.worklog import reviews, services
from zhibu.worklog.escalation import escalate_overdue
from zhibu.worklog.models import Point, Task

# (section, ((point, the task an agency makes of it), …)); points are numbered through the plan, 1 … 21.
SECTIONS = (
    (
        "坚持以党的政治建设为统领",
        (
            ("深入学习贯彻党的二十大精神，落实“第一议题”制度", "党委会议首个议题学习传达，全年形成学习记录"),
            ("严格执行重大事项请示报告制度，按时报送年度党建工作情况", "年中、年终两次向工委书面报告党建工作"),
            ("开展模范机关创建，每个机关党委培育一个示范党支部", "确定示范党支部培育对象并制定培育方案"),
            ("严肃党内政治生活，规范召开民主生活会和组织生活会", "会前征求意见、会上开展批评、会后整改落实"),
        ),
    ),
    (
        "强化党的创新理论武装",
        (
            (
                "制定党委理论学习中心组年度学习计划，每季度集体学习不少于一次",
                "制定年度理论学习中心组学习计划并组织实施",
            ),
            ("党支部每月开展主题党日，学习内容纳入学习清单", "各党支部按月报送主题党日开展情况"),
            ("组织党员参加网络培训，年度学时达到规定要求", "每季度通报党员学时完成情况"),
            ("开展青年理论学习小组活动，每半年交流一次学习体会", "组建青年理论学习小组并举办两次交流会"),
        ),
    ),
    (
        "建强机关基层党组织",
        (
            ("推进党支部标准化规范化建设，对照标准开展自查整改", "完成党支部标准化建设自查并整改"),
            ("按期完成党支部换届，做到应换尽换", "梳理届满党支部名单并按期完成换届选举"),
            ("落实“三会一课”制度，会议记录完整规范", "每季度抽查一次党支部会议记录"),
            ("严格发展党员程序，做好发展党员全过程纪实", "建立发展党员纪实档案并开展一次自查"),
        ),
    ),
    (
        "推动党建和业务深度融合",
        (
            ("围绕本部门中心工作确定书记项目，年底前形成成效报告", "确定书记项目并按季度报告进展"),
            ("开展党员先锋岗创建，在重点任务中亮身份、作表率", "在重点业务处室设立党员先锋岗"),
            ("组织党员到社区报到，参加志愿服务不少于两次", "组织在职党员到社区报到并参加志愿服务"),
        ),
    ),
    (
        "深化机关全面从严治党",
        (
            ("开展廉政警示教育，组织旁听庭审或参观警示教育基地", "组织一次廉政警示教育"),
            ("梳理岗位廉政风险点，完善防控措施", "更新岗位廉政风险点台账并逐项明确防控措施"),
            ("落实谈心谈话制度，班子成员与分管部门党员谈心全覆盖", "班子成员与支部党员谈心谈话全覆盖"),
        ),
    ),
    (
        "加强机关党建工作保障",
        (
            ("按规定收缴、使用和管理党费，每年公开一次", "完成党费收缴情况年度公开"),
            ("配齐配强专兼职党务干部，开展党务干部业务培训", "举办一期党务干部业务培训班"),
            ("完善党建工作考核办法，年终开展述职评议", "修订党建工作考核细则并组织年终述职评议"),
        ),
    ),
)
# The points the walk-through uses (0-based): 中心组学习, 标准化建设, 警示教育, 谈心谈话.
STUDY, STANDARDS, WARNING, TALKS = 4, 8, 15, 17
LIFE = 3  # 严肃党内政治生活: a meeting's resolution is taken into the ledger under it


def _deliverable(number: int) -> str:
    entries = [entry for _, section in SECTIONS for entry in section]
    return entries[number][1]


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
        for title, entries in SECTIONS:
            section = services.add_section(actor=self.actor, plan=plan, title=title)
            points.extend(services.add_point(actor=self.actor, section=section, text=text) for text, _ in entries)
        red_late = settings.WORKLOG_RED_CARD_DAYS + 10
        yellow_late = settings.WORKLOG_YELLOW_CARD_DAYS + 3
        tasks = []
        for index, committee in enumerate(committees[:3]):
            branch = committee.children.filter(kind__in=BRANCH_KINDS).order_by("path").first() or committee
            for point, owner, days, deliverable in (
                (points[STUDY], committee, 120, _deliverable(STUDY)),
                (points[STANDARDS], branch, 60 + 20 * index, _deliverable(STANDARDS)),
                (points[WARNING], committee, -yellow_late if index == 0 else 90, _deliverable(WARNING)),
                (points[TALKS], branch, -red_late if index == 1 else 45, _deliverable(TALKS)),
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
        rest = self.decompose_the_rest(points, committees)
        linked = self.close_a_resolution(points[LIFE])
        escalate_overdue(actor=CommandActor("escalate_worklog"), today=self.today)
        return len(tasks) + subtasks + rest + linked

    def close_a_resolution(self, point: Point) -> int:
        """A branch meeting's resolution, still open and not yet due, is taken into the ledger; closing the task marks
        the resolution done in the meeting's records too."""
        still_open = Resolution.objects.filter(
            status=Resolution.Status.OPEN, deadline__lte=datetime.date(point.section.plan.year + 1, 12, 31)
        )
        resolution = still_open.filter(deadline__gte=self.today).order_by("deadline", "pk").first()
        if resolution is None:
            # Late in the year every open resolution is already overdue: the latest of them is taken into the ledger,
            # and the others stay overdue as the demo plants them.
            overdue = list(still_open.order_by("-deadline", "-pk")[:2])
            resolution = overdue[0] if len(overdue) > 1 else None
        if resolution is None:
            return 0
        task = services.link_task(actor=self.actor, point=point, source=resolution)
        task = services.accept_task(actor=self.actor, task=task)
        services.request_closure(
            actor=self.actor,
            task=task,
            summary="决议事项已落实，会议记录和落实材料附后",
            uploads=[_pdf("落实材料.pdf")],
        )
        services.accept_closure(actor=self.actor, task=task, reason="落实到位，同意销号")
        return 1

    def decompose_the_rest(self, points: list[Point], committees: list[Organization]) -> int:
        """Each point the walk-through leaves alone becomes a task of the 机关党委 in turn, accepted and reported on
        every month since the plan came out; the later the point, the later its deadline in the year."""
        walked = {STUDY, STANDARDS, WARNING, TALKS}
        made = 0
        for number, point in enumerate(points):
            if number in walked or not committees:
                continue
            deadline = self.today + datetime.timedelta(days=30 + 7 * number)
            task = services.add_task(
                actor=self.actor,
                point=point,
                owner=committees[made % len(committees)],
                deliverable=_deliverable(number),
                deadline=deadline,
                weight=5,
                leader="分管副书记",
            )
            task = services.accept_task(actor=self.actor, task=task)
            month, last, percent = task.plan.issued_on.replace(day=1), add_months(self.today.replace(day=1), -1), 0
            while month <= last:
                percent = min(90, percent + 10 + number % 7)
                services.report_progress(
                    actor=self.actor,
                    task=task,
                    month=month,
                    percent=percent,
                    narrative=f"{month.month}月：{_deliverable(number)}，按进度推进",
                )
                month = add_months(month, 1)
            made += 1
        return made

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
