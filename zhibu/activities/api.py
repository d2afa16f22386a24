from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Prefetch
from django.http import Http404
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.response import Response

from zhibu.activities import disclosure, planning, services, talks
from zhibu.activities.attendance import AttendanceConflict, Entry, row_token
from zhibu.activities.filters import ActivityFilter, AppraisalFilter, TalkFilter
from zhibu.activities.models import (
    Activity,
    ActivityKind,
    AgendaItem,
    Amendment,
    Appraisal,
    Attendance,
    Resolution,
    Talk,
    Vote,
)
from zhibu.core import idempotency
from zhibu.core.api import CodeField, ScopedRelatedField, ScopedViewSet, actor
from zhibu.core.forms import MAX_ID
from zhibu.core.scoping import CHANGE, require
from zhibu.core.services import Conflict
from zhibu.members.models import Member
from zhibu.organizations.models import Organization


class AgendaSerializer(serializers.ModelSerializer):
    class Meta:
        model = AgendaItem
        fields = ("position", "title", "is_first_topic", "is_major_decision", "is_cadre_appointment")


class AttendanceSerializer(serializers.ModelSerializer):
    member_name = serializers.CharField(source="member.name", read_only=True)
    etag = serializers.SerializerMethodField(help_text="本行当前内容的标记；修改时原样带回，可防止覆盖他人在此后的登记")

    class Meta:
        model = Attendance
        fields = (
            "member",
            "member_name",
            "status",
            "leave_kind",
            "reason",
            "has_voting_rights",
            "is_dual_life",
            "checked_in_by_qr",
            "etag",
        )

    def get_etag(self, row) -> str:
        return row_token(row)


class VoteSerializer(serializers.ModelSerializer):
    class Meta:
        model = Vote
        fields = (
            "id",
            "subject",
            "yes",
            "no",
            "abstain",
            "eligible",
            "present_eligible",
            "is_valid",
            "passed",
            "explanation",
        )
        read_only_fields = ("eligible", "present_eligible", "is_valid", "passed", "explanation")


class ResolutionSerializer(serializers.ModelSerializer):
    owner_member = ScopedRelatedField(model=Member, required=False, allow_null=True)

    class Meta:
        model = Resolution
        fields = (
            "id",
            "activity",
            "text",
            "owner_member",
            "owner_organization",
            "deadline",
            "status",
            "done_on",
            "evidence",
        )
        read_only_fields = ("activity", "owner_organization", "status", "done_on", "evidence")


class AmendmentSerializer(serializers.ModelSerializer):
    made_by = serializers.CharField(source="made_by.username", read_only=True)

    class Meta:
        model = Amendment
        fields = ("part", "original", "corrected", "reason", "made_by", "created_at")


class ActivitySerializer(serializers.ModelSerializer):
    organization = ScopedRelatedField(model=Organization, action=CHANGE)
    kind = CodeField(queryset=ActivityKind.objects.all())
    host = ScopedRelatedField(model=Member, required=False, allow_null=True)
    recorder = ScopedRelatedField(model=Member, required=False, allow_null=True)
    agenda_items = serializers.ListField(
        child=serializers.CharField(max_length=200), write_only=True, required=False, help_text="议程，每项一条"
    )
    first_topic = serializers.BooleanField(write_only=True, required=False, default=False)
    agenda = AgendaSerializer(many=True, read_only=True)
    attendance = AttendanceSerializer(many=True, read_only=True)
    votes = VoteSerializer(many=True, read_only=True)
    resolutions = ResolutionSerializer(many=True, read_only=True)
    amendments = AmendmentSerializer(many=True, read_only=True)

    class Meta:
        model = Activity
        fields = (
            "id",
            "organization",
            "kind",
            "title",
            "planned_at",
            "place",
            "host",
            "recorder",
            "status",
            "held_at",
            "minutes",
            "minutes_shared",
            "signed_by",
            "signed_at",
            "version",
            "agenda_items",
            "first_topic",
            "agenda",
            "attendance",
            "votes",
            "resolutions",
            "amendments",
        )
        read_only_fields = ("status", "held_at", "minutes", "minutes_shared", "signed_by", "signed_at", "version")

    def to_representation(self, instance):
        data = super().to_representation(instance)
        request = self.context.get("request")
        user = getattr(request, "user", None)
        if user is None or disclosure.oversees(user, instance):
            return data
        # Read as a member: the same withholding as the meeting page (zhibu/activities/disclosure.py).
        mine = disclosure.own_member_id(user)
        for row in data.get("attendance", []):
            if row["member"] != mine:
                row["leave_kind"], row["reason"], row["etag"] = "", "", ""
        if disclosure.minutes_withheld(user, instance, instance.attendance.all()):
            data["minutes"], data["amendments"] = "", []
        return data

    def create(self, validated_data):
        agenda = validated_data.pop("agenda_items", [])
        return services.plan_activity(actor=actor(self), agenda=agenda, **validated_data)


