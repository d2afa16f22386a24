"""People in the pipeline and their steps over the API, scoped and masked like members, with the same writes as the
pages: ``POST /recruits/`` registers an applicant (``create_recruit``), ``POST /recruits/{id}/steps/`` records a step
(``record_step``, with the arguments the step form passes) and ``POST /recruits/{id}/stop/`` stops the training
(``stop_recruit``), ``POST /recruits/{id}/steps/{step}/evidence/`` uploads a material for a recorded step
(``add_step_evidence``, multipart). Each runs once per ``Idempotency-Key``: 201 the first time, 200 with the same record
on a retry. A step the rules refuse answers 400 with the rule's Chinese message (and its id) on the field it is about; a
soft rule broken without a 情况说明 answers 400 on ``explanation``, naming each rule."""

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_field,
    extend_schema_view,
    inline_serializer,
)
from rest_framework import exceptions, serializers, status
from rest_framework.decorators import action
from rest_framework.parsers import MultiPartParser
from rest_framework.response import Response

from zhibu.activities.models import Vote
from zhibu.core import idempotency
from zhibu.core.api import ScopedRelatedField, ScopedViewSet, actor, write_once
from zhibu.core.masking import mask_id_number, mask_phone
from zhibu.core.models import Attachment
from zhibu.core.scoping import CHANGE, require
from zhibu.members.models import Member
from zhibu.organizations.models import BRANCH_KINDS, Organization
from zhibu.recruitment import services
from zhibu.recruitment.catalogue import catalogue
from zhibu.recruitment.filters import RecruitFilter
from zhibu.recruitment.forms import CHECK_FIELDS, VOTE_FIELDS, step_choices, step_fields
from zhibu.recruitment.models import Recruit, RecruitStep, Role, Stage, StepPerson
from zhibu.recruitment.views import STEPS_WITH_PEOPLE, step_offers

SMALL = 32767  # the largest value of the small integer columns (votes, training, months)
STEP_KIND, STOP_KIND = "recruitment.step", "recruitment.stop"  # what an Idempotency-Key claims on a recruit
EVIDENCE_KIND = "recruitment.evidence"


def step_codes() -> list[tuple[str, str]]:
    return [(step.code, step.name) for step in catalogue().steps]


STEP_CODES, RECORDABLE_STEPS = step_codes(), step_choices()


class StepPersonSerializer(serializers.ModelSerializer):
    role = serializers.ChoiceField(choices=Role.choices)
    member_name = serializers.CharField(source="member.name", read_only=True)

    class Meta:
        model = StepPerson
        fields = ("role", "member", "member_name")


class StepEvidenceSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="original_name", read_only=True)
    url = serializers.SerializerMethodField(help_text="下载地址（须登录或携带令牌）")

    class Meta:
        model = Attachment
        fields = ("id", "name", "content_type", "size", "url")

    def get_url(self, attachment) -> str:
        return reverse("attachment", args=[attachment.pk])


class RecruitStepSerializer(serializers.ModelSerializer):
    code = serializers.ChoiceField(choices=STEP_CODES, help_text="steps.yaml 中的步骤编码")
    people = StepPersonSerializer(many=True, read_only=True)
    evidence = StepEvidenceSerializer(many=True, read_only=True)

    class Meta:
        model = RecruitStep
        fields: tuple[str, ...] = (
            "id",
            "code",
            "happened_on",
            "acting_organization",
            "note",
            "explanation",
            "explained_rules",
            "vote",
            "written_yes",
            "training_days",
            "training_hours",
            "vetting_conclusion",
            "vetting_passed",
            "extension_months",
            "people",
            "evidence",
        )


class RecruitSerializer(serializers.ModelSerializer):
    organization = ScopedRelatedField(
        model=Organization,
        action=CHANGE,
        extra_filter={"kind__in": BRANCH_KINDS, "status": Organization.Status.ACTIVE},
        help_text="所在党支部（须有登记权限）",
    )
    applied_on = serializers.DateField(write_only=True, help_text="递交入党申请书日期，不晚于今天；递交时须年满18周岁")
    id_number = serializers.CharField(
        write_only=True, max_length=30, help_text="18位公民身份号码；出生日期、性别须与之一致；已登记的号码答复409"
    )
    mobile = serializers.CharField(
        write_only=True, required=False, allow_blank=True, max_length=20, help_text="11位数字，以1开头"
    )
    id_number_masked = serializers.SerializerMethodField(help_text="脱敏后的公民身份号码")
    mobile_masked = serializers.SerializerMethodField()
    steps = RecruitStepSerializer(many=True, read_only=True)

    class Meta:
        model = Recruit
        fields = (
            "id",
            "name",
            "gender",
            "birth_date",
            "ethnicity",
            "education",
            "job_position",
            "employer",
            "employer_position",
            "organization",
            "stage",
            "member",
            "leaves_unit_on",
            "version",
            "applied_on",
            "id_number",
            "mobile",
            "id_number_masked",
            "mobile_masked",
            "steps",
        )
        read_only_fields = ("stage", "member", "version")
        validators: list = []  # an applicant already registered is the service's 409, not a 400

    def get_id_number_masked(self, recruit) -> str:
        return mask_id_number(recruit.id_number)

    def get_mobile_masked(self, recruit) -> str:
        return mask_phone(recruit.mobile)

    def create(self, validated_data):
        return services.create_recruit(actor=actor(self), **validated_data)


