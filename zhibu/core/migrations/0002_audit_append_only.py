from django.db import migrations


def install(apps, schema_editor):
    from zhibu.core.audit_guard import install_triggers

    install_triggers(schema_editor)


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]
    operations = [migrations.RunPython(install, migrations.RunPython.noop)]