class HeldSerializer(serializers.Serializer):
    held_at = serializers.DateTimeField()


class AttendanceEntrySerializer(serializers.Serializer):
    member = serializers.IntegerField()
    status = serializers.ChoiceField(choices=Attendance.Status.choices)
    leave_kind = serializers.ChoiceField(
        choices=Attendance.LeaveKind.choices, required=False, allow_blank=True, default=""
    )
    reason = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
    etag = serializers.CharField(
        max_length=64,
        required=False,
        allow_null=True,
        allow_blank=True,
        default=None,
        help_text="读取时该行的 etag：内容与之相同视为未改动；该行此后已被他人修改（或本人扫码签到）则整批返回409，不覆盖",
    )


class MinutesSerializer(serializers.Serializer):
    minutes = serializers.CharField()
    minutes_shared = serializers.BooleanField(
        required=False,
        allow_null=True,
        default=None,
        help_text="会议记录向本支部党员公开（委员会会议默认只向应到人员公开）；不传则保持原设置",
    )


class RescheduleSerializer(serializers.ModelSerializer):
    """Only validates the request body (the model names the fields' types in the schema); ``reschedule`` writes."""

    title = serializers.CharField(max_length=100)
    planned_at = serializers.DateTimeField()
    place = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
    host = ScopedRelatedField(model=Member, required=False, allow_null=True, default=None)
    recorder = ScopedRelatedField(model=Member, required=False, allow_null=True, default=None)
    agenda_items = serializers.ListField(
        child=serializers.CharField(max_length=200),
        required=False,
        default=None,
        allow_null=True,
        help_text="议程，每项一条；不传则议程不变",
    )
    first_topic = serializers.BooleanField(required=False, default=False)

    class Meta:
        model = Activity
        fields = ("title", "planned_at", "place", "host", "recorder", "agenda_items", "first_topic")


# The kind of submission an Idempotency-Key claims, with the year: one key is one organisation's plan for one year.
YEAR_PLAN_KIND = "activities.yearplan."


class YearPlanRequestSerializer(serializers.Serializer):
    organization = serializers.IntegerField(
        min_value=1,
        max_value=MAX_ID,
        help_text="党组织编号",
        error_messages={"invalid": "党组织编号应为数字", "required": "请填写党组织编号（organization）"},
    )
    year = serializers.IntegerField(
        help_text="年度，如 2026（只能是去年、今年或明年）",
        error_messages={"invalid": "年度应为四位数字，如 2026", "required": "请填写年度（year），如 2026"},
    )


class YearPlanSlotSerializer(serializers.Serializer):
    kind = serializers.CharField(source="kind.code", help_text="会议类型代码")
    kind_name = serializers.CharField(source="kind.name")
    period = serializers.CharField(source="period.key", help_text="所属期间，如 2026-03、2026-Q2、2026")
    period_label = serializers.CharField(source="period.label", help_text="期间名称，如 2026年第二季度")
    planned_at = serializers.DateTimeField(help_text="建议时间（工作日14:30）")
    title = serializers.CharField(help_text="建议主题")
    to_plan = serializers.BooleanField(help_text="生成时是否安排：已过去或已有会议的期间不安排")
    existing = serializers.IntegerField(
        source="existing.pk", allow_null=True, help_text="该期间已有的会议编号；没有则为空"
    )
    past = serializers.BooleanField(help_text="期间是否已过去")


