"""The 四强党支部 API: applications (apply with the rating attached by the system; the level above reviews, publicises
and names through the actions), objections (recorded and answered by the level above) and cases, scoped like their
pages; 党建品牌 (register, evaluate)."""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.exceptions import MethodNotAllowed
from rest_framework.response import Response

from zhibu.activities.models import Activity
from zhibu.branding import services
from zhibu.branding.filters import ApplicationFilter, BrandFilter, CaseFilter, ObjectionFilter
from zhibu.branding.models import Brand, BrandKind, Case, FourStrongApplication, FourStrongObjection
from zhibu.core.api import ReadOnlyScopedViewSet, ScopedRelatedField, ScopedViewSet, actor
from zhibu.core.publicity import Resolution
from zhibu.core.scoping import CHANGE
from zhibu.organizations.models import Organization


class FourStrongApplicationSerializer(serializers.ModelSerializer):
    organization = ScopedRelatedField(model=Organization, action=CHANGE, help_text="申报党支部")
    year = serializers.IntegerField(min_value=2000, max_value=2100, help_text="年度（须已有定稿的星级评定）")
    rating = serializers.JSONField(read_only=True, help_text="系统附上的定稿星级评定结果（星级、四个方面得分率）")

    class Meta:
        model = FourStrongApplication
        fields = (
            "id",
            "organization",
            "reviewer",
            "year",
            "rating",
            "evidence",
            "stage",
            "submitted_on",
            "reviewed_on",
            "review_note",
            "publicity_days",
            "publicity_from",
            "publicity_until",
            "named_on",
        )
        validators: list = []  # duplicates are the service's refusals, with their Chinese messages
        read_only_fields = (
            "reviewer",
            "stage",
            "submitted_on",
            "reviewed_on",
            "review_note",
            "publicity_days",
            "publicity_from",
            "publicity_until",
            "named_on",
        )

    def create(self, validated_data):
        return services.apply(actor=actor(self), **validated_data)


class FourStrongReviewSerializer(serializers.Serializer):
    happened_on = serializers.DateField(help_text="审核日期")
    agrees = serializers.BooleanField(help_text="true 审核通过，false 退回")
    note = serializers.CharField(max_length=500, help_text="审核意见；退回时写明理由")


class FourStrongPublicitySerializer(serializers.Serializer):
    happened_on = serializers.DateField(help_text="公示开始日期（工作日）")
    publicity_days = serializers.IntegerField(min_value=1, max_value=30, help_text="公示期（工作日）")


class FourStrongNameSerializer(serializers.Serializer):
    happened_on = serializers.DateField(help_text="命名日期（公示期满后）")


class FourStrongObjectionSerializer(serializers.ModelSerializer):
    class Meta:
        model = FourStrongObjection
        fields = ("id", "application", "received_on", "raised_by", "content", "answered_on", "answer", "resolution")
        read_only_fields = ("id", "application", "answered_on", "answer", "resolution")


class FourStrongAnswerSerializer(serializers.Serializer):
    answered_on = serializers.DateField()
    answer = serializers.CharField(max_length=4000)
    resolution = serializers.ChoiceField(choices=Resolution.choices)


class ApplicationViewSet(ScopedViewSet):
    """“四强”党支部申报：查询；申报（系统附上定稿的星级评定结果，未定稿或未达到条件的答复400）；上级党组织审核、公示、
    登记公示异议和命名。"""

    serializer_class = FourStrongApplicationSerializer
    filterset_class = ApplicationFilter
    select_related = ("organization", "reviewer")
    http_method_names = ["get", "post", "head", "options"]

    def _run(self, request, body, service, **fields):
        application = self.get_object()
        data = body(data=request.data)
        data.is_valid(raise_exception=True)
        done = service(actor=request.user, application=application, **fields, **data.validated_data)
        return done

    def _answer(self, application):
        fresh = self.get_queryset().get(pk=application.pk)
        return Response(FourStrongApplicationSerializer(fresh, context=self.get_serializer_context()).data)

    @extend_schema(request=FourStrongReviewSerializer, responses=FourStrongApplicationSerializer)
    @action(detail=True, methods=["post"])
    def review(self, request, pk=None):
        """上级党组织审核：通过或退回（写明理由）。"""
        return self._answer(self._run(request, FourStrongReviewSerializer, services.review))

    @extend_schema(request=FourStrongPublicitySerializer, responses=FourStrongApplicationSerializer)
    @action(detail=True, methods=["post"])
    def publicise(self, request, pk=None):
        """公示：从一个工作日开始，按工作日计算公示期。"""
        return self._answer(self._run(request, FourStrongPublicitySerializer, services.publicise))

    @extend_schema(request=FourStrongNameSerializer, responses=FourStrongApplicationSerializer)
    @action(detail=True, methods=["post"], url_path="name", url_name="name")
    def naming(self, request, pk=None):
        """命名：公示期满且异议全部答复后。"""
        return self._answer(self._run(request, FourStrongNameSerializer, services.name))

    @extend_schema(request=FourStrongObjectionSerializer, responses=FourStrongObjectionSerializer)
    @action(detail=True, methods=["post"])
    def objection(self, request, pk=None):
        """登记公示期间收到的异议。"""
        made = self._run(request, FourStrongObjectionSerializer, services.record_objection)
        return Response(FourStrongObjectionSerializer(made).data, status=201)


