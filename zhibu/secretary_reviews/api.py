"""The 述职评议 API, through the same services as the pages: rounds (create; advance a stage; invite raters), reports
(submit with the figures snapshot attached by the system; the organiser's critique) and an invited rater's own ballot
sheet (``secretary-ballots/``: the reports to rate and whether the rater has voted; a vote answers only that it was
counted). Ballots are not readable through the API at all: a report carries only its result, and no answer ever
repeats a rater's choice."""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.views import APIView

from zhibu.core.api import ScopedRelatedField, ScopedViewSet, actor
from zhibu.core.rated_rounds import RaterUserField
from zhibu.core.routes import unscoped
from zhibu.core.scoping import CHANGE
from zhibu.organizations.models import Organization
from zhibu.secretary_reviews import services
from zhibu.secretary_reviews.filters import ReportFilter, RoundFilter
from zhibu.secretary_reviews.models import AppraisalRound, Grade, Group, Rater, Report, Status, Vote


class SecretaryReviewRoundSerializer(serializers.ModelSerializer):
    organization = ScopedRelatedField(model=Organization, action=CHANGE, help_text="组织单位（机关工委或机关党委）")

    class Meta:
        model = AppraisalRound
        fields = (
            "id",
            "organization",
            "year",
            "title",
            "status",
            "weight_superior",
            "weight_peer",
            "weight_member",
            "band_good",
            "band_fairly_good",
            "band_average",
        )
        read_only_fields = ("status",)
        validators: list = []  # a second round of the year is the service's refusal, with its Chinese message
        extra_kwargs = {
            "year": {"min_value": 2000, "max_value": 2100},
            "weight_superior": {"min_value": 0, "max_value": 100},
            "weight_peer": {"min_value": 0, "max_value": 100},
            "weight_member": {"min_value": 0, "max_value": 100},
            "band_good": {"min_value": 1, "max_value": 100},
            "band_fairly_good": {"min_value": 1, "max_value": 100},
            "band_average": {"min_value": 1, "max_value": 100},
        }

    def create(self, validated_data):
        return services.create_round(actor=actor(self), **validated_data)


class AdvanceSerializer(serializers.Serializer):
    to = serializers.ChoiceField(
        choices=[(s.value, s.label) for s in (Status.RATING, Status.GRADED, Status.CLOSED)],
        help_text="下一阶段：评议中（述职报告已交齐）→ 已定等次（按评议票计算）→ 已结束（须全部点评）",
    )


class RaterSerializer(serializers.ModelSerializer):
    user = RaterUserField(help_text="评议人账号编号：本组织及其上级、下级党组织在用的账号")
    group = serializers.ChoiceField(choices=Group.choices, help_text="评议人类别（决定其票的权重）")

    class Meta:
        model = Rater
        fields = ("id", "user", "group")


class RoundViewSet(ScopedViewSet):
    """书记述职评议：组织单位、年度、进度、各类评议人权重和等次分数线；新建、推进阶段、邀请评议人，与页面调用同一服务。"""

    serializer_class = SecretaryReviewRoundSerializer
    filterset_class = RoundFilter
    select_related = ("organization",)
    http_method_names = ["get", "post", "head", "options"]

    def _answer(self, appraisal_round):
        fresh = self.get_queryset().get(pk=appraisal_round.pk)
        return Response(SecretaryReviewRoundSerializer(fresh, context=self.get_serializer_context()).data)

    @extend_schema(request=AdvanceSerializer, responses=SecretaryReviewRoundSerializer)
    @action(detail=True, methods=["post"])
    def advance(self, request, pk=None):
        """推进到下一阶段：述职中 → 评议中 → 已定等次 → 已结束。"""
        appraisal_round = self.get_object()
        body = AdvanceSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        return self._answer(services.advance(actor=request.user, round=appraisal_round, **body.validated_data))

    @extend_schema(request=RaterSerializer, responses={201: RaterSerializer})
    @action(detail=True, methods=["post"])
    def raters(self, request, pk=None):
        """邀请评议人（上级、同级或党员代表）。"""
        appraisal_round = self.get_object()
        body = RaterSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        made = services.invite_rater(actor=request.user, round=appraisal_round, **body.validated_data)
        return Response(RaterSerializer(made).data, status=status.HTTP_201_CREATED)


class RoundField(serializers.PrimaryKeyRelatedField):
    """A round in 述职中 set by the organisation directly above one the user keeps (``forms.rounds_open_to``)."""

    default_error_messages = {"does_not_exist": "编号为 {pk_value} 的述职评议不存在或不接受您的述职"}

    def get_queryset(self):
        from zhibu.secretary_reviews.forms import rounds_open_to

        request = self.context.get("request")
        return rounds_open_to(request.user) if request is not None else AppraisalRound.objects.none()


