"""The knowledge-base version that cached pages are keyed by, an index for the feed, and on
PostgreSQL the stored search documents that let /search/ use GIN indexes.

The search documents are generated columns computed by PostgreSQL itself from the row (so every
write path keeps them current without code) and are not model fields: articles/search.py reads
them by name on PostgreSQL only, and other databases never have them.
"""

import uuid

from django.db import migrations, models
from django.utils import timezone

# The same weights and configuration as articles/search.py uses to rank.
SEARCH_DOCUMENTS = {
    "articles_claim": (
        "setweight(to_tsvector('english'::regconfig, coalesce(summary, '')), 'A') || "
        "setweight(to_tsvector('english'::regconfig, coalesce(quote, '')), 'B')"
    ),
    "articles_source": (
        "setweight(to_tsvector('english'::regconfig, coalesce(title, '')), 'A') || "
        "setweight(to_tsvector('english'::regconfig, coalesce(author, '')), 'B') || "
        "setweight(to_tsvector('english'::regconfig, coalesce(publisher, '')), 'B') || "
        "setweight(to_tsvector('english'::regconfig, coalesce(body, '')), 'D')"
    ),
}


def search_documents_add(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table, expression in SEARCH_DOCUMENTS.items():
        schema_editor.execute(
            f"ALTER TABLE {table} ADD COLUMN search_document tsvector "
            f"GENERATED ALWAYS AS ({expression}) STORED"
        )
        schema_editor.execute(
            f"CREATE INDEX {table}_search_document ON {table} USING gin (search_document)"
        )


def search_documents_remove(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in SEARCH_DOCUMENTS:
        schema_editor.execute(f"ALTER TABLE {table} DROP COLUMN IF EXISTS search_document")


def version_create(apps, schema_editor):
    Version = apps.get_model("articles", "KnowledgeBaseVersion")
    Version.objects.using(schema_editor.connection.alias).create(
        pk=1, token=uuid.uuid4().hex, changed_at=timezone.now()
    )


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0003_curators_group"),
        ("criteria", "0003_search_documents"),
    ]

    operations = [
        migrations.CreateModel(
            name="KnowledgeBaseVersion",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("token", models.CharField(max_length=32)),
                ("changed_at", models.DateTimeField()),
            ],
        ),
        migrations.RunPython(version_create, migrations.RunPython.noop),
        migrations.AddIndex(
            model_name="claim",
            index=models.Index(fields=["status", "created_at"], name="claim_status_created"),
        ),
        migrations.RunPython(search_documents_add, search_documents_remove),
    ]
