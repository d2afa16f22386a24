import django_filters
from django import forms
from django.db.models import Q
from django.utils import timezone

from zhibu.complaints.models import (
    Complaint,
    ComplaintKind,
    FollowUp,
    IntakePoint,
    ReturnVisit,
    Status,
    VisitWay,
    escalated_q,
)
from zhibu.core.filters import RefusingFilterSet, YearFilter, YesNoFilter
from zhibu.organizations.filters import SubtreeFilter
from zhibu.organizations.models import Organization

REFUSAL_CHOICES = (("any", "有说“不”"), ("escalated", "已报上级待决定"), ("decided", "上级已决定"))


def overdue_q() -> Q:
    """Past the deadline of its kind (fixed when it was received) and not yet 办结."""
    return Q(due_on__lt=timezone.localdate()) & ~Q(status=Status.CLOSED)


class ComplaintFilter(RefusingFilterSet):
    """One filterset for the complaint list, its Excel export and the API; a refused query lists nothing."""

    organization = SubtreeFilter(label="党组织（含下级）", path_field="organization__path")
    status = django_filters.ChoiceFilter(label="状态", choices=Status.choices)
    kind = django_filters.ModelChoiceFilter(label="投诉类别", queryset=ComplaintKind.objects.all())
    overdue = YesNoFilter(label="超期未办结", method="filter_overdue")
    refusal = django_filters.ChoiceFilter(label="说“不”", choices=REFUSAL_CHOICES, method="filter_refusal")
    # The statistics page's drill-down: one unit (the intake point's 单位) and the period it counted (by received date).
    unit = django_filters.CharFilter(label="单位", field_name="intake_point__unit_name", max_length=100)
    year = YearFilter(label="收到年份", field_name="received_on", lookup_expr="year")
    month = django_filters.NumberFilter(
        label="收到月份",
        field_name="received_on",
        lookup_expr="month",
        min_value=1,
        max_value=12,
        error_messages={
            "min_value": "月份须在1至12之间",
            "max_value": "月份须在1至12之间",
            "invalid": "月份须是1至12的数字",
        },
    )
    month.field_class = forms.IntegerField

    class Meta:
        model = Complaint
        fields = ["organization", "status", "kind", "overdue", "refusal", "unit", "year", "month"]

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        user = user or getattr(kwargs.get("request"), "user", None)
        if user is not None:
            self.filters["organization"].queryset = Organization.objects.visible_to(user)

    def filter_overdue(self, queryset, name, value):
        if value is None:
            return queryset
        return queryset.filter(overdue_q()) if value else queryset.exclude(overdue_q())

    def filter_refusal(self, queryset, name, value):
        today = timezone.localdate()
        if value == "any":
            return queryset.filter(refusal__isnull=False)
        if value == "escalated":
            return queryset.filter(escalated_q(today, "refusal__"), refusal__closed_on__isnull=True)
        if value == "decided":
            return queryset.filter(refusal__closed_on__isnull=False)
        return queryset


class IntakePointFilter(RefusingFilterSet):
    organization = SubtreeFilter(label="党组织（含下级）", path_field="organization__path")
    active = YesNoFilter(label="启用")

    class Meta:
        model = IntakePoint
        fields = ["organization", "active"]

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        user = user or getattr(kwargs.get("request"), "user", None)
        if user is not None:
            self.filters["organization"].queryset = Organization.objects.visible_to(user)


class ReturnVisitFilter(RefusingFilterSet):
    """One filterset for the return-visit list, its Excel export and the API."""

    organization = SubtreeFilter(label="党组织（含下级）", path_field="complaint__organization__path")
    satisfied = YesNoFilter(label="群众满意")
    way = django_filters.ChoiceFilter(label="回访方式", choices=VisitWay.choices)
    follow_up = django_filters.ChoiceFilter(label="后续处理", choices=FollowUp.choices)
    year = YearFilter(label="回访年份", field_name="visited_on", lookup_expr="year")

    class Meta:
        model = ReturnVisit
        fields = ["organization", "satisfied", "way", "follow_up", "year"]

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        user = user or getattr(kwargs.get("request"), "user", None)
        if user is not None:
            self.filters["organization"].queryset = Organization.objects.visible_to(user)
