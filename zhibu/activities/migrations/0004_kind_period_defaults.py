from django.db import migrations

PERIODS = {"general_meeting": "quarter", "branch_committee": "month", "group_meeting": "month",
           "party_lecture": "quarter", "theme_day": "month", "life_meeting": "year", "appraisal": "year",
           "leading_group": "month", "democratic_life": "year"}


def set_periods(apps, schema_editor):
    ActivityKind = apps.get_model("activities", "ActivityKind")
    for code, period in PERIODS.items():
        ActivityKind.objects.filter(code=code, expected_period="").update(expected_period=period)


class Migration(migrations.Migration):
    dependencies = [("activities", "0003_kind_period")]
    operations = [migrations.RunPython(set_periods, migrations.RunPython.noop)]
