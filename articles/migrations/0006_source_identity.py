"""Sources keep where they came from and what they said, and which fields curators changed.

Backfilled from what the database already knows: the checksum from the text as received (stored
with its line endings already normalised), and the curators' fields from the admin's own history
of each source, so that an edit made before this change is not undone by the first reload after
it. Sources added by hand belong to curators entirely. The origin stays empty: a reload finds such
a source by its checksum or its slug and records it then.
"""

import hashlib
import json

from django.db import migrations, models

CURATED = ("title", "author", "publisher", "url", "published", "body")
BATCH = 500


def changed_fields(change_message):
    """The field labels an admin history entry names as changed (Django's JSON format)."""
    try:
        entries = json.loads(change_message or "[]")
    except ValueError:
        return set()
    labels = set()
    for entry in entries if isinstance(entries, list) else []:
        if isinstance(entry, dict) and "changed" in entry:
            labels.update(str(label).lower() for label in entry["changed"].get("fields", []))
    return labels


def backfill(apps, schema_editor):
    Source = apps.get_model("articles", "Source")
    LogEntry = apps.get_model("admin", "LogEntry")
    ContentType = apps.get_model("contenttypes", "ContentType")
    labels = {
        str(Source._meta.get_field(name).verbose_name).lower(): name for name in CURATED
    }
    edited = {}
    content_type = ContentType.objects.filter(app_label="articles", model="source").first()
    if content_type is not None:
        history = LogEntry.objects.filter(content_type=content_type, action_flag=2)
        for object_id, message in history.values_list("object_id", "change_message").iterator():
            fields = {labels[label] for label in changed_fields(message) if label in labels}
            if fields:
                edited.setdefault(object_id, set()).update(fields)

    batch = []
    rows = Source.objects.only("pk", "original_text", "original_filename").order_by("pk")
    for source in rows.iterator(chunk_size=BATCH):
        source.content_sha256 = hashlib.sha256(source.original_text.encode("utf-8")).hexdigest()
        if not source.original_filename:  # added by hand in the admin
            source.curator_fields = list(CURATED)
        else:
            fields = edited.get(str(source.pk), set())
            source.curator_fields = [name for name in CURATED if name in fields]
        batch.append(source)
        if len(batch) == BATCH:
            Source.objects.bulk_update(batch, ["content_sha256", "curator_fields"])
            batch = []
    Source.objects.bulk_update(batch, ["content_sha256", "curator_fields"])


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0005_claim_published_at"),
        ("admin", "0003_logentry_add_action_flag_choices"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.AddField(
            model_name="source",
            name="origin",
            field=models.CharField(
                blank=True,
                db_index=True,
                help_text="The file path or URL the article was loaded from; empty if added by hand.",
                max_length=1000,
            ),
        ),
        migrations.AddField(
            model_name="source",
            name="content_sha256",
            field=models.CharField(
                blank=True,
                db_index=True,
                help_text="Checksum of the article as received (line endings normalised).",
                max_length=64,
            ),
        ),
        migrations.AddField(
            model_name="source",
            name="extra_metadata",
            field=models.JSONField(
                blank=True,
                default=dict,
                help_text="What the file states about itself that has no field of its own "
                "(front matter).",
            ),
        ),
        migrations.AddField(
            model_name="source",
            name="curator_fields",
            field=models.JSONField(
                blank=True,
                default=list,
                help_text="Fields a curator changed in the admin: a reload never overwrites them.",
            ),
        ),
        migrations.RunPython(backfill, migrations.RunPython.noop),
    ]