@extend_schema_field(OpenApiTypes.INT)
class OfferedField(ScopedRelatedField):
    """A record among those the step form offers for this recruit (``views.step_offers``, passed in the serializer's
    context as ``offers``): the acting organisation, a person, a vote."""

    def __init__(self, *, offer, **kwargs):
        self.offer = offer
        super().__init__(**kwargs)

    def get_queryset(self):
        offers = self.context.get("offers")
        return self.model.objects.none() if offers is None else offers[self.offer]


def optional_offer(model, offer, help_text):
    return OfferedField(model=model, offer=offer, required=False, allow_null=True, default=None, help_text=help_text)


def version_field():
    return serializers.IntegerField(
        min_value=1,
        max_value=2**31 - 1,
        required=False,
        help_text="发展档案的版本号（version）；填写则他人已修改时拒绝",
    )


def count_field(help_text, maximum=SMALL):
    return serializers.IntegerField(
        min_value=0, max_value=maximum, required=False, allow_null=True, default=None, help_text=help_text
    )


class StepPersonRequestSerializer(serializers.Serializer):
    role = serializers.ChoiceField(choices=Role.choices, help_text="谈话人、培养联系人或入党介绍人")
    member = OfferedField(
        model=Member, offer="members", help_text="党员编号：本党委（无党委的为本支部）范围内在册的党员"
    )


class StepRequestSerializer(serializers.Serializer):
    """The step form's fields (``forms.StepForm``), people by role as on the read side."""

    code = serializers.ChoiceField(
        choices=RECORDABLE_STEPS,
        help_text="steps.yaml 中的步骤编码（递交申请书用 POST /recruits/，终止培养用 stop/）",
        error_messages={"invalid_choice": "没有这个步骤：{input}"},
    )
    happened_on = serializers.DateField(help_text="办理日期，不晚于今天")
    acting_organization = optional_offer(
        Organization, "organizations", "办理组织：本党支部（不填即是），备案、预审、审批、上级谈话为其上级党委"
    )
    people = StepPersonRequestSerializer(
        many=True, required=False, default=list, help_text="本步骤要求的人员（谈话人、培养联系人、入党介绍人）"
    )
    vote = optional_offer(Vote, "votes", "本支部党员大会上的表决编号（支部大会讨论的步骤必填）")
    written_yes = serializers.IntegerField(
        min_value=0, max_value=SMALL, required=False, default=0, help_text="未到会有表决权党员的书面赞成意见份数"
    )
    training_days = count_field("集中培训天数（培训步骤）")
    training_hours = count_field("集中培训学时（培训步骤）")
    vetting_conclusion = serializers.CharField(
        max_length=300, required=False, allow_blank=True, default="", help_text="政审结论（政治审查步骤）"
    )
    vetting_passed = serializers.BooleanField(
        required=False, allow_null=True, default=None, help_text="政审是否合格（政治审查步骤）"
    )
    extension_months = count_field("延长预备期月数（延长预备期的表决步骤），6至12", maximum=24)
    note = serializers.CharField(max_length=300, required=False, allow_blank=True, default="", help_text="备注")
    explanation = serializers.CharField(
        max_length=2000,
        required=False,
        allow_blank=True,
        default="",
        help_text="情况说明：步骤不符合一般要求（如时间间隔）时必填，写明特殊情况（不少于5个字）",
    )
    version = version_field()

    def validate(self, data):
        """A value the step does not ask for is refused (the form does not show its field)."""
        step = catalogue().step(data["code"])
        wanted, roles = step_fields(step.code), {spec.role for spec in step.roles}
        errors = {}
        for role in sorted({person["role"] for person in data["people"]} - roles):
            errors.setdefault("people", []).append(f"“{step.name}”不登记{Role(role).label}")
        asked = (*VOTE_FIELDS, *(name for names in CHECK_FIELDS.values() for name in names))
        for name in asked:
            if name not in wanted and data.get(name) != self.fields[name].default:
                errors[name] = [f"“{step.name}”不填写此项"]
        if errors:
            raise serializers.ValidationError(errors)
        return data


