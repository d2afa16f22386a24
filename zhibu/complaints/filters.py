import django_filters
from django.db.models import Q
from django.utils import timezone

from zhibu.complaints.models import Complaint, ComplaintKind, IntakePoint, Status, escalated_q
from zhibu.core.filters import RefusingFilterSet, YesNoFilter
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

    class Meta:
        model = Complaint
        fields = ["organization", "status", "kind", "overdue", "refusal"]

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
