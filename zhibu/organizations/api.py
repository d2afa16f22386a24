from typing import Any

from rest_framework import serializers

from zhibu.core.api import ScopedRelatedField, ScopedViewSet, actor
from zhibu.core.scoping import CHANGE
from zhibu.organizations import services
from zhibu.organizations.filters import OrganizationFilter, UnitFilter
from zhibu.organizations.models import Organization, Unit


class UnitSerializer(serializers.ModelSerializer):
    owner = ScopedRelatedField(model=Organization, action=CHANGE)

    class Meta:
        model = Unit
        fields = ("id", "name", "code", "staff_headcount", "party_staff", "owner", "note")
        extra_kwargs: dict[str, dict[str, Any]] = {"code": {"validators": []}}

    def get_fields(self):
        fields = super().get_fields()
        if self.instance is not None:
            fields["owner"].read_only = True
        return fields

    def create(self, validated_data):
        return services.create_unit(actor=actor(self), **validated_data)

    def update(self, instance, validated_data):
        return services.update_unit(actor=actor(self), unit=instance, **validated_data)


class OrganizationSerializer(serializers.ModelSerializer):
    parent = ScopedRelatedField(  # type: ignore[assignment]  # a field named like Field.parent
        model=Organization,
        action=CHANGE,
        required=False,
        allow_null=True,
        help_text="上级组织。除工委外必填，且须是允许的上级类型（如党支部设在党委或党总支之下）",
    )
    units = ScopedRelatedField(model=Unit, many=True, required=False)

    class Meta:
        model = Organization
        fields = (
            "id",
            "name",
            "short_name",
            "kind",
            "code",
            "parent",
            "path",
            "depth",
            "units",
            "founded_on",
            "status",
            "status_changed_on",
            "merged_into",
            "sort_order",
            "note",
        )
        read_only_fields = ("path", "depth", "status", "status_changed_on", "merged_into")
        extra_kwargs = {
            "code": {"validators": [], "help_text": "组织代码，全系统唯一；已用的代码答复409"},
        }

    def create(self, validated_data):
        validated_data.setdefault("parent", None)
        return services.create_organization(actor=actor(self), **validated_data)

    def update(self, instance, validated_data):
        return services.update_organization(actor=actor(self), organization=instance, **validated_data)


class OrganizationViewSet(ScopedViewSet):
    conflict_on_create = True
    serializer_class = OrganizationSerializer
    filterset_class = OrganizationFilter
    select_related = ("parent",)

    def get_queryset(self):
        return super().get_queryset().prefetch_related("units")


class UnitViewSet(ScopedViewSet):
    conflict_on_create = True
    serializer_class = UnitSerializer
    filterset_class = UnitFilter
    select_related = ("owner",)
