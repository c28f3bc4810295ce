"""Directory search through indexes (docs/performance.md).

The directory's ``?q=`` matches ``UPPER(display_name) LIKE '%…%'`` and the same on the
profession (``icontains``). A B-tree cannot serve a pattern with a leading ``%``; on
PostgreSQL a trigram GIN index on the same upper-cased expression can, so a search reads
the matching rows instead of every profile. SQLite has no such index: the operations do
nothing there, and the directory scans the (much smaller) table as before.
"""

from django.db import migrations

INDEXES = {
    "accounts_profile_name_trgm": "display_name",
    "accounts_profile_profession_trgm": "profession",
}


def create_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")  # a trusted extension: the database's owner may create it
    for name, column in INDEXES.items():
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {name} ON accounts_profile USING gin ((UPPER({column}::text)) gin_trgm_ops)"
        )


def drop_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0005_api_tokens"),
    ]

    operations = [migrations.RunPython(create_indexes, drop_indexes, elidable=False)]
