"""The scale corpus: the same for the same seed, realistic in shape, importable, and never
written into the site's own database."""

import sqlite3
import subprocess
import sys
from pathlib import Path

import dj_database_url
import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError

from articles.management.commands import generate_scale_corpus as command
from articles.models import Claim, Source
from articles.scale_corpus import corpus_build

SIZES = {"frameworks": 6, "criteria": 12, "sources": 8, "claims": 300}
ROOT = Path(__file__).resolve().parent.parent.parent


def generate(*arguments):
    return subprocess.run(
        [sys.executable, "manage.py", "generate_scale_corpus", *arguments],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )


def fingerprint(corpus):
    return (
        [(f.slug, f.name) for f in corpus.frameworks],
        [(c.slug, c.group, c.order) for c in corpus.criteria],
        [(g.source.slug, g.source.title, g.source.body) for g in corpus.sources],
        [
            (c.source.slug, c.framework.slug, c.criterion.slug, c.stance, c.status, c.summary,
             c.quote_start, c.quote_end)
            for c in corpus.claims
        ],
    )  # fmt: skip


def test_the_same_seed_gives_the_same_corpus_and_another_seed_another():
    assert fingerprint(corpus_build(seed=3, **SIZES)) == fingerprint(corpus_build(seed=3, **SIZES))
    assert fingerprint(corpus_build(seed=3, **SIZES)) != fingerprint(corpus_build(seed=4, **SIZES))


def test_the_corpus_has_the_sizes_asked_and_the_shape_of_real_articles():
    corpus = corpus_build(seed=1, **SIZES)
    assert (len(corpus.frameworks), len(corpus.criteria), len(corpus.sources)) == (6, 12, 8)
    assert len(corpus.claims) == 300
    for item in corpus.sources:
        assert 1500 <= len(item.source.body.split()) <= 3300
        assert len(item.frameworks) >= 2
    for claim in corpus.claims:
        body = claim.source.body
        assert body[claim.quote_start : claim.quote_end] == claim.quote
        assert 40 <= len(claim.summary) <= 120
        assert (
            claim.framework
            in next(g for g in corpus.sources if g.source is claim.source).frameworks
        )
    assert {claim.status for claim in corpus.claims} == {"published", "draft", "rejected"}
    published = sum(claim.status == "published" for claim in corpus.claims)
    assert published / len(corpus.claims) > 0.8


def test_the_command_refuses_the_sites_own_database(db, monkeypatch):
    monkeypatch.setattr(
        command.dj_database_url, "parse", lambda url: dict(settings.DATABASES["default"])
    )
    with pytest.raises(CommandError, match="Refusing to write the scale corpus"):
        call_command("generate_scale_corpus", database_url="whatever://the-same")
    assert not Source.objects.exists()


def test_a_sqlite_url_for_the_same_file_is_the_same_database(tmp_path):
    path = tmp_path / "kb.sqlite3"
    same = dj_database_url.parse(f"sqlite:///{path}")
    also = {"ENGINE": "django.db.backends.sqlite3", "NAME": str(tmp_path / "." / "kb.sqlite3")}
    other = dj_database_url.parse(f"sqlite:///{tmp_path / 'other.sqlite3'}")
    assert command.database_identity(same) == command.database_identity(also)
    assert command.database_identity(same) != command.database_identity(other)


def test_the_command_fills_a_separate_database_and_writes_importable_articles(db, tmp_path):
    target = tmp_path / "scale.sqlite3"
    articles = tmp_path / "files"
    options = [f"--database-url=sqlite:///{target}", "--seed=5"]
    options += [f"--{name}={size}" for name, size in SIZES.items()]
    # In its own process, as it is run: this test's database connections stay this test's.
    generated = generate(*options, f"--articles-dir={articles}", "--article-files=3")
    assert generated.returncode == 0, generated.stderr

    with sqlite3.connect(target) as scale:
        counts = [
            scale.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
            for table in ("criteria_framework", "criteria_criterion", "articles_source",
                          "articles_claim")
        ]  # fmt: skip
    assert counts == [6, 12, 8, 300]
    assert not Source.objects.exists()  # nothing in the site's own (here, the test) database

    again = generate(*options)
    assert again.returncode != 0 and "already holds a knowledge base" in again.stderr

    assert len(list((articles / "articles").glob("*.md"))) == 3
    call_command("load_articles", str(articles), verbosity=0)
    assert Source.objects.count() == 3
    corpus = corpus_build(seed=5, **SIZES)
    expected = [c for c in corpus.claims if c.source in [g.source for g in corpus.sources[:3]]]
    assert Claim.objects.count() == len(expected)
    assert Claim.objects.published().count() == sum(c.status == "published" for c in expected)
