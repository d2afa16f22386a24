"""/api/v1/workdays/: the days a 工委 entered (read by all, written by the 工委), the year's full list of holidays
and 调休 days with their source (``days``), and /api/v1/workday-years/: the years a 工委 confirmed."""

from django.core.exceptions import PermissionDenied
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, serializers
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from zhibu.core.api import CONFLICT_RESPONSE, ScopedViewSet, actor
from zhibu.core.scoping import VIEW
from zhibu.workdays import services
from zhibu.workdays.calendar import Source, special_days
from zhibu.workdays.filters import DayOverrideFilter
from zhibu.workdays.models import ConfirmedYear, DayOverride


class DayOverrideSerializer(serializers.ModelSerializer):
    entered_by = serializers.CharField(read_only=True, help_text="录入人")

    class Meta:
        model = DayOverride
        fields = ("id", "day", "kind", "name", "note", "entered_by", "created_at")
        read_only_fields = ("entered_by", "created_at")
        # A date already entered is the service's 409, naming the existing row.
        extra_kwargs: dict[str, dict[str, list[object]]] = {"day": {"validators": []}}

    def create(self, validated_data):
        return services.add_override(actor=actor(self), **validated_data)


DAY_SOURCES = [(source.value, source.label) for source in (Source.LIBRARY, Source.OVERRIDE)]


class SpecialDaySerializer(serializers.Serializer):
    day = serializers.DateField()
    working = serializers.BooleanField(help_text="true：上班（含调休上班）；false：放假")
    name = serializers.CharField()
    origin = serializers.ChoiceField(choices=DAY_SOURCES, source="source", help_text="来源：节假日库或工委录入")
    note = serializers.CharField()
    replaces = serializers.CharField(help_text="工委录入替代的节假日库安排；未替代为空")
    override_id = serializers.IntegerField(allow_null=True, source="override.pk", default=None)


class ConfirmedYearSerializer(serializers.ModelSerializer):
    confirmed_by = serializers.CharField(read_only=True, help_text="确认人")

    class Meta:
        model = ConfirmedYear
        fields = ("id", "year", "confirmed_by", "confirmed_at")
        read_only_fields = ("confirmed_by", "confirmed_at")
        extra_kwargs: dict[str, dict[str, list[object]]] = {"year": {"validators": []}}

    def create(self, validated_data):
        return services.confirm_year(actor=actor(self), year=validated_data["year"])


class EditorsWriteMixin:
    """Writes are the 工委's: anyone else is refused (403) before the body is read."""

    def check_editor(self, request):
        if not services.may_edit(request.user):
            raise PermissionDenied(services.EDITORS_ONLY)

    def create(self, request, *args, **kwargs):
        self.check_editor(request)
        return super().create(request, *args, **kwargs)


@extend_schema(responses={201: DayOverrideSerializer, 409: CONFLICT_RESPONSE})
class DayOverrideViewSet(EditorsWriteMixin, mixins.DestroyModelMixin, ScopedViewSet):
    serializer_class = DayOverrideSerializer
    filterset_class = DayOverrideFilter
    select_related = ("entered_by",)
    http_method_names = ["get", "post", "delete", "head", "options"]

    def destroy(self, request, *args, **kwargs):
        self.check_editor(request)
        return super().destroy(request, *args, **kwargs)

    def perform_destroy(self, instance):
        services.remove_override(actor=self.request.user, override=instance)

    @extend_schema(
        parameters=[
            OpenApiParameter("year", int, required=True, description="年度，如 2026"),
            OpenApiParameter("kind", str, enum=DayOverride.Kind.values, description="rest：休息日；work：工作日"),
        ],
        responses=SpecialDaySerializer(many=True),
    )
    @action(detail=False, methods=["get"], filterset_class=None, pagination_class=None)
    def days(self, request):
        """One year's holidays and 调休 working days, from the library and the 工委's entries, with their source."""
        filterset = DayOverrideFilter(request.query_params, queryset=DayOverride.objects.visible_to(request.user, VIEW))
        if not filterset.form.is_valid() or filterset.form.cleaned_data.get("year") is None:
            errors = dict(filterset.form.errors) or {"year": ["请指定年度，如 ?year=2026"]}
            raise ValidationError(errors)
        data = filterset.form.cleaned_data
        days = special_days(data["year"], overrides=filterset.queryset, kind=data.get("kind") or None)
        return Response(SpecialDaySerializer(days, many=True).data)


@extend_schema(responses={201: ConfirmedYearSerializer, 409: CONFLICT_RESPONSE})
class ConfirmedYearViewSet(EditorsWriteMixin, ScopedViewSet):
    serializer_class = ConfirmedYearSerializer
    select_related = ("confirmed_by",)
    http_method_names = ["get", "post", "head", "options"]
