from typing import Any

from django import forms

from zhibu.core.forms import Polished, SafeModelChoiceField, SafeModelMultipleChoiceField, SubmittedOnce
from zhibu.organizations.models import Organization
from zhibu.quizzes.models import QuestionBank, Quiz, Survey
from zhibu.quizzes.services import QUESTION_FORMAT


class _OrganizationForm(SubmittedOnce, Polished, forms.ModelForm):
    organization = SafeModelChoiceField(label="党组织", queryset=Organization.objects.none())

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["organization"]
        field.queryset = Organization.objects.visible_to(user, "change")


class BankForm(_OrganizationForm):
    class Meta:
        model = QuestionBank
        fields = ["organization", "name"]


class QuizForm(_OrganizationForm):
    bank = SafeModelChoiceField(label="题库", queryset=QuestionBank.objects.none())

    class Meta:
        model = Quiz
        fields = [
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
        ]

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, user=user, **kwargs)
        field: Any = self.fields["bank"]
        field.queryset = QuestionBank.objects.visible_to(user).select_related("organization")


class SurveyForm(_OrganizationForm):
    questions = forms.CharField(
        label="题目",
        widget=forms.Textarea(
            attrs={"rows": 8, "placeholder": "单选｜您对本支部组织生活的总体评价｜很满意/满意/一般/不满意"}
        ),
        help_text=QUESTION_FORMAT,
        max_length=10000,
    )

    class Meta:
        model = Survey
        fields = ["organization", "title", "intro", "anonymous", "opens_on", "closes_on"]


class ImportForm(Polished, forms.Form):
    file = forms.FileField(label="试题表格（.xlsx）", required=False)


class ContestForm(QuizForm):
    """A 知识竞赛: the quiz's own fields (paper rules, window, time limit) and the organisations taking part."""

    participants = SafeModelMultipleChoiceField(
        label="参赛党组织",
        queryset=Organization.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text="所选党组织及其下级的党员可以参赛",
    )

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, user=user, **kwargs)
        field: Any = self.fields["participants"]
        field.queryset = Organization.objects.visible_to(user, "change").order_by("path")
        self.fields["title"].label = "竞赛名称"
