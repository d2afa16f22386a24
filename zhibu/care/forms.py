from typing import Any

from django import forms

from zhibu.care.models import CareCase, CareVisit
from zhibu.core.forms import Polished, SafeModelChoiceField, SubmittedOnce
from zhibu.members.models import Member


class CaseForm(SubmittedOnce, Polished, forms.ModelForm):
    member = SafeModelChoiceField(label="党员", queryset=Member.objects.none())

    class Meta:
        model = CareCase
        fields = ["member", "kind", "reason", "since", "level"]

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["member"]
        field.queryset = Member.objects.visible_to(user, "change").select_related("organization").order_by("name")


class CaseEditForm(Polished, forms.ModelForm):
    class Meta:
        model = CareCase
        fields = ["reason", "level", "ended_on"]


class VisitForm(SubmittedOnce, Polished, forms.ModelForm):
    amount = forms.DecimalField(
        label="金额（元）",
        required=False,
        max_digits=10,
        decimal_places=2,
        help_text="发放慰问金或帮扶资金时填写，如 500.00；未发放钱款请留空",
        error_messages={
            "invalid": "金额请填写数字，如 500 或 500.00",
            "max_decimal_places": "金额最多保留两位小数（到分）",
            "max_digits": "金额过大，请核对",
            "max_whole_digits": "金额过大，请核对",
        },
    )

    class Meta:
        model = CareVisit
        fields = ["kind", "visited_on", "visitors", "note", "amount"]
