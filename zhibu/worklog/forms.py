import datetime

from django import forms

from zhibu.activities.models import Resolution
from zhibu.core.forms import DateInput, Polished, SubmittedOnce
from zhibu.inspections.models import RectificationItem
from zhibu.members.models import Member
from zhibu.organizations.models import Organization
from zhibu.worklog.models import Point, Section
from zhibu.worklog.reviews import quarter_label


class PlanForm(SubmittedOnce, Polished, forms.Form):
    issuer = forms.ModelChoiceField(label="印发组织", queryset=Organization.objects.none())
    year = forms.IntegerField(label="年度", min_value=2000, max_value=2100)
    title = forms.CharField(label="标题", max_length=100, initial="年度工作要点")
    issued_on = forms.DateField(label="印发日期", widget=DateInput())
    note = forms.CharField(label="说明", required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, organizations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["issuer"].queryset = organizations


class SectionForm(SubmittedOnce, Polished, forms.Form):
    title = forms.CharField(label="部分标题", max_length=100, help_text="如：一、坚持以党的政治建设为统领")


class PointForm(SubmittedOnce, Polished, forms.Form):
    section = forms.ModelChoiceField(label="所属部分", queryset=Section.objects.none())
    text = forms.CharField(label="工作要点", max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, sections, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["section"].queryset = sections


class TaskForm(SubmittedOnce, Polished, forms.Form):
    point = forms.ModelChoiceField(label="工作要点条目", queryset=Point.objects.none())
    owner = forms.ModelChoiceField(label="责任单位", queryset=Organization.objects.none())
    deliverable = forms.CharField(label="任务及成果", max_length=300)
    deadline = forms.DateField(label="完成时限", widget=DateInput())
    weight = forms.IntegerField(label="权重", min_value=1, max_value=100, initial=1)
    leader = forms.CharField(label="责任领导", max_length=50, required=False)
    responsible = forms.ModelChoiceField(label="具体责任人", queryset=Member.objects.none(), required=False)

    def __init__(self, *args, points, owners, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["point"].queryset = points
        self.fields["owner"].queryset = owners
        self.fields["responsible"].queryset = members


class LinkForm(SubmittedOnce, Polished, forms.Form):
    """A resolution or a rectification item taken into the ledger under a point (exactly one of the two)."""

    point = forms.ModelChoiceField(label="工作要点条目", queryset=Point.objects.none())
    resolution = forms.ModelChoiceField(label="会议决议", queryset=Resolution.objects.none(), required=False)
    rectification = forms.ModelChoiceField(label="整改事项", queryset=RectificationItem.objects.none(), required=False)
    weight = forms.IntegerField(label="权重", min_value=1, max_value=100, initial=1)

    def __init__(self, *args, points, resolutions, rectifications, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["point"].queryset = points
        self.fields["resolution"].queryset = resolutions
        self.fields["rectification"].queryset = rectifications

    def clean(self):
        """The chosen record as the service's ``source``."""
        data = super().clean() or {}
        resolution, rectification = data.pop("resolution", None), data.pop("rectification", None)
        if bool(resolution) == bool(rectification):
            raise forms.ValidationError("请选择一项会议决议或一项整改事项（二者选一）")
        data["source"] = resolution or rectification
        return data


class SubtaskForm(SubmittedOnce, Polished, forms.Form):
    owner = forms.ModelChoiceField(label="责任单位", queryset=Organization.objects.none())
    deliverable = forms.CharField(label="子任务及成果", max_length=300)
    deadline = forms.DateField(label="完成时限", widget=DateInput(), help_text="不晚于上级任务的完成时限")
    weight = forms.IntegerField(label="权重", min_value=1, max_value=100, initial=1, help_text="进度按权重汇总")
    responsible = forms.ModelChoiceField(label="具体责任人", queryset=Member.objects.none(), required=False)

    def __init__(self, *args, owners, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = owners
        self.fields["responsible"].queryset = members


class AcceptForm(Polished, forms.Form):
    """认领: nothing to fill in; the button is the decision."""


class ProgressForm(SubmittedOnce, Polished, forms.Form):
    month = forms.TypedChoiceField(label="所报月份", choices=(), coerce=datetime.date.fromisoformat)
    percent = forms.IntegerField(label="完成进度（%）", min_value=0, max_value=100)
    narrative = forms.CharField(label="进展情况", max_length=2000, widget=forms.Textarea(attrs={"rows": 4}))
    evidence = forms.FileField(label="佐证材料", required=False)

    def __init__(self, *args, months, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["month"].choices = [(month.isoformat(), f"{month.year}年{month.month}月") for month in months]


class ClosureForm(SubmittedOnce, Polished, forms.Form):
    summary = forms.CharField(label="完成情况", max_length=2000, widget=forms.Textarea(attrs={"rows": 4}))
    evidence = forms.FileField(label="佐证材料", required=False, help_text="申请销号须上传佐证材料")


class ReviewForm(Polished, forms.Form):
    decision = forms.ChoiceField(label="审核结果", choices=[("accept", "同意销号"), ("return", "退回")])
    reason = forms.CharField(
        label="审核意见",
        max_length=300,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="退回时必填",
    )


class QuarterlyReviewForm(SubmittedOnce, Polished, forms.Form):
    period = forms.ChoiceField(label="季度", choices=())
    comment = forms.CharField(label="点评意见", max_length=2000, widget=forms.Textarea(attrs={"rows": 4}))
    score = forms.IntegerField(label="评分", min_value=0, max_value=100, required=False, help_text="0至100，可不填")

    def __init__(self, *args, quarters, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["period"].choices = [(f"{year}-{number}", quarter_label(year, number)) for year, number in quarters]

    def clean(self):
        """The chosen quarter as the service's ``year`` and ``quarter``."""
        data = super().clean() or {}
        period = data.pop("period", None)
        if period:
            year, number = period.split("-")
            data["year"], data["quarter"] = int(year), int(number)
        return data


class ReviewEditForm(Polished, forms.Form):
    comment = forms.CharField(label="点评意见", max_length=2000, widget=forms.Textarea(attrs={"rows": 4}))
    score = forms.IntegerField(label="评分", min_value=0, max_value=100, required=False, help_text="0至100，可不填")
