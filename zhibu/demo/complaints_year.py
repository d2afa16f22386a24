"""The demo's 效能投诉: three intake points (a unit, a service window, a hall) of the first two agencies, each with
its 单位负责人 and 效能办 named, and complaints in every state — just received, accepted, assigned, answered,
办结 and rated (满意, 基本满意, 不满意), one overdue past the yellow card and one past the red, one 说“不” that went
up to the 机关党委 by itself and one the unit reported, decided there; return visits (回访): one satisfied, one
unsatisfied that reopened the handling, one owed and not yet done — so the list, the cards, the inbox, the statistics
and the public summary have something to show. Names and texts are invented; dates relative to today."""

import datetime
import uuid

from django.conf import settings

from zhibu.accounts.models import RoleGrant
from zhibu.complaints import services
from zhibu.complaints.models import ComplaintKind, FollowUp, ReviewDecision, VisitWay
from zhibu.complaints.reference import ensure_complaint_kinds
from zhibu.core.actors import CommandActor
from zhibu.organizations.models import BRANCH_KINDS, Organization, OrganizationKind

POINTS = (("unit", ""), ("window", "2号综合受理窗口"), ("hall", "一楼政务服务大厅"))
TEXTS = (
    "申请材料清单与网上公布的不一致，现场又要求补交两份证明，往返了三次。",
    "窗口工作人员中途离岗二十多分钟，排队群众无人解释。",
    "咨询补贴政策时被告知去其他部门，其他部门又让回来问，来回推诿。",
    "网上预约后到现场被告知预约无效，需重新取号排队。",
    "电话咨询多次无人接听，留言后三天仍无回复。",
    "办理结果通知时间比承诺的晚了一周，也没有说明原因。",
)


class ComplaintsYear:
    def __init__(self, builder):
        self.today: datetime.date = builder.today
        self.actor = CommandActor("demo")
        self.count = 0

    def days_ago(self, days: int) -> datetime.date:
        return self.today - datetime.timedelta(days=days)

    def build(self) -> int:
        ensure_complaint_kinds()  # a reset flushes what the migration added
        gongwei = Organization.objects.get(kind=OrganizationKind.GONGWEI, parent=None, name__contains="演示")
        committees = list(gongwei.children.filter(kind=OrganizationKind.DANGWEI).order_by("path"))[:2]
        office = RoleGrant.objects.filter(organization=gongwei).select_related("user").first()
        points = []
        for index, (kind, name) in enumerate(POINTS):
            committee = committees[min(index, len(committees) - 1)]
            branch = committee.subtree().filter(kind__in=BRANCH_KINDS).order_by("path").first() or committee
            head = RoleGrant.objects.filter(organization=committee).select_related("user").first()
            points.append(
                services.create_intake_point(
                    actor=self.actor,
                    organization=branch,
                    unit_name=committee.short_name.removesuffix("机关党委") or committee.name,
                    kind=kind,
                    name=name,
                    unit_head=head.user if head else None,
                    efficiency_office=office.user if office else None,
                )
            )
        kinds = list(ComplaintKind.objects.filter(active=True).order_by("order"))
        late_yellow = settings.COMPLAINTS_YELLOW_CARD_DAYS + 1
        late_red = settings.COMPLAINTS_RED_CARD_DAYS + 2
        # (point, days ago received, steps taken, rating)
        plan = (
            (0, 0, (), ""),
            (1, 1, ("accept",), ""),
            (2, 2, ("accept", "assign"), ""),
            (0, 3, ("accept", "assign", "answer"), ""),
            (1, 12, ("accept", "assign", "answer", "close"), "satisfied"),
            (2, 20, ("accept", "assign", "answer", "close"), "basically"),
            (0, 25, ("accept", "assign", "answer", "close"), "unsatisfied"),
            (1, 5 + late_yellow, ("accept",), ""),
            (2, 5 + late_red, ("accept", "assign"), ""),
            (1, 15, ("accept", "assign", "answer", "close"), ""),  # anonymous: no return visit
            (2, 30, ("accept", "assign", "answer", "close"), "unsatisfied"),
        )
        made = []
        for number, (point, ago, steps, rating) in enumerate(plan):
            made.append(self.complaint(points[point], kinds[0], number, ago, steps, rating))
        self.refusals(made)
        self.return_visits(made)
        return self.count

    def complaint(self, point, kind, number, ago, steps, rating):
        received = self.days_ago(ago)
        complaint, _ = services.submit_complaint(
            point=point,
            submission_key=uuid.uuid4().hex,
            kind=kind,
            what=TEXTS[number % len(TEXTS)],
            place=str(point),
            happened_on=received - datetime.timedelta(days=1),
            contact="" if number % 3 == 0 else f"1390000{number:04d}",
            received_on=received,
        )
        for offset, step in enumerate(steps):
            services.record_step(
                actor=self.actor,
                complaint=complaint,
                kind=step,
                happened_on=min(self.today, received + datetime.timedelta(days=offset)),
                official="演示经办人",
                note="已按程序办理并电话告知投诉人" if step != "accept" else "",
            )
        if rating:
            services.rate_complaint(tracking_code=complaint.tracking_code, rating=rating)
        self.count += 1
        return complaint

    def refusals(self, made) -> None:
        # Gone up by itself: decided when received, two weeks ago, and never reviewed at the unit.
        services.record_refusal(
            actor=self.actor,
            complaint=made[8],
            decided_on=made[8].received_on,
            official="演示科长",
            reason="所反映的补贴发放事项由财政部门负责，本单位无权办理",
        )
        reported = made[7]
        refusal = services.record_refusal(
            actor=self.actor,
            complaint=reported,
            decided_on=reported.received_on,
            official="演示处长",
            reason="投诉人要求撤销的是上级机关的统一规定，本单位无权变更",
        )
        refusal = services.review_refusal(
            actor=self.actor,
            refusal=refusal,
            reviewed_on=reported.received_on,
            reviewer="演示副局长",
            decision=ReviewDecision.REPORT,
            note="本级无法解决，报机关党委",
        )
        services.close_refusal(
            actor=self.actor,
            refusal=refusal,
            closed_on=min(self.today, reported.received_on + datetime.timedelta(days=2)),
            official="演示书记",
            decision="维持不予办理，由机关党委协调上级机关向投诉人书面说明政策依据",
        )

    def return_visits(self, made) -> None:
        # made[5] (基本满意) is left owed: its visit is in the 单位负责人's 待办, overdue.
        services.record_return_visit(
            actor=self.actor,
            complaint=made[4],
            visited_on=self.today,
            way=VisitWay.PHONE,
            visitor="演示回访员",
            feedback="材料一次告知清楚了，当天办结，满意",
            satisfied=True,
        )
        reopened = made[10]
        services.record_return_visit(
            actor=self.actor,
            complaint=reopened,
            visited_on=self.days_ago(2),
            way=VisitWay.VISIT,
            visitor="演示回访员",
            feedback="答复只说按规定办理，没有说明哪条规定，事情仍未办成",
            satisfied=False,
            follow_up=FollowUp.REOPEN,
            decision_note="答复未说明依据，重新交办业务科室核实后当面答复",
        )
        services.record_step(
            actor=self.actor,
            complaint=reopened,
            kind="assign",
            happened_on=self.days_ago(1),
            official="演示经办人",
            note="重新交办业务科室核实政策依据",
        )
