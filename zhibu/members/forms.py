from django import forms

from zhibu.core import idempotency
from zhibu.core.forms import DateInput, Polished, SubmittedOnce
from zhibu.core.masking import mask
from zhibu.members.choices import EventKind, LeaveManner
from zhibu.members.models import Member, Transfer
from zhibu.members.services import EDITABLE_FIELDS
from zhibu.organizations.models import BRANCH_KINDS, Organization

FIELDSETS = (
    ("基本信息", ("name", "gender", "id_number", "ethnicity", "birth_date", "education")),
    (
        "党员身份",
        (
            "organization",
            "party_group",
            "category",
            "party_status",
            "joined_on",
            "full_member_on",
            "probation_extension_months",
            "sponsors",
            "current_party_post",
        ),
    ),
    ("工作与联系", ("job_position", "employer", "employer_position", "mobile", "landline", "address")),
    (
        "标记",
        (
            "is_lost_contact",
            "lost_contact_on",
            "lost_contact_reason",
            "is_mobile_member",
            "mobile_destination",
            "is_hardship",
            "is_veteran",
            "is_retired",
            "is_leading_cadre",
            "dual_life_organization",
            "note",
        ),
    ),
)


PERSONAL_FIELDS = ("id_number", "mobile", "landline", "address")


def active_branches():
    return Organization.objects.filter(kind__in=BRANCH_KINDS, status=Organization.Status.ACTIVE)


class MemberForm(SubmittedOnce, Polished, forms.ModelForm):
    """Type conversion only; the member services hold the rules (shared with the import and the API)."""

    class Meta:
        model = Member
        fields = ("organization", "category", "party_status", *EDITABLE_FIELDS)
        widgets = dict.fromkeys(PERSONAL_FIELDS, forms.TextInput)

    def __init__(self, *args, branches=None, creating=True, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["probation_extension_months"].required = False
        self.fields["id_number"].required = True
        self.fields["dual_life_organization"].queryset = active_branches()
        groups = Organization.objects.filter(kind="group", status=Organization.Status.ACTIVE)
        if self.instance.pk:
            groups = groups.filter(parent_id=self.instance.organization_id)
        self.fields["party_group"].queryset = groups
        if creating:
            self.fields["organization"].queryset = branches if branches is not None else Organization.objects.none()
        else:
            # Editing is guarded by the record's version, not a submission key.
            for name in ("organization", "category", "party_status", idempotency.FORM_FIELD):
                del self.fields[name]
        if self.instance.pk:
            self._hide_personal_data()

    def _hide_personal_data(self):
        """An edit form never carries personal data in full: it shows the masked value and keeps the stored one unless
        a new value is typed. The full value is read only through 查看完整信息, which is audited."""
        for name in PERSONAL_FIELDS:
            field = self.fields[name]
            current = mask(Member._meta.get_field(name).mask_kind, getattr(self.instance, name))
            field.required = False
            field.widget.attrs["placeholder"] = current or "未填写"
            field.widget.attrs["autocomplete"] = "off"
            field.help_text = f"当前：{current}。留空则保持不变，需要修改时输入完整的新值" if current else "未填写"
            self.initial[name] = ""

    def clean(self):
        data = super().clean()
        if self.instance.pk:
            for name in PERSONAL_FIELDS:
                if not data.get(name):
                    data.pop(name, None)  # left empty: keep what is stored
        return data

    def fieldsets(self):
        for title, names in FIELDSETS:
            yield title, [self[name] for name in names if name in self.fields]

    def _post_clean(self):
        """Model validation is the service's job; skip ModelForm's own (it would run before normalisation)."""


class MemberEventForm(SubmittedOnce, Polished, forms.Form):
    kind = forms.ChoiceField(label="变动事项", choices=EventKind.choices)
    happened_on = forms.DateField(label="日期", widget=DateInput())
    extension_months = forms.IntegerField(
        label="延长月数", required=False, min_value=6, max_value=12, help_text="仅延长预备期时填写，6至12个月"
    )
    leave_manner = forms.ChoiceField(label="出党方式", choices=[("", "—")] + LeaveManner.choices, required=False)
    document_number = forms.CharField(label="文号", max_length=60, required=False)
    note = forms.CharField(label="说明", max_length=200, required=False)


class TransferStartForm(SubmittedOnce, Polished, forms.Form):
    kind = forms.ChoiceField(
        label="转接类型", choices=[(Transfer.Kind.INTERNAL, "系统内转接"), (Transfer.Kind.OUTBOUND, "转出至系统外")]
    )
    to_organization = forms.ModelChoiceField(label="接收党支部", queryset=Organization.objects.none(), required=False)
    counterpart = forms.CharField(label="系统外对方党组织", max_length=100, required=False)
    letter_number = forms.CharField(label="介绍信编号", max_length=60, required=False)
    issued_on = forms.DateField(label="开具日期", widget=DateInput())
    note = forms.CharField(label="说明", max_length=200, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_organization"].queryset = active_branches()


class TransferCompleteForm(Polished, forms.Form):
    received_on = forms.DateField(label="接收日期", widget=DateInput())
    note = forms.CharField(label="说明", max_length=200, required=False)


class TransferCancelForm(Polished, forms.Form):
    reason = forms.CharField(label="撤销原因", max_length=150)


class InboundForm(MemberForm):
    counterpart = forms.CharField(label="转出党组织（系统外）", max_length=100)
    letter_number = forms.CharField(label="介绍信编号", max_length=60, required=False)
    received_on = forms.DateField(label="接收日期", widget=DateInput())

    def fieldsets(self):
        yield "转入信息", [self["counterpart"], self["letter_number"], self["received_on"]]
        yield from super().fieldsets()


class ImportForm(Polished, forms.Form):
    file = forms.FileField(label="Excel 文件（.xlsx）")
    dry_run = forms.BooleanField(label="仅校验，不写入", required=False)

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(".xlsx"):
            raise forms.ValidationError("请上传 .xlsx 格式的 Excel 文件（可先下载导入模板）")
        if upload.size > 20 * 1024 * 1024:
            raise forms.ValidationError("文件超过20MB，请拆分后再导入")
        return upload


class RevealForm(Polished, forms.Form):
    reason = forms.CharField(label="查看理由", max_length=200, help_text="每次查看完整信息都会连同理由记入审计日志")


class RestrictForm(Polished, forms.Form):
    reason = forms.CharField(label="依据", max_length=200, help_text="如：本人于某日提出删除个人信息的请求（编号）")
    retain_until = forms.DateField(label="保存期限", widget=DateInput(), help_text="期满后系统自动清除个人信息")


class PhotoForm(Polished, forms.Form):
    file = forms.FileField(label="照片", help_text="JPG或PNG，系统会去除拍摄地点等隐藏信息")
