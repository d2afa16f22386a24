from django import forms
from django.utils import timezone

from zhibu.accounts.models import User
from zhibu.core.formatting import cn_date
from zhibu.core.forms import DateInput, Polished, SubmittedOnce
from zhibu.core.periods import key_label
from zhibu.inspections.models import InspectionPlan
from zhibu.organizations.models import Organization
from zhibu.standards.catalogue import catalogue
from zhibu.standards.labels import rule_label

ITEM_SLOTS = 3  # a finding asks for up to three rectification items at once


class PlanForm(SubmittedOnce, Polished, forms.Form):
    organization = forms.ModelChoiceField(label="组织检查的党组织", queryset=Organization.objects.none())
    scope = forms.ModelChoiceField(
        label="检查范围", queryset=Organization.objects.none(), help_text="检查该组织及其下属的全部党支部"
    )
    title = forms.CharField(label="检查名称", max_length=100)
    kind = forms.ChoiceField(label="检查方式", choices=InspectionPlan.Kind.choices)
    period_start = forms.DateField(label="检查期间起", widget=DateInput())
    period_end = forms.DateField(label="检查期间止", widget=DateInput())
    focus = forms.CharField(label="检查重点", max_length=300, required=False, help_text="专项督查必填")
    rule_ids = forms.MultipleChoiceField(
        label="重点规则", required=False, widget=forms.SelectMultiple(attrs={"size": 6}), help_text="可不选"
    )
    inspectors = forms.ModelMultipleChoiceField(
        label="检查人员", queryset=User.objects.none(), widget=forms.SelectMultiple(attrs={"size": 6})
    )
    sample_size = forms.IntegerField(label="抽查数量", required=False, min_value=1, max_value=1000)
    weighted = forms.BooleanField(label="按达标率加权抽取（达标率低的支部更易被抽中）", required=False)
    seed = forms.IntegerField(
        label="抽样随机码", required=False, min_value=1, max_value=2**31 - 1, help_text="留空则自动生成并记录"
    )

    def __init__(self, *args, organizations=None, scopes=None, inspectors=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = (
            organizations if organizations is not None else Organization.objects.none()
        )
        self.fields["scope"].queryset = scopes if scopes is not None else Organization.objects.none()
        self.fields["inspectors"].queryset = inspectors if inspectors is not None else User.objects.none()
        self.fields["rule_ids"].choices = [(rule.id, f"{rule.id} {rule.title}") for rule in catalogue()]


class FindingForm(SubmittedOnce, Polished, forms.Form):
    found_on = forms.DateField(label="检查日期", widget=DateInput(), help_text="事后补录时填写实地检查的日期")
    description = forms.CharField(label="发现的问题", widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)
    verdict = forms.TypedChoiceField(label="涉及评估结论", required=False, coerce=int, empty_value=None)
    activity = forms.TypedChoiceField(label="涉及记录", required=False, coerce=int, empty_value=None)
    rule_id = forms.ChoiceField(
        label="涉及规则",
        required=False,
        error_messages={"invalid_choice": "标准目录中没有规则“%(value)s”，请从列表中选择，或选“不涉及”"},
    )

    def __init__(self, *args, verdicts=(), activities=(), owners=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["verdict"].choices = [("", "（不涉及）")] + [
            (
                verdict.pk,
                f"{rule_label(verdict.rule_id)}（{key_label(verdict.period_key)}）：{verdict.explanation[:40]}",
            )
            for verdict in verdicts
        ]
        self.fields["activity"].choices = [("", "（不涉及）")] + [
            (
                activity.pk,
                f"{cn_date(timezone.localtime(activity.held_at or activity.planned_at))} {activity.kind} {activity.title}",
            )
            for activity in activities
        ]
        self.fields["rule_id"].choices = [("", "（不涉及）")] + [
            (rule.id, f"{rule.id} {rule.title}") for rule in catalogue()
        ]
        owner_choices = [("", "请选择")] + [(member.pk, member.name) for member in owners]
        for slot in range(1, ITEM_SLOTS + 1):
            first = slot == 1
            self.fields[f"task_{slot}"] = forms.CharField(label=f"整改要求{slot}", max_length=300, required=first)
            self.fields[f"owner_{slot}"] = forms.TypedChoiceField(
                label=f"责任人{slot}", choices=owner_choices, coerce=int, empty_value=None, required=first
            )
            self.fields[f"deadline_{slot}"] = forms.DateField(
                label=f"整改时限{slot}", widget=DateInput(), required=first
            )
            self.fields[f"evidence_{slot}"] = forms.CharField(
                label=f"应提交的佐证材料{slot}",
                max_length=200,
                required=first,
                help_text="如：补开会议的记录、签到表照片" if first else "",
            )

    def item_specs(self, owners: dict) -> list[dict]:
        """The filled-in item slots; a slot half filled in is an error on that slot."""
        specs = []
        for slot in range(1, ITEM_SLOTS + 1):
            values = [self.cleaned_data.get(f"{name}_{slot}") for name in ("task", "owner", "deadline", "evidence")]
            if not any(values):
                continue
            if not all(values):
                self.add_error(f"task_{slot}", f"第{slot}项整改要求请把要求、责任人、时限和佐证材料填写完整")
                continue
            task, owner, deadline, evidence = values
            specs.append(
                {"task": task, "owner": owners.get(owner), "deadline": deadline, "required_evidence": evidence}
            )
        return specs


class ReportForm(Polished, forms.Form):
    text = forms.CharField(
        label="整改情况", widget=forms.Textarea(attrs={"rows": 4}), max_length=2000, help_text="写明采取的措施和结果"
    )
    evidence = forms.FileField(label="佐证材料", help_text="PDF、Word、Excel或图片")


class ReviewForm(Polished, forms.Form):
    decision = forms.ChoiceField(label="验收意见", choices=[("accept", "同意销号"), ("return", "退回重改")])
    comment = forms.CharField(label="意见说明", max_length=300, required=False, help_text="退回时必填")
