"""The hours each meeting kind counts, to start with (``zhibu/training/reference.py``)."""

from django.db import migrations

from zhibu.training.reference import ensure_kind_hours


def add_hours(apps, schema_editor):
    ensure_kind_hours(apps.get_model("activities", "ActivityKind"), apps.get_model("training", "KindHours"))


class Migration(migrations.Migration):
    dependencies = [("training", "0001_initial"), ("activities", "0002_activity_kinds")]

    operations = [migrations.RunPython(add_hours, migrations.RunPython.noop)]
