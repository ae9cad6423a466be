"""Several processes on one SQLite file, as the site's workers and a load_articles run are: a
writer holding the database makes the others wait (WAL journal, a busy timeout, transactions
that take the write lock when they begin), never fail with "database is locked"."""

import os
import shutil
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from tests.conftest import FIXTURES
from tests.curating import CURATOR_PASSWORD

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.skipif(
    os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")),
    reason="these start their own SQLite database; the PostgreSQL run covers its own races",
)

SETUP = """
import django
django.setup()
"""

HOLD_A_WRITE = (
    SETUP
    + """
import sys, time
from django.db import transaction
from django.utils import timezone
from articles.models import Source, sha256_hex
with transaction.atomic():
    Source.objects.create(slug="held", body="x", original_text="x",
                          original_sha256=sha256_hex(b"x"), imported_at=timezone.now())
    print("holding", flush=True)
    time.sleep(float(sys.argv[1]))
print("committed", flush=True)
"""
)

LOG_IN = (
    SETUP
    + f"""
import time
from django.test import Client
client = Client(raise_request_exception=False, HTTP_HOST="localhost")
started = time.monotonic()
response = client.post("/admin/login/", {{"username": "curator",
                       "password": {CURATOR_PASSWORD!r}, "next": "/admin/"}})
print(response.status_code, round(time.monotonic() - started, 2), flush=True)
"""
)

MAKE_CURATOR = (
    SETUP
    + """
from tests.curating import make_curator
make_curator()
"""
)


@pytest.fixture
def database(tmp_path):
    """A migrated SQLite file with a curator; the environment that reaches it."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL"))}
    env.update(
        DATABASE_URL=f"sqlite:///{tmp_path / 'site.sqlite3'}",
        DJANGO_SETTINGS_MODULE="comparator.test_settings",
        # The default wait (30 s) made short, so the test is quick; a write held 4 s fits in it.
        SQLITE_BUSY_TIMEOUT="15",
    )
    for command in (["manage.py", "migrate", "-v0"], ["-c", MAKE_CURATOR]):
        result = subprocess.run(
            [sys.executable, *command], cwd=ROOT, env=env, capture_output=True, text=True
        )
        assert result.returncode == 0, result.stderr
    return env


def start(env, *args):
    return subprocess.Popen(
        [sys.executable, *args],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_the_journal_is_a_write_ahead_log(database):
    script = (
        SETUP
        + "from django.db import connection\n"
        + textwrap.dedent("""
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA journal_mode")
            print(cursor.fetchone()[0])
    """)
    )
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=database, capture_output=True, text=True
    )
    assert result.stdout.strip() == "wal", result.stderr


def test_an_admin_login_during_a_held_write_waits_and_succeeds(database):
    holder = start(database, "-c", HOLD_A_WRITE, "7")
    assert holder.stdout.readline().strip() == "holding", holder.stderr.read()
    login = start(database, "-c", LOG_IN)
    out, err = login.communicate(timeout=60)
    holder.communicate(timeout=60)
    status, waited = out.split()
    assert status == "302", err  # logged in, not a 500 "database is locked"
    assert "database is locked" not in err
    assert float(waited) > 1, "the login should have waited for the writer"


def test_two_loads_at_once_both_finish(database, tmp_path):
    folder = tmp_path / "kb"
    shutil.copytree(FIXTURES, folder)
    first = start(database, "manage.py", "load_articles", str(folder))
    time.sleep(0.3)
    second = start(database, "manage.py", "load_articles", str(folder))
    for process in (first, second):
        out, err = process.communicate(timeout=300)
        assert process.returncode == 0, err
        assert "Traceback" not in err and "database is locked" not in err
    count = SETUP + "from articles.models import Claim, Source\n"
    count += "print(Source.objects.count(), Claim.objects.count())"
    result = subprocess.run(
        [sys.executable, "-c", count], cwd=ROOT, env=database, capture_output=True, text=True
    )
    sources = len(list((folder / "articles").glob("*.md")))
    claims = sum(
        path.read_text(encoding="utf-8").count("[[claims]]")
        for path in (folder / "articles").glob("*.claims.toml")
    )
    assert result.stdout.split() == [str(sources), str(claims)], result.stderr


QUOTE = "Django ships an admin panel."
BODY = f"An opening line.\n\n{QUOTE} Flask does not.\n"
MOVED = f"A new first paragraph, added by a reload, that moves every offset.\n\n{BODY}"

MAKE_CLAIM = (
    SETUP
    + f"""
from django.contrib.auth import get_user_model
from django.utils import timezone
from articles.models import Claim, Source, sha256_hex
from criteria.models import Criterion, Framework
body = {BODY!r}
source = Source.objects.create(slug="raced", title="Raced", body=body, original_text=body,
                               original_sha256=sha256_hex(body.encode()), imported_at=timezone.now())
start = body.index({QUOTE!r})
claim = Claim.objects.create(
    source=source, framework=Framework.objects.create(slug="django", name="Django"),
    criterion=Criterion.objects.create(slug="admin-panel", name="Admin panel", group="operations"),
    stance="strength", summary="Admin included.", quote={QUOTE!r},
    quote_start=start, quote_end=start + len({QUOTE!r}))
get_user_model().objects.create_superuser("racer", "racer@example.org", "a long pass")
print(claim.pk)
"""
)

RELOAD = (
    SETUP
    + f"""
import sys, time
from django.db import transaction
from articles.models import Source
from articles.services import claims_reanchor
with transaction.atomic():
    source = Source.objects.select_for_update().get(slug="raced")
    source.body = {MOVED!r}
    source.save()
    claims_reanchor(source=source)
    print("holding", flush=True)
    time.sleep(3)
"""
)

EDIT = (
    SETUP
    + """
import sys
from django.contrib.auth import get_user_model
from django.test import Client
from tests.curating import form_data
client = Client(raise_request_exception=False, HTTP_HOST="localhost")
client.force_login(get_user_model().objects.get(username="racer"))
url = f"/admin/articles/claim/{sys.argv[1]}/change/"
data = form_data(client.get(url).content.decode(), "claim_form")
data["summary"] = "Edited while the article reloaded."
print("ready", flush=True)
sys.stdin.readline()
print(client.post(url, data).status_code, flush=True)
"""
)


def test_a_curators_edit_during_a_reload_waits_and_anchors_in_the_new_text(database):
    made = subprocess.run(
        [sys.executable, "-c", MAKE_CLAIM], cwd=ROOT, env=database, capture_output=True, text=True
    )
    assert made.returncode == 0, made.stderr
    pk = made.stdout.split()[-1]
    editor = subprocess.Popen(
        [sys.executable, "-c", EDIT, pk],
        cwd=ROOT,
        env=database,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert editor.stdout.readline().strip() == "ready", editor.stderr.read()
    reloader = start(database, "-c", RELOAD)
    assert reloader.stdout.readline().strip() == "holding", reloader.stderr.read()
    out, err = editor.communicate("go\n", timeout=60)
    _, reload_err = reloader.communicate(timeout=60)
    assert reloader.returncode == 0, reload_err
    assert out.strip() == "302", err

    check = SETUP + "from articles.models import Claim\n"
    check += f"c = Claim.objects.select_related('source').get(pk={pk})\n"
    check += "print(repr(c.source.body[c.quote_start:c.quote_end]), c.needs_review, c.summary)"
    result = subprocess.run(
        [sys.executable, "-c", check], cwd=ROOT, env=database, capture_output=True, text=True
    )
    assert result.stdout.strip() == f"{QUOTE!r} False Edited while the article reloaded.", (
        result.stderr
    )
