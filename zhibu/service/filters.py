"""One filterset per record type, shared by its list page, its Excel export and its API endpoint."""

import django_filters

from zhibu.core.filters import RefusingFilterSet, YesNoFilter
from zhibu.organizations.filters import SubtreeFilter
from zhibu.organizations.models import Organization
from zhibu.service.models import Community, Pairing, Project, Registration, ServiceRecord, Wish


class _Scoped(RefusingFilterSet):
    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        user = user or getattr(kwargs.get("request"), "user", None)
        if user is not None:
            self.filters["organization"].queryset = Organization.objects.visible_to(user)


class CommunityFilter(_Scoped):
    organization = SubtreeFilter(label="党组织（含下级）", path_field="organization__path")
    active = YesNoFilter(label="启用")

    class Meta:
        model = Community
        fields = ["organization", "active"]


class PairingFilter(_Scoped):
    organization = SubtreeFilter(label="党组织（含下级）", path_field="organization__path")

    class Meta:
        model = Pairing
        fields = ["organization"]


class RegistrationFilter(_Scoped):
    organization = SubtreeFilter(label="党组织（含下级）", path_field="member__organization__path")

    class Meta:
        model = Registration
        fields = ["organization"]


class ServiceRecordFilter(_Scoped):
    organization = SubtreeFilter(label="党组织（含下级）", path_field="member__organization__path")
    served_from = django_filters.DateFilter(label="服务日期起", field_name="served_on", lookup_expr="gte")
    served_to = django_filters.DateFilter(label="服务日期止", field_name="served_on", lookup_expr="lte")

    class Meta:
        model = ServiceRecord
        fields = ["organization", "served_from", "served_to"]


class WishFilter(_Scoped):
    organization = SubtreeFilter(label="党组织（含下级）", path_field="organization__path")
    status = django_filters.ChoiceFilter(label="状态", choices=Wish.Status.choices)

    class Meta:
        model = Wish
        fields = ["organization", "status"]


class ProjectFilter(_Scoped):
    organization = SubtreeFilter(label="党组织（含下级）", path_field="organization__path")
    status = django_filters.ChoiceFilter(label="状态", choices=Project.Status.choices)

    class Meta:
        model = Project
        fields = ["organization", "status"]
