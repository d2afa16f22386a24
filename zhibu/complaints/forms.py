from typing import Any

from django import forms

from zhibu.complaints import routing
from zhibu.complaints.models import ComplaintKind, FollowUp, IntakePoint, Rating, ReviewDecision, StepKind, VisitWay
from zhibu.complaints.throttle import form_stamp
from zhibu.core.forms import Polished, SafeModelChoiceField, SubmittedOnce
from zhibu.inspections.models import RectificationItem
from zhibu.organizations.models import Organization

STAMP = "started"  # the signed moment the form was rendered (``throttle.form_stamp``)
HONEYPOT = "website"  # a field people never see (hidden by CSS); a bot that fills every field fills it too


class MultipleImagesInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class ImagesField(forms.FileField):
    """Up to a few images in one input; each is checked by the upload service when stored."""

    def clean(self, data: Any, initial: Any = None) -> Any:
        items = data if isinstance(data, list | tuple) else ([data] if data else [])
        return [super(ImagesField, self).clean(item, initial) for item in items]


class PublicComplaintForm(SubmittedOnce, Polished, forms.Form):
    kind = SafeModelChoiceField(label="投诉类别", queryset=ComplaintKind.objects.none())
    what = forms.CharField(
        label="发生了什么",
        widget=forms.Textarea(attrs={"rows": 5, "placeholder": "请写明办理的事项、遇到的问题和经过"}),
        max_length=4000,
    )
    place = forms.CharField(label="发生地点", max_length=400)
    happened_on = forms.DateField(label="发生日期")
    contact = forms.CharField(
        label="联系电话（可不填）",
        required=False,
        max_length=40,
        help_text="留下电话便于工作人员回访；不填即为匿名投诉，凭查询码查看办理结果",
    )
    images = ImagesField(
        label="图片（可不选，最多3张）",
        required=False,
        widget=MultipleImagesInput(attrs={"accept": "image/jpeg,image/png,image/gif,image/webp"}),
    )
    started = forms.CharField(widget=forms.HiddenInput, required=False, initial=form_stamp)
    website = forms.CharField(
        label="请勿填写此项",
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["kind"]
        field.queryset = ComplaintKind.objects.filter(active=True)
        for name in ("what", "place"):
            self.fields[name].error_messages["required"] = "此项为必填项"


class RatingForm(Polished, forms.Form):
    rating = forms.ChoiceField(label="您对办理结果是否满意", choices=Rating.choices, widget=forms.RadioSelect)
    comment = forms.CharField(label="意见或建议（可不填）", required=False, max_length=300, widget=forms.Textarea)


class StepForm(Polished, forms.Form):
    kind = forms.ChoiceField(label="办理步骤", choices=StepKind.choices)
    happened_on = forms.DateField(label="办理日期")
    official = forms.CharField(label="经办人", max_length=50)
    note = forms.CharField(
        label="办理情况",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="交办写明承办单位或人员；答复写明答复内容（投诉人在查询页可见）",
    )


def _people(form: forms.BaseForm, organization: Any) -> None:
    """The routing choices: users with a role on the organisation or above (all those in the user's scope when the
    organisation is not chosen yet); the service checks the pair again."""
    for name in ("unit_head", "efficiency_office"):
        field: Any = form.fields[name]
        field.queryset = routing.candidates(organization)
        field.label_from_instance = lambda user: user.full_name or user.username


class IntakePointForm(SubmittedOnce, Polished, forms.ModelForm):
    organization = SafeModelChoiceField(label="负责党组织", queryset=Organization.objects.none())

    class Meta:
        model = IntakePoint
        fields = ["organization", "unit_name", "kind", "name", "unit_head", "efficiency_office"]

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["organization"]
        field.queryset = Organization.objects.visible_to(user, "change")
        picked = str(self.data.get("organization") or "") if self.data else ""
        chosen = field.queryset.filter(pk=int(picked)).first() if picked.isdigit() and len(picked) < 12 else None
        _people(self, chosen or field.queryset.order_by("depth").first())


class IntakePointEditForm(Polished, forms.ModelForm):
    class Meta:
        model = IntakePoint
        fields = ["unit_name", "kind", "name", "active", "unit_head", "efficiency_office"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _people(self, self.instance.organization)


class KindForm(Polished, forms.ModelForm):
    class Meta:
        model = ComplaintKind
        fields = ["name", "deadline_days", "active", "order"]


class RefusalForm(Polished, forms.Form):
    decided_on = forms.DateField(label="说“不”日期")
    official = forms.CharField(label="决定人", max_length=50)
    reason = forms.CharField(
        label="不予办理的理由",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="写明依据和理由；本级复核未解决的，按期报上级组织决定",
    )


class RefusalReviewForm(Polished, forms.Form):
    reviewed_on = forms.DateField(label="复核日期")
    reviewer = forms.CharField(label="复核人", max_length=50)
    decision = forms.ChoiceField(label="复核结论", choices=ReviewDecision.choices, widget=forms.RadioSelect)
    note = forms.CharField(label="复核意见", required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))


class RefusalCloseForm(Polished, forms.Form):
    closed_on = forms.DateField(label="决定日期")
    official = forms.CharField(label="决定人", max_length=50)
    decision = forms.CharField(label="最终决定", max_length=2000, widget=forms.Textarea(attrs={"rows": 4}))


class RectificationLinkForm(Polished, forms.Form):
    item = SafeModelChoiceField(label="整改事项", queryset=RectificationItem.objects.none())

    def __init__(self, *args: Any, complaint: Any = None, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["item"]
        items = RectificationItem.objects.visible_to(user)
        if complaint is not None:
            items = items.filter(organization__path__startswith=complaint.organization.path)
        field.queryset = items.select_related("organization")


class RectificationOpenForm(Polished, forms.Form):
    """A new rectification item from a complaint, pre-filled from it (the officer edits before saving)."""

    plan = forms.TypedChoiceField(label="所属督查", coerce=int, empty_value=None)
    description = forms.CharField(label="发现的问题", widget=forms.Textarea(attrs={"rows": 4}), max_length=2000)
    task = forms.CharField(label="整改要求", max_length=300)
    owner = forms.TypedChoiceField(label="责任人", coerce=int, empty_value=None)
    deadline = forms.DateField(label="整改时限")
    required_evidence = forms.CharField(label="应提交的佐证材料", max_length=200)

    def __init__(self, *args: Any, plans: Any = (), owners: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        plan_field: Any = self.fields["plan"]
        plan_field.choices = [("", "请选择")] + [(plan.pk, str(plan)) for plan in plans]
        owner_field: Any = self.fields["owner"]
        owner_field.choices = [("", "请选择")] + [(member.pk, member.name) for member in owners]


class ReturnVisitForm(Polished, forms.Form):
    visited_on = forms.DateField(label="回访日期")
    way = forms.ChoiceField(label="回访方式", choices=VisitWay.choices, widget=forms.RadioSelect)
    visitor = forms.CharField(label="回访人", max_length=50)
    feedback = forms.CharField(
        label="群众意见",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="如实记录群众的原话或要点",
    )
    satisfied = forms.TypedChoiceField(
        label="群众是否满意",
        choices=(("yes", "满意"), ("no", "不满意")),
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
    )
    follow_up = forms.ChoiceField(
        label="后续处理（群众不满意时必选）",
        choices=[("", "请选择"), *FollowUp.choices],
        required=False,
        help_text="重新办理：从交办起再办一轮，办理期限从回访日期重新计算；纳入整改：随后新建或关联整改事项",
    )
    decision_note = forms.CharField(
        label="处理决定的理由（群众不满意时必填）",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
