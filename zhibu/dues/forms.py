from django import forms

from zhibu.core.forms import DateInput, Polished
from zhibu.dues.models import Category, Payment


class AssessmentForm(Polished, forms.Form):
    year = forms.IntegerField(label="年度", min_value=2000, max_value=2100)
    category = forms.ChoiceField(label="缴费类别", choices=Category.choices)
    base = forms.CharField(
        label="计算基数（元/月）",
        required=False,
        max_length=20,
        help_text="在职：每月税后固定收入；离退休：实领离退休费",
    )
    fixed = forms.CharField(
        label="月缴金额（元）", required=False, max_length=10, help_text="农民0.2–1元；困难减免后的金额"
    )
    branch_decision = forms.CharField(label="支部研究决定", required=False, max_length=200, help_text="困难减免必填")
    higher_approval = forms.CharField(label="上级党委批准", required=False, max_length=200, help_text="困难减免必填")


class PaymentForm(Polished, forms.Form):
    member = forms.IntegerField(widget=forms.HiddenInput)
    month = forms.CharField(widget=forms.HiddenInput)
    key = forms.CharField(widget=forms.HiddenInput, max_length=64)
    method = forms.ChoiceField(label="方式", choices=Payment.Method.choices)
    paid_on = forms.DateField(label="缴纳日期", required=False, widget=DateInput())


class ReversalForm(Polished, forms.Form):
    reason = forms.CharField(label="冲正原因", max_length=200)
