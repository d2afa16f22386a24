import django_filters
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render

from zhibu.core.audit_catalogue import EVENTS, label
from zhibu.core.audit_models import AuditEvent
from zhibu.core.filters import ZhibuFilterSet
from zhibu.core.forms import DateInput
from zhibu.core.routes import collection
from zhibu.core.scoping import EXPORT, VIEW
from zhibu.core.tables import TableColumn, xlsx_response
from zhibu.core.views import paginate

AUDIT_COLUMNS = (
    TableColumn("时间", lambda e: e.occurred_at.astimezone().strftime("%Y-%m-%d %H:%M:%S"), 20),
    TableColumn("操作人", lambda e: e.actor_name, 16),
    TableColumn("事件", lambda e: label(e.event), 18),
    TableColumn("结果", lambda e: e.get_outcome_display(), 8),
    TableColumn("对象", lambda e: e.object_repr, 24),
    TableColumn("对象类型", lambda e: e.object_type, 18),
    TableColumn("对象编号", lambda e: e.object_id, 10),
    TableColumn("来源IP", lambda e: e.source_ip or "", 16),
    TableColumn("请求编号", lambda e: e.request_id, 34),
    TableColumn("变更内容", lambda e: str(e.changes) if e.changes else "", 60),
)


class AuditFilter(ZhibuFilterSet):
    event = django_filters.ChoiceFilter(label="事件", choices=sorted(EVENTS.items(), key=lambda item: item[1]))
    actor_name = django_filters.CharFilter(label="操作人", lookup_expr="icontains")
    outcome = django_filters.ChoiceFilter(label="结果", choices=AuditEvent.Outcome.choices)
    since = django_filters.DateFilter(
        label="起始日期", field_name="occurred_at", lookup_expr="date__gte", widget=DateInput()
    )
    until = django_filters.DateFilter(
        label="截止日期", field_name="occurred_at", lookup_expr="date__lte", widget=DateInput()
    )
    object_repr = django_filters.CharFilter(label="对象", lookup_expr="icontains")

    class Meta:
        model = AuditEvent
        fields = ["event", "actor_name", "outcome", "since", "until", "object_repr"]


def _audit_filter(request, action):
    if not getattr(request.user, "may_read_audit", False):
        raise PermissionDenied("只有纪检、管理员和审计管理员可以查看审计日志")
    queryset = AuditEvent.objects.visible_to(request.user, action).order_by("-id")
    return AuditFilter(request.GET, queryset=queryset)


@login_required
@collection(AuditEvent, VIEW)
def audit_list(request):
    audit_filter = _audit_filter(request, VIEW)
    page, query = paginate(request, audit_filter.qs, per_page=50)
    return render(request, "core/audit_list.html", {"filter": audit_filter, "page": page, "query": query})


@login_required
@collection(AuditEvent, EXPORT)
def audit_export(request):
    audit_filter = _audit_filter(request, EXPORT)
    return xlsx_response(
        actor=request.user,
        title="审计日志",
        columns=AUDIT_COLUMNS,
        objects=audit_filter.qs[:100_000].iterator(),
        event="audit.exported",
        organization=getattr(request, "scope_org", None),
        filters=request.GET.urlencode(),
    )