class YearPlanSerializer(serializers.Serializer):
    organization = serializers.IntegerField(source="organization.pk")
    organization_name = serializers.CharField(source="organization.name")
    year = serializers.IntegerField()
    to_plan = serializers.IntegerField(help_text="生成时将新安排的会议数")
    slots = YearPlanSlotSerializer(many=True, help_text="按频次应开的会议，时间先后排列")


class PlannedMeetingSerializer(serializers.ModelSerializer):
    kind = serializers.CharField(source="kind.code")

    class Meta:
        model = Activity
        fields = ("id", "kind", "title", "planned_at", "status")


class YearPlannedSerializer(YearPlanSerializer):
    planned = PlannedMeetingSerializer(many=True, help_text="本次新安排的会议；重复提交时为空")


class YearPlanDeniedSerializer(serializers.Serializer):
    detail = serializers.CharField(help_text="原因（中文）")


# What a year plan request can be refused on, each answered with its Chinese messages.
REFUSABLE = ("organization", "year", idempotency.HEADER, "non_field_errors")
YEAR_PLAN_ERRORS = {
    400: OpenApiResponse(
        inline_serializer(
            "YearPlanRefusal",
            {name: serializers.ListField(child=serializers.CharField(), required=False) for name in REFUSABLE},
        ),
        description="参数有误：每个字段一条中文说明（如年度超出范围）",
    ),
    403: OpenApiResponse(YearPlanDeniedSerializer, description="可以查看该党组织，但没有安排会议的权限"),
    404: OpenApiResponse(YearPlanDeniedSerializer, description="党组织不存在或不在您的权限范围内"),
}


