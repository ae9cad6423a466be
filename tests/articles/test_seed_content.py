"""The five seed articles load with every curated claim, anchored where it says."""

from io import StringIO

import pytest
from django.core.management import call_command

from articles.models import Claim, Source
from criteria.models import Criterion, Framework
from tests.conftest import (
    FIXTURES,
    curated_claim_files,
    curated_claims,
    knowledge_base_snapshot,
)

pytestmark = pytest.mark.django_db


def test_seeds_load_every_source_framework_criterion_and_curated_claim(seeded):
    assert Source.objects.count() == 5
    assert Framework.objects.count() >= 2
    assert Criterion.objects.count() >= 15
    for path in curated_claim_files():
        slug = path.name.removesuffix(".claims.toml")
        source = Source.objects.get(slug=slug)
        expected = curated_claims(path)
        assert source.claims.count() == len(expected), slug
        for item in expected:
            matches = source.claims.filter(
                framework__slug=item["framework"],
                criterion__slug=item["criterion"],
                quote=item["quote"],
                stance=item["stance"],
                summary=item["summary"],
            )
            assert matches.exists(), (slug, item["quote"])


def test_every_seed_claim_quote_is_found_at_its_offsets(seeded):
    claims = Claim.objects.select_related("source")
    assert claims.count() >= 200
    for claim in claims:
        assert claim.source.body[claim.quote_start : claim.quote_end] == claim.quote


def test_seed_claims_are_published_and_cover_both_frameworks_and_all_stances(seeded):
    assert not Claim.objects.exclude(status=Claim.Status.PUBLISHED).exists()
    for slug in ("django", "flask"):
        stances = set(Claim.objects.filter(framework__slug=slug).values_list("stance", flat=True))
        assert stances == {"strength", "weakness", "neutral"}


def test_unknown_metadata_stays_unknown(seeded):
    untitled = Source.objects.get(slug="emma-johnson-choosing-between-flask-vs-django")
    assert untitled.title == ""
    assert untitled.published is None
    # Named by its opening words, quoted; its first heading ("## What Is Flask?") names a section.
    assert untitled.display_title == "“Choosing between Flask vs Django can feel overwhelming,…”"
    assert untitled.display("publisher") == "unknown"
    dated = Source.objects.get(slug="apptension-flask-vs-django")
    assert dated.published.isoformat() == "2023-03-02"
    assert not Source.objects.exclude(url="").exists()


def test_originals_are_kept_with_their_sha256(seeded):
    import hashlib

    for source in Source.objects.all():
        original = FIXTURES / "originals" / source.original_filename
        assert hashlib.sha256(original.read_bytes()).hexdigest() == source.original_sha256
        assert source.original_text == original.read_text(encoding="utf-8")
        assert source.body != source.original_text


def test_second_load_changes_nothing_and_says_so(seeded):
    before = knowledge_base_snapshot()
    out = StringIO()
    call_command("load_articles", str(FIXTURES), stdout=out)
    assert knowledge_base_snapshot() == before
    assert "Nothing changed" in out.getvalue()
    assert "5 unchanged" in out.getvalue()


def test_originals_are_not_loaded_as_articles(seeded):
    filenames = set(Source.objects.values_list("original_filename", flat=True))
    assert len(filenames) == 5
    assert all(name.endswith(".txt") for name in filenames)
