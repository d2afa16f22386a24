"""Read-only API, scoped like the pages. Surveys are answered only in aggregate (``results``), after the minimum group
size; there is no endpoint for answer sheets. A quiz's questions are not served (their answers are the bank's)."""

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from zhibu.core.api import ReadOnlyScopedViewSet
from zhibu.core.scoping import VIEW
from zhibu.quizzes.filters import AttemptFilter, BankFilter, QuizFilter, SurveyFilter
from zhibu.quizzes.models import Attempt, QuestionBank, Quiz, Survey, SurveyResponse
from zhibu.quizzes.results import survey_results


class QuestionBankSerializer(serializers.ModelSerializer):
    question_count = serializers.IntegerField(source="questions.count", read_only=True, help_text="试题数")

    class Meta:
        model = QuestionBank
        fields = ("id", "organization", "name", "question_count")
        read_only_fields = fields


class QuestionBankViewSet(ReadOnlyScopedViewSet):
    """题库：本组织及下级的题库（试题与答案不经接口提供）。"""

    serializer_class = QuestionBankSerializer
    filterset_class = BankFilter


class QuizSerializer(serializers.ModelSerializer):
    class Meta:
        model = Quiz
        fields = (
            "id",
            "organization",
            "title",
            "bank",
            "single_count",
            "multiple_count",
            "judge_count",
            "fill_count",
            "tag",
            "opens_on",
            "closes_on",
            "minutes",
            "max_attempts",
            "pass_score",
        )
        read_only_fields = fields


class QuizViewSet(ReadOnlyScopedViewSet):
    """理论测试：发布给本组织的测试及其抽题规则。"""

    serializer_class = QuizSerializer
    filterset_class = QuizFilter


class AttemptSerializer(serializers.ModelSerializer):
    member_name = serializers.CharField(source="member.name", read_only=True, help_text="党员姓名")

    class Meta:
        model = Attempt
        fields = ("id", "quiz", "member", "member_name", "started_at", "deadline_at", "submitted_at", "score")
        read_only_fields = fields


class AttemptViewSet(ReadOnlyScopedViewSet):
    """测试成绩：每人每次作答的得分（党员只能看到本人的）；不提供排名。"""

    serializer_class = AttemptSerializer
    filterset_class = AttemptFilter
    select_related = ("member",)


class SurveySerializer(serializers.ModelSerializer):
    results = serializers.SerializerMethodField(help_text="汇总结果；答卷少于最少人数时 shown 为 false 且不含数字")

    class Meta:
        model = Survey
        fields = ("id", "organization", "title", "intro", "anonymous", "questions", "opens_on", "closes_on", "results")
        read_only_fields = fields

    @extend_schema_field(serializers.JSONField())
    def get_results(self, survey) -> dict[str, Any] | None:
        user = self.context["request"].user
        if not user.scope_paths(VIEW)[0]:
            return None  # an ordinary member reads the questions, not the results
        found = survey_results(survey, SurveyResponse.objects.visible_to(user).filter(survey=survey))
        return {
            "total": found.total,
            "minimum": found.minimum,
            "shown": found.shown,
            "questions": [dict(q) for q in found.questions],
        }


class SurveyViewSet(ReadOnlyScopedViewSet):
    """思想动态调查：题目与汇总结果（匿名答卷不与任何人关联；不提供逐份答卷）。"""

    serializer_class = SurveySerializer
    filterset_class = SurveyFilter
