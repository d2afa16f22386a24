"""API plumbing shared by every app: scoped viewsets, error translation and the 409 answer to a duplicate create."""

from collections.abc import Callable
from typing import Any, TypeVar, cast

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import DatabaseError
from django.db.models import QuerySet
from django.http import Http404
from django.urls import NoReverseMatch, reverse
from drf_spectacular.extensions import OpenApiSerializerFieldExtension
from drf_spectacular.openapi import AutoSchema as SpectacularAutoSchema
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema_field
from rest_framework import exceptions, mixins, serializers, status, viewsets
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import BaseRouter
from rest_framework.views import exception_handler as drf_exception_handler

from zhibu.core import idempotency
from zhibu.core.converters import IdConverter
from zhibu.core.forms import pk_out_of_range
from zhibu.core.models import BaseModel
from zhibu.core.routes import RouteScope
from zhibu.core.scoping import CHANGE, VIEW, ScopedManager, require
from zhibu.core.services import Conflict
from zhibu.core.views import record_denial

# model → the router's basename of its viewset, filled by zhibu.api_urls (core imports no domain app).
_DETAIL_ROUTES: dict[type, str] = {}


def register_detail_routes(router: BaseRouter) -> None:
    for _prefix, viewset, basename in router.registry:
        serializer = getattr(viewset, "serializer_class", None)
        if serializer is not None and hasattr(serializer, "Meta"):
            _DETAIL_ROUTES.setdefault(serializer.Meta.model, basename)


class ConflictSerializer(serializers.Serializer[Any]):
    """The answer to a create whose record already exists (409)."""

    detail = serializers.CharField(help_text="中文说明")
    existing_id = serializers.IntegerField(allow_null=True, help_text="已有记录的编号；不在您权限范围内时为空")
    existing = serializers.URLField(allow_null=True, help_text="已有记录的接口地址；修改请对它发送 PATCH")


CONFLICT_RESPONSE = OpenApiResponse(ConflictSerializer, description="该记录已存在：不新建也不覆盖，请修改已有记录")


def conflict_response(conflict: Conflict, request: Request | None) -> Response:
    existing, link, pk = conflict.existing, None, None
    model = type(existing)
    manager = cast(ScopedManager, model._default_manager)  # a conflict is always on a scoped model
    if request is not None and manager.visible_to(request.user, VIEW).filter(pk=existing.pk).exists():
        pk = existing.pk
        try:
            link = request.build_absolute_uri(reverse(f"{_DETAIL_ROUTES[model]}-detail", args=[pk]))
        except (KeyError, NoReverseMatch):
            link = None
    return Response(
        {"detail": " ".join(conflict.messages), "existing_id": pk, "existing": link}, status=status.HTTP_409_CONFLICT
    )


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """Service errors reach API clients as 400/403/404 with the same Chinese messages as the pages; a create whose
    record already exists as 409 with that record's link."""
    if isinstance(exc, Conflict):
        return conflict_response(exc, context.get("request"))
    if isinstance(exc, DjangoValidationError):
        detail = exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        exc = exceptions.ValidationError(detail)
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied(str(exc) or "您没有执行此操作的权限")
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound("记录不存在或不在您的权限范围内")
    response = drf_exception_handler(exc, context)
    if isinstance(exc, exceptions.PermissionDenied) and context.get("request") is not None:
        record_denial(context["request"], str(exc.detail))
    return response


class ScopedViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet[Any],
):
    """List, read, create, update — never delete. Rows come from the one scoping method; writes go through the
    serializer's ``create``/``update``, which call the app's services.

    A create sent with an ``Idempotency-Key`` header happens once: the first answer is 201, a repeat of the same key
    answers 200 with the record the first one made (also when the two race)."""

    select_related: tuple[str, ...] = ()
    lookup_value_regex = IdConverter.regex
    # What a PUT/PATCH needs on the record, checked before the body is read: a role that may only read gets 403 for
    # any body, not a validation answer (or worse) about data it could never write.
    update_action = CHANGE

    @classmethod
    def declared_scope(cls) -> RouteScope:
        """The route declaration (``zhibu/core/routes.py``): rows as the user may view them; a change is checked
        per record (``update_action``) and by the services."""
        serializer: Any = cls.serializer_class
        return RouteScope(model=serializer.Meta.model, action=VIEW, kwarg=cls.lookup_url_kwarg or "pk")

    def get_object(self) -> Any:
        obj = super().get_object()
        if self.request.method in ("PUT", "PATCH") and self.update_action is not None:
            require(self.request.user, self.update_action, obj)
        return obj

    def get_queryset(self) -> QuerySet[Any]:
        serializer: Any = self.serializer_class
        model = serializer.Meta.model
        queryset: QuerySet[Any] = model.objects.visible_to(self.request.user, VIEW)
        return queryset.select_related(*self.select_related) if self.select_related else queryset

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        key = idempotency.header_key(request)
        serializer_class: Any = self.serializer_class
        model = serializer_class.Meta.model
        kind = model._meta.label_lower
        if key is not None:
            # A repeat is answered before validation: the body may no longer pass (a duplicate it would now be).
            done = idempotency.existing(actor=request.user, key=key, kind=kind, model=model, field=idempotency.HEADER)
            if done is not None:
                return Response(self.get_serializer(done).data, status=status.HTTP_200_OK)
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        record, created = idempotency.create_once(
            actor=request.user,
            key=key,
            kind=kind,
            model=model,
            create=lambda: serializer.save(),
            field=idempotency.HEADER,
        )
        if created:
            return Response(
                serializer.data, status=status.HTTP_201_CREATED, headers=self.get_success_headers(serializer.data)
            )
        return Response(self.get_serializer(record).data, status=status.HTTP_200_OK)


