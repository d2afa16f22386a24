from collections.abc import Iterator
from typing import Any

import django_filters
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest
from django.http.response import HttpResponseBase

from zhibu.core.audit_catalogue import EVENTS, Event, label
from zhibu.core.audit_models import AuditEvent
from zhibu.core.filters import RefusingFilterSet
from zhibu.core.forms import DateInput
from zhibu.core.generic import ScopedExportView, ScopedListView
from zhibu.core.tables import TableColumn

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


class AuditFilter(RefusingFilterSet):
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


class AuditList(ScopedListView):
    model = AuditEvent
    filterset_class = AuditFilter
    template_name = "core/audit_list.html"
    per_page = 50

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        # Only the audit roles open the page at all; anyone else is refused (and the refusal audited), whatever rows
        # visible_to would give them. A visitor not signed in goes to the login page first, as before.
        if request.user.is_authenticated and not getattr(request.user, "may_read_audit", False):
            raise PermissionDenied("只有纪检、管理员和审计管理员可以查看审计日志")
        return super().dispatch(request, *args, **kwargs)

    def scoped_queryset(self, action: str | None = None) -> QuerySet[Any]:
        return super().scoped_queryset(action).order_by("-id")


class AuditExport(AuditList, ScopedExportView):
    export_columns = AUDIT_COLUMNS
    title = "审计日志"
    event = Event.AUDIT_EXPORTED

    def export_objects(self, queryset: QuerySet[Any]) -> Iterator[Any]:
        return queryset[:100_000].iterator()
