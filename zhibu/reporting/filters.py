import django_filters
from django.db.models import Count, Q
from django.utils import timezone

from zhibu.core.filters import RefusingFilterSet, YesNoFilter
from zhibu.organizations.filters import SubtreeFilter
from zhibu.organizations.models import Organization
from zhibu.reporting.models import OPEN_STATUSES, AnswerKind, AnswerStatus, ReportAnswer, ReportRequest


def _organizations(filterset, kwargs, user) -> None:
    user = user or getattr(kwargs.get("request"), "user", None)
    if user is not None:
        filterset.filters["organization"].queryset = Organization.objects.visible_to(user)


class ReportAnswerFilter(RefusingFilterSet):
    """One filterset for the answers page, its export and the API; a refused query lists nothing."""

    organization = SubtreeFilter(label="报送组织（含下级）", path_field="organization__path")
    status = django_filters.ChoiceFilter(label="状态", choices=AnswerStatus.choices)
    kind = django_filters.ChoiceFilter(label="报送方式", field_name="request__answer_kind", choices=AnswerKind.choices)
    overdue = YesNoFilter(label="已逾期", method="filter_overdue")

    class Meta:
        model = ReportAnswer
        fields = ["organization", "status", "kind", "overdue"]

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        _organizations(self, kwargs, user)

    def filter_overdue(self, queryset, name, value):
        if value is None:
            return queryset
        late = Q(status__in=OPEN_STATUSES, request__deadline__lt=timezone.localdate())
        return queryset.filter(late) if value else queryset.exclude(late)


class ReportRequestFilter(RefusingFilterSet):
    organization = SubtreeFilter(label="发文组织（含下级）", path_field="organization__path")
    answer_kind = django_filters.ChoiceFilter(label="报送方式", choices=AnswerKind.choices)
    deadline_from = django_filters.DateFilter(label="截止日期自", field_name="deadline", lookup_expr="gte")
    deadline_to = django_filters.DateFilter(label="截止日期至", field_name="deadline", lookup_expr="lte")

    class Meta:
        model = ReportRequest
        fields = ["organization", "answer_kind", "deadline_from", "deadline_to"]

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        _organizations(self, kwargs, user)

    def filter_queryset(self, queryset):
        return (
            super()
            .filter_queryset(queryset)
            .annotate(
                answer_count=Count("answers"),
                answered_count=Count("answers", filter=~Q(answers__status__in=OPEN_STATUSES)),
            )
            .order_by("-deadline", "-id")
        )
