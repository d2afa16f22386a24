from typing import Any

from django import forms
from django.utils import timezone

from zhibu.activities.models import ActivityKind
from zhibu.core.forms import DateInput, Polished, SafeModelChoiceField, SafeModelMultipleChoiceField, SubmittedOnce
from zhibu.members.models import Member
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


def _people(members: Any) -> Any:
    return members.select_related("organization").order_by("organization__path", "name")


def _label(member: Any) -> str:
    return f"{member.name}（{member.organization}）"


class TheoryGroupForm(SubmittedOnce, Polished, forms.Form):
    organization = SafeModelChoiceField(label="所属党组织", queryset=Organization.objects.none())
    name = forms.CharField(label="中心组名称", max_length=100, help_text="如：某局党组理论学习中心组")

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["organization"]
        field.queryset = Organization.objects.visible_to(user, "change").order_by("path")


class SeatForm(Polished, forms.Form):
    members = SafeModelMultipleChoiceField(
        label="中心组成员", queryset=Member.objects.none(), widget=forms.CheckboxSelectMultiple
    )
    leader = SafeModelChoiceField(label="组长", queryset=Member.objects.none(), required=False)
    secretary = SafeModelChoiceField(label="学习秘书", queryset=Member.objects.none(), required=False)

    def __init__(self, *args: Any, candidates: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("members", "leader", "secretary"):
            field: Any = self.fields[name]
            field.queryset = _people(candidates)
            field.label_from_instance = _label


class TheorySessionFields(Polished, forms.Form):
    """A 中心组 session's facts, as recorded and as amended."""

    held_on = forms.DateField(label="学习日期", widget=DateInput())
    topic = forms.CharField(label="学习主题", max_length=200)
    hours = forms.DecimalField(
        label="学时",
        min_value=0.5,
        max_value=8,
        decimal_places=1,
        help_text="计入出席和列席旁听人员的年度学时",
        error_messages={"invalid": "学时应为数字，如 2 或 1.5"},
    )
    lecturer = SafeModelChoiceField(label="主讲人", queryset=Member.objects.none(), required=False)
    lecturer_name = forms.CharField(label="特邀主讲人", max_length=60, required=False, help_text="本单位以外的主讲人")
    lecture_title = forms.CharField(label="主讲题目", max_length=200, required=False)
    present = SafeModelMultipleChoiceField(
        label="出席成员", queryset=Member.objects.none(), widget=forms.CheckboxSelectMultiple, required=False
    )
    on_leave = SafeModelMultipleChoiceField(
        label="请假成员", queryset=Member.objects.none(), widget=forms.CheckboxSelectMultiple, required=False
    )
    observers = SafeModelMultipleChoiceField(
        label="列席旁听",
        queryset=Member.objects.none(),
        required=False,
        help_text="非中心组成员的列席旁听人员（可多选）",
    )
    speakers = SafeModelMultipleChoiceField(
        label="交流发言", queryset=Member.objects.none(), widget=forms.CheckboxSelectMultiple, required=False
    )
    materials = forms.CharField(
        label="学习材料", widget=forms.Textarea(attrs={"rows": 3}), required=False, help_text="每行一项材料的标题"
    )
    summary = forms.CharField(label="学习情况", widget=forms.Textarea(attrs={"rows": 4}), required=False)
    upload = forms.FileField(label="材料文件", required=False, help_text="可选：PDF、Word或图片，单个不超过20MB")

    def __init__(self, *args: Any, seated: Any = None, candidates: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("present", "on_leave", "speakers", "lecturer"):
            field: Any = self.fields[name]
            field.queryset = _people(seated if name in ("present", "on_leave") else candidates)
            field.label_from_instance = _label
        observers: Any = self.fields["observers"]
        observers.queryset = _people(candidates.exclude(pk__in=seated.values("pk")))
        observers.label_from_instance = _label


class TheorySessionForm(SubmittedOnce, TheorySessionFields):
    pass


class TheorySessionAmendForm(TheorySessionFields):
    reason = forms.CharField(
        label="更正原因", max_length=300, help_text="如：出席名单漏记一人；更正前后的内容记入审计日志"
    )
