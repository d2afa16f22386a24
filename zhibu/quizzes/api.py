"""Read-only API, scoped like the pages. Surveys are answered only in aggregate (``results``), after the minimum group
size; there is no endpoint for answer sheets. A quiz's questions are not served (their answers are the bank's)."""

from typing import Any

from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.response import Response

from zhibu.core.api import ReadOnlyScopedViewSet
from zhibu.core.scoping import VIEW
from zhibu.quizzes.filters import AttemptFilter, BankFilter, ContestFilter, QuizFilter, SurveyFilter
from zhibu.quizzes.models import Attempt, Contest, QuestionBank, Quiz, Survey, SurveyResponse
from zhibu.quizzes.results import branch_participation, contest_standings, survey_results


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


class ContestSerializer(serializers.ModelSerializer):
    title = serializers.CharField(source="quiz.title", read_only=True, help_text="竞赛名称")
    organization = serializers.IntegerField(source="quiz.organization_id", read_only=True, help_text="组织单位")
    opens_on = serializers.DateField(source="quiz.opens_on", read_only=True, help_text="开始日期")
    closes_on = serializers.DateField(source="quiz.closes_on", read_only=True, help_text="截止日期")

    class Meta:
        model = Contest
        fields = ("id", "quiz", "title", "organization", "opens_on", "closes_on", "participants")
        read_only_fields = fields


class StandingSerializer(serializers.Serializer):
    rank = serializers.IntegerField(help_text="名次（得分、用时都相同的并列）")
    member = serializers.IntegerField(source="attempt.member_id", help_text="党员")
    member_name = serializers.CharField(source="attempt.member.name", help_text="姓名")
    organization = serializers.CharField(source="attempt.member.organization.name", help_text="党组织")
    score = serializers.IntegerField(source="attempt.score", help_text="得分（百分制）")
    seconds = serializers.IntegerField(help_text="用时（秒）")
    submitted_at = serializers.DateTimeField(source="attempt.submitted_at", help_text="交卷时间")


class BranchRateSerializer(serializers.Serializer):
    branch = serializers.IntegerField(source="branch.pk", help_text="党组织")
    branch_name = serializers.CharField(source="branch.name", help_text="党组织名称")
    members = serializers.IntegerField(help_text="在册党员")
    took_part = serializers.IntegerField(help_text="参赛人数")
    rate = serializers.IntegerField(help_text="参与率（%）")


class ContestResultsSerializer(serializers.Serializer):
    standings = StandingSerializer(many=True, help_text="成绩排名：每人最好的一次交卷，先比得分再比用时")
    rates = BranchRateSerializer(many=True, help_text="各党组织参与率")


class ContestViewSet(ReadOnlyScopedViewSet):
    """知识竞赛：组织者发布的竞赛及参赛党组织；results 为成绩排名和各党组织参与率（只对组织者开放，不公开排名）。"""

    serializer_class = ContestSerializer
    filterset_class = ContestFilter
    select_related = ("quiz",)

    def get_queryset(self):
        return super().get_queryset().prefetch_related("participants")

    @extend_schema(responses=ContestResultsSerializer)
    @action(detail=True, methods=["get"])
    def results(self, request, pk=None):
        contest = self.get_object()
        attempts = list(
            Attempt.objects.visible_to(request.user).filter(quiz=contest.quiz_id).select_related("member__organization")
        )
        body = {"standings": contest_standings(attempts), "rates": branch_participation(contest, attempts)}
        return Response(ContestResultsSerializer(body).data)
