from typing import Any

from django import forms
from django.utils import timezone

from zhibu.branding.models import BrandKind, Case
from zhibu.core.forms import (
    FilesField,
    MultipleFilesInput,
    Polished,
    SafeModelChoiceField,
    SafeModelMultipleChoiceField,
    SubmittedOnce,
)
from zhibu.core.publicity import Resolution
from zhibu.core.scoping import CHANGE
from zhibu.organizations.models import BRANCH_KINDS, Organization

MAX_FILES = 5


class ApplicationForm(SubmittedOnce, Polished, forms.Form):
    organization = SafeModelChoiceField(label="申报党支部", queryset=Organization.objects.none())
    year = forms.IntegerField(label="年度", min_value=2000, max_value=2100)
    evidence = forms.CharField(
        label="创建情况和佐证说明",
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="星级评定结果由系统按定稿结果自动附上，无需填写",
    )
    uploads = FilesField(
        label=f"佐证材料（可不传，最多{MAX_FILES}个）",
        required=False,
        widget=MultipleFilesInput(attrs={"accept": "image/*,application/pdf,.docx,.xlsx"}),
    )

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["organization"]
        field.queryset = Organization.objects.visible_to(user, CHANGE).filter(kind__in=BRANCH_KINDS)

    def clean_uploads(self) -> list:
        files = self.cleaned_data.get("uploads") or []
        if len(files) > MAX_FILES:
            raise forms.ValidationError(f"佐证材料最多{MAX_FILES}个")
        return files


class ReviewForm(Polished, forms.Form):
    happened_on = forms.DateField(label="审核日期")
    agrees = forms.TypedChoiceField(
        label="审核结论",
        choices=(("yes", "审核通过"), ("no", "退回")),
        coerce=lambda value: value == "yes",
        initial="yes",
    )
    note = forms.CharField(label="审核意见（退回时写明理由）", max_length=500, widget=forms.Textarea(attrs={"rows": 3}))


class PublicityForm(Polished, forms.Form):
    happened_on = forms.DateField(label="公示开始日期（工作日）")
    publicity_days = forms.IntegerField(label="公示期（工作日）", min_value=1, max_value=30, initial=5)


class NameForm(Polished, forms.Form):
    happened_on = forms.DateField(label="命名日期")


class ObjectionForm(SubmittedOnce, Polished, forms.Form):
    received_on = forms.DateField(label="收到日期")
    raised_by = forms.CharField(label="反映人（可不填）", required=False, max_length=50)
    content = forms.CharField(label="反映内容", max_length=4000, widget=forms.Textarea(attrs={"rows": 4}))


class AnswerForm(Polished, forms.Form):
    answered_on = forms.DateField(label="答复日期")
    answer = forms.CharField(label="核实和答复情况", max_length=4000, widget=forms.Textarea(attrs={"rows": 4}))
    resolution = forms.ChoiceField(
        label="处理结果",
        choices=[(Resolution.DISMISSED, "经核实不影响命名"), (Resolution.UPHELD, "反映属实，撤销申报")],
    )


class CaseForm(SubmittedOnce, Polished, forms.Form):
    title = forms.CharField(label="案例标题", max_length=100)
    text = forms.CharField(label="案例内容", max_length=8000, widget=forms.Textarea(attrs={"rows": 8}))
    file = forms.FileField(label="附件（可不传）", required=False)


def today() -> dict:
    return {"happened_on": timezone.localdate()}


class BrandForm(SubmittedOnce, Polished, forms.Form):
    organization = SafeModelChoiceField(label="创建党组织", queryset=Organization.objects.none())
    name = forms.CharField(label="品牌名称", max_length=50)
    slogan = forms.CharField(label="品牌口号", max_length=100)
    kind = forms.ChoiceField(label="品牌类型", choices=BrandKind.choices)
    description = forms.CharField(
        label="品牌内涵和创建做法",
        max_length=8000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="品牌的内涵、创建的项目和目标、已取得的成效",
    )
    activities = SafeModelMultipleChoiceField(
        label="支撑的组织生活和活动（可不选）",
        queryset=Organization.objects.none(),
        required=False,
        help_text="近两年已召开的，须是创建党组织（含下级）的",
    )
    cases = SafeModelMultipleChoiceField(label="支撑的案例（可不选）", queryset=Case.objects.none(), required=False)

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        from zhibu.activities.models import Activity
        from zhibu.awards.records import HELD
        from zhibu.branding.services import BRAND_KINDS

        super().__init__(*args, **kwargs)
        fields: Any = self.fields
        fields["organization"].queryset = Organization.objects.visible_to(user, CHANGE).filter(kind__in=BRAND_KINDS)
        since = timezone.localdate().replace(month=1, day=1).replace(year=timezone.localdate().year - 1)
        fields["activities"].queryset = (
            Activity.objects.visible_to(user, CHANGE)
            .filter(status__in=HELD, held_at__date__gte=since)
            .select_related("organization")
            .order_by("-held_at")
        )
        fields["cases"].queryset = Case.objects.visible_to(user, CHANGE).select_related("organization")


class BrandEvaluationForm(Polished, forms.Form):
    happened_on = forms.DateField(label="评价日期")
    recognised = forms.TypedChoiceField(
        label="评价结果",
        choices=(("yes", "认定为党建品牌"), ("no", "不予认定")),
        coerce=lambda value: value == "yes",
        initial="yes",
    )
    note = forms.CharField(
        label="评价意见（不予认定时写明理由）", max_length=500, widget=forms.Textarea(attrs={"rows": 3})
    )


class BrandProjectForm(Polished, forms.Form):
    year = forms.IntegerField(label="年度", min_value=2000, max_value=2100)
    title = forms.CharField(label="项目名称", max_length=100)
    goal = forms.CharField(label="目标", max_length=4000, widget=forms.Textarea(attrs={"rows": 4}))


class BrandProgressForm(Polished, forms.Form):
    progress = forms.CharField(label="进展", max_length=4000, widget=forms.Textarea(attrs={"rows": 5}))
    results = forms.CharField(
        label="成效（可不填）", max_length=4000, required=False, widget=forms.Textarea(attrs={"rows": 4})
    )


class BrandReviewForm(Polished, forms.Form):
    year = forms.IntegerField(label="年度", min_value=2000, max_value=2100)
    happened_on = forms.DateField(label="评价日期")
    recognised = forms.TypedChoiceField(
        label="评价结果",
        choices=(("yes", "本年度认定"), ("no", "本年度不予认定")),
        coerce=lambda value: value == "yes",
        initial="yes",
    )
    note = forms.CharField(
        label="评价意见（不予认定时写明理由）", max_length=500, widget=forms.Textarea(attrs={"rows": 3})
    )
