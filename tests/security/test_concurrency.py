"""Imports racing each other or killed half way, on PostgreSQL: every article is whole or absent,
once, and the knowledge base survives a dump and a load into an empty database."""

import os
import shutil
import signal
import subprocess
import sys
import time
import tomllib
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from articles.models import Claim, Source
from articles.reading import read_article
from articles.services import article_load, source_create
from criteria.models import Criterion, Framework
from tests.conftest import FIXTURES, write_article
from tests.security.racing import while_held

ROOT = Path(__file__).resolve().parents[2]

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        not os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")),
        reason="concurrent imports need PostgreSQL's row locks (set DATABASE_URL)",
    ),
]


def database_url():
    """The test database, as another process reaches it."""
    s = connection.settings_dict
    user = s["USER"] + (f":{s['PASSWORD']}" if s["PASSWORD"] else "")
    return f"postgres://{user}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


def manage(*args):
    """manage.py in another process against the test database, started, not waited for."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env.update(DATABASE_URL=database_url(), DJANGO_SETTINGS_MODULE="comparator.test_settings")
    return subprocess.Popen(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def curated_counts(folder):
    """Claims each article's curated file holds, by slug."""
    return {
        path.name.removesuffix(".claims.toml"): len(
            tomllib.loads(path.read_text(encoding="utf-8"))["claims"]
        )
        for path in folder.rglob("*.claims.toml")
    }


def test_two_imports_of_one_folder_at_once_leave_one_of_everything(tmp_path):
    folder = tmp_path / "kb"
    shutil.copytree(FIXTURES, folder)
    first, second = manage("load_articles", str(folder)), manage("load_articles", str(folder))
    results = [process.communicate(timeout=300) for process in (first, second)]
    for process, (_, err) in zip((first, second), results, strict=True):
        assert process.returncode == 0, err
        assert "Traceback" not in err

    expected = curated_counts(folder)
    assert sorted(Source.objects.values_list("slug", flat=True)) == sorted(expected)
    for slug, count in expected.items():
        assert Claim.objects.filter(source__slug=slug).count() == count, slug
    vocabulary = tomllib.loads((folder / "frameworks.toml").read_text())["frameworks"]
    assert Framework.objects.count() == len(vocabulary)
    criteria = tomllib.loads((folder / "criteria.toml").read_text())["criteria"]
    assert Criterion.objects.count() == len(criteria)


def test_an_article_another_import_creates_meanwhile_is_loaded_as_a_reload(vocabulary, tmp_path):
    """The race itself, step by step: the other import inserts the source and holds it
    uncommitted; ours finds no source, tries to insert, waits, and carries on as a reload."""
    quote = "Django ships an admin panel."
    path = write_article(
        tmp_path,
        "raced",
        f"{quote} Flask does not.",
        claims=[
            {"framework": "django", "criterion": "admin-panel", "stance": "strength",
             "summary": "Admin included.", "quote": quote},
        ],
    )  # fmt: skip
    outcome = while_held(
        lambda: source_create(document=read_article(path, max_bytes=settings.ARTICLE_MAX_BYTES)),
        lambda: article_load(path=path),
        waiting="our insert should be waiting for the other import's",
    )
    assert outcome.status != "created"
    assert Source.objects.filter(slug="raced").count() == 1
    assert Claim.objects.filter(source__slug="raced", quote=quote).count() == 1


def many_articles(folder, copies):
    """COPIES of every seed article under new names, each told apart by a last line, with
    their curated claims."""
    shutil.copytree(FIXTURES, folder, ignore=shutil.ignore_patterns("articles"))
    articles = folder / "articles"
    articles.mkdir()
    for path in (FIXTURES / "articles").glob("*.md"):
        text = path.read_text(encoding="utf-8")
        claims = path.with_name(path.stem + ".claims.toml")
        for number in range(copies):
            # Each copy a different article: the same text under two names is one source.
            copy = f"{text.rstrip()}\n\nThis is copy number {number}.\n"
            (articles / f"{path.stem}-{number}.md").write_text(copy, encoding="utf-8")
            shutil.copy(claims, articles / f"{path.stem}-{number}.claims.toml")
    return curated_counts(articles)


def test_an_import_killed_half_way_leaves_each_article_whole_or_absent(tmp_path):
    expected = many_articles(tmp_path / "kb", copies=8)
    process = manage("load_articles", str(tmp_path / "kb"))
    deadline = time.monotonic() + 120
    # Kill it once some articles are in but well before all of them are.
    while Source.objects.count() < 3 and time.monotonic() < deadline:
        assert process.poll() is None, process.communicate()
        time.sleep(0.05)
    process.send_signal(signal.SIGKILL)
    process.communicate(timeout=30)

    loaded = set(Source.objects.values_list("slug", flat=True))
    assert 3 <= len(loaded) < len(expected), "the kill came too late or too early to tell"
    for slug, count in expected.items():
        claims = Claim.objects.filter(source__slug=slug).count()
        assert claims == (count if slug in loaded else 0), slug
    assert not Claim.objects.exclude(source__slug__in=loaded).exists()

    # A second run finishes the job without touching what was already whole.
    before = {slug: Source.objects.get(slug=slug).updated_at for slug in loaded}
    rerun = manage("load_articles", str(tmp_path / "kb"))
    _, err = rerun.communicate(timeout=300)
    assert rerun.returncode == 0, err
    assert Source.objects.count() == len(expected)
    for slug, updated_at in before.items():
        assert Source.objects.get(slug=slug).updated_at == updated_at
    assert Claim.objects.count() == sum(expected.values())


def test_a_framework_another_import_discovers_meanwhile_is_used_not_refused(vocabulary, tmp_path):
    """Two imports discover the same new framework: the other one inserts it and holds it
    uncommitted; ours waits on the insert, is refused, and uses theirs, with no traceback."""
    path = write_article(
        tmp_path,
        "quokka",
        "Django has an admin panel. Quokkaweb is a small framework for tiny sites.\n",
        header={"title": "Django vs Quokkaweb"},
    )
    outcome = while_held(
        lambda: Framework.objects.create(
            name="Quokkaweb", slug="quokkaweb", aliases="Quokkaweb", needs_review=True
        ),
        lambda: article_load(path=path),
        waiting="our insert should be waiting for the other import's",
    )
    assert outcome.status == "created" and outcome.frameworks_created == []
    assert Framework.objects.filter(slug="quokkaweb").count() == 1
    assert Source.objects.filter(slug="quokka").count() == 1


def test_the_same_article_under_two_names_loaded_at_once_is_one_source(vocabulary, tmp_path):
    """The other import loads the article under one name and holds it uncommitted; ours, under
    another name, waits for it and then reports the source it already is."""
    quote = "Django ships an admin panel."
    claims = [
        {"framework": "django", "criterion": "admin-panel", "stance": "strength",
         "summary": "Admin included.", "quote": quote},
    ]  # fmt: skip
    first = write_article(tmp_path, "one-name", f"{quote} Flask does not.", claims=claims)
    second = write_article(tmp_path, "other-name", f"{quote} Flask does not.", claims=claims)
    outcome = while_held(
        lambda: article_load(path=first),
        lambda: article_load(path=second),
        waiting="ours should wait for the other import of the same content",
    )
    assert (outcome.status, outcome.same_as) == ("duplicate", "one-name")
    assert list(Source.objects.values_list("slug", flat=True)) == ["one-name"]
    assert Claim.objects.filter(quote=quote).count() == 1
