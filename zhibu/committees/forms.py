from django import forms

from zhibu.committees.models import PositionKind, Term
from zhibu.core import idempotency
from zhibu.core.forms import MAX_ID, DateInput, Polished, SubmittedOnce
from zhibu.members.models import Member


class TermForm(SubmittedOnce, Polished, forms.ModelForm):
    class Meta:
        model = Term
        fields = ("number", "elected_on", "started_on", "planned_end_on", "approval_document", "note")
        help_texts = {"planned_end_on": "不填则按任期年限自动计算（支部、总支3年，党委5年）"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["planned_end_on"].required = False
        if self.instance.pk:  # an edit is guarded by its record, not by a submission key
            del self.fields[idempotency.FORM_FIELD]

    def _post_clean(self):
        """Validated by the committee services."""


class TermDelayForm(Polished, forms.Form):
    approved_on = forms.DateField(label="批准日期", widget=DateInput())
    document_number = forms.CharField(label="批准文号", max_length=60, help_text="如“×机关党委〔2026〕5号”")
    delayed_to = forms.DateField(
        label="延期至", widget=DateInput(), help_text="批准延期后的任期届满日期，一般不超过1年"
    )
    reason = forms.CharField(label="延期理由", max_length=300, widget=forms.Textarea(attrs={"rows": 3}))


class PositionForm(SubmittedOnce, Polished, forms.Form):
    kind = forms.ModelChoiceField(label="职务", queryset=PositionKind.objects.all())
    holder = forms.ModelChoiceField(
        label="任职人", queryset=Member.objects.none(), required=False, help_text="留空表示该职务空缺"
    )
    started_on = forms.DateField(label="任职日期", widget=DateInput())
    is_by_election = forms.BooleanField(label="补选产生", required=False)
    note = forms.CharField(label="备注", max_length=200, required=False)

    def __init__(self, *args, candidates=None, **kwargs):
        super().__init__(*args, **kwargs)
        if candidates is not None:
            self.fields["holder"].queryset = candidates


class EndPositionForm(Polished, forms.Form):
    ended_on = forms.DateField(label="离任日期", widget=DateInput())
    reason = forms.CharField(label="离任原因", max_length=100)
    leave_vacant = forms.BooleanField(label="登记为空缺，待补选", required=False, initial=True)


class PositionKindForm(Polished, forms.ModelForm):
    class Meta:
        model = PositionKind
        fields = ("code", "name", "sort_order", "single_seat", "core")
        labels = {"code": "职务标识"}
        help_texts = {
            "code": "系统内部使用的标识，只用小写字母、数字和下划线，如 youth；设定后不要随意修改",
            "core": "勾选后用于检查支部委员会配备（ORG-05 支部委员会配备书记和组织、宣传、纪检委员）",
        }

    def _post_clean(self):
        """Validated by the service."""


class VacancyLink(forms.Form):
    """The query of the link from a vacant seat to the position form: which seat (a by-election fills it)."""

    kind = forms.IntegerField(required=False, min_value=1, max_value=MAX_ID)
