"""Starting values a 工委 changes on 组织生活学时设置: one attended meeting of each kind counts these hours. 党组会议
is a decision meeting, not study: it counts nothing unless the 工委 sets it. The migration adds them; the demo after a
reset again."""

from decimal import Decimal

DEFAULT_HOURS = {
    "general_meeting": "1",
    "branch_committee": "1",
    "group_meeting": "1",
    "party_lecture": "2",
    "theme_day": "2",
    "life_meeting": "2",
    "appraisal": "1",
    "central_study": "2",
    "democratic_life": "2",
}


def ensure_kind_hours(kind_model=None, hours_model=None) -> None:
    """The default hours of each meeting kind that has none; the models are the migration's historical ones."""
    if kind_model is None or hours_model is None:
        from zhibu.activities.models import ActivityKind as kind_model
        from zhibu.training.models import KindHours as hours_model
    for kind in kind_model.objects.filter(code__in=DEFAULT_HOURS):
        hours_model.objects.get_or_create(kind=kind, defaults={"hours": Decimal(DEFAULT_HOURS[kind.code])})
