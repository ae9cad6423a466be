"""The migration that gives sources an identity fills it from what the database already knows."""

import hashlib
import json

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

# The admin's history and its users come along: the backfill reads them.
HISTORY = [
    ("admin", "0003_logentry_add_action_flag_choices"),
    ("auth", "0012_alter_user_first_name_max_length"),
]
BEFORE = [("articles", "0005_claim_published_at"), *HISTORY]
AFTER = [("articles", "0006_source_identity"), *HISTORY]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_checksums_and_curators_edits_are_backfilled():
    apps = migrate(BEFORE)
    Source = apps.get_model("articles", "Source")
    LogEntry = apps.get_model("admin", "LogEntry")
    ContentType = apps.get_model("contenttypes", "ContentType")
    User = apps.get_model("auth", "User")

    def source(slug, text, filename):
        return Source.objects.create(
            slug=slug,
            body=text,
            original_text=text,
            original_sha256="0" * 64,
            original_filename=filename,
            imported_at="2024-01-01T00:00:00Z",
        )

    loaded = source("loaded", "Django has an admin.\nFlask does not.", "loaded.md")
    edited = source("edited", "Flask is small.", "edited.md")
    by_hand = source("by-hand", "Typed in the admin.", "")
    curator = User.objects.create(username="curator")
    content_type, _ = ContentType.objects.get_or_create(app_label="articles", model="source")
    for message in (
        [{"changed": {"fields": ["Title", "Url"]}}],
        [{"changed": {"fields": ["Body"]}}],
        "Not JSON, as entries written by hand may be",
    ):
        LogEntry.objects.create(
            user=curator,
            content_type=content_type,
            object_id=str(edited.pk),
            object_repr="edited",
            action_flag=2,
            change_message=message if isinstance(message, str) else json.dumps(message),
        )

    try:
        apps = migrate(AFTER)
        rows = {
            row["slug"]: row
            for row in apps.get_model("articles", "Source").objects.values(
                "slug", "content_sha256", "curator_fields", "origin", "extra_metadata"
            )
        }
    finally:
        migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())

    expected = hashlib.sha256(b"Django has an admin.\nFlask does not.").hexdigest()
    assert rows["loaded"]["content_sha256"] == expected
    assert rows["loaded"]["curator_fields"] == []
    assert rows["edited"]["curator_fields"] == ["title", "url", "body"]
    assert rows["by-hand"]["curator_fields"] == [
        "title", "author", "publisher", "url", "published", "body"
    ]  # fmt: skip
    assert {row["origin"] for row in rows.values()} == {""}
    assert all(row["extra_metadata"] == {} for row in rows.values())
    del loaded, by_hand
