from typing import Any

from django import forms

from zhibu.core.forms import Polished, SafeModelChoiceField, SafeModelMultipleChoiceField, SubmittedOnce
from zhibu.core.scoping import CHANGE, VIEW
from zhibu.organizations.models import COMMITTEE_KINDS, Organization
from zhibu.reporting.models import AnswerKind, ReportAnswer, ReportRequest


class RequestForm(SubmittedOnce, Polished, forms.ModelForm):
    organization = SafeModelChoiceField(label="发文组织", queryset=Organization.objects.none())
    month = forms.DateField(
        label="月报月份", required=False, help_text="报送组织生活月报时填写该月任意一天，如 2026-11-01"
    )
    year = forms.IntegerField(
        label="台账年度",
        required=False,
        min_value=2000,
        max_value=2100,
        help_text="报送理论学习中心组学习台账时填写，如 2026",
        error_messages={
            "invalid": "年度须是数字，如 2026",
            "min_value": "年度不早于2000年",
            "max_value": "年度不晚于2100年",
        },
    )
    picked = SafeModelMultipleChoiceField(
        label="指定的组织",
        required=False,
        queryset=Organization.objects.none(),
        help_text="报送范围为“指定的组织”时选择",
    )

    class Meta:
        model = ReportRequest
        fields = [
            "organization",
            "title",
            "body",
            "answer_kind",
            "questions",
            "month",
            "year",
            "reach",
            "picked",
            "deadline",
        ]

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        senders: Any = self.fields["organization"]
        senders.queryset = Organization.objects.visible_to(user, CHANGE).filter(kind__in=COMMITTEE_KINDS)
        picked: Any = self.fields["picked"]
        picked.queryset = Organization.objects.visible_to(user, VIEW).filter(status=Organization.Status.ACTIVE)


class AnswerForm(Polished, forms.Form):
    """A form answer's items (one text each), a file, or nothing to type for a generated report."""

    def __init__(self, *args: Any, answer: ReportAnswer, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        request = answer.request
        self.kind = request.answer_kind
        if self.kind == AnswerKind.FORM:
            previous = dict(tuple(pair) for pair in answer.answers or [])
            for index, question in enumerate(request.question_list):
                self.fields[f"item_{index}"] = forms.CharField(
                    label=question,
                    max_length=2000,
                    widget=forms.Textarea(attrs={"rows": 2}),
                    initial=previous.get(question, ""),
                )
        elif self.kind == AnswerKind.FILE:
            self.fields["upload"] = forms.FileField(
                label="报送文件", help_text="PDF、Word、Excel或图片，单个不超过20MB"
            )

    def service_data(self) -> dict[str, Any]:
        if self.kind == AnswerKind.FORM:
            texts = [value for name, value in self.cleaned_data.items() if name.startswith("item_")]
            return {"answers": texts}
        if self.kind == AnswerKind.FILE:
            return {"upload": self.cleaned_data["upload"]}
        return {}


class ReviewForm(Polished, forms.Form):
    decision = forms.ChoiceField(label="审核意见", choices=[("accept", "审核通过"), ("return", "退回重报")])
    reason = forms.CharField(label="退回原因", max_length=300, required=False, help_text="退回时必填")


class RemindForm(forms.Form):
    pass
