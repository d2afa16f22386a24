"""rest_framework.authtoken kept every API token in plain text (``authtoken_token.key``). The app is no longer
installed; its table goes with the secrets in it, and its migration records go too, so that installing it again
would create a fresh table instead of trusting a missing one. Those tokens stop working: users issue new ones."""

from django.db import migrations
from django.db.migrations.recorder import MigrationRecorder

PLAINTEXT_TABLE = "authtoken_token"


def drop_plaintext_tokens(apps, schema_editor):
    connection = schema_editor.connection
    if PLAINTEXT_TABLE in connection.introspection.table_names():
        schema_editor.execute(f"DROP TABLE {schema_editor.quote_name(PLAINTEXT_TABLE)}")
    recorder = MigrationRecorder(connection)
    if recorder.has_table():
        recorder.migration_qs.filter(app="authtoken").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0005_api_tokens_and_password_history"),
    ]

    operations = [
        # Irreversible in substance: the plain-text secrets are gone on purpose; going back leaves nothing to restore.
        migrations.RunPython(drop_plaintext_tokens, migrations.RunPython.noop, elidable=True),
    ]
