from collections.abc import Callable
from typing import Any, TypeVar

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Page, Paginator
from django.db.models import Model, QuerySet
from django.forms import BaseForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from rest_framework.request import Request

from zhibu.core import audit, idempotency
from zhibu.core.audit_catalogue import Event

PAGE_SIZE = 30
T = TypeVar("T")


def record_denial(request: HttpRequest | Request, reason: str) -> None:
    """Every refused attempt on a page or the API is a security event."""
    user = getattr(request, "user", None)
    actor = user if user is not None and user.is_authenticated else "anonymous"
    audit.record(
        actor=actor,
        event=Event.ACCESS_DENIED,
        outcome="denied",
        extra={"path": request.path[:200], "method": request.method, "reason": reason[:200]},
    )


def call_service(form: BaseForm, service: Callable[..., T], **kwargs: Any) -> T | None:
    """Run a service for a bound, valid form; its ValidationErrors become form errors. Returns the result or None."""
    try:
        return service(**kwargs)
    except ValidationError as error:
        if hasattr(error, "error_dict"):
            for field, messages in error.message_dict.items():
                form.add_error(field if field in form.fields else None, messages)
        else:
            form.add_error(None, error.messages)
        return None
    except PermissionDenied as error:
        form.add_error(None, str(error) or "您没有执行此操作的权限")
        return None


def create_from_form(
    request: HttpRequest, form: BaseForm, service: Callable[..., Any], *, model: type[Model], **kwargs: Any
) -> tuple[Any, bool]:
    """Run a create service once per submitted form (its hidden key, see ``core.forms.SubmittedOnce``): (record,
    created), or (None, False) with the refusal on the form. A repeat says so and hands back the first record."""
    result = call_service(
        form,
        idempotency.create_once,
        actor=request.user,
        key=form.cleaned_data.get(idempotency.FORM_FIELD, ""),
        kind=model._meta.label_lower,
        model=model,
        create=lambda: service(actor=request.user, **kwargs),
    )
    if result is None:
        return None, False
    record, created = result
    if not created:
        messages.info(request, "该表单已经提交过，没有重复创建；以下是第一次提交创建的记录")
    return record, created


def attempt(service: Callable[..., object], **kwargs: Any) -> tuple[object, list[str]]:
    """Run a service for a page without a form: (result, []) or (None, the reasons it was refused, in Chinese)."""
    try:
        return service(**kwargs), []
    except ValidationError as error:
        return None, error.messages
    except PermissionDenied as error:
        return None, [str(error) or "您没有执行此操作的权限"]


def attempt_with_message(
    request: HttpRequest, service: Callable[..., object], *, done: str, failed: str = "", **kwargs: Any
) -> bool:
    """Run a service for a POST without a form and leave the outcome as a message: ``done``, or ``failed`` followed by
    the reasons it was refused. Returns whether it succeeded."""
    _, errors = attempt(service, **kwargs)
    if errors:
        messages.error(request, failed + "；".join(errors))
    else:
        messages.success(request, done)
    return not errors


def form_errors_text(form: BaseForm) -> str:
    """All of a form's errors in one line, for a message after a redirect."""
    return "；".join(str(message) for errors in form.errors.values() for message in errors)


def paginate(
    request: HttpRequest, queryset: QuerySet[Any] | list[Any], per_page: int = PAGE_SIZE
) -> tuple[Page[Any], str]:
    paginator = Paginator(queryset, per_page)
    page = paginator.get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return page, query.urlencode()


def safe_next(request: HttpRequest, fallback: str) -> str:
    target: str | None = request.POST.get("next") or request.GET.get("next")
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, require_https=request.is_secure()):
        return target
    return fallback


def forbidden(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    message = str(exception) if exception and str(exception) else "您没有执行此操作的权限"
    record_denial(request, message)
    return render(request, "core/error.html", {"title": "无权操作", "message": message}, status=403)


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(
        request, "core/error.html", {"title": "未找到", "message": "记录不存在或不在您的权限范围内。"}, status=404
    )


def server_error(request: HttpRequest) -> HttpResponse:
    return render(
        request, "core/error.html", {"title": "系统错误", "message": "系统出现错误，请稍后重试。"}, status=500
    )


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(
        request, "core/error.html", {"title": "请求有误", "message": "请求格式有误，请返回重试。"}, status=400
    )


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    return render(
        request,
        "core/error.html",
        {"title": "页面已过期", "message": "页面已过期或来源校验失败，请刷新页面后重试。"},
        status=403,
    )


def requested_year(request: HttpRequest) -> int:
    """The page's ``?year=``: a year from 2000 to this one; this year when it is missing or not such a year."""
    text, this_year = request.GET.get("year", ""), timezone.localdate().year
    return int(text) if text.isdigit() and 2000 <= int(text) <= this_year else this_year
