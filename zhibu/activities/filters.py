"""One FilterSet per activities list: the page, its calendar and the API endpoint read the same filters, so the same
query gives the same rows everywhere and the OpenAPI schema lists the filters with their enums. Each refuses a bad
query as every list does (``RefusingFilterSet``): nothing is listed and the page says why, the API answers 400."""

from typing import Any

import django_filters
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.formats import date_format

from zhibu.activities.models import Activity, ActivityKind, Appraisal, Resolution, Talk
from zhibu.core.filters import RefusingFilterSet, YearFilter
from zhibu.core.forms import DateInput
from zhibu.core.tables import TableColumn
from zhibu.organizations.filters import SubtreeFilter
from zhibu.organizations.models import BRANCH_KINDS, Organization

OVERDUE = "overdue"


def _visible_organizations(filterset: django_filters.FilterSet, **conditions: Any) -> QuerySet[Organization]:
    user = getattr(filterset.request, "user", None)
    if user is None or not user.is_authenticated:
        return Organization.objects.none()
    visible: QuerySet[Organization] = Organization.objects.visible_to(user).filter(**conditions)
    return visible


class ActivityFilter(RefusingFilterSet):
    """``organization`` is that organisation's own meetings (what a verdict's evidence link names, with ``kind``,
    ``from`` and ``to``); ``within`` is its subtree, filled from the organisation in scope on the page."""

    kind = django_filters.ModelChoiceFilter(
        label="类型", queryset=ActivityKind.objects.all(), help_text="活动类型的编号"
    )
    status = django_filters.ChoiceFilter(label="状态", choices=Activity.Status.choices)
    organization = django_filters.ModelChoiceFilter(label="党组织（本级）", queryset=Organization.objects.none())
    within = SubtreeFilter(
        label="范围（含下级）", path_field="organization__path", help_text="党组织编号：该组织及其下级的会议"
    )
    # ``from`` is a Python keyword, and the verdict links already use these names.
    locals().update(
        {
            "from": django_filters.DateFilter(
                label="召开日期自", field_name="held_at", lookup_expr="date__gte", widget=DateInput()
            ),
            "to": django_filters.DateFilter(
                label="召开日期至", field_name="held_at", lookup_expr="date__lte", widget=DateInput()
            ),
        }
    )

    class Meta:
        model = Activity
        fields = ["kind", "status", "organization", "within", "from", "to"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        visible = _visible_organizations(self)
        self.filters["organization"].queryset = visible
        self.filters["within"].queryset = visible


def _when(activity: Activity) -> str:
    if activity.held_at:
        return date_format(timezone.localtime(activity.held_at), "Y年n月j日 H:i")
    return date_format(timezone.localtime(activity.planned_at), "Y年n月j日 H:i") + "（计划）"


ACTIVITY_COLUMNS = (
    TableColumn("时间", _when, 22),
    TableColumn("类型", lambda activity: activity.kind, 14),
    TableColumn("主题", lambda activity: activity.title, 30),
    TableColumn("组织", lambda activity: activity.organization, 24),
    TableColumn("状态", lambda activity: activity.get_status_display(), 10),
)


class ResolutionFilter(RefusingFilterSet):
    """``status`` also takes 已逾期 (overdue): still open past its deadline, which no stored status says."""

    status = django_filters.ChoiceFilter(
        label="状态", choices=[*Resolution.Status.choices, (OVERDUE, "已逾期")], method="filter_status"
    )
    within = SubtreeFilter(label="范围（含下级）", path_field="activity__organization__path")

    class Meta:
        model = Resolution
        fields = ["status", "within"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.filters["within"].queryset = _visible_organizations(self)

    def filter_status(self, queryset: QuerySet[Resolution], name: str, value: str) -> QuerySet[Resolution]:
        if value == OVERDUE:
            return queryset.filter(status=Resolution.Status.OPEN, deadline__lt=timezone.localdate())
        return queryset.filter(status=value)


def resolution_state(resolution: Resolution) -> str:
    if resolution.status == Resolution.Status.DONE:
        return "已完成"
    return "已逾期" if resolution.deadline < timezone.localdate() else "落实中"


RESOLUTION_COLUMNS = (
    TableColumn("决议内容", lambda resolution: resolution.text, 40),
    TableColumn("会议", lambda resolution: resolution.activity.title, 30),
    TableColumn("责任人", lambda resolution: resolution.owner_member or resolution.owner_organization, 16),
    TableColumn("完成时限", lambda resolution: resolution.deadline, 14),
    TableColumn("状态", resolution_state, 10),
)


class BranchYearFilter(RefusingFilterSet):
    """A branch's records of a year: the 谈心谈话 and 民主评议 pages read their branch and year through it."""

    organization = django_filters.ModelChoiceFilter(label="党支部", queryset=Organization.objects.none())

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.filters["organization"].queryset = _visible_organizations(self, kind__in=BRANCH_KINDS)


class TalkFilter(BranchYearFilter):
    year = YearFilter(label="年度", field_name="talked_on", lookup_expr="year")

    class Meta:
        model = Talk
        fields = ["organization", "year"]


class AppraisalFilter(BranchYearFilter):
    year = YearFilter(label="年度", field_name="year")

    class Meta:
        model = Appraisal
        fields = ["organization", "year"]
