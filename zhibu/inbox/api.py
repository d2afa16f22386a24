"""GET /api/v1/inbox/: the same 待办 as the page, for a client that leads a person through their work."""

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from zhibu.core.generic import organization_in_scope
from zhibu.core.inbox import Urgency, task_sources
from zhibu.core.routes import collection
from zhibu.inbox import services
from zhibu.inbox.forms import InboxFilterForm
from zhibu.organizations.models import Organization


class TaskSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(source="source", choices=[], help_text="事项类型代码（与 source 参数取值相同）")
    kind_label = serializers.CharField(source="source_label", help_text="事项类型名称")
    title = serializers.CharField(help_text="要办的事")
    organization = serializers.IntegerField(source="organization.pk", help_text="所属党组织编号")
    organization_name = serializers.CharField(source="organization.name")
    due = serializers.DateField(allow_null=True, help_text="截止日期")
    urgency = serializers.ChoiceField(
        choices=[(urgency.name.lower(), urgency.label) for urgency in Urgency], help_text="紧急程度"
    )
    personal = serializers.BooleanField(help_text="是否本人负责（本人的决议、整改事项等）")
    url = serializers.CharField(help_text="办理该事项的页面")
    action = serializers.CharField(help_text="办理按钮的文字")

    def get_fields(self):
        fields = super().get_fields()
        fields["kind"].choices = [(source.key, source.label) for source in task_sources()]
        return fields

    def to_representation(self, task):
        data = super().to_representation(task)
        data["urgency"] = Urgency(task.urgency).name.lower()
        data["url"] = self.context["request"].build_absolute_uri(task.url)
        return data


@collection(Organization)
class InboxView(APIView):
    """What the signed-in user owes, most urgent first; narrowed by ``organization`` (with its subtree) and
    ``source``. Done work leaves the list; nothing here is stored."""

    @extend_schema(
        operation_id="inbox_list",
        summary="我的待办",
        parameters=[
            OpenApiParameter("organization", int, description="只看该党组织（含下级）的事项"),
            OpenApiParameter("source", str, description="只看一种事项（见 source 取值）"),
        ],
        responses=TaskSerializer(many=True),
    )
    def get(self, request):
        form = InboxFilterForm(request.query_params or None, user=request.user)
        within, source = organization_in_scope(request), ""
        if form.is_bound:
            if not form.is_valid():
                raise ValidationError({name: list(errors) for name, errors in form.errors.items()})
            within = form.cleaned_data["organization"] or within
            source = form.cleaned_data["source"]
        found = services.collect(request.user, within, source=source)
        return Response(TaskSerializer(found.tasks, many=True, context={"request": request}).data)
