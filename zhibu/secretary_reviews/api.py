"""The 述职评议 API: rounds (read), reports (read; submit through the same service as the page, the figures snapshot
attached by the system). Ballots are not readable through the API at all: a report carries only its result."""

from rest_framework import serializers

from zhibu.core.api import ReadOnlyScopedViewSet, ScopedRelatedField, ScopedViewSet, actor
from zhibu.core.scoping import CHANGE
from zhibu.organizations.models import Organization
from zhibu.secretary_reviews import services
from zhibu.secretary_reviews.filters import ReportFilter, RoundFilter
from zhibu.secretary_reviews.models import AppraisalRound, Report


class SecretaryReviewRoundSerializer(serializers.ModelSerializer):
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
        read_only_fields = fields


class RoundViewSet(ReadOnlyScopedViewSet):
    """书记述职评议：组织单位、年度、进度、各类评议人权重和等次分数线。新建和推进在页面上进行。"""

    serializer_class = SecretaryReviewRoundSerializer
    filterset_class = RoundFilter
    select_related = ("organization",)


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


class ReportViewSet(ScopedViewSet):
    """书记述职报告：查询；提交述职（系统自动附上年度数据）。点评、评议和定等次在页面上进行。"""

    serializer_class = SecretaryReportSerializer
    filterset_class = ReportFilter
    select_related = ("round", "organization")
    http_method_names = ["get", "post", "head", "options"]
