"""Scoped base views: the queryset is always ``Model.objects.visible_to(user, action)``, a form's POST always runs a
service through ``call_service``, and a list, its export and its API endpoint share one FilterSet and one table.

Subclass, set the class attributes, override a hook where a page differs. Each class declares its route (its
``model`` and ``action``, see ``zhibu/core/routes.py``), so the URL test knows what every route opens.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any, ClassVar, cast

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.db.models import Model, QuerySet
from django.forms import BaseForm
from django.http import HttpRequest, HttpResponse, HttpResponseBase, QueryDict
from django.shortcuts import redirect, render
from django.views import View

from zhibu.core import idempotency
from zhibu.core.audit_catalogue import Event
from zhibu.core.routes import RouteScope
from zhibu.core.scoping import CHANGE, EXPORT, VIEW, ScopedManager, require, visible_or_404
from zhibu.core.tables import TableColumn, rows_for_display, xlsx_response
from zhibu.core.views import call_service, create_from_form, paginate


def organization_in_scope(request: HttpRequest) -> Any:
    """The organisation chosen in the top-bar switcher (``ScopeMiddleware``), or None."""
    return getattr(request, "scope_org", None)


def within_scope_org(request: HttpRequest, queryset: QuerySet[Any], path_field: str) -> QuerySet[Any]:
    """Narrow a queryset to the subtree of the organisation in scope: the one place lists follow the switcher."""
    organization = organization_in_scope(request)
    if organization is None:
        return queryset
    return queryset.filter(**{f"{path_field}__startswith": organization.path})


def params_with_scope(
    request: HttpRequest, parameter: str | None, defaults: Mapping[str, str] | None = None
) -> QueryDict:
    """The query with the organisation in scope filled in as ``parameter`` (unless the user chose one) and the
    page's default filters: what a FilterSet reads, for the page and its export alike."""
    params = request.GET.copy()
    organization = organization_in_scope(request)
    if parameter and parameter not in params and organization is not None:
        params[parameter] = str(organization.pk)
    for name, value in (defaults or {}).items():
        if name not in params:
            params[name] = value
    return params


class ScopedView(LoginRequiredMixin, View):
    """A page over ``model`` as the user may see it with ``action``."""

    model: ClassVar[type[Model]]
    action: ClassVar[str] = VIEW
    select_related: ClassVar[tuple[str, ...]] = ()
    object_kwarg: ClassVar[str | None] = None

    @classmethod
    def declared_scope(cls) -> RouteScope:
        return RouteScope(model=cls.model, action=cls.action, kwarg=cls.object_kwarg)

    def scoped_queryset(self, action: str | None = None) -> QuerySet[Any]:
        # Every model a scoped view names has its manager built from ScopedQuerySet.
        manager = cast(ScopedManager, self.model._default_manager)
        queryset: QuerySet[Any] = manager.visible_to(self.request.user, action or self.action)
        return queryset.select_related(*self.select_related) if self.select_related else queryset


class ScopedObjectView(ScopedView):
    """A page on one record, the URL's ``pk``: out of scope is a 404, in scope without ``action`` a 403."""

    object_kwarg: ClassVar[str | None] = "pk"
    object: Any

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        base = self.model._default_manager.select_related(*self.select_related)
        self.object = visible_or_404(base, request.user, pk=kwargs[self.object_kwarg or "pk"])
        if self.action != VIEW:
            require(request.user, self.action, self.object)
        return super().dispatch(request, *args, **kwargs)


class ScopedDetailView(ScopedObjectView):
    template_name: ClassVar[str]
    http_method_names = ["get", "head", "options"]

    def get_context_data(self) -> dict[str, Any]:
        return {self.model._meta.model_name or "object": self.object}

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return render(request, self.template_name, self.get_context_data())


class ScopedListView(ScopedView):
    """A filtered, paginated list. Its export (``ScopedExportView``) and API endpoint use the same ``filterset_class``;
    the page and the export share ``columns``. ``scope_parameter`` is the filter that the organisation in scope fills in
    when the user has not chosen one; ``default_filters`` fill the others the same way."""

    filterset_class: ClassVar[type[Any]]
    columns: ClassVar[tuple[TableColumn, ...]] = ()
    template_name: ClassVar[str]
    partial_template_name: ClassVar[str | None] = None
    scope_parameter: ClassVar[str | None] = None
    default_filters: ClassVar[Mapping[str, str]] = {}
    per_page: ClassVar[int] = 30
    http_method_names = ["get", "head", "options"]

    def filter_params(self) -> QueryDict:
        return params_with_scope(self.request, self.scope_parameter, self.default_filters)

    def filterset_kwargs(self) -> dict[str, Any]:
        return {"request": self.request}

    def get_filterset(self, action: str | None = None) -> Any:
        return self.filterset_class(
            self.filter_params(), queryset=self.scoped_queryset(action), **self.filterset_kwargs()
        )

    def get_context_data(self, filterset: Any, page: Any, query: str) -> dict[str, Any]:
        context: dict[str, Any] = {"filter": filterset, "page": page, "query": query}
        if self.columns:
            context["headers"] = [column.header for column in self.columns]
            context["rows"] = list(zip(page.object_list, rows_for_display(self.columns, page.object_list), strict=True))
        return context

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        filterset = self.get_filterset()
        page, query = paginate(request, filterset.qs, per_page=self.per_page)
        template = self.template_name
        if self.partial_template_name and request.headers.get("HX-Request"):
            template = self.partial_template_name
        return render(request, template, self.get_context_data(filterset, page, query))


