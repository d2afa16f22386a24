"""One filterset per list: the page, its Excel export and the API endpoint read the same parameters the same way."""

import django_filters
from django.db.models import Q
from django.utils import timezone

from zhibu.core.filters import IdFilter, RefusingFilterSet, YearFilter
from zhibu.inspections.models import InspectionPlan, RectificationItem
from zhibu.organizations.filters import SubtreeFilter
from zhibu.organizations.models import Organization

S = RectificationItem.Status


class PlanOrganizationFilter(SubtreeFilter):
    """The plans an organisation's subtree runs or whose scope lies in that subtree: what its figures count."""

    def filter(self, qs, value):
        if not value:
            return qs
        return qs.filter(Q(organization__path__startswith=value.path) | Q(scope__path__startswith=value.path))


class InspectionPlanFilter(RefusingFilterSet):
    organization = PlanOrganizationFilter(
        label="党组织",
        path_field="organization__path",
        help_text="党组织编号：它及其下级组织开展的、或检查范围在其中的督查计划",
    )
    scope = IdFilter(field_name="scope_id", help_text="检查范围（党组织编号）")
    year = YearFilter(field_name="period_start", lookup_expr="year", help_text="检查期间开始的年份")
    rule = django_filters.CharFilter(field_name="rule_ids", lookup_expr="icontains", help_text="重点规则编号")
    status = django_filters.ChoiceFilter(choices=InspectionPlan.Status.choices)
    kind = django_filters.ChoiceFilter(choices=InspectionPlan.Kind.choices)

    class Meta:
        model = InspectionPlan
        fields = ("organization", "scope", "year", "rule", "status", "kind")

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        user = user or getattr(self.request, "user", None)
        if user is not None:
            self.filters["organization"].queryset = Organization.objects.visible_to(user)


class ItemOrganizationFilter(SubtreeFilter):
    """The items of an organisation's subtree and those escalated to it (逾期上报): what it has to follow up."""

    def filter(self, qs, value):
        if not value:
            return qs
        return qs.filter(Q(organization__path__startswith=value.path) | Q(escalated_to=value))


ITEM_STATUSES = (
    ("open", "整改中"),
    ("overdue", "已逾期"),
    ("escalated", "已上报"),
    ("reported", "待验收"),
    ("closed", "已销号"),
)


class RectificationItemFilter(RefusingFilterSet):
    organization = ItemOrganizationFilter(
        label="党组织",
        path_field="organization__path",
        help_text="党组织编号：它及其下级组织的、和逾期上报给它的整改事项",
    )
    plan = IdFilter(field_name="finding__plan_id", help_text="督查计划编号")
    rule = django_filters.CharFilter(field_name="finding__rule_id", help_text="涉及规则编号")
    status = django_filters.ChoiceFilter(
        choices=ITEM_STATUSES,
        method="by_status",
        help_text="整改中（open）、已逾期（overdue）、已上报未销号（escalated）、待验收（reported）、已销号（closed）",
    )
    year = YearFilter(field_name="deadline", lookup_expr="year", help_text="整改时限所在年份")

    class Meta:
        model = RectificationItem
        fields = ("organization", "plan", "rule", "status", "year")

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        user = user or getattr(self.request, "user", None)
        if user is not None:
            self.filters["organization"].queryset = Organization.objects.visible_to(user)

    def by_status(self, queryset, name, value):
        if value == "overdue":
            return queryset.filter(status=S.OPEN, deadline__lt=timezone.localdate())
        if value == "escalated":
            return queryset.filter(escalated_to__isnull=False).exclude(status=S.CLOSED)
        return queryset.filter(status=value)
