from typing import Any

from django import forms

from zhibu.core.forms import Polished, SafeModelChoiceField, SubmittedOnce
from zhibu.integrity.models import DisciplineRecord, RiskLevel, RiskPoint, RiskReview, discipline_paths
from zhibu.members.models import Member
from zhibu.organizations.models import Organization


class RiskForm(SubmittedOnce, Polished, forms.ModelForm):
    organization = SafeModelChoiceField(label="党组织", queryset=Organization.objects.none())

    class Meta:
        model = RiskPoint
        fields = [
            "organization",
            "post",
            "process",
            "description",
            "level",
            "controls",
            "owner",
            "review_interval_months",
            "identified_on",
        ]

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["organization"]
        field.queryset = Organization.objects.visible_to(user, "change")


class ReviewForm(SubmittedOnce, Polished, forms.ModelForm):
    level = forms.ChoiceField(label="复查后风险等级", choices=RiskLevel.choices)
    active = forms.BooleanField(label="继续有效", required=False, initial=True, help_text="风险已消除时取消勾选")

    class Meta:
        model = RiskReview
        fields = ["reviewed_on", "reviewer", "finding", "level"]


class DisciplineForm(SubmittedOnce, Polished, forms.ModelForm):
    member = SafeModelChoiceField(label="对象", queryset=Member.objects.none())

    class Meta:
        model = DisciplineRecord
        fields = ["member", "kind", "happened_on", "reason", "outcome"]
        widgets = {"reason": forms.Textarea(attrs={"rows": 3}), "outcome": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["member"]
        # The people a keeper may record about follow the record's own scope (纪检 grants and committee seats), not the
        # role matrix: a committee member who is an ordinary 党员 elsewhere still records about their branch.
        paths = discipline_paths(user)
        members = Member.objects.none()
        for path in paths:
            members |= Member.objects.filter(organization__path__startswith=path, restricted_at__isnull=True)
        field.queryset = members.exclude(user_id=getattr(user, "pk", None)).order_by("name")


class DisciplineEditForm(Polished, forms.ModelForm):
    class Meta:
        model = DisciplineRecord
        fields = ["reason", "outcome"]
        widgets = {"reason": forms.Textarea(attrs={"rows": 3}), "outcome": forms.Textarea(attrs={"rows": 3})}