class ObjectionViewSet(ReadOnlyScopedViewSet):
    """“四强”公示异议：收到日期、反映内容、答复和处理结果；未答复的异议阻止命名。"""

    serializer_class = FourStrongObjectionSerializer
    filterset_class = ObjectionFilter
    http_method_names = ["get", "post", "head", "options"]

    def create(self, request, *args, **kwargs):  # recorded on their application (its ``objection`` action)
        raise MethodNotAllowed("POST", detail="请通过申报的 objection 操作登记公示异议")

    @extend_schema(request=FourStrongAnswerSerializer, responses=FourStrongObjectionSerializer)
    @action(detail=True, methods=["post"])
    def answer(self, request, pk=None):
        """上级党组织答复处理异议；反映属实的撤销申报。"""
        objection = self.get_object()
        data = FourStrongAnswerSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        done = services.answer_objection(actor=request.user, objection=objection, **data.validated_data)
        return Response(FourStrongObjectionSerializer(done).data)


class FourStrongCaseSerializer(serializers.ModelSerializer):
    application = ScopedRelatedField(model=FourStrongApplication, action=CHANGE, help_text="已命名的“四强”党支部申报")

    class Meta:
        model = Case
        fields = ("id", "application", "organization", "title", "text", "file", "created_at")
        read_only_fields = ("organization", "file", "created_at")

    def create(self, validated_data):
        return services.add_case(actor=actor(self), **validated_data)


class CaseViewSet(ScopedViewSet):
    """“四强”党支部案例：查询；已命名的党支部提交案例（附件在页面上上传）。"""

    serializer_class = FourStrongCaseSerializer
    filterset_class = CaseFilter
    select_related = ("organization", "application")
    http_method_names = ["get", "post", "head", "options"]


class BrandSerializer(serializers.ModelSerializer):
    organization = ScopedRelatedField(
        model=Organization, action=CHANGE, help_text="创建党组织（党支部、党总支或机关党委）"
    )
    activities = ScopedRelatedField(
        model=Activity, action=CHANGE, many=True, required=False, help_text="支撑的组织生活和活动（已召开的）"
    )
    cases = ScopedRelatedField(model=Case, action=CHANGE, many=True, required=False, help_text="支撑的案例")
    kind = serializers.ChoiceField(choices=BrandKind.choices, help_text="品牌类型")

    class Meta:
        model = Brand
        fields = (
            "id",
            "organization",
            "evaluator",
            "name",
            "slogan",
            "kind",
            "description",
            "activities",
            "cases",
            "status",
            "registered_on",
            "evaluated_on",
            "evaluation_note",
        )
        validators: list = []  # 一支部一品牌 is the service's refusal, with its Chinese message
        read_only_fields = ("evaluator", "status", "registered_on", "evaluated_on", "evaluation_note")

    def create(self, validated_data):
        return services.register_brand(actor=actor(self), **validated_data)


class BrandEvaluationSerializer(serializers.Serializer):
    happened_on = serializers.DateField(help_text="评价日期")
    recognised = serializers.BooleanField(help_text="true 认定为党建品牌，false 不予认定")
    note = serializers.CharField(max_length=500, help_text="评价意见；不予认定时写明理由")


class BrandViewSet(ScopedViewSet):
    """党建品牌（一支部一品牌）：查询；党组织登记品牌（支撑的组织生活、活动和案例从记录中选择）；上级党委评价认定。"""

    serializer_class = BrandSerializer
    filterset_class = BrandFilter
    select_related = ("organization", "evaluator")
    http_method_names = ["get", "post", "head", "options"]

    def get_queryset(self):
        return super().get_queryset().prefetch_related("activities", "cases")

    @extend_schema(request=BrandEvaluationSerializer, responses=BrandSerializer)
    @action(detail=True, methods=["post"])
    def evaluate(self, request, pk=None):
        """上级党委评价：认定或不予认定（写明理由）。"""
        brand = self.get_object()
        body = BrandEvaluationSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        done = services.evaluate_brand(actor=request.user, brand=brand, **body.validated_data)
        fresh = self.get_queryset().get(pk=done.pk)
        return Response(BrandSerializer(fresh, context=self.get_serializer_context()).data)
