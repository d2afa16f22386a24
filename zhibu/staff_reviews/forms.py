from typing import Any

from django import forms
from django.contrib.auth import get_user_model

from zhibu.core import idempotency
from zhibu.core.forms import Polished, SafeModelChoiceField, SubmittedOnce, polish_fields
from zhibu.core.rated_rounds import ORGANISER_KINDS, eligible_raters
from zhibu.core.scoping import CHANGE
from zhibu.organizations.models import Organization
from zhibu.staff_reviews.models import Grade, Group, StaffReviewRound

ROUND_FIELDS = [
    "organization",
    "year",
    "title",
    "weight_indicators",
    "weight_ratings",
    "weight_superior",
    "weight_peer",
    "weight_subordinate",
    "band_excellent",
    "band_competent",
    "band_basic",
]


class RoundForm(SubmittedOnce, Polished, forms.Form):
    """The round's fields as the model defines them; a second round of the year is the service's to refuse."""

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        fields: Any = forms.fields_for_model(StaffReviewRound, fields=ROUND_FIELDS)
        fields["organization"] = SafeModelChoiceField(
            label="组织单位", queryset=Organization.objects.visible_to(user, CHANGE).filter(kind__in=ORGANISER_KINDS)
        )
        key = self.fields.pop(idempotency.FORM_FIELD)
        self.fields.update(fields)
        self.fields[idempotency.FORM_FIELD] = key
        polish_fields(self)


class RaterForm(Polished, forms.Form):
    user = SafeModelChoiceField(label="评议人", queryset=get_user_model().objects.none())
    group = forms.ChoiceField(label="评议人类别", choices=Group.choices)

    def __init__(self, *args: Any, round: Any = None, **kwargs: Any) -> None:  # noqa: A002
        super().__init__(*args, **kwargs)
        field: Any = self.fields["user"]
        field.queryset = eligible_raters(round.organization) if round is not None else get_user_model().objects.none()


class ScoreForm(Polished, forms.Form):
    confirm = forms.BooleanField(label="确认按评议票和记录指标评定（评定后不能再投票）")


class BallotForm(Polished, forms.Form):
    choice = forms.ChoiceField(label="评价", choices=Grade.choices, widget=forms.RadioSelect)
