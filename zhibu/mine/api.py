"""``/api/v1/me/…``: the same data as the member's own pages, for a phone client on the member's session. Like the
pages, each view starts from ``Member.objects.visible_to`` narrowed to the requesting user and takes no record id."""

from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import NotFound
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from zhibu.activities.models import Attendance
from zhibu.core.routes import RouteScope
from zhibu.core.scoping import VIEW
from zhibu.members.models import Member
from zhibu.mine import services


class DetailSerializer(serializers.Serializer):
    detail = serializers.CharField(help_text="原因（中文）")


NOT_LINKED = {404: OpenApiResponse(DetailSerializer, description="账号没有关联党员档案")}


class MeetingSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField(help_text="主题")
    kind = serializers.CharField(help_text="会议类型")
    organization = serializers.CharField(help_text="党组织")
    planned_at = serializers.DateTimeField(help_text="计划时间")
    held_at = serializers.DateTimeField(allow_null=True, help_text="召开时间")
    place = serializers.CharField(help_text="地点")


class PastMeetingSerializer(serializers.Serializer):
    meeting = MeetingSerializer()
    status = serializers.ChoiceField(choices=Attendance.Status.choices, help_text="本人出席情况")
    status_label = serializers.CharField()
    leave_kind_label = serializers.CharField(help_text="请假类型（本人）")
    reason = serializers.CharField(help_text="说明（本人）")
    checked_in_by_qr = serializers.BooleanField(help_text="本人扫码签到")
    makeup_done_on = serializers.DateField(allow_null=True, help_text="补学日期，未补学为 null")
    makeup_note = serializers.CharField(help_text="补学方式")


class MyMeetingsSerializer(serializers.Serializer):
    upcoming = MeetingSerializer(many=True, help_text="即将召开、本人应参加的会议")
    past = PastMeetingSerializer(many=True, help_text="已召开、本人在应到名单中的会议")


class DuesMonthSerializer(serializers.Serializer):
    month = serializers.DateField(help_text="所属月份（该月1日）")
    due = serializers.DecimalField(max_digits=10, decimal_places=2, allow_null=True, help_text="应缴，未核定为 null")
    paid = serializers.DecimalField(max_digits=10, decimal_places=2, help_text="已缴（冲正已抵扣）")
    voluntary = serializers.DecimalField(max_digits=10, decimal_places=2, help_text="自愿多交")
    state = serializers.CharField(help_text="已缴 / 欠缴 / 本月待缴 / 未到期 / 未核定 / 未起缴 / 免缴")


class MyDuesSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    monthly_amount = serializers.DecimalField(max_digits=8, decimal_places=2, allow_null=True)
    due_total = serializers.DecimalField(max_digits=12, decimal_places=2)
    paid_total = serializers.DecimalField(max_digits=12, decimal_places=2)
    owed_total = serializers.DecimalField(max_digits=12, decimal_places=2)
    owed_months = serializers.IntegerField(help_text="截至上月连续未缴月数")
    years = serializers.ListField(child=serializers.IntegerField(), help_text="有记录的年度")
    months = DuesMonthSerializer(many=True)


class NoticeSerializer(serializers.Serializer):
    day = serializers.DateField()
    kind = serializers.CharField(help_text="会议通知 / 党费公示")
    title = serializers.CharField()
    detail = serializers.CharField()
    url = serializers.CharField(help_text="页面链接，可为空")


class ProfileFieldSerializer(serializers.Serializer):
    name = serializers.CharField(help_text="项目")
    value = serializers.CharField(help_text="身份证号、电话、住址为脱敏值")


class SummarySerializer(serializers.Serializer):
    next_meeting = MeetingSerializer(allow_null=True)
    dues_owed_months = serializers.IntegerField()
    unread_notifications = serializers.IntegerField()


def _meeting(activity) -> dict:
    return {
        "id": activity.pk,
        "title": activity.title,
        "kind": str(activity.kind),
        "organization": str(activity.organization),
        "planned_at": activity.planned_at,
        "held_at": activity.held_at,
        "place": activity.place,
    }


class _Mine(APIView):
    @classmethod
    def declared_scope(cls) -> RouteScope:
        # Declared as the pages are: a collection of Member, read from visible_to and narrowed to the requesting user.
        return RouteScope(model=Member, action=VIEW)

    def member(self, request: Request) -> Member:
        member = services.own_member(request.user)
        if member is None:
            raise NotFound(services.NO_MEMBER)
        return member


class MySummaryView(_Mine):
    @extend_schema(summary="本人概要", responses={200: SummarySerializer, **NOT_LINKED})
    def get(self, request: Request) -> Response:
        self.member(request)
        summary = services.member_summary(request.user)
        following = summary["next_meeting"]
        return Response(
            SummarySerializer(
                {
                    "next_meeting": _meeting(following) if following else None,
                    "dues_owed_months": summary["dues_owed_months"],
                    "unread_notifications": summary["unread_notifications"],
                }
            ).data
        )


class MyMeetingsView(_Mine):
    @extend_schema(summary="我的会议", responses={200: MyMeetingsSerializer, **NOT_LINKED})
    def get(self, request: Request) -> Response:
        member = self.member(request)
        past = [
            {
                "meeting": _meeting(line.activity),
                "status": line.status,
                "status_label": line.status_label,
                "leave_kind_label": line.leave_kind_label,
                "reason": line.reason,
                "checked_in_by_qr": line.checked_in_by_qr,
                "makeup_done_on": line.makeup.done_on if line.makeup else None,
                "makeup_note": line.makeup.note if line.makeup else "",
            }
            for line in services.past_meetings(member)
        ]
        upcoming = [_meeting(activity) for activity in services.upcoming_meetings(request.user, member)]
        return Response(MyMeetingsSerializer({"upcoming": upcoming, "past": past}).data)


class MyDuesView(_Mine):
    @extend_schema(
        summary="我的党费",
        parameters=[OpenApiParameter("year", int, description="年度，默认今年")],
        responses={200: MyDuesSerializer, **NOT_LINKED},
    )
    def get(self, request: Request) -> Response:
        member = self.member(request)
        text = request.query_params.get("year", "")
        year = int(text) if text.isdigit() and len(text) == 4 else timezone.localdate().year
        figures = services.dues_year(member, year)
        data = {
            "year": figures.year,
            "monthly_amount": figures.assessment.monthly_amount if figures.assessment else None,
            "due_total": figures.due_total,
            "paid_total": figures.paid_total,
            "owed_total": figures.owed_total,
            "owed_months": figures.owed_months,
            "years": figures.years,
            "months": [vars(month) for month in figures.months],
        }
        return Response(MyDuesSerializer(data).data)


class MyNoticesView(_Mine):
    @extend_schema(summary="支部通知", responses={200: NoticeSerializer(many=True), **NOT_LINKED})
    def get(self, request: Request) -> Response:
        member = self.member(request)
        notices = services.branch_notices(request.user, member)
        return Response(NoticeSerializer([vars(notice) for notice in notices], many=True).data)


class MyProfileView(_Mine):
    @extend_schema(summary="我的档案（脱敏）", responses={200: ProfileFieldSerializer(many=True), **NOT_LINKED})
    def get(self, request: Request) -> Response:
        member = self.member(request)
        fields = [{"name": name, "value": value} for name, value in services.profile_fields(member)]
        return Response(ProfileFieldSerializer(fields, many=True).data)
