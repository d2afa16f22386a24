"""The 党务工作者考核 API, through the same services as the pages: rounds (create, which lists the people under review;
invite raters; score), the people under review (read; a person's indicators with where each came from, the score and
its arithmetic once scored) and an invited rater's own ballot sheet (``staff-ballots/``: the people to rate, the group
the rater's ballot on each counts in, and whether the rater has voted; a vote answers only that it was counted).
Ballots are not readable at all."""

from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.views import APIView

from zhibu.core.api import ScopedRelatedField, ScopedViewSet, actor
from zhibu.core.rated_rounds import RaterUserField
from zhibu.core.routes import unscoped
from zhibu.core.scoping import CHANGE
from zhibu.organizations.models import Organization
from zhibu.staff_reviews import relations, services
from zhibu.staff_reviews.filters import RoundFilter, SubjectFilter
from zhibu.staff_reviews.models import Grade, Group, Rater, StaffReviewRound, Status, Subject, Vote


def _percent(low: int = 0) -> dict[str, int]:
    return {"min_value": low, "max_value": 100}


class StaffReviewRoundSerializer(serializers.ModelSerializer):
    organization = ScopedRelatedField(model=Organization, action=CHANGE, help_text="组织单位（机关工委或机关党委）")

    class Meta:
        model = StaffReviewRound
        fields = (
            "id",
            "organization",
            "year",
            "title",
            "status",
            "weight_indicators",
            "weight_ratings",
            "weight_superior",
            "weight_peer",
            "weight_subordinate",
            "band_excellent",
            "band_competent",
            "band_basic",
        )
        read_only_fields = ("status",)
        validators: list = []  # a second round of the year is the service's refusal, with its Chinese message
        extra_kwargs = {
            "year": {"min_value": 2000, "max_value": 2100},
            **{
                field: _percent()
                for field in (
                    "weight_indicators",
                    "weight_ratings",
                    "weight_superior",
                    "weight_peer",
                    "weight_subordinate",
                )
            },
            **{field: _percent(1) for field in ("band_excellent", "band_competent", "band_basic")},
        }

    def create(self, validated_data):
        return services.create_round(actor=actor(self), **validated_data)


class IndicatorSerializer(serializers.Serializer):
    key = serializers.CharField(help_text="指标代码：meetings、tasks、verdicts、hours")
    name = serializers.CharField(source="label", help_text="指标名称")
    value = serializers.CharField(help_text="得分（满分100；空为无可计数记录，不计）")
    detail = serializers.CharField(help_text="来源：计数的记录")
    link = serializers.CharField(help_text="记录所在页面（含筛选条件）")


class StaffReviewSubjectSerializer(serializers.ModelSerializer):
    member_name = serializers.CharField(source="member.name", read_only=True, help_text="考核对象姓名")
    indicators = serializers.SerializerMethodField(help_text="记录指标（评定前按当前记录计算）")
    arithmetic = serializers.SerializerMethodField(help_text="综合得分的计算过程（评定后）")

    class Meta:
        model = Subject
        fields = (
            "id",
            "round",
            "member",
            "member_name",
            "organization",
            "role",
            "indicators",
            "score",
            "grade",
            "arithmetic",
        )
        read_only_fields = fields

    @extend_schema_field(IndicatorSerializer(many=True))
    def get_indicators(self, subject):
        return IndicatorSerializer(subject.indicators or services.result_for(subject).indicators, many=True).data

    @extend_schema_field(serializers.JSONField())
    def get_arithmetic(self, subject):
        return subject.arithmetic if subject.grade else {}


class StaffRaterSerializer(serializers.ModelSerializer):
    user = RaterUserField(help_text="评议人账号编号：本组织及其上级、下级党组织在用的账号")
    group = serializers.ChoiceField(
        choices=Group.choices,
        help_text="默认评议人类别：每张票按评议人与考核对象的组织关系计入上级、同级或下级，无法判断时按此类别",
    )

    class Meta:
        model = Rater
        fields = ("id", "user", "group")


