"""GET /api/v1/codes/: every code list a client sends or reads, each code with its Chinese label. It sits beside
api_urls because it names the choices of every app; the meeting and post kinds are data a 工委 edits, read per request."""

from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from zhibu.accounts.roles import Role
from zhibu.activities.models import Activity, ActivityKind, Appraisal, Attendance, Resolution, Talk
from zhibu.committees.models import PositionKind
from zhibu.core.routes import unscoped
from zhibu.dues.models import Category as DuesCategory
from zhibu.dues.models import Payment
from zhibu.inspections.models import InspectionPlan, RectificationItem
from zhibu.members import choices as member_choices
from zhibu.members.models import Transfer
from zhibu.organizations.models import Organization, OrganizationKind
from zhibu.ratings.models import Dimension
from zhibu.standards.models import VerdictStatus

FIXED = {
    "organization_kinds": ("组织类型", OrganizationKind),
    "organization_statuses": ("组织状态", Organization.Status),
    "roles": ("角色", Role),
    "member_categories": ("人员类别", member_choices.Category),
    "party_statuses": ("党籍状态", member_choices.PartyStatus),
    "record_statuses": ("在册状态", member_choices.RecordStatus),
    "genders": ("性别", member_choices.Gender),
    "educations": ("学历", member_choices.Education),
    "job_positions": ("工作岗位", member_choices.JobPosition),
    "lost_contact_reasons": ("失联原因", member_choices.LostContactReason),
    "member_event_kinds": ("党员状态变动", member_choices.EventKind),
    "transfer_kinds": ("转接类型", Transfer.Kind),
    "transfer_statuses": ("转接状态", Transfer.Status),
    "meeting_statuses": ("会议状态", Activity.Status),
    "attendance_statuses": ("出席情况", Attendance.Status),
    "leave_kinds": ("请假类型", Attendance.LeaveKind),
    "resolution_statuses": ("决议落实状态", Resolution.Status),
    "talk_kinds": ("谈话类型", Talk.Kind),
    "appraisal_grades": ("评定等次", Appraisal.Grade),
    "dues_categories": ("党费缴纳类别", DuesCategory),
    "payment_kinds": ("缴费类型", Payment.Kind),
    "payment_methods": ("缴纳方式", Payment.Method),
    "verdict_statuses": ("标准检查结论", VerdictStatus),
    "inspection_kinds": ("督查类型", InspectionPlan.Kind),
    "inspection_statuses": ("督查计划状态", InspectionPlan.Status),
    "rectification_statuses": ("整改事项状态", RectificationItem.Status),
    "rating_dimensions": ("四强维度", Dimension),
}

CodeList = inline_serializer(
    "CodeList",
    {
        "title": serializers.CharField(help_text="代码表名称"),
        "codes": inline_serializer(
            "Code",
            {
                "code": serializers.CharField(help_text="接口中使用的代码"),
                "label": serializers.CharField(help_text="中文名称"),
                "id": serializers.IntegerField(required=False, help_text="职务类型的编号（任职时填写）"),
            },
            many=True,
        ),
    },
)


def code_lists() -> dict:
    lists = {
        name: {"title": title, "codes": [{"code": code, "label": str(label)} for code, label in choices.choices]}
        for name, (title, choices) in FIXED.items()
    }
    lists["meeting_kinds"] = {
        "title": "会议类型",
        "codes": [{"code": kind.code, "label": kind.name} for kind in ActivityKind.objects.order_by("pk")],
    }
    lists["position_kinds"] = {
        "title": "职务",
        "codes": [
            {"id": kind.pk, "code": kind.code, "label": kind.name}
            for kind in PositionKind.objects.order_by("sort_order", "pk")
        ],
    }
    return lists


@unscoped("the code lists (meeting kinds, roles, …) with Chinese labels: reference data, no records")
class CodesView(APIView):
    """Every code list with its Chinese labels, for any signed-in user."""

    @extend_schema(
        operation_id="codes_list",
        summary="代码表",
        description="会议类型、出席情况、人员类别、角色等全部代码及其中文名称。会议类型与职务由工委维护，随时可能增加。",
        responses=inline_serializer("CodeLists", dict.fromkeys([*FIXED, "meeting_kinds", "position_kinds"], CodeList)),
    )
    def get(self, request):
        return Response(code_lists())