class EvidenceRequestSerializer(serializers.Serializer):
    evidence = serializers.FileField(
        help_text="一份材料（PDF、图片或 Word、Excel），与页面上传相同的类型和大小限制",
        error_messages={"required": "请选择要上传的材料文件", "empty": "上传的文件是空的"},
    )


class StopRequestSerializer(serializers.Serializer):
    happened_on = serializers.DateField(help_text="终止日期，不晚于今天，不早于最近一个步骤")
    reason = serializers.CharField(max_length=300, help_text="终止培养的原因（不少于5个字）")
    version = version_field()


class RecordedStepSerializer(RecruitStepSerializer):
    recruit = serializers.IntegerField(source="recruit_id", read_only=True)
    stage = serializers.ChoiceField(
        source="recruit.stage",
        choices=Stage.choices,
        read_only=True,
        help_text="登记后所处阶段",
    )

    class Meta(RecruitStepSerializer.Meta):
        fields: tuple[str, ...] = ("recruit", "stage", *RecruitStepSerializer.Meta.fields)


def refusals(name, fields, description):
    """The 400 body of a write: each field's Chinese messages."""
    return OpenApiResponse(
        inline_serializer(
            name,
            {field: serializers.ListField(child=serializers.CharField(), required=False) for field in fields},
        ),
        description=description,
    )


class DeniedSerializer(serializers.Serializer):
    detail = serializers.CharField(help_text="原因（中文）")


KEY_PARAMETER = OpenApiParameter(
    idempotency.HEADER,
    str,
    OpenApiParameter.HEADER,
    description="每次提交一个（8至64位字母、数字或 - _ . :），重试时原样发送：只登记一次，重试返回200和同一记录",
)
FORBIDDEN = OpenApiResponse(DeniedSerializer, description="可以查看该记录，但没有登记的权限（如只读角色）")
NOT_FOUND = OpenApiResponse(DeniedSerializer, description="记录不存在或不在您的权限范围内")
RECRUIT_FIELDS = ("organization", "applied_on", "id_number", "mobile", *services.RECRUIT_FIELDS)
# A rule about the people a step names is reported on their role; the API names them in ``people``.
PEOPLE_FIELDS = {role.value: "people" for role in Role}
STEP_REFUSAL = refusals(
    "RecruitStepRefusal",
    (*StepRequestSerializer._declared_fields, "non_field_errors", idempotency.HEADER),
    "不能登记：每个字段的中文说明。违反发展党员规定的，说明其规定、日期和间隔并注明规则编号（如“（DEV-07）”）；"
    "不符合一般要求而没有情况说明的，在 explanation 中列出各条规定（含编号）并提示填写情况说明",
)


def _refusal(error):
    """A service's refusal with the API's field names: ``people`` for the roles, ``non_field_errors`` for the rest."""
    detail = error.message_dict if hasattr(error, "error_dict") else {"__all__": error.messages}
    answer = {}
    for name, messages in detail.items():
        field = "non_field_errors" if name == "__all__" else PEOPLE_FIELDS.get(name, name)
        answer.setdefault(field, []).extend(messages)
    return exceptions.ValidationError(answer)


