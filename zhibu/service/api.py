"""The API of the service app: every record type, scoped like its list, filtered by the list's FilterSet. A client
may post a service record, and take a wish along its path (claim, fulfil with evidence, confirm) through the same
services as the pages; the other records are written on the pages."""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response

from zhibu.core.api import ReadOnlyScopedViewSet, ScopedRelatedField, ScopedViewSet, actor
from zhibu.core.masking import mask_phone
from zhibu.core.scoping import CHANGE
from zhibu.members.models import Member
from zhibu.organizations.models import Organization
from zhibu.service import filters, services
from zhibu.service.models import Community, Pairing, Project, Registration, ServiceRecord, Wish


class CommunitySerializer(serializers.ModelSerializer):
    contact_phone_masked = serializers.SerializerMethodField(help_text="脱敏后的联系电话")

    class Meta:
        model = Community
        fields = ("id", "organization", "name", "address", "contact_name", "contact_phone_masked", "active")
        read_only_fields = fields

    def get_contact_phone_masked(self, community) -> str:
        return mask_phone(community.contact_phone)


class CommunityViewSet(ReadOnlyScopedViewSet):
    """社区：本组织及下级联系的社区（联系电话脱敏）。"""

    serializer_class = CommunitySerializer
    filterset_class = filters.CommunityFilter


class PairingSerializer(serializers.ModelSerializer):
    class Meta:
        model = Pairing
        fields = ("id", "organization", "community", "started_on", "ended_on", "content")
        read_only_fields = fields


class PairingViewSet(ReadOnlyScopedViewSet):
    """双百共建：党组织与社区的共建结对。"""

    serializer_class = PairingSerializer
    filterset_class = filters.PairingFilter


class RegistrationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Registration
        fields = ("id", "member", "community", "registered_on")
        read_only_fields = fields


class RegistrationViewSet(ReadOnlyScopedViewSet):
    """党员双报到：党员到居住地社区报到的记录。"""

    serializer_class = RegistrationSerializer
    filterset_class = filters.RegistrationFilter


class ServiceRecordSerializer(serializers.ModelSerializer):
    member = ScopedRelatedField(model=Member, action=CHANGE, help_text="党员编号（须有修改权限）")
    community = ScopedRelatedField(model=Community, help_text="社区编号")

    class Meta:
        model = ServiceRecord
        fields = ("id", "member", "community", "served_on", "what", "hours", "wish")
        read_only_fields = ("wish",)

    def create(self, validated_data):
        return services.record_service(actor=actor(self), **validated_data)


class ServiceRecordViewSet(ScopedViewSet):
    """志愿服务记录：查询；登记一次志愿服务（日期、内容、时长）。"""

    serializer_class = ServiceRecordSerializer
    filterset_class = filters.ServiceRecordFilter
    http_method_names = ["get", "post", "head", "options"]


class WishSerializer(serializers.ModelSerializer):
    claimer = serializers.CharField(read_only=True, help_text="认领的党员或党组织")

    class Meta:
        model = Wish
        fields = (
            "id",
            "organization",
            "community",
            "posted_by",
            "resident",
            "title",
            "detail",
            "posted_on",
            "status",
            "claimer",
            "claimed_on",
            "fulfilled_on",
            "fulfilment",
            "confirmed_on",
            "confirmation",
        )
        read_only_fields = fields


class ClaimSerializer(serializers.Serializer):
    organization = ScopedRelatedField(
        model=Organization,
        action=CHANGE,
        required=False,
        allow_null=True,
        help_text="以党组织名义认领时的党组织编号（须有管理权限）；不填则由本人以个人名义认领",
    )


class FulfilSerializer(serializers.Serializer):
    fulfilled_on = serializers.DateField(help_text="兑现日期，不晚于今天，不早于认领日期")
    fulfilment = serializers.CharField(max_length=2000, help_text="兑现情况")
    evidence = serializers.ListField(
        child=serializers.FileField(),
        min_length=1,
        max_length=services.MAX_EVIDENCE,
        help_text=f"佐证照片或材料（图片或PDF），1至{services.MAX_EVIDENCE}个文件，与页面上传相同的检查",
        error_messages={"min_length": "请上传至少一张照片或一份材料作为兑现佐证"},
    )
    hours = serializers.DecimalField(
        max_digits=4,
        decimal_places=1,
        required=False,
        allow_null=True,
        help_text="党员本人认领的心愿：兑现所用的志愿服务时长（小时），计入其志愿服务时长",
    )


class ConfirmSerializer(serializers.Serializer):
    confirmed_on = serializers.DateField(help_text="群众确认日期，不早于兑现日期")
    confirmation = serializers.CharField(max_length=300, help_text="群众确认情况")


class WishViewSet(ReadOnlyScopedViewSet):
    """微心愿：待认领、已认领、已兑现、已确认。认领（党员本人或党组织）、兑现（上传佐证）、群众确认与页面使用同一服务。"""

    serializer_class = WishSerializer
    filterset_class = filters.WishFilter
    select_related = ("claimed_by_member", "claimed_by_organization")
    http_method_names = ["get", "post", "head", "options"]

    @extend_schema(exclude=True)
    def create(self, request, *args, **kwargs):
        # Wishes are posted on the pages; only their path's steps are actions here.
        return self.http_method_not_allowed(request, *args, **kwargs)

    def _done(self, wish):
        return Response(WishSerializer(self.get_queryset().get(pk=wish.pk), context=self.get_serializer_context()).data)

    @extend_schema(request=ClaimSerializer, responses=WishSerializer)
    @action(detail=True, methods=["post"])
    def claim(self, request, pk=None):
        """认领：待认领 → 已认领。两人同时认领时，后到者得到“不能重复认领”。"""
        wish = self.get_object()
        body = ClaimSerializer(data=request.data, context=self.get_serializer_context())
        body.is_valid(raise_exception=True)
        organization = body.validated_data.get("organization")
        return self._done(services.claim_wish(actor=request.user, wish=wish, organization=organization))

    @extend_schema(request={"multipart/form-data": FulfilSerializer}, responses=WishSerializer)
    @action(detail=True, methods=["post"], parser_classes=[MultiPartParser, FormParser])
    def fulfil(self, request, pk=None):
        """登记兑现：已认领 → 已兑现，由认领的党员本人或认领党组织的党务干部登记（multipart/form-data）。"""
        wish = self.get_object()
        body = FulfilSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        return self._done(services.fulfil_wish(actor=request.user, wish=wish, **body.validated_data))

    @extend_schema(request=ConfirmSerializer, responses=WishSerializer)
    @action(detail=True, methods=["post"])
    def confirm(self, request, pk=None):
        """群众确认：已兑现 → 已确认，由登记该心愿的党组织记录。"""
        wish = self.get_object()
        body = ConfirmSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        return self._done(services.confirm_wish(actor=request.user, wish=wish, **body.validated_data))


class ProjectSerializer(serializers.ModelSerializer):
    class Meta:
        model = Project
        fields = (
            "id",
            "organization",
            "title",
            "community",
            "goals",
            "progress",
            "results",
            "status",
            "started_on",
            "finished_on",
            "work_task",
        )
        read_only_fields = fields


class ProjectViewSet(ReadOnlyScopedViewSet):
    """我为群众办实事：项目的目标、进展和成效；关联工作台账任务的，进展见该任务。"""

    serializer_class = ProjectSerializer
    filterset_class = filters.ProjectFilter
