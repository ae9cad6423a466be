"""Loading an article without curated claims: the extractor proposes drafts, never more."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from articles.models import Claim, Source
from articles.services import article_load
from criteria.models import Criterion, Framework
from tests.conftest import (
    curated_claim_files,
    curated_claims,
    knowledge_base_snapshot,
    write_article,
)

pytestmark = pytest.mark.django_db

HEADER = {"title": "Django vs Rails: which one for your next project?"}
BODY = (
    "Django and Rails both promise rapid development.\n\n"
    "## Admin\n\n"
    "Django comes with a built-in admin panel. "
    "Rails lacks an admin panel, so you add a gem for it.\n\n"
    "## Learning curve\n\n"
    "Rails has a steeper learning curve than Django.\n\n"
    "## Pros of Rails\n\n"
    "- Convention over configuration\n"
    "- A large community\n"
)


def load(folder, **options):
    call_command("load_articles", str(folder), stdout=StringIO(), stderr=StringIO(), **options)


def assert_all_drafts_quoting_exactly(claims):
    for claim in claims:
        assert (claim.status, claim.origin) == (Claim.Status.DRAFT, Claim.Origin.EXTRACTED)
        assert claim.source.body[claim.quote_start : claim.quote_end] == claim.quote
        assert claim.summary and not claim.needs_review


@pytest.fixture
def rails_folder(article_folder):
    write_article(article_folder, "django-vs-rails", BODY, header=HEADER)
    return article_folder


def test_a_new_framework_named_in_an_article_is_created_flagged(rails_folder):
    assert not Framework.objects.filter(name="Rails").exists()
    load(rails_folder)
    rails = Framework.objects.get(name="Rails")
    assert (rails.slug, rails.alias_list, rails.needs_review) == ("rails", ["Rails"], True)
    assert not Framework.objects.filter(needs_review=True).exclude(pk=rails.pk).exists()


def test_the_extractor_proposes_only_drafts_with_exact_quotes(rails_folder):
    load(rails_folder)
    claims = Claim.objects.filter(source__slug="django-vs-rails").select_related("source")
    assert_all_drafts_quoting_exactly(claims)
    found = {(c.framework.slug, c.criterion.slug, c.stance) for c in claims}
    assert ("django", "admin-panel", "strength") in found
    assert ("rails", "admin-panel", "weakness") in found
    assert ("rails", "learning-curve", "weakness") in found
    assert ("django", "learning-curve", "strength") in found
    assert ("rails", "community", "strength") in found  # a list under "Pros of Rails"
    assert not Claim.objects.published().exists()


def test_the_outcome_counts_what_was_proposed_and_created(vocabulary, rails_folder):
    outcome = article_load(path=rails_folder / "django-vs-rails.md")
    assert outcome.frameworks_created == ["Rails"]
    assert outcome.claims_proposed == Claim.objects.count() > 0
    assert outcome.claims_created == 0


def test_a_reload_of_an_unchanged_article_proposes_nothing_new(rails_folder):
    load(rails_folder)
    before = knowledge_base_snapshot()
    outcome = article_load(path=rails_folder / "django-vs-rails.md")
    assert (outcome.claims_proposed, outcome.frameworks_created, outcome.changed) == (0, [], False)
    assert knowledge_base_snapshot() == before


def test_a_rejected_proposal_is_not_proposed_again_when_the_text_changes(rails_folder):
    load(rails_folder)
    rejected = Claim.objects.get(framework__slug="rails", criterion__slug="admin-panel")
    rejected.status = Claim.Status.REJECTED
    rejected.save()
    count = Claim.objects.count()
    write_article(
        rails_folder,
        "django-vs-rails",
        "Django is excellent for routing URLs.\n\n" + BODY,
        header=HEADER,
    )
    outcome = article_load(path=rails_folder / "django-vs-rails.md")
    rejected.refresh_from_db()
    assert rejected.status == Claim.Status.REJECTED
    assert rejected.source.body[rejected.quote_start : rejected.quote_end] == rejected.quote
    assert Claim.objects.filter(framework__slug="rails", criterion__slug="admin-panel").count() == 1
    assert outcome.claims_proposed == Claim.objects.count() - count > 0
    assert Claim.objects.filter(framework__slug="django", criterion__slug="routing").exists()


def test_a_dry_run_writes_nothing(vocabulary, rails_folder):
    before = knowledge_base_snapshot()
    outcome = article_load(path=rails_folder / "django-vs-rails.md", dry_run=True)
    assert outcome.claims_proposed > 0 and outcome.frameworks_created == ["Rails"]
    load(rails_folder, dry_run=True)
    assert knowledge_base_snapshot() == before


def test_the_vocabulary_comes_from_the_database(vocabulary, article_folder):
    flask = Framework.objects.get(slug="flask")
    flask.aliases = "Flask\nPallets kit"
    flask.save()
    admin = Criterion.objects.get(slug="admin-panel")
    admin.keywords = "back office"
    admin.save()
    write_article(article_folder, "aliases", "The Pallets kit lacks a back office.\n")
    article_load(path=article_folder / "aliases.md")
    claim = Claim.objects.get()
    assert (claim.framework.slug, claim.criterion.slug, claim.stance) == (
        "flask",
        "admin-panel",
        "weakness",
    )


def test_an_article_with_curated_claims_gets_no_proposals(seeded):
    assert not Claim.objects.filter(origin=Claim.Origin.EXTRACTED).exists()
    assert Claim.objects.count() == sum(len(curated_claims(p)) for p in curated_claim_files())
    assert not Framework.objects.filter(needs_review=True).exists()
    assert Source.objects.count() == len(curated_claim_files())


def test_a_framework_the_text_names_in_full_is_created_by_that_name_with_its_short_one(
    vocabulary, tmp_path
):
    body = (
        "Teams building shops often pick Ruby on Rails for its conventions.\n\n"
        "Rails has a steeper learning curve than Django.\n"
    )
    write_article(tmp_path, "django-vs-rails", body, header=HEADER)
    outcome = article_load(path=tmp_path / "django-vs-rails.md")
    assert outcome.frameworks_created == ["Ruby on Rails"]
    rails = Framework.objects.get(slug="ruby-on-rails")
    assert (rails.needs_review, rails.alias_list) == (True, ["Ruby on Rails", "Rails"])
    # "Rails" in the body names the framework created under its full name
    assert Claim.objects.filter(framework=rails, criterion__slug="learning-curve").exists()
    # known now by both names: a reload creates no "Rails" beside it and proposes nothing new
    before = knowledge_base_snapshot()
    again = article_load(path=tmp_path / "django-vs-rails.md")
    assert (again.frameworks_created, again.claims_proposed) == ([], 0)
    assert knowledge_base_snapshot() == before


def test_a_claims_file_written_after_the_first_load_takes_the_place_of_untouched_drafts(
    article_folder,
):
    """The extractor's drafts are no curator's work: the curated claim for their passage is
    loaded in their place. A draft a curator reviewed is kept, as every curator's work is."""
    path = write_article(article_folder, "later", BODY, header=HEADER)
    load(article_folder)
    drafts = list(Claim.objects.filter(origin=Claim.Origin.EXTRACTED).order_by("quote_start"))
    assert len(drafts) >= 2
    reviewed = drafts[1]
    Claim.objects.filter(pk=reviewed.pk).update(status="rejected", reviewed_at=timezone.now())
    claims = [
        {
            "framework": draft.framework.slug,
            "criterion": draft.criterion.slug,
            "stance": "weakness",
            "summary": f"Curated summary {number}.",
            "quote": draft.quote,
        }
        for number, draft in enumerate(drafts[:2], 1)
    ]
    write_article(article_folder, "later", BODY, header=HEADER, claims=claims)
    out = StringIO()
    call_command("load_articles", str(article_folder), stdout=out, stderr=StringIO())
    assert "later: 1 claim(s) created, 1 already there" in out.getvalue()
    curated = Claim.objects.get(pk=drafts[0].pk)
    assert (curated.origin, curated.status, curated.stance, curated.summary) == (
        "curated",
        "published",
        "weakness",
        "Curated summary 1.",
    )
    assert curated.published_at is not None
    kept = Claim.objects.get(pk=reviewed.pk)
    assert (kept.origin, kept.status, kept.summary) == ("extracted", "rejected", reviewed.summary)
    assert Claim.objects.filter(source__slug=path.stem).count() == len(drafts)
