import django_filters
from django.utils import timezone

from zhibu.core.filters import IdFilter, RefusingFilterSet, YearFilter, YesNoFilter
from zhibu.organizations.filters import SubtreeFilter
from zhibu.organizations.models import Organization
from zhibu.worklog.due import RED, YELLOW, carded
from zhibu.worklog.models import OPEN_STATUSES, Plan, Status, Task


class PlanFilter(RefusingFilterSet):
    """The plan list, its export and the API: a refused query lists nothing."""

    year = YearFilter(label="年度")
    issuer = SubtreeFilter(label="印发组织（含下级）", path_field="issuer__path")

    class Meta:
        model = Plan
        fields = ["year", "issuer"]

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        user = user or getattr(kwargs.get("request"), "user", None)
        if user is not None:
            self.filters["issuer"].queryset = Organization.objects.visible_to(user)


CARD_CHOICES = [(YELLOW, "黄牌"), (RED, "红牌")]


class TaskFilter(RefusingFilterSet):
    """The task ledger (台账), its export and the API: by status, owner (with those below), plan, year and overdue."""

    status = django_filters.ChoiceFilter(label="状态", choices=Status.choices)
    owner = SubtreeFilter(label="责任单位（含下级）", path_field="owner__path")
    overdue = YesNoFilter(label="已逾期", method="filter_overdue")
    escalated = YesNoFilter(label="已逾期上报", method="filter_escalated")
    card = django_filters.ChoiceFilter(label="黄牌/红牌", choices=CARD_CHOICES, method="filter_card")
    year = YearFilter(label="年度", field_name="point__section__plan__year")
    plan = IdFilter(label="工作要点编号", field_name="point__section__plan")

    class Meta:
        model = Task
        fields = ["status", "owner", "overdue", "escalated", "card", "year", "plan"]

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        user = user or getattr(kwargs.get("request"), "user", None)
        if user is not None:
            self.filters["owner"].queryset = Organization.objects.visible_to(user)

    def filter_overdue(self, queryset, name, value):
        if value is None:
            return queryset
        late = {"status__in": OPEN_STATUSES, "deadline__lt": timezone.localdate()}
        return queryset.filter(**late) if value else queryset.exclude(**late)

    def filter_escalated(self, queryset, name, value):
        if value is None:
            return queryset
        return queryset.exclude(escalated_to=None) if value else queryset.filter(escalated_to=None)

    def filter_card(self, queryset, name, value):
        return carded(queryset, value, timezone.localdate()) if value else queryset
