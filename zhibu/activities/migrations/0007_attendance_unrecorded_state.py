from django.db import migrations, models

CHUNK = 500


def never_recorded_to_unrecorded(apps, schema_editor):
    """Rows of an open meeting whose attendance nobody ever saved were stored as 缺席 only because that was the
    default: they become 未登记. A saved sheet leaves an audit row, so the meetings without one are known; signed and
    cancelled records keep what they say."""
    Activity = apps.get_model("activities", "Activity")
    Attendance = apps.get_model("activities", "Attendance")
    AuditEvent = apps.get_model("core", "AuditEvent")
    saved = {
        int(object_id)
        for object_id in AuditEvent.objects.filter(
            event="activity.attendance_recorded", object_type="activities.activity"
        ).values_list("object_id", flat=True)
        if object_id.isdigit()
    }
    never_saved = sorted(
        set(Activity.objects.filter(status__in=["held", "minuted"]).values_list("pk", flat=True)) - saved
    )
    for start in range(0, len(never_saved), CHUNK):
        Attendance.objects.filter(
            activity_id__in=never_saved[start : start + CHUNK], status="absent", checked_in_by_qr=False
        ).update(status="unrecorded")


def unrecorded_to_absent(apps, schema_editor):
    apps.get_model("activities", "Attendance").objects.filter(status="unrecorded").update(status="absent")


class Migration(migrations.Migration):
    dependencies = [
        ("activities", "0006_evidence"),
        ("core", "0005_notifications"),
    ]

    operations = [
        migrations.AlterField(
            model_name="attendance",
            name="status",
            field=models.CharField(
                choices=[("present", "出席"), ("leave", "请假"), ("absent", "缺席"), ("unrecorded", "未登记")],
                default="unrecorded",
                max_length=16,
                verbose_name="出席情况",
            ),
        ),
        migrations.RunPython(never_recorded_to_unrecorded, unrecorded_to_absent),
    ]
