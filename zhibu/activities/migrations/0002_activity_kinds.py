from django.db import migrations

# A copy of zhibu.activities.reference.DEFAULT_KINDS as of this migration (migrations do not import app code).
KINDS = (
    ("general_meeting", "支部党员大会", "members", "half_of_voters", True, False, False, 10),
    ("branch_committee", "支部委员会", "committee", "half_of_committee", True, False, False, 20),
    ("group_meeting", "党小组会", "group", "none", False, False, False, 30),
    ("party_lecture", "党课", "members", "none", False, False, True, 40),
    ("theme_day", "主题党日", "members", "none", False, False, True, 50),
    ("life_meeting", "组织生活会", "members", "none", False, False, False, 60),
    ("appraisal", "民主评议党员", "members", "none", False, False, False, 70),
    ("leading_group", "党组会议", "committee", "half_of_committee", True, True, False, 80),
    ("central_study", "理论学习中心组学习", "committee", "none", False, True, True, 90),
    ("democratic_life", "民主生活会", "committee", "two_thirds", False, True, False, 100),
)


def add_kinds(apps, schema_editor):
    ActivityKind = apps.get_model("activities", "ActivityKind")
    for code, name, attendees, quorum, votes, committees, study, order in KINDS:
        ActivityKind.objects.get_or_create(code=code, defaults={
            "name": name, "attendees": attendees, "quorum": quorum, "votes_allowed": votes,
            "for_committees": committees, "is_study": study, "sort_order": order,
        })


class Migration(migrations.Migration):
    dependencies = [("activities", "0001_initial")]
    operations = [migrations.RunPython(add_kinds, migrations.RunPython.noop)]
