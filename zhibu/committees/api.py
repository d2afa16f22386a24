from rest_framework import serializers

from zhibu.committees import services
from zhibu.committees.models import Position, PositionKind, Term
from zhibu.core.api import ScopedRelatedField, ScopedViewSet, actor
from zhibu.core.scoping import CHANGE
from zhibu.members.models import Member
from zhibu.organizations.models import Organization


class TermSerializer(serializers.ModelSerializer):
    organization = ScopedRelatedField(model=Organization, action=CHANGE)
    planned_end_on = serializers.DateField(required=False, help_text="不填则按任期年限自动计算")

    class Meta:
        model = Term
        fields = (
            "id",
            "organization",
            "number",
            "elected_on",
            "started_on",
            "planned_end_on",
            "ended_on",
            "approval_document",
            "note",
        )
        read_only_fields = ("ended_on",)
        validators = []

    def get_fields(self):
        fields = super().get_fields()
        if self.instance is not None:
            fields["organization"].read_only = True
        return fields

    def create(self, validated_data):
        return services.create_term(actor=actor(self), **validated_data)

    def update(self, instance, validated_data):
        return services.update_term(actor=actor(self), term=instance, **validated_data)


class PositionSerializer(serializers.ModelSerializer):
    term = ScopedRelatedField(model=Term, action=CHANGE)
    kind = serializers.PrimaryKeyRelatedField(queryset=PositionKind.objects.all())
    holder = ScopedRelatedField(model=Member, required=False, allow_null=True)

    class Meta:
        model = Position
        fields = ("id", "term", "kind", "holder", "started_on", "ended_on", "is_by_election", "end_reason", "note")
        read_only_fields = ("ended_on", "end_reason")

    def get_fields(self):
        fields = super().get_fields()
        if self.instance is not None:
            for name, field in fields.items():
                field.read_only = name not in ("ended_on", "end_reason")
            fields["ended_on"] = serializers.DateField()
            fields["end_reason"] = serializers.CharField(max_length=100)
        return fields

    def create(self, validated_data):
        return services.assign_position(actor=actor(self), **validated_data)

    def update(self, instance, validated_data):
        return services.end_position(
            actor=actor(self),
            position=instance,
            ended_on=validated_data["ended_on"],
            reason=validated_data["end_reason"],
        )


class PositionKindSerializer(serializers.ModelSerializer):
    class Meta:
        model = PositionKind
        fields = ("id", "code", "name", "sort_order", "single_seat", "core")


class TermViewSet(ScopedViewSet):
    serializer_class = TermSerializer
    select_related = ("organization",)
    filterset_fields = ("organization",)


class PositionViewSet(ScopedViewSet):
    serializer_class = PositionSerializer
    select_related = ("term", "kind", "holder")
    filterset_fields = ("term",)


class PositionKindViewSet(ScopedViewSet):
    serializer_class = PositionKindSerializer
    http_method_names = ["get", "head", "options"]
