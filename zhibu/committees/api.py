from typing import Any

from django.db.models import OuterRef, Subquery
from rest_framework import serializers

from zhibu.committees import services
from zhibu.committees.models import Position, PositionKind, Term, TermDelay
from zhibu.committees.terms import latest_delay
from zhibu.core.api import ScopedRelatedField, ScopedViewSet, actor
from zhibu.core.scoping import CHANGE
from zhibu.members.models import Member
from zhibu.organizations.models import Organization


class TermSerializer(serializers.ModelSerializer):
    organization = ScopedRelatedField(model=Organization, action=CHANGE)
    planned_end_on = serializers.DateField(required=False, help_text="不填则按任期年限自动计算")
    delayed_to = serializers.SerializerMethodField(help_text="经上级党组织批准延期后的任期届满日期；未延期为空")

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
            "delayed_to",
        )
        read_only_fields = ("ended_on",)
        validators: list[Any] = []

    def get_delayed_to(self, term) -> str | None:
        if hasattr(term, "latest_delayed_to"):  # annotated by the viewset's list and read
            delayed_to = term.latest_delayed_to
        else:
            delay = latest_delay(term)
            delayed_to = delay.delayed_to if delay else None
        return delayed_to.isoformat() if delayed_to else None

    def get_fields(self):
        fields = super().get_fields()
        if self.instance is not None:
            fields["organization"].read_only = True
        return fields

    def create(self, validated_data):
        return services.create_term(actor=actor(self), **validated_data)

    def update(self, instance, validated_data):
        return services.update_term(actor=actor(self), term=instance, **validated_data)


class TermDelaySerializer(serializers.ModelSerializer):
    """A delay of the 换届 approved by the organisation above; only that organisation may record one."""

    term = ScopedRelatedField(model=Term)

    class Meta:
        model = TermDelay
        fields = (
            "id",
            "term",
            "approved_on",
            "approving_organization",
            "document_number",
            "delayed_to",
            "reason",
            "recorded_by",
            "created_at",
        )
        read_only_fields = ("approving_organization", "recorded_by", "created_at")

    def create(self, validated_data):
        return services.approve_delay(actor=actor(self), **validated_data)


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

    def validate(self, attrs):
        # A PATCH is partial, so DRF does not enforce the two fields an update consists of: ask for them here.
        if self.instance is not None:
            missing = {
                name: f"结束任职须填写{label}（{name}）"
                for name, label in (("ended_on", "离任日期"), ("end_reason", "离任原因"))
                if name not in attrs
            }
            if missing:
                raise serializers.ValidationError(missing)
        return attrs

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
    conflict_on_create = True
    serializer_class = TermSerializer
    select_related = ("organization",)
    filterset_fields = ("organization",)

    def get_queryset(self):
        delays = TermDelay.objects.filter(term=OuterRef("pk")).order_by("-approved_on", "-id")
        return super().get_queryset().annotate(latest_delayed_to=Subquery(delays.values("delayed_to")[:1]))


class TermDelayViewSet(ScopedViewSet):
    serializer_class = TermDelaySerializer
    select_related = ("term",)
    filterset_fields = ("term",)
    http_method_names = ["get", "post", "head", "options"]


class PositionViewSet(ScopedViewSet):
    conflict_on_create = True
    serializer_class = PositionSerializer
    select_related = ("term", "kind", "holder")
    filterset_fields = ("term",)


class PositionKindViewSet(ScopedViewSet):
    serializer_class = PositionKindSerializer
    http_method_names = ["get", "head", "options"]
