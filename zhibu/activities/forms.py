from dataclasses import dataclass

from django import forms
from django.urls import reverse
from django.utils.html import format_html

from zhibu.activities.attendance import Entry, normalized, row_token, token
from zhibu.activities.models import Activity, ActivityKind, Attendance
from zhibu.activities.services import AMENDABLE_PARTS
from zhibu.core.forms import DateInput, Polished, SubmittedOnce, guard_id_fields
from zhibu.members.models import Member
from zhibu.organizations.models import Organization

PICKER_SHOWN = 20


class MemberPicker(forms.Select):
    """A member chosen from a short select and a search box above it: typing fetches the matching members the user
    may see (``activities:people``, htmx) into the select, so a branch of a thousand never renders a thousand
    options. Without JavaScript the select still offers the chosen member and the first few of the organisation."""

    def __init__(self, attrs=None):
        super().__init__(attrs)
        self.queryset = Member.objects.none()
        self.organization_id: int | None = None
        self.include = ""

    def optgroups(self, name, value, attrs=None):
        chosen = [int(pk) for pk in value if str(pk).isdigit() and len(str(pk)) < 12]
        picked = list(self.queryset.filter(pk__in=chosen))
        first = list(self.queryset.exclude(pk__in=chosen)[:PICKER_SHOWN])
        self.choices = [("", "——")] + [(member.pk, member_label(member)) for member in picked + first]
        return super().optgroups(name, value, attrs)

    def render(self, name, value, attrs=None, renderer=None):
        select = super().render(name, value, attrs, renderer)
        target = (attrs or {}).get("id") or f"id_{name}"
        url = reverse("activities:people")
        if self.organization_id is not None:
            url += f"?organization={self.organization_id}"
        search = format_html(
            '<input type="search" name="{}_q" class="picker-search" placeholder="输入姓名或拼音首字母查找"'
            ' aria-label="查找人员" autocomplete="off" hx-get="{}" hx-target="#{}"'
            ' hx-trigger="input changed delay:300ms"{}>',
            name,
            url,
            target,
            format_html(' hx-include="{}"', self.include) if self.include else "",
        )
        return format_html('<span class="picker">{}{}</span>', search, select)


def member_label(member: Member) -> str:
    return f"{member.name}（{member.organization.name}）"


def pick_members(form: forms.Form, members, organization=None, include: str = "", *fields: str) -> None:
    """Make these member fields searchable pickers over ``members`` (already scoped by the view)."""
    for name in fields:
        field = form.fields[name]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = members
        picker = MemberPicker()
        picker.queryset = members.select_related("organization")
        picker.organization_id = getattr(organization, "pk", None)
        picker.include = include
        picker.is_required = field.required
        field.widget = picker