class ActivityViewSet(ScopedViewSet):
    """Meetings: plan with POST, then each step with its own action; a signed record changes only by amendment."""

    serializer_class = ActivitySerializer
    select_related = ("kind", "organization")
    filterset_class = ActivityFilter
    http_method_names = ["get", "post", "head", "options"]

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .prefetch_related(
                "agenda",
                # Through the scoping method, so a restricted member's attendance row is not listed.
                Prefetch(
                    "attendance", queryset=Attendance.objects.visible_to(self.request.user).select_related("member")
                ),
                "votes",
                "resolutions",
                "amendments__made_by",
            )
        )

    def _activity_to_change(self):
        """The meeting a step acts on, loaded before its body is read: out of scope is a 404 and a role that may only
        read gets 403, whatever the body, never a validation answer about a record it cannot see or change."""
        activity = self.get_object()
        require(self.request.user, CHANGE, activity)
        return activity

    def _done(self, activity):
        return Response(
            ActivitySerializer(self.get_queryset().get(pk=activity.pk), context=self.get_serializer_context()).data
        )

    @extend_schema(request=RescheduleSerializer, responses=ActivitySerializer)
    @action(detail=True, methods=["post"])
    def reschedule(self, request, pk=None):
        """Time, place, host, topic and agenda of a meeting not yet held; those expected are notified."""
        activity = self._activity_to_change()
        data = RescheduleSerializer(data=request.data, context=self.get_serializer_context())
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        fields["agenda"] = fields.pop("agenda_items")
        return self._done(services.reschedule(actor=request.user, activity=activity, **fields))

    @extend_schema(request=HeldSerializer, responses=ActivitySerializer)
    @action(detail=True, methods=["post"])
    def held(self, request, pk=None):
        activity = self._activity_to_change()
        data = HeldSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        return self._done(services.record_held(actor=request.user, activity=activity, **data.validated_data))

    @extend_schema(request=AttendanceEntrySerializer(many=True), responses={200: ActivitySerializer, 409: None})
    @action(detail=True, methods=["post"])
    def attendance(self, request, pk=None):
        """Changes only the rows named whose values differ from what is stored, like the attendance form."""
        activity = self._activity_to_change()
        data = AttendanceEntrySerializer(data=request.data, many=True)
        data.is_valid(raise_exception=True)
        entries = {
            row["member"]: Entry(row["status"], row["leave_kind"], row["reason"], row["etag"] or None)
            for row in data.validated_data
        }
        return self._attendance(activity, entries)

    @extend_schema(request=None, responses=ActivitySerializer)
    @action(detail=True, methods=["post"], url_path="rest-absent")
    def rest_absent(self, request, pk=None):
        """Everyone still 未登记 (neither checked in nor recorded) is recorded as 缺席."""
        return self._attendance(self._activity_to_change(), {}, rest_absent=True)

    def _attendance(self, activity, entries, rest_absent=False):
        try:
            services.record_attendance(
                actor=self.request.user, activity=activity, entries=entries, rest_absent=rest_absent
            )
        except AttendanceConflict as conflict:
            return Response({"detail": conflict.messages, "members": conflict.member_ids}, status=409)
        return self._done(activity)

    @extend_schema(request=VoteSerializer, responses=VoteSerializer)
    @action(detail=True, methods=["post"])
    def votes(self, request, pk=None):
        activity = self._activity_to_change()
        data = VoteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        vote = services.record_vote(actor=request.user, activity=activity, **data.validated_data)
        return Response(VoteSerializer(vote).data, status=201)

    @extend_schema(request=ResolutionSerializer, responses=ResolutionSerializer)
    @action(detail=True, methods=["post"])
    def resolutions(self, request, pk=None):
        activity = self._activity_to_change()
        data = ResolutionSerializer(data=request.data, context=self.get_serializer_context())
        data.is_valid(raise_exception=True)
        resolution = services.add_resolution(actor=request.user, activity=activity, **data.validated_data)
        return Response(ResolutionSerializer(resolution, context=self.get_serializer_context()).data, status=201)

    @extend_schema(request=MinutesSerializer, responses=ActivitySerializer)
    @action(detail=True, methods=["post"])
    def minutes(self, request, pk=None):
        activity = self._activity_to_change()
        data = MinutesSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        return self._done(services.save_minutes(actor=request.user, activity=activity, **data.validated_data))

    @extend_schema(request=None, responses=ActivitySerializer)
    @action(detail=True, methods=["post"])
    @transaction.atomic
    def sign(self, request, pk=None):
        return self._done(services.sign(actor=request.user, activity=self.get_object()))

    @extend_schema(
        methods=["GET"],
        operation_id="activities_year_plan_preview",
        summary="年度会议计划预览",
        description="按该党组织各类会议的频次列出一年应开的会议（建议时间、主题）；已过去或已有会议的期间标明不安排。"
        "只读，不写入任何记录。",
        parameters=[
            OpenApiParameter("organization", int, required=True, description="党组织编号"),
            OpenApiParameter("year", int, required=True, description="年度，如 2026（去年、今年或明年）"),
        ],
        responses={200: YearPlanSerializer, **YEAR_PLAN_ERRORS},
    )
    @extend_schema(
        methods=["POST"],
        operation_id="activities_year_plan_create",
        summary="生成年度会议计划",
        description="一步安排预览中标明“安排”的会议（主持人为支部书记，暂不通知，逐项调整时再通知）。有新安排时返回201；"
        "计划已生成或同一 Idempotency-Key 重试时不再安排，返回200，planned 为空。",
        request=YearPlanRequestSerializer,
        parameters=[
            OpenApiParameter(
                idempotency.HEADER,
                str,
                OpenApiParameter.HEADER,
                description="每次生成一个（8至64位字母、数字或 - _ . :），重试时原样发送",
            )
        ],
        responses={201: YearPlannedSerializer, 200: YearPlannedSerializer, **YEAR_PLAN_ERRORS},
    )
    @action(detail=False, methods=["get", "post"], url_path="year-plan")
    def year_plan(self, request):
        """The year page's preview (GET) and its one step (POST), for the same organisation and year."""
        asked = YearPlanRequestSerializer(data=request.query_params if request.method == "GET" else request.data)
        asked.is_valid(raise_exception=True)
        year = asked.validated_data["year"]
        organization = Organization.objects.visible_to(request.user).filter(pk=asked.validated_data["organization"])
        organization = organization.first()
        if organization is None:
            raise Http404
        require(request.user, CHANGE, organization)
        planning.check_plannable_year(year)
        if organization.status != Organization.Status.ACTIVE:
            raise ValidationError(
                {"organization": f"{organization}已{organization.get_status_display()}，不能安排会议"}
            )
        if request.method == "GET":
            return Response(_year_plan_body(organization, year))
        planned = _plan_year_once(request, organization, year)
        body = _year_plan_body(organization, year, planned=planned)
        return Response(body, status=status.HTTP_201_CREATED if planned else status.HTTP_200_OK)


