"""The kinds a new installation starts with; the 工委管理员 changes names and deadlines on 投诉类别设置."""

from django.db import migrations

DEFAULT_KINDS = (
    ("办事拖延", 5),
    ("推诿扯皮", 5),
    ("服务态度", 3),
    ("政策执行不到位", 7),
    ("吃拿卡要", 3),
    ("其他", 7),
)


def add_kinds(apps, schema_editor):
    kind = apps.get_model("complaints", "ComplaintKind")
    for order, (name, days) in enumerate(DEFAULT_KINDS):
        kind.objects.get_or_create(name=name, defaults={"deadline_days": days, "order": order})


class Migration(migrations.Migration):
    dependencies = [("complaints", "0001_initial")]
    operations = [migrations.RunPython(add_kinds, migrations.RunPython.noop)]
