import django_filters

from zhibu.core.filters import RefusingFilterSet
from zhibu.organizations.filters import SubtreeFilter
from zhibu.organizations.models import Organization
from zhibu.quizzes.models import Attempt, Contest, QuestionBank, Quiz, Survey


class _ScopedOrganizations(RefusingFilterSet):
    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        user = user or getattr(kwargs.get("request"), "user", None)
        if user is not None and "organization" in self.filters:
            self.filters["organization"].queryset = Organization.objects.visible_to(user)


class BankFilter(_ScopedOrganizations):
    organization = SubtreeFilter(label="党组织（含下级）", path_field="organization__path")

    class Meta:
        model = QuestionBank
        fields = ["organization"]


class QuizFilter(_ScopedOrganizations):
    organization = SubtreeFilter(label="党组织（含下级）", path_field="organization__path")

    class Meta:
        model = Quiz
        fields = ["organization"]


class SurveyFilter(_ScopedOrganizations):
    organization = SubtreeFilter(label="党组织（含下级）", path_field="organization__path")

    class Meta:
        model = Survey
        fields = ["organization", "anonymous"]


class AttemptFilter(_ScopedOrganizations):
    """Results: one filterset for the results page, its export and the API."""

    organization = SubtreeFilter(label="党员所在组织（含下级）", path_field="member__organization__path")
    quiz = django_filters.NumberFilter(label="测试编号", field_name="quiz_id")

    class Meta:
        model = Attempt
        fields = ["organization", "quiz"]


class ContestFilter(_ScopedOrganizations):
    """One filterset for the contest list, its export and the API; a refused query lists nothing."""

    organization = SubtreeFilter(label="党组织（含下级）", path_field="quiz__organization__path")
    year = django_filters.NumberFilter(
        label="年度", field_name="quiz__opens_on", lookup_expr="year", min_value=2000, max_value=2100
    )

    class Meta:
        model = Contest
        fields = ["organization", "year"]
