import django_filters
from django.core.exceptions import ValidationError
from django.db.models import Q

from zhibu.core import audit
from zhibu.core.audit_catalogue import Event
from zhibu.core.filters import YesNoFilter, ZhibuFilterSet
from zhibu.core.masking import mask_id_number
from zhibu.members.choices import Category, Gender, PartyStatus, RecordStatus
from zhibu.members.models import Member, Transfer
from zhibu.members.services import id_index
from zhibu.members.validation import normalize_id_number
from zhibu.organizations.filters import SubtreeFilter
from zhibu.organizations.models import Organization


class MemberFilter(ZhibuFilterSet):
    """One filterset for the member list page, its Excel export and the API."""

    q = django_filters.CharFilter(
        label="搜索", method="search", help_text="姓名或拼音首字母；有查看完整敏感信息权限的可按身份证号或其后几位查找"
    )
    organization = SubtreeFilter(label="党组织（含下级）", path_field="organization__path")
    category = django_filters.ChoiceFilter(label="人员类别", choices=Category.choices)
    gender = django_filters.ChoiceFilter(label="性别", choices=Gender.choices)
    party_status = django_filters.ChoiceFilter(label="党籍状态", choices=PartyStatus.choices)
    record_status = django_filters.ChoiceFilter(label="在册状态", choices=RecordStatus.choices)
    is_lost_contact = YesNoFilter(label="失联党员")
    is_mobile_member = YesNoFilter(label="流动党员")
    is_leading_cadre = YesNoFilter(label="领导干部")
    is_retired = YesNoFilter(label="离退休")

    class Meta:
        model = Member
        fields = ["q", "organization", "category", "gender", "party_status", "record_status"]

    def __init__(self, *args, user=None, **kwargs):
        self.user = user or getattr(kwargs.get("request"), "user", None)
        super().__init__(*args, **kwargs)
        user = self.user
        if user is not None:
            self.filters["organization"].queryset = Organization.objects.visible_to(user)

    def get_form_class(self):
        user = self.user

        class MemberFilterForm(super().get_form_class()):
            def clean_q(form):
                value = (form.cleaned_data.get("q") or "").strip()
                if id_digits(value) and not reveal_paths(user):
                    raise ValidationError(
                        "按身份证号查找需要“查看完整敏感信息”的权限；请按姓名或拼音首字母查找，或请有该权限的同志查找"
                    )
                return value

        return MemberFilterForm

    def filter_queryset(self, queryset):
        if self.form.errors:  # a refused query lists nothing rather than everything, beside its message
            return queryset.none()
        return super().filter_queryset(queryset)

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        compact = id_digits(value)
        if compact:
            return self._search_by_id(queryset, compact)
        if value.isascii() and value.isalpha():
            return queryset.filter(name_initials__startswith=value.lower())
        return queryset.filter(Q(name__contains=value))

    def _search_by_id(self, queryset, compact: str):
        """Digits of an ID number are personal data: only those who may reveal search by them, only among the records
        they may reveal, and each such search is audited like a reveal (the query itself is kept masked)."""
        paths = reveal_paths(self.user)
        if not paths:
            return queryset.none()
        in_reach = Q()
        for path in paths:
            in_reach |= Q(organization__path__startswith=path)
        queryset = queryset.filter(in_reach)
        if len(compact) == 18:
            queryset = queryset.filter(id_number_index=id_index(compact))
        elif len(compact) <= 4:
            queryset = queryset.filter(id_tail__endswith=compact)
        else:
            queryset = queryset.none()
        audit.record(
            actor=self.user,
            event=Event.MEMBER_SEARCHED_BY_ID,
            extra={
                "query": mask_id_number(compact) if len(compact) > 4 else "*" * len(compact),
                "found": queryset.count(),
            },
        )
        return queryset


def id_digits(value: str) -> str:
    """The query as ID-number digits, or "" when it is a name."""
    compact = normalize_id_number(value or "")
    if compact and (compact.isdigit() or (compact.endswith("X") and compact[:-1].isdigit())):
        return compact
    return ""


def reveal_paths(user) -> list[str]:
    if user is None or not user.is_authenticated:
        return []
    return user.reveal_paths()


class TransferFilter(ZhibuFilterSet):
    status = django_filters.ChoiceFilter(label="状态", choices=Transfer.Status.choices)
    kind = django_filters.ChoiceFilter(label="类型", choices=Transfer.Kind.choices)

    class Meta:
        model = Transfer
        fields = ["status", "kind"]
