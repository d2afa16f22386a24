from django import forms

from zhibu.core.forms import Polished, SubmittedOnce
from zhibu.workdays.models import DayOverride


class DayOverrideForm(Polished, SubmittedOnce, forms.ModelForm):
    class Meta:
        model = DayOverride
        fields = ("day", "kind", "name", "note")
        error_messages = {
            "day": {"required": "请选择日期", "invalid": "日期格式不对，请按“2027-01-01”填写或用日期选择器选择"},
            "kind": {"required": "请选择“休息日”（放假）或“工作日”（调休上班）"},
            "name": {"required": "请填写名称，如“春节”“国庆节”或“调休上班”"},
        }

    def validate_unique(self):
        """The service says a date is already entered, naming what it holds (``Conflict``)."""


class ConfirmYearForm(Polished, forms.Form):
    year = forms.IntegerField(
        label="年度",
        min_value=1900,
        max_value=2100,
        error_messages={
            "required": "请填写年度",
            "invalid": "年度应为四位数字，如 2027",
            "min_value": "年度应为四位数字，如 2027",
            "max_value": "年度应为四位数字，如 2027",
        },
    )
