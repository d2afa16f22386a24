import django_filters
from django.db.models import Q

from zhibu.core.filters import YesNoFilter, ZhibuFilterSet
from zhibu.members.choices import Category, Gender, PartyStatus, RecordStatus
from zhibu.members.models import Member, Transfer
from zhibu.members.services import id_index
from zhibu.members.validation import normalize_id_number
from zhibu.organizations.filters import SubtreeFilter
from zhibu.organizations.models import Organization


class MemberFilter(ZhibuFilterSet):
    """One filterset for the member list page, its Excel export and the API."""

    q = django_filters.CharFilter(label="搜索", method="search", help_text="姓名、拼音首字母或身份证号后几位")
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
        super().__init__(*args, **kwargs)
        user = user or getattr(self.request, "user", None)
        if user is not None:
            self.filters["organization"].queryset = Organization.objects.visible_to(user)

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        compact = normalize_id_number(value)
        if len(compact) == 18:
            return queryset.filter(id_number_index=id_index(compact))
        if compact.isdigit() or (compact.endswith("X") and compact[:-1].isdigit()):
            return queryset.filter(id_tail__endswith=compact) if len(compact) <= 4 else queryset.none()
        if value.isascii() and value.isalpha():
            return queryset.filter(name_initials__startswith=value.lower())
        return queryset.filter(Q(name__contains=value))


class TransferFilter(ZhibuFilterSet):
    status = django_filters.ChoiceFilter(label="状态", choices=Transfer.Status.choices)
    kind = django_filters.ChoiceFilter(label="类型", choices=Transfer.Kind.choices)

    class Meta:
        model = Transfer
        fields = ["status", "kind"]
