from typing import Any

from django import forms

from zhibu.core.forms import Polished, SafeModelChoiceField, SubmittedOnce
from zhibu.notices.models import Notice
from zhibu.organizations.models import Organization, OrganizationKind


def _attachment() -> forms.FileField:
    return forms.FileField(
        label="附件（可不选）", required=False, help_text="PDF、Word、Excel或图片，每次保存可添加一个，最多5个"
    )


def _publishers(user: Any) -> Any:
    return (
        Organization.objects.visible_to(user, "change")
        .filter(status=Organization.Status.ACTIVE)
        .exclude(kind=OrganizationKind.GROUP)
        .order_by("path")
    )


class NoticeForm(SubmittedOnce, Polished, forms.ModelForm):
    organization = SafeModelChoiceField(label="公开单位", queryset=Organization.objects.none())
    attachment = _attachment()

    class Meta:
        model = Notice
        fields = ["organization", "title", "category", "body", "publish_from", "publish_until"]
        widgets = {"body": forms.Textarea(attrs={"rows": 12})}

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["organization"]
        field.queryset = _publishers(user)


class NoticeEditForm(Polished, forms.ModelForm):
    attachment = _attachment()

    class Meta:
        model = Notice
        fields = ["title", "category", "body", "publish_from", "publish_until"]
        widgets = {"body": forms.Textarea(attrs={"rows": 12})}


class WithdrawForm(Polished, forms.Form):
    reason = forms.CharField(label="撤回原因", max_length=200, help_text="如：数据有误，更正后重新公开")


class DuesNoticeForm(SubmittedOnce, Polished, forms.Form):
    organization = SafeModelChoiceField(label="党支部", queryset=Organization.objects.none())
    year = forms.IntegerField(label="年度", min_value=1900, max_value=2100)

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["organization"]
        field.queryset = _publishers(user).filter(kind__in=["branch", "joint_branch", "temporary_branch"])
