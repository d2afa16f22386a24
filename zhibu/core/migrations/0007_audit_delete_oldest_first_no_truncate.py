from django.db import migrations


def install(apps, schema_editor):
    from zhibu.core.audit_guard import install_oldest_first

    install_oldest_first(schema_editor)


def remove(apps, schema_editor):
    from zhibu.core.audit_guard import remove_oldest_first

    remove_oldest_first(schema_editor)


class Migration(migrations.Migration):
    dependencies = [("core", "0006_notification_task")]
    operations = [migrations.RunPython(install, remove)]
