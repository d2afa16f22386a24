"""The kinds a new installation starts with (``zhibu/complaints/reference.py``)."""

from django.db import migrations

from zhibu.complaints.reference import ensure_complaint_kinds


def add_kinds(apps, schema_editor):
    ensure_complaint_kinds(apps.get_model("complaints", "ComplaintKind"))


class Migration(migrations.Migration):
    dependencies = [("complaints", "0001_initial")]
    operations = [migrations.RunPython(add_kinds, migrations.RunPython.noop)]
