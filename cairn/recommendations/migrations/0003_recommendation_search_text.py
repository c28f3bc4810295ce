"""Full-text search of the registry (docs/decisions/0003-registry-search.md).

``search_text`` holds each recommendation's words, lower-cased and without accents; this
migration fills it for existing rows. On PostgreSQL it also creates a GIN index on the
expression the registry searches — the French and the Dutch vectors of that column —
written out here rather than in ``Meta.indexes`` because SQLite has no such index: the
operation does nothing there.
"""

import unicodedata

from django.db import migrations, models

INDEX_NAME = "recommendations_search_gin"
INDEX_SQL = (
    f"CREATE INDEX IF NOT EXISTS {INDEX_NAME} ON recommendations_recommendation USING gin "
    "((to_tsvector('french'::regconfig, COALESCE(search_text, '')) || to_tsvector('dutch'::regconfig, COALESCE(search_text, ''))))"
)


def _normalise(text):
    # A copy of cairn.core.search.normalise as it was when this migration was written.
    decomposed = unicodedata.normalize("NFKD", text)
    return " ".join("".join(c for c in decomposed if not unicodedata.combining(c)).casefold().split())


def fill_search_text(apps, schema_editor):
    Recommendation = apps.get_model("recommendations", "Recommendation")
    rows = Recommendation.objects.select_related("theme").prefetch_related("groups")
    for recommendation in rows.iterator(chunk_size=500):
        parts = [
            recommendation.reference,
            recommendation.number,
            recommendation.title,
            recommendation.section,
            recommendation.text,
            recommendation.theme.title,
            *(group.name for group in recommendation.groups.all()),
        ]
        recommendation.search_text = _normalise(" ".join(p for p in parts if p))
        recommendation.save(update_fields=["search_text"])


def create_search_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(INDEX_SQL)


def drop_search_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX_NAME}")


class Migration(migrations.Migration):
    dependencies = [
        ("recommendations", "0002_assessment_review"),
    ]

    operations = [
        migrations.AddField(
            model_name="recommendation",
            name="search_text",
            field=models.TextField(blank=True, default="", editable=False, verbose_name="texte indexé pour la recherche"),
        ),
        migrations.RunPython(fill_search_text, migrations.RunPython.noop, elidable=True),
        migrations.RunPython(create_search_index, drop_search_index),
    ]