class RoundViewSet(ScopedViewSet):
    """党务工作者考核：组织单位、年度、进度、记录指标与评议的权重、各类评议人权重和等次分数线；新建（按岗位列出考核对象）、
    邀请评议人、评定，与页面调用同一服务。"""

    serializer_class = StaffReviewRoundSerializer
    filterset_class = RoundFilter
    select_related = ("organization",)
    http_method_names = ["get", "post", "head", "options"]

    @extend_schema(request=StaffRaterSerializer, responses={201: StaffRaterSerializer})
    @action(detail=True, methods=["post"])
    def raters(self, request, pk=None):
        """邀请评议人（默认类别：上级、同级或下级）。"""
        review_round = self.get_object()
        body = StaffRaterSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        made = services.invite_rater(actor=request.user, round=review_round, **body.validated_data)
        return Response(StaffRaterSerializer(made).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses=StaffReviewRoundSerializer)
    @action(detail=True, methods=["post"])
    def score(self, request, pk=None):
        """评定：读取并保存各人的记录指标，按评议票计算综合得分和等次（每位考核对象都须有评议票）。"""
        scored = services.score_round(actor=request.user, round=self.get_object())
        fresh = self.get_queryset().get(pk=scored.pk)
        return Response(StaffReviewRoundSerializer(fresh, context=self.get_serializer_context()).data)


class SubjectViewSet(ScopedViewSet):
    """党务工作者考核对象：岗位、记录指标（每项注明来源）、综合得分、等次和计算过程（只读；投票见 staff-ballots）。"""

    serializer_class = StaffReviewSubjectSerializer
    filterset_class = SubjectFilter
    select_related = ("round", "member", "organization")
    http_method_names = ["get", "head", "options"]


class StaffBallotLineSerializer(serializers.Serializer):
    subject = serializers.IntegerField(help_text="考核对象编号")
    round = serializers.IntegerField(help_text="党务工作者考核编号")
    member_name = serializers.CharField(help_text="考核对象姓名")
    organization_name = serializers.CharField(help_text="任职党组织")
    role = serializers.CharField(help_text="岗位")
    group = serializers.ChoiceField(
        choices=Group.choices, help_text="本人对此人的评议计入的类别（按组织关系；无法判断时为邀请时的默认类别）"
    )
    voted = serializers.BooleanField(help_text="本人是否已投票（不记录、也不显示投了什么）")
    is_self = serializers.BooleanField(help_text="是否本人（不能评议本人）")


class StaffBallotSerializer(serializers.Serializer):
    subject = serializers.IntegerField(min_value=1, max_value=2**31 - 1, help_text="考核对象编号")
    choice = serializers.ChoiceField(choices=Grade.choices, help_text="评价：优秀、称职、基本称职或不称职")


class StaffBallotReceiptSerializer(serializers.Serializer):
    subject = serializers.IntegerField(help_text="考核对象编号")
    voted = serializers.BooleanField(help_text="已计票；票上不记录投票人，回答中也不重复所选评价")


@unscoped("an invited rater's own ballot sheet: only the rounds the user was invited to rate, through their Rater rows")
class BallotView(APIView):
    """本人的党务工作者考核评议票：受邀评议、正在评议中的考核对象及是否已投票；投票（匿名，每人一票）。"""

    def _raters(self, request):
        return Rater.objects.filter(user=request.user, round__status=Status.RATING)

    @extend_schema(
        operation_id="staff_ballots_list",
        summary="我的党务工作者考核评议票",
        responses=StaffBallotLineSerializer(many=True),
    )
    def get(self, request):
        raters = {rater.round_id: rater for rater in self._raters(request)}
        voted = set(Vote.objects.filter(rater__in=raters.values()).values_list("subject_id", flat=True))
        paths = relations.rater_paths(request.user)
        people = (
            Subject.objects.filter(round_id__in=raters).select_related("member", "organization").order_by("round", "id")
        )
        lines = [
            {
                "subject": s.pk,
                "round": s.round_id,
                "member_name": s.member.name,
                "organization_name": s.organization.name,
                "role": s.role,
                "group": relations.group_for(raters[s.round_id], s, paths).value,
                "voted": s.pk in voted,
                "is_self": s.member.user_id == request.user.pk,
            }
            for s in people
        ]
        return Response(StaffBallotLineSerializer(lines, many=True).data)

    @extend_schema(
        operation_id="staff_ballots_create",
        summary="投票",
        request=StaffBallotSerializer,
        responses={201: StaffBallotReceiptSerializer},
    )
    def post(self, request):
        body = StaffBallotSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        rounds = self._raters(request).values("round_id")
        subject = Subject.objects.filter(pk=body.validated_data["subject"], round_id__in=rounds).first()
        if subject is None:
            raise serializers.ValidationError({"subject": ["所选考核对象不存在、不在评议中或您不是其评议人"]})
        services.cast_ballot(actor=request.user, subject=subject, choice=body.validated_data["choice"])
        return Response({"subject": subject.pk, "voted": True}, status=status.HTTP_201_CREATED)
