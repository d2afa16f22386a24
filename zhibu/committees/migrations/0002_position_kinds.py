from django.db import migrations

KINDS = [
    ("secretary", "书记", 10, True, True),
    ("deputy_secretary", "副书记", 20, True, False),
    ("organization", "组织委员", 30, True, True),
    ("publicity", "宣传委员", 40, True, True),
    ("discipline", "纪检委员", 50, True, True),
    ("youth", "青年委员", 60, True, False),
    ("united_front", "统战委员", 70, True, False),
    ("member", "委员", 90, False, False),
]


def add_kinds(apps, schema_editor):
    PositionKind = apps.get_model("committees", "PositionKind")
    for code, name, order, single, core in KINDS:
        PositionKind.objects.update_or_create(
            code=code, defaults={"name": name, "sort_order": order, "single_seat": single, "core": core}
        )


class Migration(migrations.Migration):
    dependencies = [("committees", "0001_initial")]
    operations = [migrations.RunPython(add_kinds, migrations.RunPython.noop)]
