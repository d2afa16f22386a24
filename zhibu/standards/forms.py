from typing import Any, cast

from django import forms
from django.db.models import QuerySet

from zhibu.core.forms import Polished
from zhibu.core.parameters import ReportParameters
from zhibu.organizations.models import Organization
from zhibu.standards.catalogue import catalogue
from zhibu.standards.parameters import label
from zhibu.standards.services import overridable


class NoteForm(Polished, forms.Form):
    text = forms.CharField(
        label="情况说明",
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=2000,
        help_text="写明未达标的原因（如集中封闭培训、人员调整）和整改打算；由上级党组织审核",
    )
    attachment = forms.FileField(
        label="附件（可不传）", required=False, help_text="PDF、Word或图片，如请假审批、会议通知"
    )


class ReviewForm(Polished, forms.Form):
    decision = forms.ChoiceField(label="审核意见", choices=[("accept", "接受"), ("return", "退回")])
    comment = forms.CharField(label="意见说明", max_length=300, required=False)


def _rule_choices() -> list[tuple[str, str]]:
    return [("", "请选择")] + [(rule.id, f"{rule.id} {rule.title}") for rule in catalogue() if rule.evaluated]


def _key_choices() -> list[tuple[str, str]]:
    keys = sorted({key for rule in catalogue() if rule.evaluated for key in overridable(rule)})
    return [("", "请选择")] + [(key, label(key)) for key in keys]


class OverrideForm(Polished, forms.Form):
    organization = forms.ModelChoiceField(label="机关工委", queryset=Organization.objects.none())
    # Choices as callables: read from the catalogue each time a form is built.
    rule_id = forms.ChoiceField(label="规则", choices=_rule_choices)
    key = forms.ChoiceField(label="参数", choices=_key_choices, help_text="各规则可调整的参数见下表“可调整参数”")
    value = forms.CharField(label="取值", max_length=20, help_text="数字，或周期“每月/每季度/每年”")
    reason = forms.CharField(label="依据", max_length=200, help_text="文件名称和文号，如“×工委〔2026〕3号”")

    def __init__(self, *args: Any, organizations: QuerySet[Organization] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The form's own copy of the field declared above, so its type is known.
        organization = cast("forms.ModelChoiceField[Organization]", self.fields["organization"])
        organization.queryset = organizations if organizations is not None else Organization.objects.none()


SUMMARY_EXPORTS = (
    ("org", "按组织"),
    ("rule", "按规则"),
    ("month", "按月份"),
    ("heat", "达标热力图"),
    ("missed", "未达标事项"),
)


class SummaryParameters(ReportParameters):
    """The standards dashboard's and sheet's query: organisation, year, on the sheet whether to show only the rows
    with a problem and, for a download, which table (an unknown one gives the table by organisation, as it always
    has)."""

    export = forms.ChoiceField(
        required=False, choices=SUMMARY_EXPORTS, error_messages={"invalid_choice": "没有这种导出表"}
    )
    problems = forms.TypedChoiceField(
        required=False,
        choices=(("1", "只看问题"), ("0", "全部")),
        coerce=lambda value: value == "1",
        empty_value="",
        error_messages={"invalid_choice": "“只看问题”的取值须是 1 或 0"},
    )

    @property
    def only_problems(self) -> bool:
        return self.value("problems", False) is True
