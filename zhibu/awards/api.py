"""The awards API: rounds, nominations (create through the same service and quota check as the page; the record
snapshot is attached by the system), objections and honours, all scoped like their pages."""

from rest_framework import serializers

from zhibu.awards import services
from zhibu.awards.filters import HonourFilter, NominationFilter, ObjectionFilter, RoundFilter
from zhibu.awards.models import AwardRound, Category, Honour, Nomination, Objection
from zhibu.core.api import ReadOnlyScopedViewSet, ScopedRelatedField, ScopedViewSet, actor
from zhibu.core.scoping import CHANGE
from zhibu.members.models import Member
from zhibu.organizations.models import Organization


class RoundSerializer(serializers.ModelSerializer):
    class Meta:
        model = AwardRound
        fields = (
            "id",
            "organization",
            "year",
            "title",
            "opens_on",
            "closes_on",
            "member_cap_percent",
            "worker_cap_percent",
            "org_cap_percent",
            "publicity_days",
        )
        read_only_fields = fields


class RoundViewSet(ReadOnlyScopedViewSet):
    """评选表彰：评选组织、推荐期、名额比例（按人数×比例向下取整）和公示期（工作日）。新建在页面上进行。"""

    serializer_class = RoundSerializer
    filterset_class = RoundFilter


class RoundField(serializers.PrimaryKeyRelatedField):
    """A round's id; a branch nominates into the round of the 党委 or 工委 above it, whose row it does not otherwise
    read, so the choices are those open to the user (``forms.rounds_open_to``)."""

    default_error_messages = {"does_not_exist": "编号为 {pk_value} 的评选不存在或不接受您的推荐"}

    def get_queryset(self):
        from zhibu.awards.forms import rounds_open_to

        request = self.context.get("request")
        return rounds_open_to(request.user) if request is not None else AwardRound.objects.none()


class NominationSerializer(serializers.ModelSerializer):
    round = RoundField(help_text="评选编号（须在推荐期内）")
    category = serializers.ChoiceField(
        choices=Category.choices, help_text="推荐类别：outstanding_member, party_worker, advanced_org"
    )
    member = ScopedRelatedField(
        model=Member, action=CHANGE, required=False, allow_null=True, help_text="被推荐党员（党员类别必填）"
    )
    organization = ScopedRelatedField(
        model=Organization,
        action=CHANGE,
        required=False,
        allow_null=True,
        help_text="被推荐党组织（先进基层党组织必填；党员类别为党员所在支部，只读）",
    )
    record = serializers.JSONField(read_only=True, help_text="推荐时系统附上的记录快照（出勤、党费、民主评议等）")

    class Meta:
        model = Nomination
        fields = (
            "id",
            "round",
            "category",
            "member",
            "organization",
            "reasons",
            "record",
            "stage",
            "nominated_on",
            "evaluated_on",
            "studied_on",
            "publicity_from",
            "publicity_until",
            "discipline_on",
            "discipline_agrees",
            "decided_on",
        )
        validators: list = []  # duplicates and quotas are the service's refusals, with their Chinese messages
        read_only_fields = (
            "stage",
            "nominated_on",
            "evaluated_on",
            "studied_on",
            "publicity_from",
            "publicity_until",
            "discipline_on",
            "discipline_agrees",
            "decided_on",
        )

    def create(self, validated_data):
        return services.nominate(actor=actor(self), **validated_data)


class NominationViewSet(ScopedViewSet):
    """评选推荐：查询；推荐（超出名额的答复400，并写明人数、上限和已推荐数）。评议、公示、纪检意见和审批在页面上登记。"""

    serializer_class = NominationSerializer
    filterset_class = NominationFilter
    select_related = ("round", "member", "organization")
    http_method_names = ["get", "post", "head", "options"]


class ObjectionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Objection
        fields = ("id", "nomination", "received_on", "raised_by", "content", "answered_on", "answer", "resolution")
        read_only_fields = fields


class ObjectionViewSet(ReadOnlyScopedViewSet):
    """公示异议：收到日期、反映内容、答复和处理结果；未处理的异议阻止审批。"""

    serializer_class = ObjectionSerializer
    filterset_class = ObjectionFilter


class HonourSerializer(serializers.ModelSerializer):
    class Meta:
        model = Honour
        fields = ("id", "nomination", "title", "category", "year", "member", "organization", "awarded_by", "awarded_on")
        read_only_fields = fields


class HonourViewSet(ReadOnlyScopedViewSet):
    """荣誉：经审批记入党员或党组织的荣誉。"""

    serializer_class = HonourSerializer
    filterset_class = HonourFilter
    select_related = ("member", "organization", "awarded_by")
