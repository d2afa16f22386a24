from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.http.response import HttpResponseBase
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from zhibu.core.audit_catalogue import Event
from zhibu.core.generic import ScopedDetailView, ScopedExportView, ScopedListView
from zhibu.core.routes import unscoped
from zhibu.ops import health
from zhibu.ops.filters import JobRunFilter
from zhibu.ops.models import JobRun, is_system_admin
from zhibu.ops.tables import LIST_COLUMNS, RUN_COLUMNS


class SystemAdminOnly:
    """The page exists for the 系统管理员 only; anyone else signed in is refused (403, audited by the handler)."""

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if request.user.is_authenticated and not is_system_admin(request.user):
            raise PermissionDenied("只有系统管理员可以查看计划任务")
        return super().dispatch(request, *args, **kwargs)  # type: ignore[misc]


class JobList(SystemAdminOnly, ScopedListView):
    model = JobRun
    filterset_class = JobRunFilter
    columns = LIST_COLUMNS
    template_name = "ops/jobs.html"

    def get_context_data(self, filterset: Any, page: Any, query: str) -> dict[str, Any]:
        context = super().get_context_data(filterset, page, query)
        context["states"] = health.job_states()
        context["checks"] = health.run_checks()
        return context


class JobExport(JobList, ScopedExportView):
    export_columns = RUN_COLUMNS
    title = "计划任务运行记录"
    event = Event.JOB_RUNS_EXPORTED

    def export_objects(self, queryset: QuerySet[Any]) -> Any:
        return queryset[:50_000].iterator()


class JobRunDetail(ScopedDetailView):
    model = JobRun
    template_name = "ops/run.html"


@never_cache
@require_GET
@unscoped("monitoring probe: answers only ok or fail to anyone; names the failed check to the 系统管理员")
def health_view(request: HttpRequest) -> HttpResponse:
    checks = health.run_checks()
    ok = all(passed for _, _, passed in checks)
    status = 200 if ok else 503
    if is_system_admin(request.user):
        return JsonResponse(
            {"status": "ok" if ok else "fail", "checks": {key: passed for key, _, passed in checks}}, status=status
        )
    return HttpResponse("ok" if ok else "fail", content_type="text/plain; charset=utf-8", status=status)