class SecretaryReportSerializer(serializers.ModelSerializer):
    round = RoundField(help_text="述职评议编号（须在述职中）")
    organization = ScopedRelatedField(model=Organization, action=CHANGE, help_text="述职党组织")
    figures = serializers.JSONField(read_only=True, help_text="提交时系统附上的年度数据快照")
    arithmetic = serializers.JSONField(read_only=True, help_text="综合得分的计算过程（定等次后）")

    class Meta:
        model = Report
        fields = (
            "id",
            "round",
            "organization",
            "secretary",
            "text",
            "figures",
            "submitted_on",
            "critique",
            "critiqued_on",
            "score",
            "grade",
            "arithmetic",
        )
        validators: list = []  # a second report is the service's refusal, with its Chinese message
        read_only_fields = ("submitted_on", "critique", "critiqued_on", "score", "grade")

    def create(self, validated_data):
        return services.submit_report(actor=actor(self), **validated_data)


class CritiqueSerializer(serializers.Serializer):
    text = serializers.CharField(max_length=10000, help_text="点评意见：成绩、问题和整改要求（至少10个字）")


class ReportViewSet(ScopedViewSet):
    """书记述职报告：查询；提交述职（系统自动附上年度数据）；组织单位点评。投票见 secretary-ballots。"""

    serializer_class = SecretaryReportSerializer
    filterset_class = ReportFilter
    select_related = ("round", "organization")
    http_method_names = ["get", "post", "head", "options"]

    @extend_schema(request=CritiqueSerializer, responses=SecretaryReportSerializer)
    @action(detail=True, methods=["post"])
    def critique(self, request, pk=None):
        """组织单位的点评意见（结束前可修改）。"""
        report = self.get_object()
        body = CritiqueSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        done = services.critique(actor=request.user, report=report, **body.validated_data)
        fresh = self.get_queryset().get(pk=done.pk)
        return Response(SecretaryReportSerializer(fresh, context=self.get_serializer_context()).data)


class BallotLineSerializer(serializers.Serializer):
    report = serializers.IntegerField(help_text="述职报告编号")
    round = serializers.IntegerField(help_text="述职评议编号")
    organization_name = serializers.CharField(help_text="述职党组织")
    secretary = serializers.CharField(help_text="述职书记")
    group = serializers.ChoiceField(choices=Group.choices, help_text="本人的评议人类别")
    voted = serializers.BooleanField(help_text="本人是否已投票（不记录、也不显示投了什么）")


class BallotSerializer(serializers.Serializer):
    report = serializers.IntegerField(min_value=1, max_value=2**31 - 1, help_text="述职报告编号")
    choice = serializers.ChoiceField(choices=Grade.choices, help_text="评价：好、较好、一般或差")


class BallotReceiptSerializer(serializers.Serializer):
    report = serializers.IntegerField(help_text="述职报告编号")
    voted = serializers.BooleanField(help_text="已计票；票上不记录投票人，回答中也不重复所选评价")


@unscoped("an invited rater's own ballot sheet: only the rounds the user was invited to rate, through their Rater rows")
class BallotView(APIView):
    """本人的述职评议票：受邀评议、正在评议中的述职报告及是否已投票；投票（匿名，每份述职一票）。"""

    def _raters(self, request):
        return Rater.objects.filter(user=request.user, round__status=Status.RATING)

    @extend_schema(
        operation_id="secretary_ballots_list", summary="我的述职评议票", responses=BallotLineSerializer(many=True)
    )
    def get(self, request):
        raters = {rater.round_id: rater for rater in self._raters(request)}
        voted = set(Vote.objects.filter(rater__in=raters.values()).values_list("report_id", flat=True))
        reports = Report.objects.filter(round_id__in=raters).select_related("organization").order_by("round", "id")
        lines = [
            {
                "report": r.pk,
                "round": r.round_id,
                "organization_name": r.organization.name,
                "secretary": r.secretary,
                "group": raters[r.round_id].group,
                "voted": r.pk in voted,
            }
            for r in reports
        ]
        return Response(BallotLineSerializer(lines, many=True).data)

    @extend_schema(
        operation_id="secretary_ballots_create",
        summary="投票",
        request=BallotSerializer,
        responses={201: BallotReceiptSerializer},
    )
    def post(self, request):
        body = BallotSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        rounds = self._raters(request).values("round_id")
        report = Report.objects.filter(pk=body.validated_data["report"], round_id__in=rounds).first()
        if report is None:
            raise serializers.ValidationError({"report": ["所选述职报告不存在、不在评议中或您不是其评议人"]})
        services.cast_ballot(actor=request.user, report=report, choice=body.validated_data["choice"])
        return Response({"report": report.pk, "voted": True}, status=status.HTTP_201_CREATED)
