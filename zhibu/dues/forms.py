from django import forms

from zhibu.core.forms import MAX_ID, DateInput, Polished
from zhibu.dues.importing import MAX_FILE_BYTES
from zhibu.dues.models import Category, Payment
from zhibu.organizations.models import Organization

BATCH_KEY_MESSAGE = "提交标识缺失或格式不对，请刷新页面后重新提交"


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


class MemberIdsField(forms.Field):
    """The ticked members of a sheet: record ids, checked as numbers an id column can hold; whose they are is the
    view's question (``visible_to``)."""

    widget = forms.MultipleHiddenInput

    def to_python(self, value) -> list[int]:
        values = value if isinstance(value, list | tuple) else [value] if value else []
        ids = []
        for item in values:
            text = str(item).strip()
            if not text.isdigit() or not 0 < int(text) <= MAX_ID:
                raise forms.ValidationError("所选党员有误，请刷新页面后重新选择")
            ids.append(int(text))
        return list(dict.fromkeys(ids))


class MonthForm(Polished, forms.Form):
    """One submission for the month of many members: all unpaid (``scope=all``) or the ticked ones."""

    organization = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=MAX_ID)
    month = forms.CharField(widget=forms.HiddenInput, max_length=10)
    key = forms.CharField(
        widget=forms.HiddenInput,
        min_length=8,
        max_length=48,
        error_messages={
            "min_length": BATCH_KEY_MESSAGE,
            "max_length": BATCH_KEY_MESSAGE,
            "required": BATCH_KEY_MESSAGE,
        },
    )
    scope = forms.ChoiceField(choices=(("all", "全部未缴党员"), ("selected", "所选党员")), widget=forms.HiddenInput)
    members = MemberIdsField(required=False)
    method = forms.ChoiceField(label="方式", choices=Payment.Method.choices)
    paid_on = forms.DateField(label="缴纳日期", required=False, widget=DateInput())

    def clean(self):
        data = super().clean()
        if data.get("scope") == "selected" and not data.get("members"):
            raise forms.ValidationError("请先勾选要登记的党员，或点击“全部未缴党员登记”")
        return data


class ImportForm(Polished, forms.Form):
    """A payroll-deduction or bank file for one branch; every row is recorded with the method and date given here."""

    organization = forms.ModelChoiceField(label="党支部", queryset=Organization.objects.none())
    file = forms.FileField(label="代扣/银行文件（.xlsx）")
    method = forms.ChoiceField(label="方式", choices=Payment.Method.choices, initial=Payment.Method.ON_BEHALF)
    paid_on = forms.DateField(label="缴纳日期", required=False, widget=DateInput(), help_text="不填则为今天")

    def __init__(self, *args, branches, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = branches

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(".xlsx"):
            raise forms.ValidationError("请上传 .xlsx 格式的 Excel 文件（可先下载模板）")
        if upload.size > MAX_FILE_BYTES:
            raise forms.ValidationError(f"文件超过{MAX_FILE_BYTES // (1024 * 1024)}MB，远大于一个月代扣清单应有的大小")
        return upload
