from django import forms

from zhibu.core import idempotency
from zhibu.core.forms import Polished, SubmittedOnce
from zhibu.organizations.models import Organization, Unit


class OrganizationForm(SubmittedOnce, Polished, forms.ModelForm):
    class Meta:
        model = Organization
        fields = ("name", "short_name", "kind", "code", "parent", "units", "founded_on", "sort_order", "note")
        widgets = {"units": forms.CheckboxSelectMultiple}

    def __init__(self, *args, parents=None, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parent"].queryset = parents if parents is not None else Organization.objects.none()
        self.fields["units"].queryset = units if units is not None else Unit.objects.none()
        if self.instance.pk:
            del self.fields[idempotency.FORM_FIELD]  # only a create can be double-submitted into a second record

    def _post_clean(self):
        """Validation (placement, dates, uniqueness) is the service's job, shared with the API."""


class OrganizationStatusForm(Polished, forms.Form):
    status = forms.ChoiceField(label="状态", choices=Organization.Status.choices)
    status_changed_on = forms.DateField(label="变更日期")
    merged_into = forms.ModelChoiceField(
        label="并入组织（合并时）", queryset=Organization.objects.none(), required=False
    )

    def __init__(self, *args, targets=None, **kwargs):
        super().__init__(*args, **kwargs)
        if targets is not None:
            self.fields["merged_into"].queryset = targets


class UnitForm(SubmittedOnce, Polished, forms.ModelForm):
    class Meta:
        model = Unit
        fields = ("name", "code", "staff_headcount", "party_staff", "owner", "note")
        help_texts = {"party_staff": "按AGY-01 机关专职党务干部一般占机关工作人员的1%至2%"}

    def __init__(self, *args, owners=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = owners if owners is not None else Organization.objects.none()
        self.fields["party_staff"].required = False  # most units enter it later; blank means none yet
        if self.instance.pk:
            del self.fields["owner"]
            del self.fields[idempotency.FORM_FIELD]  # only a create can be double-submitted into a second record

    def clean_party_staff(self):
        return self.cleaned_data.get("party_staff") or 0

    def _post_clean(self):
        """Validated by the unit services."""
