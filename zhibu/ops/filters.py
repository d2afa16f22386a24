import django_filters

from zhibu.core.filters import RefusingFilterSet
from zhibu.core.forms import DateInput
from zhibu.ops.jobs import JOBS
from zhibu.ops.models import JobRun


class JobRunFilter(RefusingFilterSet):
    job = django_filters.ChoiceFilter(label="任务", choices=[(job.name, job.label) for job in JOBS])
    outcome = django_filters.ChoiceFilter(label="结果", choices=JobRun.Outcome.choices)
    since = django_filters.DateFilter(
        label="起始日期", field_name="started_at", lookup_expr="date__gte", widget=DateInput()
    )
    until = django_filters.DateFilter(
        label="截止日期", field_name="started_at", lookup_expr="date__lte", widget=DateInput()
    )

    class Meta:
        model = JobRun
        fields = ["job", "outcome", "since", "until"]