def _year_plan_body(organization, year, planned=None):
    slots = planning.year_plan(organization, year)
    body = {"organization": organization, "year": year, "to_plan": sum(slot.to_plan for slot in slots), "slots": slots}
    if planned is None:
        return YearPlanSerializer(body).data
    return YearPlannedSerializer({**body, "planned": planned}).data


def _plan_year_once(request, organization, year) -> list[Activity]:
    """The year plan once per ``Idempotency-Key``: the key claims this organisation's plan for this year, so a retry
    (or the key sent again for another organisation or year) plans nothing. Without a key the plan itself plans each
    meeting once."""
    key, kind = idempotency.header_key(request), f"{YEAR_PLAN_KIND}{year}"
    if key is not None:
        done = idempotency.existing(
            actor=request.user, key=key, kind=kind, model=Organization, field=idempotency.HEADER
        )
        if done is not None:
            if done.pk != organization.pk:
                raise ValidationError({idempotency.HEADER: idempotency.USED_ELSEWHERE})
            return []
    planned: list[Activity] = []

    def plan() -> Organization:
        planned.extend(planning.plan_year(actor=request.user, organization=organization, year=year))
        return organization

    idempotency.create_once(
        actor=request.user, key=key, kind=kind, model=Organization, create=plan, field=idempotency.HEADER
    )
    return planned


class TalkSerializer(serializers.ModelSerializer):
    organization = ScopedRelatedField(model=Organization, action=CHANGE)
    first = ScopedRelatedField(model=Member)
    second = ScopedRelatedField(model=Member)

    class Meta:
        model = Talk
        fields = ("id", "organization", "talked_on", "first", "second", "kind", "topic")
        read_only_fields = ("kind",)

    def create(self, validated_data):
        return talks.record_talk(actor=actor(self), **validated_data)


class TalkViewSet(ScopedViewSet):
    conflict_on_create = True
    serializer_class = TalkSerializer
    select_related = ("first", "second")
    filterset_class = TalkFilter
    http_method_names = ["get", "post", "head", "options"]


class AppraisalSerializer(serializers.ModelSerializer):
    organization = ScopedRelatedField(model=Organization, action=CHANGE)
    member = ScopedRelatedField(model=Member)

    class Meta:
        model = Appraisal
        fields = ("id", "organization", "year", "member", "grade", "self_assessment", "peer_summary")
        read_only_fields = ("self_assessment", "peer_summary")
        validators: list[Any] = []

    def get_fields(self):
        fields = super().get_fields()
        if self.instance is not None:
            for name in ("organization", "year", "member"):
                fields[name].read_only = True
        return fields

    @transaction.atomic
    def create(self, validated_data):
        member, year = validated_data["member"], validated_data["year"]
        existing = Appraisal.objects.select_for_update().filter(member=member, year=year).first()
        if existing is not None:
            raise Conflict(f"{member}{year}年度的评定等次已登记，如需更改请修改该记录", existing=existing)
        talks.save_appraisals(
            actor=actor(self),
            organization=validated_data["organization"],
            year=validated_data["year"],
            grades={member.pk: validated_data["grade"]},
        )
        return Appraisal.objects.get(member=member, year=validated_data["year"])

    def update(self, instance, validated_data):
        talks.save_appraisals(
            actor=actor(self),
            organization=instance.organization,
            year=instance.year,
            grades={instance.member_id: validated_data.get("grade", instance.grade)},
        )
        return Appraisal.objects.get(pk=instance.pk)


class AppraisalViewSet(ScopedViewSet):
    """One member's grade for a year; a second POST for the same member and year is refused (409), PATCH changes it.
    The 1/3 check is shown on the 民主评议 page."""

    conflict_on_create = True
    serializer_class = AppraisalSerializer
    filterset_class = AppraisalFilter
    http_method_names = ["get", "post", "patch", "head", "options"]
