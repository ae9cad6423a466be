"""load_articles: clear errors for broken input, nothing lost, one transaction per article."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from articles.models import Claim, Source
from tests.articles.reloading import BODY
from tests.conftest import knowledge_base_snapshot, load, load_failing, write_article

pytestmark = pytest.mark.django_db

HEADER = {
    "title": "A small comparison",
    "author": "Ada Example",
    "publisher": "",
    "url": "https://example.org/compare",
    "published": "2024-05-01",
}
CLAIMS = [
    {
        "framework": "django",
        "criterion": "admin-panel",
        "stance": "strength",
        "summary": "Ships a ready-to-use admin panel.",
        "quote": "Django comes with a ready-to-use admin panel.",
    },
    {
        "framework": "flask",
        "criterion": "performance",
        "stance": "strength",
        "summary": "Faster than Django for small apps.",
        "quote": "Flask is faster than Django for small apps.",
    },
    {
        "framework": "django",
        "criterion": "performance",
        "stance": "weakness",
        "summary": "Slower than Flask for small apps.",
        "quote": "Flask is faster than Django for small apps.",
    },
]


@pytest.fixture
def loaded_folder(article_folder):
    write_article(article_folder, "small-comparison", BODY, header=HEADER, claims=CLAIMS)
    load(article_folder)
    return article_folder


def test_an_article_loads_with_its_claims_anchored(loaded_folder):
    source = Source.objects.get(slug="small-comparison")
    assert source.title == "A small comparison"
    assert source.published.isoformat() == "2024-05-01"
    assert source.publisher == ""
    assert source.claims.count() == 3
    for claim in source.claims.all():
        assert source.body[claim.quote_start : claim.quote_end] == claim.quote
        assert claim.status == Claim.Status.PUBLISHED


def test_an_article_without_a_header_is_loaded_with_unknown_metadata(article_folder):
    write_article(article_folder, "bare", BODY)
    load(article_folder)
    source = Source.objects.get(slug="bare")
    assert (source.title, source.author, source.url, source.published) == ("", "", "", None)
    assert source.original_text.startswith("## Admin")


def test_a_folders_own_readme_and_licence_are_not_articles_unless_named(article_folder):
    write_article(article_folder, "bare", BODY)
    (article_folder / "README.md").write_text("# About this folder\n\nArticles we collected.\n")
    (article_folder / "LICENSE.txt").write_text("Permission is granted to copy these files.\n")
    load(article_folder)
    assert list(Source.objects.values_list("slug", flat=True)) == ["bare"]
    load(article_folder / "README.md")
    assert Source.objects.filter(slug="readme").exists()


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"quote": "Django ships a rocket."}, "claim #1: the quote does not occur"),
        ({"framework": "rails"}, "claim #1: unknown framework slug 'rails'"),
        ({"criterion": "vibes"}, "claim #1: unknown criterion slug 'vibes'"),
        ({"stance": "great"}, "claim #1: stance must be one of"),
        ({"quote": "Django", "occurrence": 9}, "claim #1: occurrence = 9"),
    ],
)
def test_a_broken_claim_fails_naming_file_and_claim_and_changes_nothing(
    loaded_folder, change, message
):
    claims = [{**CLAIMS[0], **change}, CLAIMS[1]]
    write_article(
        loaded_folder, "small-comparison", BODY + "\nMore text.\n", header=HEADER, claims=claims
    )
    before, error = load_failing(loaded_folder)
    assert f"small-comparison.claims.toml, {message}" in error
    assert knowledge_base_snapshot() == before


def test_claim_errors_name_the_claims_file_and_claim_number(article_folder):
    claims = [CLAIMS[0], {**CLAIMS[1], "quote": "Not in the text at all."}]
    write_article(article_folder, "broken", BODY, header=HEADER, claims=claims)
    err = StringIO()
    with pytest.raises(CommandError, match="1 failed"):
        call_command("load_articles", str(article_folder), stdout=StringIO(), stderr=err)
    assert "broken.claims.toml, claim #2: the quote does not occur" in err.getvalue()
    assert not Source.objects.filter(slug="broken").exists()
    assert not Claim.objects.exists()


def test_an_ambiguous_quote_asks_for_an_occurrence(article_folder):
    body = "Flask is small. Later: Flask is small.\n"
    claim = {**CLAIMS[1], "quote": "Flask is small."}
    write_article(article_folder, "twice", body, claims=[claim])
    _, error = load_failing(article_folder)
    assert "claim #1: the quote occurs 2 times; say which with occurrence = N" in error
    assert not Source.objects.exists()
    write_article(article_folder, "twice", body, claims=[{**claim, "occurrence": 2}])
    load(article_folder)
    only = Claim.objects.get()
    assert only.quote_start == body.rindex("Flask is small.")


@pytest.mark.parametrize(
    ("header_text", "message"),
    [
        ("---\ntitle: x\npublished: March 2024\n---\n", "line 3: 'published' must be a date"),
        ("---\ntitle x\n---\n", "line 2: expected 'key: value'"),
        ("---\ntitle: x\n", "line 1: the metadata header opened here is never closed"),
        ("---\nurl: javascript:alert(1)\n---\n", "line 2: 'url' must be an http(s) address"),
        ("---\ntitle: x\ntitle: y\n---\n", "line 3: header key 'title' is given twice"),
        ("---\noriginal: nowhere.txt\n---\n", "line 2: 'original'"),
        ("---\nauthor: " + "x" * 201 + "\n---\n", "line 2: 'author' is 201 characters"),
    ],
)
def test_invalid_metadata_fails_with_file_and_line(loaded_folder, header_text, message):
    path = loaded_folder / "small-comparison.md"
    path.write_text(header_text + BODY, encoding="utf-8")
    err = StringIO()
    before = knowledge_base_snapshot()
    with pytest.raises(CommandError):
        call_command("load_articles", str(loaded_folder), stdout=StringIO(), stderr=err)
    assert f"small-comparison.md, {message}" in err.getvalue()
    assert knowledge_base_snapshot() == before


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "the article file is empty"),
        (b"   \n\n", "the article file is empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
        (b"caf\xe9 au lait", "not UTF-8 text"),
        (b"---\ntitle: only a header\n---\n", "has a header but no text"),
    ],
)
def test_empty_binary_and_undecodable_files_fail_cleanly(loaded_folder, content, message):
    (loaded_folder / "bad.md").write_bytes(content)
    before = knowledge_base_snapshot()
    err = StringIO()
    with pytest.raises(CommandError, match="1 failed"):
        call_command("load_articles", str(loaded_folder), stdout=StringIO(), stderr=err)
    assert "bad.md" in err.getvalue() and message in err.getvalue()
    assert knowledge_base_snapshot() == before


def test_a_file_over_the_size_limit_is_refused(article_folder, settings):
    settings.ARTICLE_MAX_BYTES = 100
    write_article(article_folder, "long", "Django is big. " * 20)
    _, error = load_failing(article_folder)
    assert "long.md: the article file is 300 bytes; the limit is 100" in error
    assert not Source.objects.exists()


def test_a_missing_path_is_refused_before_anything_loads(article_folder, tmp_path):
    write_article(article_folder, "fine", BODY)
    before, error = load_failing(article_folder, tmp_path / "no-such-folder")
    assert "No such file or folder" in error and "no-such-folder" in error
    assert knowledge_base_snapshot() == before


def test_a_folder_with_nothing_loadable_is_refused(tmp_path):
    (tmp_path / "notes.csv").write_text("a,b\n")
    _, error = load_failing(tmp_path)
    assert "Nothing to load" in error


def test_a_broken_article_does_not_stop_the_others(article_folder):
    write_article(article_folder, "good", BODY, header=HEADER, claims=CLAIMS)
    write_article(article_folder, "bad", BODY, claims=[{**CLAIMS[0], "framework": "nope"}])
    err = StringIO()
    with pytest.raises(CommandError, match="1 created.*1 failed"):
        call_command("load_articles", str(article_folder), stdout=StringIO(), stderr=err)
    assert list(Source.objects.values_list("slug", flat=True)) == ["good"]
    assert Claim.objects.count() == 3


def test_dry_run_writes_nothing_but_reports(article_folder, vocabulary):
    write_article(article_folder, "small-comparison", BODY, header=HEADER, claims=CLAIMS)
    before = knowledge_base_snapshot()
    out, _ = load(article_folder, dry_run=True)
    assert "Dry run" in out and "3 claim(s) created" in out
    assert knowledge_base_snapshot() == before


def test_reload_never_overwrites_curated_edits(loaded_folder):
    claim = Claim.objects.get(criterion__slug="admin-panel")
    Claim.objects.filter(pk=claim.pk).update(summary="Edited by a curator", status="rejected")
    out, _ = load(loaded_folder)
    claim.refresh_from_db()
    assert (claim.summary, claim.status) == ("Edited by a curator", "rejected")
    assert "Nothing changed" in out


def test_a_changed_body_reanchors_claims_and_flags_lost_quotes(loaded_folder):
    new_body = "## Intro\n\nA new first paragraph moves everything.\n\n" + BODY.replace(
        "Flask is faster than Django for small apps.", "Flask is quick."
    )
    write_article(loaded_folder, "small-comparison", new_body, header=HEADER, claims=CLAIMS[:1])
    claim_ids = set(Claim.objects.values_list("pk", flat=True))
    out, err = load(loaded_folder)
    assert "updated" in out and "re-anchored" in out
    assert set(Claim.objects.values_list("pk", flat=True)) == claim_ids
    source = Source.objects.get()
    admin_claim = Claim.objects.get(criterion__slug="admin-panel")
    assert source.body[admin_claim.quote_start : admin_claim.quote_end] == admin_claim.quote
    assert not admin_claim.needs_review
    flagged = Claim.objects.filter(needs_review=True)
    assert flagged.count() == 2
    assert all(claim.quote == CLAIMS[1]["quote"] for claim in flagged)
    assert err.count("flagged") == 2
