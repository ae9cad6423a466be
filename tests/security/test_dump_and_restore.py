"""`dumpdata` of the whole knowledge base, loaded into an empty database, reproduces it exactly,
curators' edits included."""

import datetime
import json
import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection
from django.utils import timezone

from articles.models import Claim, Source
from criteria.models import Criterion, Framework
from tests.conftest import knowledge_base_snapshot

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.django_db(transaction=True)

# Everything but what Django rebuilds itself (content types, permissions) and sessions.
DUMP_ARGS = [
    "--natural-foreign",
    "--natural-primary",
    "--exclude=contenttypes",
    "--exclude=auth.permission",
    "--exclude=sessions",
]
SNAPSHOT = """
import json, django
django.setup()
from tests.security.test_dump_and_restore import snapshot
print(snapshot(milliseconds=True))
"""


def snapshot(*, milliseconds=False):
    """Every row of the knowledge base, users named rather than numbered, as exact text.

    Django's JSON keeps timestamps to the millisecond: MILLISECONDS cuts them to that.
    """
    from django.contrib.admin.models import LogEntry

    users = {user.pk: user.username for user in get_user_model().objects.all()}
    rows = knowledge_base_snapshot()
    for claim in rows["Claim"]:
        claim["reviewed_by_id"] = users.get(claim["reviewed_by_id"])
    rows["User"] = list(
        get_user_model().objects.order_by("username").values("username", "is_staff", "password")
    )
    rows["Group"] = [
        (group.name, sorted(group.permissions.values_list("codename", flat=True)))
        for group in Group.objects.order_by("name")
    ]
    rows["LogEntry"] = list(
        LogEntry.objects.order_by("pk").values(
            "action_time", "object_id", "object_repr", "change_message", "user__username"
        )
    )
    if milliseconds:
        for table in rows.values():
            for row in table:
                if isinstance(row, dict):
                    row.update(
                        (key, value.replace(microsecond=value.microsecond // 1000 * 1000))
                        for key, value in row.items()
                        if isinstance(value, datetime.datetime)
                    )
    # repr, not JSON: it keeps every value's type and every microsecond.
    return repr(rows)


@pytest.fixture
def empty_database():
    """A database of the same kind as the test database, migrated and holding nothing else."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env["DJANGO_SETTINGS_MODULE"] = "comparator.test_settings"
    name = f"kb_restore_{uuid.uuid4().hex[:12]}"
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"CREATE DATABASE {name}")
        s = connection.settings_dict
        env["DATABASE_URL"] = f"postgres://{s['USER']}@{s['HOST']}:{s['PORT'] or 5432}/{name}"
    else:
        env["DATABASE_URL"] = f"sqlite:///{ROOT / 'test-artifacts' / name}.sqlite3"
        (ROOT / "test-artifacts").mkdir(exist_ok=True)

    def run(*args, script=None):
        command = [sys.executable, "-c", script] if script else [sys.executable, "manage.py", *args]
        result = subprocess.run(
            command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=300
        )
        assert result.returncode == 0, result.stderr
        return result.stdout

    run("migrate", "--no-input", "-v0")
    yield run
    if connection.vendor == "postgresql":
        connection.close()
        with connection.cursor() as cursor:
            cursor.execute(f"DROP DATABASE IF EXISTS {name}")
    else:
        Path(env["DATABASE_URL"].removeprefix("sqlite:///")).unlink(missing_ok=True)


@pytest.fixture
def curated_knowledge_base(seeded):
    """The seed content after a curator's work: edits through the admin and by hand."""
    curator = get_user_model().objects.create_user("cora", password="x", is_staff=True)
    curator.groups.add(Group.objects.get_or_create(name="Curators")[0])
    claim = Claim.objects.published().order_by("pk").first()
    Claim.objects.filter(pk=claim.pk).update(
        stance="neutral",
        summary="Edited by a curator: “quoted”, ünïcode & <markup>",
        status="rejected",
        reviewed_by=curator,
        reviewed_at=timezone.now(),
    )
    lost = Claim.objects.published().order_by("-pk").first()
    Claim.objects.filter(pk=lost.pk).update(needs_review=True)
    Source.objects.filter(pk=claim.source_id).update(title="Retitled by a curator")
    Framework.objects.filter(slug="flask").update(description="Edited description\nwith lines")
    Criterion.objects.filter(slug="security").update(order=99)
    from django.contrib.admin.models import CHANGE, LogEntry
    from django.contrib.contenttypes.models import ContentType

    LogEntry.objects.create(
        user=curator,
        content_type=ContentType.objects.get_for_model(Claim),
        object_id=str(claim.pk),
        object_repr=str(claim)[:200],
        action_flag=CHANGE,
        change_message="Rejected",
    )


def test_a_dump_loaded_into_an_empty_database_reproduces_it(
    curated_knowledge_base, empty_database, tmp_path
):
    expected = snapshot(milliseconds=True)
    dump = tmp_path / "kb.json"
    call_command("dumpdata", *DUMP_ARGS, output=str(dump), verbosity=0)

    empty_database("loaddata", str(dump), "-v0")
    restored = empty_database(script=SNAPSHOT).strip()
    # Every value is the same, but Django's JSON keeps timestamps to the millisecond. (Its XML
    # keeps microseconds but strips the whitespace around text, an article's final newlines
    # among it: JSON is the one to back up with.)
    assert restored == expected
    assert "Edited by a curator: “quoted”, ünïcode & <markup>" in restored
    assert "'reviewed_by_id': 'cora'" in restored


def test_the_json_dump_is_valid_json_with_every_claim(curated_knowledge_base, tmp_path):
    dump = tmp_path / "kb.json"
    call_command("dumpdata", *DUMP_ARGS, output=str(dump), verbosity=0)
    rows = json.loads(dump.read_text(encoding="utf-8"))
    claims = [row for row in rows if row["model"] == "articles.claim"]
    assert len(claims) == Claim.objects.count()
    assert json.dumps(rows, cls=DjangoJSONEncoder)
