from typing import Any

from django import forms
from django.utils import timezone

from zhibu.activities.models import ActivityKind
from zhibu.core.forms import Polished, SafeModelChoiceField, SafeModelMultipleChoiceField, SubmittedOnce
from zhibu.organizations.models import Organization
from zhibu.study.models import Period, StudyTopic, SuggestedForm


class StudyListForm(SubmittedOnce, Polished, forms.Form):
    organization = SafeModelChoiceField(label="下发党组织", queryset=Organization.objects.none())
    period = forms.ChoiceField(label="周期", choices=Period.choices)
    year = forms.IntegerField(label="年度", min_value=2000, max_value=2100)
    number = forms.IntegerField(
        label="月份或季度", min_value=1, max_value=12, help_text="月度清单填1–12，季度清单填1–4"
    )
    title = forms.CharField(
        label="清单名称", max_length=100, required=False, help_text="不填则为“某组织某年某月学习清单”"
    )

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["organization"]
        field.queryset = Organization.objects.visible_to(user, "change").order_by("path")
        self.fields["year"].initial = timezone.localdate().year
        self.fields["number"].initial = timezone.localdate().month


class TopicForm(SubmittedOnce, Polished, forms.Form):
    title = forms.CharField(label="学习内容", max_length=200)
    materials = forms.CharField(
        label="学习材料", widget=forms.Textarea(attrs={"rows": 4}), required=False, help_text="每行一项材料的标题"
    )
    suggested_form = forms.ChoiceField(label="建议学习形式", choices=SuggestedForm.choices)
    kinds = SafeModelMultipleChoiceField(
        label="建议结合的会议类型",
        queryset=ActivityKind.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    upload = forms.FileField(label="材料文件", required=False, help_text="可选：PDF、Word或图片，单个不超过20MB")


class LinkForm(Polished, forms.Form):
    topics = SafeModelMultipleChoiceField(
        label="本次会议学习的清单内容",
        queryset=StudyTopic.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="不勾选即为本次会议未学习清单内容",
    )

    def __init__(self, *args: Any, topics: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["topics"]
        field.queryset = topics
        field.label_from_instance = lambda topic: f"{topic.study_list}：{topic.title}"
