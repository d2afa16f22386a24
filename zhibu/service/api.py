"""The API of the service app: every record type, scoped like its list, filtered by the list's FilterSet. Writes are
on the pages, except a service record, which a client may post through the same service."""

from rest_framework import serializers

from zhibu.core.api import ReadOnlyScopedViewSet, ScopedRelatedField, ScopedViewSet, actor
from zhibu.core.masking import mask_phone
from zhibu.core.scoping import CHANGE
from zhibu.members.models import Member
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


class WishViewSet(ReadOnlyScopedViewSet):
    """微心愿：待认领、已认领、已兑现、已确认（认领、兑现、确认在页面上进行）。"""

    serializer_class = WishSerializer
    filterset_class = filters.WishFilter
    select_related = ("claimed_by_member", "claimed_by_organization")


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
