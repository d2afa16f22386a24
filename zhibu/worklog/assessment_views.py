"""The year-end assessment of a plan (年终考核): a page listing every owner organisation the reader may see with its
score and the arithmetic line by line, and the same as an audited Excel file. A branch sees its own row; the issuer
sees them all."""

from django.utils import timezone

from zhibu.core.audit_catalogue import Event
from zhibu.core.generic import ScopedDetailView
from zhibu.core.scoping import EXPORT
from zhibu.core.tables import TableColumn, xlsx_response
from zhibu.worklog import assessment
from zhibu.worklog.models import Plan, Task

ASSESSMENT_COLUMNS = (
    TableColumn("责任单位", lambda a: a.owner.name, 24),
    TableColumn("任务数", lambda a: a.task_count, 8),
    TableColumn("权重合计", lambda a: a.total_weight, 8),
    TableColumn("按期销号", lambda a: a.on_time.count, 8),
    TableColumn("逾期销号", lambda a: a.late.count, 8),
    TableColumn("尚未销号", lambda a: a.open.count, 8),
    TableColumn("退回次数", lambda a: a.returned, 8),
    TableColumn("完成得分", lambda a: a.completion, 10),
    TableColumn("退回扣分", lambda a: a.penalty, 10),
    TableColumn("任务得分", lambda a: a.task_score, 10),
    TableColumn("点评评分", lambda a: a.review_score, 10),
    TableColumn("年终考核得分", lambda a: a.total, 12),
    TableColumn("计算过程", lambda a: "；".join(a.lines()), 80),
)


class AssessmentPage(ScopedDetailView):
    model = Plan
    select_related = ("issuer",)
    template_name = "worklog/assessment.html"

    def assessments(self, action):
        # The plan's tasks are assessed; a sub-task is the owner's own breakdown, counted in its parent task.
        tasks = Task.objects.visible_to(self.request.user, action).filter(
            point__section__plan=self.object, parent__isnull=True
        )
        return assessment.assess(tasks)

    def get_context_data(self):
        return {
            "plan": self.object,
            "assessments": self.assessments(self.action),
            "today": timezone.localdate(),
            # the link only for those the export serves (a 系统管理员 reads the page but exports nothing)
            "may_export": Plan.objects.visible_to(self.request.user, EXPORT).filter(pk=self.object.pk).exists(),
            "rates": {
                "on_time": assessment.ON_TIME_RATE,
                "late": assessment.LATE_RATE,
                "penalty": assessment.RETURN_PENALTY,
                "task_share": assessment.TASK_SHARE,
                "review_share": assessment.REVIEW_SHARE,
            },
        }


class AssessmentExport(AssessmentPage):
    action = EXPORT

    def get(self, request, *args, **kwargs):
        return xlsx_response(
            actor=request.user,
            title=f"{self.object}年终考核",
            columns=ASSESSMENT_COLUMNS,
            objects=self.assessments(EXPORT),
            event=Event.WORKLOG_ASSESSMENT_EXPORTED,
            organization=self.object.issuer,
            filters=f"plan={self.object.pk}",
        )
