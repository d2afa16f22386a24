from typing import Any

from django import forms

from zhibu.activities.models import ActivityKind
from zhibu.core.forms import DateInput, Polished, SafeModelChoiceField, SafeModelMultipleChoiceField, SubmittedOnce
from zhibu.members.models import Member
from zhibu.organizations.models import Organization
from zhibu.training.importing import MAX_FILE_BYTES
from zhibu.training.models import ClassCategory, ClassSession, TrainingClass


class KindHoursForm(Polished, forms.Form):
    kind = SafeModelChoiceField(label="活动类型", queryset=ActivityKind.objects.all())
    hours = forms.DecimalField(
        label="每次学时",
        min_value=0,
        max_value=16,
        decimal_places=1,
        help_text="党员出席一次该类组织生活计入的学时，如党课2学时；填0为不计学时",
        error_messages={"invalid": "学时应为数字，如 2 或 1.5"},
    )


class ClassForm(SubmittedOnce, Polished, forms.Form):
    organization = SafeModelChoiceField(label="举办党组织", queryset=Organization.objects.none())
    name = forms.CharField(label="培训班名称", max_length=100)
    category = forms.ChoiceField(label="培训类别", choices=ClassCategory.choices)
    concentrated = forms.BooleanField(
        label="集中培训", required=False, initial=True, help_text="计入EDU-02“支部书记和委员每年参加1次集中培训”"
    )
    starts_on = forms.DateField(label="开班日期", widget=DateInput())
    ends_on = forms.DateField(label="结业日期", widget=DateInput())

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["organization"]
        field.queryset = Organization.objects.visible_to(user, "change")


class SessionForm(SubmittedOnce, Polished, forms.Form):
    held_on = forms.DateField(label="上课日期", widget=DateInput())
    topic = forms.CharField(label="课程内容", max_length=200)
    hours = forms.DecimalField(
        label="学时",
        min_value=0.5,
        max_value=8,
        decimal_places=1,
        error_messages={"invalid": "学时应为数字，如 2 或 1.5"},
    )


class EnrollForm(Polished, forms.Form):
    members = SafeModelMultipleChoiceField(
        label="学员", queryset=Member.objects.none(), widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: Any, user: Any = None, training_class: TrainingClass | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        field: Any = self.fields["members"]
        members = Member.objects.visible_to(user, "change").current()
        if training_class is not None:
            members = members.filter(organization__path__startswith=training_class.organization.path)
        field.queryset = members.select_related("organization").order_by("organization__path", "name")
        field.label_from_instance = lambda member: f"{member.name}（{member.organization}）"


class AttendanceForm(Polished, forms.Form):
    present = SafeModelMultipleChoiceField(
        label="出席学员", queryset=Member.objects.none(), widget=forms.CheckboxSelectMultiple, required=False
    )

    def __init__(self, *args: Any, session: ClassSession | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        field: Any = self.fields["present"]
        if session is not None:
            field.queryset = Member.objects.filter(
                pk__in=session.training_class.enrollments.values("member_id")
            ).order_by("name")


class ImportForm(Polished, forms.Form):
    organization = SafeModelChoiceField(label="登记党组织", queryset=Organization.objects.none())
    file = forms.FileField(label="外部培训登记表（.xlsx）")

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["organization"]
        field.queryset = Organization.objects.visible_to(user, "change")

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(".xlsx"):
            raise forms.ValidationError("请上传 .xlsx 格式的 Excel 文件（可先下载模板）")
        if upload.size > MAX_FILE_BYTES:
            raise forms.ValidationError(f"文件超过{MAX_FILE_BYTES // (1024 * 1024)}MB，请拆分后再导入")
        return upload


class FirstTopicForm(Polished, forms.Form):
    title = forms.CharField(label="议题", max_length=200)
    source = forms.CharField(label="出处", max_length=200, help_text="如：《求是》2026年第1期，或讲话的场合")
    published_on = forms.DateField(label="发表日期", widget=DateInput())
