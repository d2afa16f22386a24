"""The 党务工作者考核 API: rounds and the people under review (read; a person's indicators with where each came from,
the score and its arithmetic once scored) and an invited rater's own ballot sheet (``staff-ballots/``: the people to
rate and whether the rater has voted; a vote answers only that it was counted). Ballots are not readable at all."""

from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from zhibu.core.api import ScopedViewSet
from zhibu.core.routes import unscoped
from zhibu.staff_reviews import services
from zhibu.staff_reviews.filters import RoundFilter, SubjectFilter
from zhibu.staff_reviews.models import Grade, Group, Rater, StaffReviewRound, Status, Subject, Vote


class StaffReviewRoundSerializer(serializers.ModelSerializer):
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
        read_only_fields = fields


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


class RoundViewSet(ScopedViewSet):
    """党务工作者考核：组织单位、年度、进度、记录指标与评议的权重、各类评议人权重和等次分数线（只读）。"""

    serializer_class = StaffReviewRoundSerializer
    filterset_class = RoundFilter
    select_related = ("organization",)
    http_method_names = ["get", "head", "options"]


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
    group = serializers.ChoiceField(choices=Group.choices, help_text="本人的评议人类别")
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
                "group": raters[s.round_id].group,
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
