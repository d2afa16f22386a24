from typing import Any

from django import forms

from zhibu.core.forms import FilesField, MultipleFilesInput, Polished, SafeModelChoiceField, SubmittedOnce
from zhibu.members.models import Member
from zhibu.organizations.models import Organization
from zhibu.service.models import Community, Project, Wish
from zhibu.service.services import MAX_EVIDENCE


def _choices(form: forms.BaseForm, user: Any, *, organization: bool = True, member: bool = False) -> None:
    """Narrow the choice fields to what the user may act on."""
    fields: Any = form.fields
    if organization and "organization" in fields:
        fields["organization"].queryset = Organization.objects.visible_to(user, "change")
    if "community" in fields:
        fields["community"].queryset = Community.objects.visible_to(user).filter(active=True)
    if member and "member" in fields:
        fields["member"].queryset = Member.objects.visible_to(user, "change").filter(record_status="active")


class CommunityForm(SubmittedOnce, Polished, forms.Form):
    organization = SafeModelChoiceField(label="联系党组织", queryset=Organization.objects.none())
    name = forms.CharField(label="社区名称", max_length=100)
    address = forms.CharField(label="地址", max_length=200, required=False)
    contact_name = forms.CharField(label="社区联系人", max_length=50, required=False)
    contact_phone = forms.CharField(label="联系电话", max_length=40, required=False)

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choices(self, user)


class CommunityEditForm(Polished, forms.Form):
    name = forms.CharField(label="社区名称", max_length=100)
    address = forms.CharField(label="地址", max_length=200, required=False)
    contact_name = forms.CharField(label="社区联系人", max_length=50, required=False)
    contact_phone = forms.CharField(label="联系电话", max_length=40, required=False)
    active = forms.BooleanField(label="启用", required=False)


class PairingForm(SubmittedOnce, Polished, forms.Form):
    organization = SafeModelChoiceField(label="共建党组织", queryset=Organization.objects.none())
    community = SafeModelChoiceField(label="共建社区", queryset=Community.objects.none())
    started_on = forms.DateField(label="共建开始日期")
    content = forms.CharField(
        label="共建内容", max_length=300, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choices(self, user)


class RegistrationForm(SubmittedOnce, Polished, forms.Form):
    member = SafeModelChoiceField(label="党员", queryset=Member.objects.none())
    community = SafeModelChoiceField(label="居住地社区", queryset=Community.objects.none())
    registered_on = forms.DateField(label="报到日期")

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choices(self, user, member=True)


class ServiceRecordForm(SubmittedOnce, Polished, forms.Form):
    member = SafeModelChoiceField(label="党员", queryset=Member.objects.none())
    community = SafeModelChoiceField(label="社区", queryset=Community.objects.none())
    served_on = forms.DateField(label="服务日期")
    what = forms.CharField(label="服务内容", max_length=200)
    hours = forms.DecimalField(label="服务时长（小时）", max_digits=5, decimal_places=1, help_text="如：2 或 1.5")

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choices(self, user, member=True)


class WishForm(SubmittedOnce, Polished, forms.Form):
    organization = SafeModelChoiceField(label="登记党组织", queryset=Organization.objects.none())
    community = SafeModelChoiceField(label="社区", queryset=Community.objects.none())
    posted_by = forms.ChoiceField(label="发布方", choices=Wish.PostedBy.choices)
    resident = forms.CharField(label="心愿人", max_length=50, help_text="如：独居老人王某；只写称呼即可")
    title = forms.CharField(label="心愿内容", max_length=100)
    detail = forms.CharField(
        label="详细说明", required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )
    posted_on = forms.DateField(label="发布日期")

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choices(self, user)


class BranchClaimForm(Polished, forms.Form):
    organization = SafeModelChoiceField(label="认领党组织", queryset=Organization.objects.none())

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choices(self, user)


class FulfilForm(Polished, forms.Form):
    fulfilled_on = forms.DateField(label="兑现日期")
    fulfilment = forms.CharField(label="兑现情况", max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))
    evidence = FilesField(
        label=f"佐证照片或材料（最多{MAX_EVIDENCE}个）",
        required=False,
        widget=MultipleFilesInput(attrs={"accept": "image/*,application/pdf"}),
    )
    hours = forms.DecimalField(
        label="服务时长（小时，可不填）",
        required=False,
        max_digits=5,
        decimal_places=1,
        help_text="党员个人认领的，填写后计入本人志愿服务时长",
    )


class ConfirmForm(Polished, forms.Form):
    confirmed_on = forms.DateField(label="确认日期")
    confirmation = forms.CharField(label="群众确认情况", max_length=300, help_text="如：王某电话确认已收到，表示满意")


class ProjectForm(Polished, forms.Form):
    title = forms.CharField(label="实事项目", max_length=100)
    community = SafeModelChoiceField(label="服务社区（可不选）", queryset=Community.objects.none(), required=False)
    goals = forms.CharField(label="目标", max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))
    status = forms.ChoiceField(label="状态", choices=Project.Status.choices)
    started_on = forms.DateField(label="开始日期")
    progress = forms.CharField(label="进展", required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))
    results = forms.CharField(label="成效", required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))
    finished_on = forms.DateField(label="办结日期", required=False)
    work_task = SafeModelChoiceField(
        label="关联工作台账任务（可不选）", queryset=Community.objects.none(), required=False
    )

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from zhibu.worklog.models import Task

        _choices(self, user)
        field: Any = self.fields["work_task"]
        field.queryset = Task.objects.visible_to(user).select_related("owner")
        field.help_text = "工作台账已列为任务的，关联后进展以任务的月度进展为准，不必重复填写"


class ProjectCreateForm(SubmittedOnce, ProjectForm):
    organization = SafeModelChoiceField(label="责任党组织", queryset=Organization.objects.none())
    field_order = ["organization"]

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, user=user, **kwargs)
        _choices(self, user)
