"""People in the pipeline and their steps, read-only for now: scoped and masked like members. Writes go through the
pages (the services are the same); the API's writes come with the next part of the work."""

from rest_framework import serializers

from zhibu.core.api import ScopedViewSet
from zhibu.core.masking import mask_id_number, mask_phone
from zhibu.recruitment.catalogue import catalogue
from zhibu.recruitment.filters import RecruitFilter
from zhibu.recruitment.models import Recruit, RecruitStep, Role, StepPerson
from zhibu.recruitment.views import STEPS_WITH_PEOPLE


def step_codes() -> list[tuple[str, str]]:
    return [(step.code, step.name) for step in catalogue().steps]


class StepPersonSerializer(serializers.ModelSerializer):
    role = serializers.ChoiceField(choices=Role.choices)
    member_name = serializers.CharField(source="member.name", read_only=True)

    class Meta:
        model = StepPerson
        fields = ("role", "member", "member_name")


class RecruitStepSerializer(serializers.ModelSerializer):
    code = serializers.ChoiceField(choices=step_codes(), help_text="steps.yaml 中的步骤编码")
    people = StepPersonSerializer(many=True, read_only=True)

    class Meta:
        model = RecruitStep
        fields = (
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
        )


class RecruitSerializer(serializers.ModelSerializer):
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
            "id_number_masked",
            "mobile_masked",
            "steps",
        )
        read_only_fields = fields

    def get_id_number_masked(self, recruit) -> str:
        return mask_id_number(recruit.id_number)

    def get_mobile_masked(self, recruit) -> str:
        return mask_phone(recruit.mobile)


class RecruitViewSet(ScopedViewSet):
    """发展党员：入党申请人、积极分子、发展对象、预备党员及其已登记的步骤（只读）。"""

    serializer_class = RecruitSerializer
    filterset_class = RecruitFilter
    select_related = ("organization",)
    http_method_names = ["get", "head", "options"]

    def get_queryset(self):
        return super().get_queryset().prefetch_related(STEPS_WITH_PEOPLE, "steps__people__member")