class ScopedExportView(ScopedListView):
    """The list's rows, as the user may export them, in an audited Excel file with the list's columns."""

    action: ClassVar[str] = EXPORT
    export_columns: ClassVar[tuple[TableColumn, ...] | None] = None
    title: ClassVar[str]
    event: ClassVar[Event]

    def export_objects(self, queryset: QuerySet[Any]) -> Iterable[Any]:
        return queryset.iterator(chunk_size=500)

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        filterset = self.get_filterset()
        response: HttpResponse = xlsx_response(
            actor=request.user,
            title=self.title,
            columns=self.export_columns or self.columns,
            objects=self.export_objects(filterset.qs),
            event=self.event,
            organization=organization_in_scope(request),
            filters=request.GET.urlencode(),
        )
        return response


class ServiceFormView(ScopedView):
    """A form whose valid POST calls ``service`` through ``call_service``: its refusals become form errors, the page
    is shown again, nothing is half-written. On one record (``object_kwarg``, default ``pk``) the record is loaded with
    ``action`` (``change`` by default); a create form (``object_kwarg = None``) names the ``model`` whose rows it may
    choose among and ``creates`` the model it creates, run once per submitted form."""

    action: ClassVar[str] = CHANGE
    object_kwarg: ClassVar[str | None] = "pk"
    form_class: ClassVar[type[BaseForm]]
    template_name: ClassVar[str] = "core/form.html"
    creates: ClassVar[type[Model] | None] = None
    success_message: ClassVar[str] = "已保存"
    http_method_names = ["get", "post", "head", "options"]
    object: Any = None

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        if self.object_kwarg is not None:
            base = self.model._default_manager.select_related(*self.select_related)
            self.object = visible_or_404(base, request.user, pk=kwargs[self.object_kwarg])
            require(request.user, self.action, self.object)
        return super().dispatch(request, *args, **kwargs)

    # Hooks a page overrides.
    def service(self) -> Callable[..., Any]:
        raise NotImplementedError

    def form_kwargs(self) -> dict[str, Any]:
        return {}

    def initial(self) -> dict[str, Any]:
        return {}

    def service_kwargs(self, data: dict[str, Any]) -> dict[str, Any]:
        """Keyword arguments for the service beyond ``actor``: by default the record (by its model name) and the
        cleaned data."""
        if self.object is not None:
            return {self.model._meta.model_name or "record": self.object, **data}
        return data

    def title(self) -> str:
        raise NotImplementedError

    def intro(self) -> str:
        return ""

    def back_url(self) -> str:
        return self.object.get_absolute_url() if self.object is not None else ""

    def success_url(self, result: Any) -> str:
        target = result if hasattr(result, "get_absolute_url") else self.object
        return str(target.get_absolute_url())

    def message(self, result: Any) -> str:
        return self.success_message

    def extra_context(self) -> dict[str, Any]:
        return {}

    # The idiom itself.
    def get_form(self) -> BaseForm:
        data = self.request.POST if self.request.method == "POST" else None
        files = self.request.FILES if self.request.method == "POST" else None
        return self.form_class(data, files, initial=self.initial(), **self.form_kwargs())

    def render_form(self, form: BaseForm | None) -> HttpResponse:
        """The page with ``form``, or without one (None) for a reader who may not change anything here."""
        context = {"form": form, "title": self.title(), "back": self.back_url(), "intro": self.intro()}
        context.update(self.extra_context())
        return render(self.request, self.template_name, context)

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return self.render_form(self.get_form())

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        form = self.get_form()
        if not form.is_valid():
            return self.render_form(form)
        data = dict(form.cleaned_data)
        if self.creates is not None:
            data.pop(idempotency.FORM_FIELD, None)
            result, created = create_from_form(
                request, form, self.service(), model=self.creates, **self.service_kwargs(data)
            )
            if result is not None and created:
                messages.success(request, self.message(result))
        else:
            result = call_service(form, self.service(), actor=request.user, **self.service_kwargs(data))
            if result is not None:
                messages.success(request, self.message(result))
        if result is None:
            return self.render_form(form)
        return redirect(self.success_url(result))
