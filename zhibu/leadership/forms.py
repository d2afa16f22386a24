from typing import Any

from django import forms

from zhibu.core.forms import DateInput, Polished, SafeModelChoiceField, SubmittedOnce
from zhibu.leadership.models import ProjectStatus, VisitKind
from zhibu.leadership.services import AGENCY_KINDS, MAX_RESEARCH_DAYS
from zhibu.members.models import Member
from zhibu.organizations.models import Organization


def _choices(form: forms.Form, user: Any, agencies: bool = True) -> None:
    organizations = Organization.objects.visible_to(user, "change")
    field: Any = form.fields["organization"]
    field.queryset = organizations.filter(kind__in=AGENCY_KINDS) if agencies else organizations
    if "branch" in form.fields:
        branch: Any = form.fields["branch"]
        branch.queryset = organizations.exclude(kind__in=AGENCY_KINDS | {"gongwei", "group"})
    for name in ("leader", "secretary"):
        if name in form.fields:
            people: Any = form.fields[name]
            people.queryset = Member.objects.visible_to(user, "change").current().order_by("name")


class ContactPointForm(SubmittedOnce, Polished, forms.Form):
    organization = SafeModelChoiceField(label="所属党组织", queryset=Organization.objects.none())
    leader = SafeModelChoiceField(label="领导干部", queryset=Member.objects.none())
    post = forms.CharField(label="职务", max_length=60, required=False, help_text="如：党组书记、局长")
    branch = SafeModelChoiceField(label="联系支部", queryset=Organization.objects.none())
    since = forms.DateField(label="联系起始日期", widget=DateInput())

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choices(self, user)


class ContactEditForm(Polished, forms.Form):
    post = forms.CharField(label="职务", max_length=60, required=False)
    until = forms.DateField(label="联系终止日期", required=False, widget=DateInput(), help_text="调整联系点时填写")


class VisitForm(SubmittedOnce, Polished, forms.Form):
    visited_on = forms.DateField(label="日期", widget=DateInput())
    kind = forms.ChoiceField(label="内容类别", choices=VisitKind.choices)
    notes = forms.CharField(label="情况记录", max_length=500, widget=forms.Textarea(attrs={"rows": 3}))


class ResearchForm(SubmittedOnce, Polished, forms.Form):
    organization = SafeModelChoiceField(label="所属党组织", queryset=Organization.objects.none())
    leader = SafeModelChoiceField(label="领导干部", queryset=Member.objects.none())
    started_on = forms.DateField(label="调研日期", widget=DateInput())
    days = forms.IntegerField(
        label="调研天数",
        min_value=1,
        max_value=MAX_RESEARCH_DAYS,
        error_messages={"invalid": "调研天数应为整数，如 3"},
    )
    topic = forms.CharField(label="调研课题", max_length=200)
    report_title = forms.CharField(label="调研报告题目", max_length=200, required=False, help_text="形成调研报告时填写")

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choices(self, user)


class ResearchReportForm(Polished, forms.Form):
    report_title = forms.CharField(
        label="调研报告题目", max_length=200, required=False, help_text="已登记题目的可不填；填写则以此为准"
    )
    upload = forms.FileField(label="调研报告文件", help_text="PDF、Word（.docx）或图片，每条调研记录最多5个文件")


class ProjectForm(SubmittedOnce, Polished, forms.Form):
    organization = SafeModelChoiceField(label="党组织", queryset=Organization.objects.none())
    secretary = SafeModelChoiceField(label="书记", queryset=Member.objects.none())
    year = forms.IntegerField(label="年度", min_value=2000, max_value=2100)
    title = forms.CharField(label="项目名称", max_length=120)
    goals = forms.CharField(label="项目目标", max_length=2000, widget=forms.Textarea(attrs={"rows": 4}))
    status = forms.ChoiceField(label="状态", choices=ProjectStatus.choices, initial=ProjectStatus.PLANNED)

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choices(self, user, agencies=False)


class ProjectEditForm(Polished, forms.Form):
    goals = forms.CharField(label="项目目标", max_length=2000, widget=forms.Textarea(attrs={"rows": 4}))
    progress = forms.CharField(
        label="进展与成效", max_length=4000, required=False, widget=forms.Textarea(attrs={"rows": 6})
    )
    status = forms.ChoiceField(label="状态", choices=ProjectStatus.choices)
