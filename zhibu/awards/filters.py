import django_filters
from django.db.models import Q

from zhibu.awards.models import AwardRound, Category, Honour, Nomination, Objection, Stage
from zhibu.core.filters import RefusingFilterSet, YesNoFilter
from zhibu.organizations.filters import SubtreeFilter
from zhibu.organizations.models import Organization


class _Scoped(RefusingFilterSet):
    """One filterset per record type for its list page, its Excel export and its API endpoint."""

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        user = user or getattr(kwargs.get("request"), "user", None)
        if user is not None:
            self.filters["organization"].queryset = Organization.objects.visible_to(user)


class RoundFilter(_Scoped):
    organization = SubtreeFilter(label="评选组织（含下级）", path_field="organization__path")
    year = django_filters.NumberFilter(label="年度")

    class Meta:
        model = AwardRound
        fields = ["organization", "year"]


class NominationFilter(_Scoped):
    organization = SubtreeFilter(label="党组织（含下级）", path_field="organization__path")
    round = django_filters.ModelChoiceFilter(label="评选", queryset=AwardRound.objects.all())
    category = django_filters.ChoiceFilter(label="推荐类别", choices=Category.choices)
    stage = django_filters.ChoiceFilter(label="进度", choices=Stage.choices)

    class Meta:
        model = Nomination
        fields = ["organization", "round", "category", "stage"]

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        user = user or getattr(kwargs.get("request"), "user", None)
        # The rounds the user may see, and those above them that their visible nominations belong to: never the
        # titles of another 党委's rounds.
        self.filters["round"].queryset = (
            AwardRound.objects.filter(
                Q(pk__in=AwardRound.objects.visible_to(user).values("pk"))
                | Q(pk__in=Nomination.objects.visible_to(user).values("round_id"))
            )
            if user is not None
            else AwardRound.objects.none()
        )


class ObjectionFilter(_Scoped):
    organization = SubtreeFilter(label="党组织（含下级）", path_field="nomination__organization__path")
    resolved = YesNoFilter(label="已处理", method="filter_resolved")

    class Meta:
        model = Objection
        fields = ["organization", "resolved"]

    def filter_resolved(self, queryset, name, value):
        if value is None:
            return queryset
        return queryset.exclude(resolution="") if value else queryset.filter(resolution="")


class HonourFilter(_Scoped):
    organization = SubtreeFilter(label="党组织（含下级）", path_field="organization__path")
    year = django_filters.NumberFilter(label="年度")
    category = django_filters.ChoiceFilter(label="类别", choices=Category.choices)

    class Meta:
        model = Honour
        fields = ["organization", "year", "category"]
