"""What load_articles says: symlink loops by name, a summary that never counts a failed article
as loaded, an unchanged article's claims by status, and a failure that never stops the run."""

import os

import pytest
from django.db import DatabaseError

from articles import services
from articles.models import Claim, Source
from tests.articles.reloading import BODY, CLAIMS, write_small
from tests.conftest import knowledge_base_snapshot, load, load_failing

pytestmark = pytest.mark.django_db


def test_a_symlink_loop_named_on_the_command_line_is_called_one(article_folder):
    loop = article_folder / "loop.md"
    os.symlink(loop, loop)
    before, error = load_failing(loop)
    assert f"{loop}: a symbolic link that loops back on itself" in error
    assert "No such file" not in error
    assert knowledge_base_snapshot() == before


def test_a_dangling_symlink_names_what_it_points_at(article_folder):
    link = article_folder / "gone.md"
    os.symlink(article_folder / "deleted.md", link)
    _, error = load_failing(link)
    assert (
        f"{link}: a symbolic link to {article_folder / 'deleted.md'}, which does not exist" in error
    )


def test_a_symlink_loop_in_a_folder_is_reported_and_the_rest_loads(article_folder):
    write_small(article_folder)
    os.symlink(article_folder / "a.md", article_folder / "b.md")
    os.symlink(article_folder / "b.md", article_folder / "a.md")
    _, output = load_failing(article_folder)
    assert f"failed     {article_folder / 'a.md'}: a symbolic link that loops back" in output
    assert f"failed     {article_folder / 'b.md'}: a symbolic link that loops back" in output
    assert "Loaded 1 of 3 article(s): 1 created, 0 updated, 0 unchanged, 2 failed" in output
    assert Source.objects.get().slug == "small-comparison"


def test_a_claims_file_that_is_a_folder_or_a_pipe_is_called_so_not_missing(article_folder):
    path = write_small(article_folder, claims=None)
    claims = article_folder / "small-comparison.claims.toml"
    claims.mkdir()
    _, output = load_failing(path)
    assert f"{claims}: the claims file is a folder" in output
    claims.rmdir()
    os.mkfifo(claims)
    _, output = load_failing(path)
    assert f"{claims}: the claims file is not a regular file" in output
    assert not Source.objects.exists()


def test_an_original_that_is_a_symlink_loop_fails_its_article_and_the_rest_loads(article_folder):
    write_small(article_folder)
    os.symlink("loop.txt", article_folder / "loop.txt")
    looping = write_small(article_folder, "looping", header={"title": "T", "original": "loop.txt"})
    _, output = load_failing(article_folder)
    assert f"{looping}, line 3: 'original': 'loop.txt' is a symbolic link that loops" in output
    assert f"{article_folder / 'loop.txt'}: a symbolic link that loops back" in output
    assert "Loaded 1 of 3 article(s)" in output
    assert Source.objects.get().slug == "small-comparison"


def test_a_claims_file_that_is_a_dangling_symlink_is_refused_not_ignored(article_folder):
    """Ignored, the article would get the extractor's drafts instead of its curated claims."""
    path = write_small(article_folder, claims=None)
    claims = article_folder / "small-comparison.claims.toml"
    os.symlink("moved.claims.toml", claims)
    _, output = load_failing(path)
    assert f"{claims}: the claims file is a symbolic link to moved.claims.toml, which" in output
    assert not Source.objects.exists() and not Claim.objects.exists()


def test_the_summary_never_counts_a_failed_article_as_loaded(article_folder):
    write_small(article_folder, claims=[{**CLAIMS[0], "criterion": "no-such-criterion"}])
    _, output = load_failing(article_folder)
    assert "Loaded none of 1 article(s): 0 created, 0 updated, 0 unchanged, 1 failed" in output
    assert "Loaded 1 article(s)" not in output


def test_a_reload_that_changes_nothing_says_what_the_article_already_has(article_folder):
    write_small(article_folder)
    load(article_folder)
    Claim.objects.filter(criterion__slug="admin-panel").update(status="rejected")
    out, _ = load(article_folder)
    assert (
        "unchanged  small-comparison: nothing new. It has 2 claim(s): 1 draft, 1 rejected." in out
    )
    assert "0 claim(s) created" not in out


def test_a_first_load_says_what_it_created_and_what_there_is(article_folder):
    write_small(article_folder)
    out, _ = load(article_folder)
    assert (
        "created    small-comparison: 2 claim(s) created. It has 2 claim(s): 1 published, 1 draft."
        in out
    )


def test_an_unexpected_database_error_in_one_article_never_stops_the_rest(
    article_folder, monkeypatch
):
    write_small(article_folder, "first")
    write_small(article_folder, "second", body="Flask is faster than Django for small apps.\n",
                claims=CLAIMS[1:])  # fmt: skip
    real = services.curated_claims_add

    def failing_for_first(*, source, **kwargs):
        if source.slug == "first":
            raise DatabaseError("could not serialize access due to concurrent update")
        return real(source=source, **kwargs)

    monkeypatch.setattr(services, "curated_claims_add", failing_for_first)
    _, output = load_failing(article_folder)
    assert (
        "failed     " + str(article_folder / "first.md") + ": database error (DatabaseError): "
        "could not serialize access due to concurrent update; nothing of it was written"
    ) in output
    assert "Loaded 1 of 2 article(s)" in output
    # The failed article left nothing half-written; the other one is whole.
    assert list(Source.objects.values_list("slug", flat=True)) == ["second"]
    assert Claim.objects.count() == 1


def test_an_unexpected_error_in_a_dry_run_still_rolls_everything_back(article_folder, monkeypatch):
    write_small(article_folder, "first")
    write_small(article_folder, "second", claims=None)

    def broken(**kwargs):
        raise RuntimeError("a bug in a stage")

    monkeypatch.setattr(services, "curated_claims_add", broken)
    before, output = load_failing(article_folder, dry_run=True)
    assert "unexpected error (RuntimeError): a bug in a stage" in output
    assert "Dry run, nothing written. Would have loaded 1 of 2 article(s)" in output
    assert knowledge_base_snapshot() == before


def test_a_database_error_in_the_vocabulary_is_reported_not_a_traceback(
    article_folder, monkeypatch
):
    from articles.management.commands import load_articles

    def locked(path):
        raise DatabaseError("database is locked")

    monkeypatch.setattr(load_articles, "VOCABULARY", (("frameworks.toml", locked),))
    write_small(article_folder)
    before, error = load_failing(article_folder)
    assert "frameworks.toml: database error (DatabaseError): database is locked" in error
    assert knowledge_base_snapshot() == before


def test_a_reload_that_loses_a_quote_counts_the_flagged_claim(article_folder):
    write_small(article_folder)
    load(article_folder)
    write_small(article_folder, body=BODY.replace(CLAIMS[1]["quote"], "Flask is quick."),
                claims=CLAIMS[:1])  # fmt: skip
    out, err = load(article_folder)
    assert "It has 2 claim(s): 1 published, 1 draft (1 flagged for review)." in out
    assert "flagged    small-comparison" in err