class ReadOnlyScopedViewSet(ScopedViewSet):
    """List and read only: records derived by the system or written on their own pages (verdicts, inspections)."""

    http_method_names = ["get", "head", "options"]


@extend_schema_field(OpenApiTypes.INT)  # a primary key, also where the serializer has no model to derive it from
class ScopedRelatedField(serializers.PrimaryKeyRelatedField[Any]):
    """A foreign key whose choices are the rows the requesting user may see (out of scope reads as 'does not exist')."""

    def __init__(
        self,
        *,
        model: type[BaseModel] | None = None,
        action: str = VIEW,
        extra_filter: dict[str, Any] | None = None,
        **kwargs: Any,
    ) -> None:
        self.model, self.action, self.extra_filter = model, action, extra_filter or {}
        super().__init__(**kwargs)

    def to_internal_value(self, data: Any) -> Any:
        if pk_out_of_range(data):
            self.fail("does_not_exist", pk_value=str(data)[:30])
        return super().to_internal_value(data)

    def get_queryset(self) -> QuerySet[Any]:
        request = self.context.get("request")
        # A subclass of BaseModel, whose scoped manager django-stubs cannot resolve through the abstract base.
        model: Any = self.model
        queryset: QuerySet[Any]
        if request is None:
            queryset = model.objects.none()
        else:
            queryset = model.objects.visible_to(request.user, self.action).filter(**self.extra_filter)
        return queryset

    default_error_messages = {
        "does_not_exist": "编号为 {pk_value} 的记录不存在或不在您的权限范围内",
        "incorrect_type": "应为数字编号，收到的是 {data_type}",
        "required": "此项为必填项",
    }


def actor(serializer: serializers.BaseSerializer[Any]) -> object:
    return serializer.context["request"].user


_Made = TypeVar("_Made", bound=BaseModel)


def service_refusal(error: DjangoValidationError) -> exceptions.ValidationError:
    """A service's refusal as the API's 400: each field's Chinese messages."""
    detail = error.message_dict if hasattr(error, "error_dict") else {"non_field_errors": error.messages}
    return exceptions.ValidationError(detail)


def write_once(
    request: Request,
    *,
    kind: str,
    model: type[_Made],
    body: serializers.Serializer[Any],
    write: Callable[[dict[str, Any]], _Made],
    belongs: Callable[[_Made], bool],
    refusal: Callable[[DjangoValidationError], exceptions.ValidationError] = service_refusal,
) -> tuple[_Made, bool]:
    """A write on one record (a step of a recruit, a report on a task) run once per ``Idempotency-Key``: (what it
    made, whether it was made now). A retry answers the first result before the body is read again; a key already
    used on another record (``belongs`` false) is refused; a service's refusal answers 400 through ``refusal``."""
    key = idempotency.header_key(request)
    if key is not None:
        done = idempotency.existing(actor=request.user, key=key, kind=kind, model=model, field=idempotency.HEADER)
        if done is not None:
            if not belongs(done):
                raise exceptions.ValidationError({idempotency.HEADER: [idempotency.USED_ELSEWHERE]})
            return done, False
    body.is_valid(raise_exception=True)
    try:
        return idempotency.create_once(
            actor=request.user,
            key=key,
            kind=kind,
            model=model,
            create=lambda: write(dict(body.validated_data)),
            field=idempotency.HEADER,
        )
    except Conflict:
        raise
    except DjangoValidationError as error:
        raise refusal(error) from None


class AutoSchema(SpectacularAutoSchema):
    """Adds the 409 answer to the create of every viewset that refuses duplicates (``conflict_on_create``)."""

    def _get_response_bodies(self, direction: Any = "response") -> Any:
        responses = super()._get_response_bodies(direction)
        if self._is_create_operation() and getattr(self.view, "conflict_on_create", False):
            # drf-spectacular leaves this private method unannotated.
            responses["409"] = self._get_response_for_code(  # type: ignore[no-untyped-call]
                CONFLICT_RESPONSE, "409", direction=direction
            )
        return responses


class CodeField(serializers.SlugRelatedField[Any]):
    """A code whose list is data (meeting kinds): the schema lists today's codes as an enum, with their labels."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("slug_field", "code")
        super().__init__(**kwargs)


# The extension registers itself in drf-spectacular's unannotated __init_subclass__.
class CodeFieldExtension(OpenApiSerializerFieldExtension):  # type: ignore[no-untyped-call]
    target_class = CodeField

    def map_serializer_field(self, auto_schema: SpectacularAutoSchema, direction: Any) -> dict[str, Any]:
        try:
            rows = list(self.target.get_queryset().order_by("pk").values_list(self.target.slug_field, "name"))
        except DatabaseError:  # a schema written without a database (manage.py spectacular at build time)
            return {"type": "string", "description": "完整列表见 GET /api/v1/codes/"}
        labels = "\n".join(f"* `{code}` - {name}" for code, name in rows)
        return {
            "type": "string",
            "enum": [code for code, _ in rows],
            "description": f"由工委维护，可能增加；完整列表见 GET /api/v1/codes/\n\n{labels}",
        }
