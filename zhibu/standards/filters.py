"""One filterset per list of standards records: the missed-items export and the API read verdicts the same way, the
notes page its notes."""

import django_filters
from django.db.models import Q
from django.utils import timezone

from zhibu.core.filters import IdFilter, RefusingFilterSet, YearFilter
from zhibu.organizations.filters import SubtreeFilter
from zhibu.organizations.models import Organization
from zhibu.standards.models import ExplanationNote, Verdict, VerdictStatus


class VerdictFilter(RefusingFilterSet):
    organization = IdFilter(field_name="organization_id", help_text="党组织编号（只含该组织本身）")
    within = SubtreeFilter(
        label="党组织（含下级）", path_field="organization__path", help_text="党组织编号，含其下级组织"
    )
    rule = django_filters.CharFilter(field_name="rule_id", help_text="规则编号，如 MTG-04")
    period = django_filters.CharFilter(field_name="period_key", help_text="期间：2026-03、2026-Q1、2026 或 now（现状）")
    year = YearFilter(method="in_year", help_text="年度：该年各期间的结论；现状（now）结论算作今年")
    status = django_filters.ChoiceFilter(choices=VerdictStatus.choices, help_text="结论")

    class Meta:
        model = Verdict
        fields = ("organization", "within", "rule", "period", "year", "status")

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        user = user or getattr(self.request, "user", None)
        if user is not None:
            self.filters["within"].queryset = Organization.objects.visible_to(user)

    def in_year(self, queryset, name, value):
        return queryset.filter(year_condition(value))


def year_condition(year: int) -> Q:
    """Verdicts of a year's periods; the 现状 verdicts belong to the current year."""
    condition = Q(period_start__year=year) & ~Q(period_key="now")
    if year == timezone.localdate().year:
        condition |= Q(period_key="now")
    return condition


class ExplanationNoteFilter(RefusingFilterSet):
    status = django_filters.ChoiceFilter(label="状态", choices=ExplanationNote.Status.choices)

    class Meta:
        model = ExplanationNote
        fields = ("status",)