class PlanLinkForm(forms.Form):
    """What a link to the plan form may fill in (from the inbox): checked like any input, ignored when wrong."""

    organization = forms.ModelChoiceField(queryset=Organization.objects.none(), required=False)
    kind = forms.ModelChoiceField(queryset=ActivityKind.objects.all(), required=False)

    def __init__(self, *args, organizations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = organizations
        guard_id_fields(self)


class PlanForm(SubmittedOnce, Polished, forms.Form):
    organization = forms.ModelChoiceField(label="召开组织", queryset=Organization.objects.none())
    kind = forms.ModelChoiceField(label="类型", queryset=ActivityKind.objects.all())
    title = forms.CharField(label="主题", max_length=100)
    planned_at = forms.DateTimeField(label="计划时间")
    place = forms.CharField(label="地点", max_length=100, required=False)
    host = forms.ModelChoiceField(label="主持人", queryset=Member.objects.none(), required=False)
    recorder = forms.ModelChoiceField(label="记录人", queryset=Member.objects.none(), required=False)
    agenda = forms.CharField(
        label="议程（每行一项）",
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        help_text="“三重一大”事项在行首加【三重一大】，干部任免加【干部任免】",
    )
    theme_day = forms.ModelChoiceField(
        label="所属主题党日",
        queryset=Activity.objects.none(),
        required=False,
        help_text="在主题党日中召开的党员大会、党课等，各自记录，归入同一主题党日",
    )
    first_topic = forms.BooleanField(
        label="第一项为“第一议题”（学习习近平总书记最新重要讲话和指示精神）", required=False, initial=True
    )

    def __init__(self, *args, organizations=None, members=None, kinds=None, extra_fields=None, **kwargs):
        super().__init__(*args, **kwargs)
        # Offered by higher apps (plan_extras): the 第一议题 library, the study-list topics.
        self.fields.update(extra_fields or {})
        self.fields["organization"].queryset = organizations
        if kinds is not None and not self.is_bound:
            # Offered: the kinds the organisation holds. A posted kind is still checked against the organisation
            # by the service, which explains a misfit in words.
            self.fields["kind"].queryset = ActivityKind.objects.filter(pk__in=[kind.pk for kind in kinds])
        self.fields["theme_day"].queryset = Activity.objects.filter(
            organization__in=organizations, kind__code="theme_day"
        ).exclude(status=Activity.Status.CANCELLED)
        self.fields["theme_day"].label_from_instance = lambda a: (
            f"{a.organization}：{a.title}（{a.planned_at:%Y-%m-%d}）"
        )
        # The organisation chosen on the form narrows the search (its select's id, not the top bar's namesake).
        pick_members(self, members, None, "#id_organization", "host", "recorder")

    def agenda_lines(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data.get("agenda", "").splitlines() if line.strip()]


class RescheduleForm(Polished, forms.Form):
    title = forms.CharField(label="主题", max_length=100)
    planned_at = forms.DateTimeField(label="计划时间")
    place = forms.CharField(label="地点", max_length=100, required=False)
    host = forms.ModelChoiceField(label="主持人", queryset=Member.objects.none(), required=False)
    recorder = forms.ModelChoiceField(label="记录人", queryset=Member.objects.none(), required=False)
    agenda = PlanForm.base_fields["agenda"]
    first_topic = forms.BooleanField(label="第一项为“第一议题”", required=False)

    def __init__(self, *args, members=None, organization=None, **kwargs):
        super().__init__(*args, **kwargs)
        pick_members(self, members, organization, "", "host", "recorder")

    def agenda_lines(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data.get("agenda", "").splitlines() if line.strip()]


class HeldForm(Polished, forms.Form):
    held_at = forms.DateTimeField(label="召开时间")


@dataclass
class SheetRow:
    """One line of the attendance form: what it shows and the token of the stored row it was drawn from."""

    row: Attendance
    status: str
    leave_kind: str
    reason: str
    seen: str
    note: str = ""
    problem: str = ""


def parse_attendance(data) -> dict[int, Entry]:
    """The rows a posted attendance form names (by its ``seen_`` or ``status_`` fields). An unticked row comes back
    with an empty status, which the service reads as 未登记."""
    member_ids = {
        int(key.split("_", 1)[1])
        for key in data
        if key.startswith(("seen_", "status_")) and key.split("_", 1)[1].isdigit() and len(key) < 30
    }
    return {
        member_id: Entry(
            data.get(f"status_{member_id}", ""),
            data.get(f"leave_{member_id}", ""),
            data.get(f"reason_{member_id}", ""),
            data.get(f"seen_{member_id}") or None,
        )
        for member_id in member_ids
    }


def attendance_sheet(rows, data=None, conflicts=(), problems=None) -> list[SheetRow]:
    """What the attendance form shows: what is stored, never a guess. After a refused save, a row the user changed
    keeps their input and, if it was refused, says why (``problems``: member id → message); one that someone else
    changed meanwhile says what it is now, and saving again means choosing the user's value over it."""
    problems = problems or {}
    posted = parse_attendance(data) if data is not None else {}
    sheet = []
    for row in rows:
        line = SheetRow(
            row, row.status, row.leave_kind, row.reason, row_token(row), problem=problems.get(row.member_id, "")
        )
        entry = posted.get(row.member_id)
        if entry is not None and not row.checked_in_by_qr and token(*normalized(entry)) != entry.seen:
            line.status, line.leave_kind, line.reason = normalized(entry)
            if row.member_id in conflicts:
                line.note = f"现为“{row.get_status_display()}”；再次保存将改为您的选择"
            elif entry.seen:
                line.seen = entry.seen
        sheet.append(line)
    return sheet


class VoteForm(SubmittedOnce, Polished, forms.Form):
    subject = forms.CharField(label="表决事项", max_length=200)
    yes = forms.IntegerField(label="赞成", min_value=0, max_value=100000)
    no = forms.IntegerField(label="反对", min_value=0, max_value=100000, initial=0)
    abstain = forms.IntegerField(label="弃权", min_value=0, max_value=100000, initial=0)


class ResolutionForm(SubmittedOnce, Polished, forms.Form):
    text = forms.CharField(label="决议内容", max_length=300)
    owner_member = forms.ModelChoiceField(label="责任人", queryset=Member.objects.none(), required=False)
    deadline = forms.DateField(label="完成时限", widget=DateInput())

    def __init__(self, *args, members=None, organization=None, **kwargs):
        super().__init__(*args, **kwargs)
        pick_members(self, members, organization, "", "owner_member")


class MinutesForm(Polished, forms.Form):
    minutes = forms.CharField(
        label="会议记录",
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text="记录会议的主要内容、发言要点和结论；签发后只能通过更正修改",
    )
    minutes_shared = forms.BooleanField(
        label="会议记录向党员公开",
        required=False,
        help_text="委员会会议的记录默认只给应到人员和上级看；选中后本支部党员也能看到",
    )


class AmendForm(SubmittedOnce, Polished, forms.Form):
    part = forms.ChoiceField(label="更正部分", choices=list(AMENDABLE_PARTS.items()))
    corrected = forms.CharField(label="更正为", widget=forms.Textarea(attrs={"rows": 4}))
    reason = forms.CharField(label="更正原因", max_length=300)


class CompleteForm(Polished, forms.Form):
    done_on = forms.DateField(label="完成日期", widget=DateInput())
    evidence = forms.CharField(label="完成情况", max_length=300)


class MakeUpForm(SubmittedOnce, Polished, forms.Form):
    attendance = forms.ModelChoiceField(label="补学人员", queryset=Attendance.objects.none())
    done_on = forms.DateField(label="补学日期", widget=DateInput())
    note = forms.CharField(label="补学方式", max_length=200)

    def __init__(self, *args, absentees=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["attendance"].queryset = absentees
        self.fields["attendance"].label_from_instance = lambda row: f"{row.member}（{row.get_status_display()}）"


class TalkForm(SubmittedOnce, Polished, forms.Form):
    first = forms.ModelChoiceField(label="谈话人", queryset=Member.objects.none())
    second = forms.ModelChoiceField(label="谈话对象", queryset=Member.objects.none())
    talked_on = forms.DateField(label="谈话日期", widget=DateInput())
    topic = forms.CharField(label="谈话主题", max_length=200)

    def __init__(self, *args, members=None, organization=None, **kwargs):
        super().__init__(*args, **kwargs)
        pick_members(self, members, organization, "", "first", "second")


class EvidenceForm(SubmittedOnce, Polished, forms.Form):
    upload = forms.FileField(label="佐证材料", help_text="照片、签到表扫描件、PDF、Word或Excel，单个不超过20MB")


class ActivityKindForm(Polished, forms.ModelForm):
    class Meta:
        model = ActivityKind
        fields = (
            "code",
            "name",
            "attendees",
            "quorum",
            "votes_allowed",
            "for_committees",
            "is_study",
            "expected_period",
            "sort_order",
        )

    def _post_clean(self):
        """Validated by the service."""
