"""Slimmer verdict rows: a 64-bit digest, no index of their own on the organisation, no (rule, period start) index.

The digest changes type, so it is dropped and re-added: stored verdicts get digest 0, and the next recompute or
refresh rewrites them once (no verdict is lost: the rows stay, only their digest is unknown).
"""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("standards", "0002_verdict_digest"),
    ]

    operations = [
        migrations.RemoveField(model_name="verdict", name="digest"),
        migrations.AddField(
            model_name="verdict",
            name="digest",
            field=models.BigIntegerField(default=0, verbose_name="摘要"),
        ),
        migrations.RemoveConstraint(model_name="verdict", name="one_verdict_per_period"),
        migrations.AddConstraint(
            model_name="verdict",
            constraint=models.UniqueConstraint(
                fields=("organization", "rule_id", "period_key"), name="one_verdict_per_period"
            ),
        ),
        migrations.RemoveIndex(model_name="verdict", name="verdict_rule_period"),
        migrations.AlterField(
            model_name="verdict",
            name="organization",
            field=models.ForeignKey(
                db_index=False,
                on_delete=models.deletion.PROTECT,
                related_name="verdicts",
                to="organizations.organization",
                verbose_name="党组织",
            ),
        ),
        migrations.AlterField(
            model_name="verdict",
            name="applied",
            field=models.JSONField(blank=True, default=dict, verbose_name="适用参数"),
        ),
    ]
