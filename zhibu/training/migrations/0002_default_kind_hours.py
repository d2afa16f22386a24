from decimal import Decimal

from django.db import migrations

# Starting values a 工委 changes on 组织生活学时设置: one attended meeting of each kind counts these hours.
# 党组会议 is a decision meeting, not study: it counts nothing unless the 工委 sets it.
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


def add_hours(apps, schema_editor):
    ActivityKind = apps.get_model("activities", "ActivityKind")
    KindHours = apps.get_model("training", "KindHours")
    for kind in ActivityKind.objects.filter(code__in=DEFAULT_HOURS):
        KindHours.objects.get_or_create(kind=kind, defaults={"hours": Decimal(DEFAULT_HOURS[kind.code])})


class Migration(migrations.Migration):
    dependencies = [("training", "0001_initial"), ("activities", "0002_activity_kinds")]

    operations = [migrations.RunPython(add_hours, migrations.RunPython.noop)]