@extend_schema_view(
    create=extend_schema(
        summary="登记入党申请人",
        description="递交入党申请书：建立发展档案并登记第一个步骤。公民身份号码、手机号码只写不读，答复中脱敏。",
        parameters=[KEY_PARAMETER],
        responses={
            201: RecruitSerializer,
            200: RecruitSerializer,
            400: refusals(
                "RecruitRefusal",
                (*RECRUIT_FIELDS, "non_field_errors", idempotency.HEADER),
                "不能登记：每个字段的中文说明（如号码与出生日期不符、递交申请时未满18周岁）",
            ),
            403: OpenApiResponse(DeniedSerializer, description="没有可以登记入党申请人的党支部（如只读角色）"),
        },
    )
)
class RecruitViewSet(ScopedViewSet):
    """发展党员：入党申请人、积极分子、发展对象、预备党员及其已登记的步骤；登记申请人、登记步骤、终止培养。"""

    conflict_on_create = True
    serializer_class = RecruitSerializer
    filterset_class = RecruitFilter
    select_related = ("organization",)
    http_method_names = ["get", "post", "head", "options"]

    def get_queryset(self):
        return super().get_queryset().prefetch_related(STEPS_WITH_PEOPLE, "steps__people__member", "steps__evidence")

    def create(self, request, *args, **kwargs):
        if not Organization.objects.visible_to(request.user, CHANGE).filter(kind__in=BRANCH_KINDS).exists():
            raise PermissionDenied("您没有可以登记入党申请人的党支部")
        return super().create(request, *args, **kwargs)

    def _recruit_to_change(self):
        """Loaded before the body is read: out of scope is 404, a role that may only read 403, whatever the body."""
        recruit = self.get_object()
        require(self.request.user, CHANGE, recruit)
        return recruit

    def _once(self, recruit, kind, body, write):
        """``write(validated body)`` once per Idempotency-Key on this recruit: (the step, whether it was made now)."""
        return write_once(
            self.request,
            kind=kind,
            model=RecruitStep,
            body=body,
            write=write,
            belongs=lambda done: done.recruit_id == recruit.pk,
            refusal=_refusal,
        )

    @extend_schema(
        summary="登记发展步骤",
        description="与登记步骤的页面相同：按 steps.yaml 的顺序和时限检查。违反硬性规定的拒绝并说明规则；"
        "不符合一般要求的须填写情况说明（explanation）。答复为登记的步骤及登记后的阶段。",
        request=StepRequestSerializer,
        parameters=[KEY_PARAMETER],
        responses={
            201: RecordedStepSerializer,
            200: RecordedStepSerializer,
            400: STEP_REFUSAL,
            403: FORBIDDEN,
            404: NOT_FOUND,
        },
    )
    @action(detail=True, methods=["post"])
    def steps(self, request, pk=None):
        recruit = self._recruit_to_change()
        context = {**self.get_serializer_context(), "offers": step_offers(request.user, recruit.organization)}

        def write(data):
            people = {}
            for person in data.pop("people"):
                people.setdefault(person["role"], []).append(person["member"])
            return services.record_step(
                actor=request.user,
                recruit=recruit,
                people=people,
                expected_version=data.pop("version", None),
                **data,
            )

        step, created = self._once(recruit, STEP_KIND, StepRequestSerializer(data=request.data, context=context), write)
        return self._recorded(step, created, RecordedStepSerializer)

    @extend_schema(
        summary="终止培养",
        description="入党申请人、积极分子、发展对象终止培养（预备党员请登记取消预备党员资格）；档案保留，不能再登记步骤。",
        request=StopRequestSerializer,
        parameters=[KEY_PARAMETER],
        responses={
            201: RecruitSerializer,
            200: RecruitSerializer,
            400: refusals(
                "RecruitStopRefusal",
                (*StopRequestSerializer._declared_fields, "non_field_errors", idempotency.HEADER),
                "不能终止：每个字段的中文说明（如原因太短、日期早于最近一个步骤、已是预备党员）",
            ),
            403: FORBIDDEN,
            404: NOT_FOUND,
        },
    )
    @action(detail=True, methods=["post"])
    def stop(self, request, pk=None):
        recruit = self._recruit_to_change()

        def write(data):
            return services.stop_recruit(
                actor=request.user, recruit=recruit, expected_version=data.pop("version", None), **data
            )

        step, created = self._once(recruit, STOP_KIND, StopRequestSerializer(data=request.data), write)
        return self._recorded(step.recruit, created, RecruitSerializer)

    @extend_schema(
        summary="补充步骤材料",
        description="为已登记的步骤上传一份材料（multipart/form-data，字段 evidence），与页面上传相同的检查；"
        "答复为该步骤及其全部材料。",
        request={"multipart/form-data": EvidenceRequestSerializer},
        parameters=[KEY_PARAMETER],
        responses={
            201: RecordedStepSerializer,
            200: RecordedStepSerializer,
            400: refusals(
                "RecruitEvidenceRefusal",
                ("evidence", "non_field_errors", idempotency.HEADER),
                "不能上传：中文说明（如文件类型不允许、文件过大、未选择文件）",
            ),
            403: FORBIDDEN,
            404: NOT_FOUND,
        },
    )
    @action(
        detail=True,
        methods=["post"],
        url_path=r"steps/(?P<step_id>[0-9]+)/evidence",
        parser_classes=[MultiPartParser],
    )
    def evidence(self, request, pk=None, step_id=None):
        recruit = self._recruit_to_change()
        step = recruit.steps.filter(pk=step_id).first()
        if step is None:
            raise Http404("该发展对象没有这个步骤")
        body = EvidenceRequestSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        try:
            _, created = idempotency.create_once(
                actor=request.user,
                key=idempotency.header_key(request),
                kind=EVIDENCE_KIND,
                model=Attachment,
                create=lambda: services.add_step_evidence(
                    actor=request.user, step=step, upload=body.validated_data["evidence"]
                ),
                field=idempotency.HEADER,
            )
        except DjangoValidationError as error:
            raise _refusal(error) from None
        return self._recorded(step, created, RecordedStepSerializer)

    def _recorded(self, record, created, serializer_class):
        if isinstance(record, Recruit):
            record = self.get_queryset().get(pk=record.pk)
        else:
            record = (
                RecruitStep.objects.select_related("recruit")
                .prefetch_related("people__member", "evidence")
                .get(pk=record.pk)
            )
        body = serializer_class(record, context=self.get_serializer_context()).data
        return Response(body, status=status.HTTP_201_CREATED if created else status.HTTP_200_OK)
