from typing import Any

from django import forms
from django.contrib.auth import get_user_model

from zhibu.core import idempotency
from zhibu.core.forms import Polished, SafeModelChoiceField, SubmittedOnce, polish_fields
from zhibu.core.rated_rounds import ORGANISER_KINDS, eligible_raters
from zhibu.core.scoping import CHANGE
from zhibu.organizations.models import Organization
from zhibu.secretary_reviews.models import AppraisalRound, Grade, Group, Status


def rounds_open_to(user: Any):
    """Rounds in 述职中 set by the organisation directly above one the user keeps: where they may submit a report."""
    kept = Organization.objects.visible_to(user, CHANGE)
    return AppraisalRound.objects.filter(status=Status.OPEN, organization_id__in=kept.values("parent_id"))


ROUND_FIELDS = [
    "organization",
    "year",
    "title",
    "weight_superior",
    "weight_peer",
    "weight_member",
    "band_good",
    "band_fairly_good",
    "band_average",
]


class RoundForm(SubmittedOnce, Polished, forms.Form):
    """The round's fields as the model defines them; a plain form, so a second round of the year (and the same form
    posted twice) is the service's and the one-time key's to answer, not the model's constraint check."""

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        fields: Any = forms.fields_for_model(AppraisalRound, fields=ROUND_FIELDS)
        fields["organization"] = SafeModelChoiceField(
            label="组织单位", queryset=Organization.objects.visible_to(user, CHANGE).filter(kind__in=ORGANISER_KINDS)
        )
        key = self.fields.pop(idempotency.FORM_FIELD)
        self.fields.update(fields)
        self.fields[idempotency.FORM_FIELD] = key
        polish_fields(self)


class ReportForm(SubmittedOnce, Polished, forms.Form):
    round = SafeModelChoiceField(label="述职评议", queryset=AppraisalRound.objects.none())
    organization = SafeModelChoiceField(label="述职党组织", queryset=Organization.objects.none())
    secretary = forms.CharField(label="述职书记", max_length=50)
    text = forms.CharField(
        label="述职报告",
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text="本年度各项数据（会议、出勤、标准体系检查、党费、发展党员）由系统从记录中自动附上，无需重复填写",
    )
    upload = forms.FileField(label="附件", required=False)

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        fields: Any = self.fields
        fields["round"].queryset = rounds_open_to(user)
        fields["organization"].queryset = Organization.objects.visible_to(user, CHANGE).exclude(parent=None)


class CritiqueForm(Polished, forms.Form):
    text = forms.CharField(label="点评意见", max_length=10000, widget=forms.Textarea(attrs={"rows": 8}))


class RaterForm(Polished, forms.Form):
    user = SafeModelChoiceField(label="评议人", queryset=get_user_model().objects.none())
    group = forms.ChoiceField(label="评议人类别", choices=Group.choices)

    def __init__(self, *args: Any, round: Any = None, **kwargs: Any) -> None:  # noqa: A002
        super().__init__(*args, **kwargs)
        field: Any = self.fields["user"]
        field.queryset = eligible_raters(round.organization) if round is not None else get_user_model().objects.none()


class AdvanceForm(Polished, forms.Form):
    to = forms.ChoiceField(label="进入阶段", choices=[c for c in Status.choices if c[0] != Status.OPEN])


class BallotForm(Polished, forms.Form):
    choice = forms.ChoiceField(label="评价", choices=Grade.choices, widget=forms.RadioSelect)


class ItemForm(Polished, forms.Form):
    point = SafeModelChoiceField(label="纳入工作要点", queryset=None)
    deliverable = forms.CharField(label="整改事项", max_length=300)
    deadline = forms.DateField(label="整改时限")

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        from zhibu.worklog.models import Point

        super().__init__(*args, **kwargs)
        field: Any = self.fields["point"]
        field.queryset = Point.objects.visible_to(user, CHANGE).select_related("section__plan")
