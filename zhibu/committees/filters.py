import django_filters
from django.db.models import Q
from django.utils import timezone

from zhibu.committees.terms import ALL_STATUSES, DUE_3, DUE_6, NO_TERM, NORMAL, OVERDUE
from zhibu.core.filters import RefusingFilterSet
from zhibu.members.validation import add_months
from zhibu.organizations.models import Organization


def status_condition(code: str) -> Q:
    """``terms.status_for`` as a query on ``with_current_term``'s planned end, so the database does the filtering."""
    today = timezone.localdate()
    end, in_3, in_6 = "term_planned_end_on", add_months(today, 3), add_months(today, 6)
    conditions = {
        NO_TERM.code: Q(**{f"{end}__isnull": True}),
        OVERDUE.code: Q(**{f"{end}__lt": today}),
        DUE_3.code: Q(**{f"{end}__gte": today, f"{end}__lte": in_3}),
        DUE_6.code: Q(**{f"{end}__gt": in_3, f"{end}__lte": in_6}),
        NORMAL.code: Q(**{f"{end}__gt": in_6}),
    }
    return conditions[code]


class TermStatusFilter(RefusingFilterSet):
    """The 换届提醒 page's filter, over organisations annotated by ``terms.with_current_term``."""

    status = django_filters.ChoiceFilter(
        label="换届状态", choices=[(status.code, status.label) for status in ALL_STATUSES], method="by_status"
    )

    class Meta:
        model = Organization
        fields = ("status",)

    def by_status(self, queryset, name, value):
        return queryset.filter(status_condition(value))
