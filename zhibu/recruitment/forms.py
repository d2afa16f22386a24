from django import forms

from zhibu.activities.models import Vote
from zhibu.core.forms import DateInput, Polished, SubmittedOnce
from zhibu.members.choices import ETHNICITY_CHOICES, Education, Gender, JobPosition
from zhibu.members.models import Member
from zhibu.organizations.models import Organization
from zhibu.recruitment.catalogue import catalogue

# Recorded by their own services, never picked in the step form.
NOT_IN_STEP_FORM = ("application", "stopped")
VETTING_CHOICES = [("", "—"), ("yes", "合格"), ("no", "不合格")]


class RecruitForm(SubmittedOnce, Polished, forms.Form):
    organization = forms.ModelChoiceField(label="所在党支部", queryset=Organization.objects.none())
    applied_on = forms.DateField(label="递交入党申请书日期", widget=DateInput())
    name = forms.CharField(label="姓名", max_length=50)
    gender = forms.ChoiceField(label="性别", choices=Gender.choices)
    id_number = forms.CharField(label="公民身份号码", max_length=30)
    birth_date = forms.DateField(label="出生日期", widget=DateInput())
    ethnicity = forms.ChoiceField(label="民族", choices=ETHNICITY_CHOICES, initial="汉族")
    education = forms.ChoiceField(label="学历", choices=Education.choices)
    job_position = forms.ChoiceField(label="工作岗位", choices=JobPosition.choices)
    employer = forms.CharField(label="工作单位", max_length=100, required=False)
    employer_position = forms.CharField(label="职务（岗位）", max_length=50, required=False)
    mobile = forms.CharField(label="手机号码", max_length=20)
    leaves_unit_on = forms.DateField(
        label="预计离开本单位日期", required=False, widget=DateInput(), help_text="已知将调离、毕业等的填写"
    )
    evidence = forms.FileField(label="入党申请书（扫描件）", required=False)

    def __init__(self, *args, organizations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = organizations


def step_choices():
    return [
        (step.code, f"{step.name}（{catalogue().actors[step.acts]}）")
        for step in catalogue().steps
        if step.code not in NOT_IN_STEP_FORM
    ]


class StepChoiceForm(forms.Form):
    """The step chosen first (a GET, so the step form works without JavaScript): the form then asks only for it."""

    step = forms.ChoiceField(
        label="步骤", choices=(), error_messages={"invalid_choice": "没有这个步骤，请从列表中选择"}
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["step"].choices = step_choices()


# The fields a step asks for beyond date, acting organisation, note, explanation and evidence, by what steps.yaml says
# of it: the people it names (roles), its vote, its named checks.
ROLE_FIELDS = {"talker": "talkers", "mentor": "mentors", "sponsor": "sponsors"}
CHECK_FIELDS = {
    "training_length": ("training_days", "training_hours"),
    "vetting_conclusion": ("vetting_conclusion", "vetting_passed"),
    "extension_length": ("extension_months",),
}
VOTE_FIELDS = ("vote", "written_yes")
BRANCH_ACTORS = ("person", "branch_committee", "general_meeting")


def step_fields(code: str) -> set[str]:
    step = catalogue().step(code)
    wanted = {ROLE_FIELDS[spec.role] for spec in step.roles}
    for check in step.checks:
        wanted.update(CHECK_FIELDS.get(check.check, ()))
    if step.vote is not None:
        wanted.update(VOTE_FIELDS)
    return wanted


OPTIONAL_FIELDS = (*ROLE_FIELDS.values(), *VOTE_FIELDS, *(name for names in CHECK_FIELDS.values() for name in names))


class StepForm(SubmittedOnce, Polished, forms.Form):
    code = forms.ChoiceField(label="步骤", choices=(), widget=forms.HiddenInput)
    happened_on = forms.DateField(label="办理日期", widget=DateInput())
    acting_organization = forms.ModelChoiceField(
        label="办理组织",
        queryset=Organization.objects.none(),
        help_text="备案、预审、审批、上级谈话选上级党委；其余为本支部",
    )
    talkers = forms.ModelMultipleChoiceField(label="谈话人", queryset=Member.objects.none(), required=False)
    mentors = forms.ModelMultipleChoiceField(
        label="培养联系人", queryset=Member.objects.none(), required=False, help_text="1至2名正式党员"
    )
    sponsors = forms.ModelMultipleChoiceField(
        label="入党介绍人", queryset=Member.objects.none(), required=False, help_text="2名正式党员"
    )
    vote = forms.ModelChoiceField(
        label="党员大会表决", queryset=Vote.objects.none(), required=False, help_text="支部大会讨论的步骤必选"
    )
    written_yes = forms.IntegerField(label="未到会党员书面赞成（份）", min_value=0, initial=0, required=False)
    training_days = forms.IntegerField(label="培训天数", min_value=0, required=False)
    training_hours = forms.IntegerField(label="培训学时", min_value=0, required=False)
    vetting_conclusion = forms.CharField(label="政审结论", max_length=300, required=False)
    vetting_passed = forms.ChoiceField(label="政审是否合格", choices=VETTING_CHOICES, required=False)
    extension_months = forms.IntegerField(label="延长预备期（月）", min_value=0, max_value=24, required=False)
    note = forms.CharField(label="备注", max_length=300, required=False)
    explanation = forms.CharField(
        label="情况说明",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="步骤不符合一般要求（如时间间隔）时，写明特殊情况后可保存",
    )
    evidence = forms.FileField(label="材料（扫描件）", required=False)

    def __init__(self, *args, step, organizations, members, votes, **kwargs):
        """``step``: the code of the chosen step; the form keeps only the fields that step needs."""
        super().__init__(*args, **kwargs)
        self.fields["code"].choices = step_choices()
        self.fields["code"].initial = step
        definition = catalogue().step(step)
        if definition.acts in BRANCH_ACTORS:
            organizations = organizations.filter(pk=self.initial["acting_organization"].pk)
            self.fields["acting_organization"].help_text = "本步骤由本党支部办理"
        else:
            self.fields["acting_organization"].help_text = f"本步骤由{catalogue().actors[definition.acts]}办理"
        self.fields["acting_organization"].queryset = organizations
        wanted = step_fields(step)
        for name in OPTIONAL_FIELDS:
            if name not in wanted:
                del self.fields[name]
        for name in ROLE_FIELDS.values():
            if name in self.fields:
                self.fields[name].queryset = members
        if "vote" in self.fields:
            self.fields["vote"].queryset = votes

    def clean(self):
        data = super().clean()
        for name in OPTIONAL_FIELDS:  # the service is called with every argument; those the step does not ask are empty
            data.setdefault(name, None)
        data["written_yes"] = data["written_yes"] or 0
        return data

    def clean_vetting_passed(self):
        return {"yes": True, "no": False}.get(self.cleaned_data.get("vetting_passed") or "")

    def clean_written_yes(self):
        return self.cleaned_data.get("written_yes") or 0


class EvidenceForm(SubmittedOnce, Polished, forms.Form):
    evidence = forms.FileField(label="材料（扫描件）", help_text="PDF、图片或 Word、Excel 文件")


class StopForm(SubmittedOnce, Polished, forms.Form):
    happened_on = forms.DateField(label="终止日期", widget=DateInput())
    reason = forms.CharField(label="终止原因", widget=forms.Textarea(attrs={"rows": 3}))


class ImportForm(Polished, forms.Form):
    """A file of people already on the path, all for one branch."""

    organization = forms.ModelChoiceField(label="党支部", queryset=Organization.objects.none())
    file = forms.FileField(label="发展党员导入文件（.xlsx）")

    def __init__(self, *args, branches, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = branches

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(".xlsx"):
            raise forms.ValidationError("请上传 .xlsx 格式的 Excel 文件（可先下载模板）")
        return upload
