from typing import Any

from django import forms
from django.utils import timezone

from zhibu.awards.models import AwardRound, Category, Resolution, Step
from zhibu.awards.services import AUTHORITY_KINDS, BASIC_KINDS
from zhibu.core.forms import Polished, SafeModelChoiceField, SubmittedOnce
from zhibu.core.scoping import CHANGE
from zhibu.members.models import Member
from zhibu.organizations.models import Organization


def rounds_open_to(user: Any):
    """Open rounds of the organisations above (or at) those the user keeps: where they may nominate. A round is set by
    a 工委/党委; the branches below nominate into it."""
    paths = user.scope_paths(CHANGE)[0]
    today = timezone.localdate()
    candidates = AwardRound.objects.filter(opens_on__lte=today, closes_on__gte=today).select_related("organization")
    ids = [
        r.pk
        for r in candidates
        if any(p.startswith(r.organization.path) or r.organization.path.startswith(p) for p in paths)
    ]
    return AwardRound.objects.filter(pk__in=ids)


class RoundForm(SubmittedOnce, Polished, forms.ModelForm):
    organization = SafeModelChoiceField(label="评选组织", queryset=Organization.objects.none())

    class Meta:
        model = AwardRound
        fields = [
            "organization",
            "year",
            "title",
            "opens_on",
            "closes_on",
            "member_cap_percent",
            "worker_cap_percent",
            "org_cap_percent",
            "publicity_days",
        ]

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["organization"]
        field.queryset = Organization.objects.visible_to(user, CHANGE).filter(kind__in=AUTHORITY_KINDS)


class NominationForm(SubmittedOnce, Polished, forms.Form):
    round = SafeModelChoiceField(label="评选", queryset=AwardRound.objects.none())
    category = forms.ChoiceField(label="推荐类别", choices=Category.choices)
    member = SafeModelChoiceField(
        label="被推荐党员",
        queryset=Member.objects.none(),
        required=False,
        help_text="推荐优秀共产党员、优秀党务工作者时选择",
    )
    organization = SafeModelChoiceField(
        label="被推荐党组织", queryset=Organization.objects.none(), required=False, help_text="推荐先进基层党组织时选择"
    )
    reasons = forms.CharField(label="推荐理由（主要事迹）", max_length=4000, widget=forms.Textarea(attrs={"rows": 5}))

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        fields: Any = self.fields
        fields["round"].queryset = rounds_open_to(user)
        fields["member"].queryset = Member.objects.visible_to(user, CHANGE).current().select_related("organization")
        fields["organization"].queryset = Organization.objects.visible_to(user, CHANGE).filter(kind__in=BASIC_KINDS)


class StepForm(Polished, forms.Form):
    step = forms.ChoiceField(label="步骤", choices=Step.choices)
    happened_on = forms.DateField(label="日期")
    note = forms.CharField(label="情况或意见", required=False, max_length=500, widget=forms.Textarea(attrs={"rows": 3}))
    agrees = forms.TypedChoiceField(
        label="结论",
        choices=(("yes", "同意"), ("no", "不同意")),
        coerce=lambda value: value == "yes",
        initial="yes",
        help_text="纪检意见和审批时选择；其他步骤不看此项",
    )


class ObjectionForm(SubmittedOnce, Polished, forms.Form):
    received_on = forms.DateField(label="收到日期")
    raised_by = forms.CharField(label="反映人（可不填）", required=False, max_length=50)
    content = forms.CharField(label="反映内容", max_length=4000, widget=forms.Textarea(attrs={"rows": 4}))


class AnswerForm(Polished, forms.Form):
    answered_on = forms.DateField(label="答复日期")
    answer = forms.CharField(label="核实和答复情况", max_length=4000, widget=forms.Textarea(attrs={"rows": 4}))
    resolution = forms.ChoiceField(label="处理结果", choices=Resolution.choices)
