"""A reload never undoes a curator's work: a field changed in the admin keeps the curator's
value, and the command reports where the file now says otherwise."""

import datetime

import pytest

from articles.models import Claim, Source
from tests.articles.reloading import BODY, CLAIMS, HEADER, admin_edit, write_small
from tests.conftest import knowledge_base_snapshot, load, load_failing

pytestmark = pytest.mark.django_db

CURATOR_BODY = BODY + "\nA note the curator added to the reading copy.\n"
FILE_BODY = "## Intro\n\nA paragraph the author added.\n\n" + BODY
# field: (the curator's value as typed in the admin, as stored, the file's new value)
EDITS = {
    "title": ("A title a curator fixed", "A title a curator fixed", "The author's new title"),
    "author": ("Ada Q. Example", "Ada Q. Example", "A. Example"),
    "publisher": ("Example Press Ltd", "Example Press Ltd", "Example Books"),
    "url": ("https://example.org/canonical", "https://example.org/canonical", "https://example.org/moved"),
    "published": ("2024-04-30", datetime.date(2024, 4, 30), "2024-06-01"),
    "body": (CURATOR_BODY, CURATOR_BODY, FILE_BODY),  # the admin keeps a body as typed
}  # fmt: skip


@pytest.fixture
def loaded(article_folder):
    write_small(article_folder)
    load(article_folder)
    return article_folder


def rewrite(folder, field, value, **other):
    """The article's file as its author changed it: FIELD set to VALUE, plus OTHER header keys."""
    header = {**HEADER, **other}
    if field == "body":
        return write_small(folder, body=value, header=header)
    return write_small(folder, header={**header, field: value})


@pytest.mark.parametrize("field", EDITS)
def test_a_field_a_curator_changed_survives_a_reload_and_is_reported(loaded, curator_client, field):
    typed, kept, from_file = EDITS[field]
    source = Source.objects.get()
    admin_edit(curator_client, source, "source_form", **{field: typed})
    assert source.curator_fields == [field]
    claims_before = set(Claim.objects.values_list("pk", "quote_start"))

    # The author changes the same field, and another one the curator never touched.
    other = "author" if field != "author" else "title"
    rewrite(loaded, field, from_file, **{other: "Changed by the file"})
    out, err = load(loaded)

    source.refresh_from_db()
    assert getattr(source, field) == kept
    assert getattr(source, other) == "Changed by the file"  # the file still updates the rest
    assert f"conflict   small-comparison: {field}:" in err
    if field == "body":
        assert "differs from the curator's" in err
        # The curator's text stays the one claims quote: none moved, none was lost.
        assert set(Claim.objects.values_list("pk", "quote_start")) == claims_before
    else:
        assert repr(str(from_file)) in err and repr(str(kept)) in err
    assert "1 curator edit(s) kept over the file's values" in out


def test_an_unchanged_file_reports_the_conflict_again_and_changes_nothing(loaded, curator_client):
    source = Source.objects.get()
    admin_edit(curator_client, source, "source_form", title="A title a curator fixed")
    before = knowledge_base_snapshot()
    out, err = load(loaded)
    assert knowledge_base_snapshot() == before
    assert "title: the file says 'A small comparison'" in err
    assert "'A title a curator fixed' is kept" in err
    assert "Nothing changed" in out


def test_a_file_that_agrees_with_the_curator_is_no_conflict(loaded, curator_client):
    source = Source.objects.get()
    admin_edit(curator_client, source, "source_form", author="Ada Q. Example")
    write_small(loaded, header={**HEADER, "author": "Ada Q. Example"})
    _, err = load(loaded)
    assert "conflict" not in err


def test_saving_the_form_unchanged_holds_no_field(loaded, curator_client):
    source = Source.objects.get()
    # A browser sends the body back with CRLF line endings: not a change of the text.
    admin_edit(curator_client, source, "source_form", body=source.body.replace("\n", "\r\n"))
    assert source.curator_fields == []
    write_small(loaded, header={**HEADER, "title": "Retitled by the author"})
    load(loaded)
    source.refresh_from_db()
    assert source.title == "Retitled by the author"


def test_held_fields_accumulate_and_are_shown_to_curators(loaded, curator_client):
    source = Source.objects.get()
    admin_edit(curator_client, source, "source_form", title="Fixed title")
    admin_edit(curator_client, source, "source_form", published="2024-04-30")
    assert source.curator_fields == ["title", "published"]
    page = curator_client.get(f"/admin/articles/source/{source.pk}/change/").content.decode()
    assert "title, published: changed by a curator" in page


def test_releasing_a_source_lets_the_next_reload_update_it(loaded, curator_client):
    source = Source.objects.get()
    admin_edit(curator_client, source, "source_form", title="Fixed title")
    response = curator_client.post(
        "/admin/articles/source/",
        {"action": "release_held_fields", "_selected_action": [source.pk]},
        follow=True,
    )
    assert "the next reload updates every field" in response.content.decode()
    source.refresh_from_db()
    assert source.curator_fields == []
    load(loaded)
    source.refresh_from_db()
    assert source.title == HEADER["title"]


def test_a_dry_run_reports_the_conflict_and_writes_nothing(loaded, curator_client):
    source = Source.objects.get()
    admin_edit(curator_client, source, "source_form", title="Fixed title")
    rewrite(loaded, "title", "The author's new title", author="Changed by the file")
    before = knowledge_base_snapshot()
    out, err = load(loaded, dry_run=True)
    assert knowledge_base_snapshot() == before
    assert "would update small-comparison" in out
    assert "conflict   small-comparison: title" in err


def test_a_source_added_by_hand_is_all_the_curators(curator_client, vocabulary):
    from django.urls import reverse

    from tests.curating import form_data

    url = reverse("admin:articles_source_add")
    data = form_data(curator_client.get(url).content.decode(), "source_form")
    data.update(title="Typed in", slug="typed-in", body="Django has an admin.")
    assert curator_client.post(url, data).status_code == 302
    source = Source.objects.get(slug="typed-in")
    assert source.curator_fields == list(Source.CURATED_FIELDS)
    assert source.content_sha256 == source.original_sha256


def test_a_new_claim_missing_from_the_curators_text_says_whose_text_it_is(loaded, curator_client):
    source = Source.objects.get()
    admin_edit(curator_client, source, "source_form", body=BODY.replace("## Speed", "## Pace"))
    new_claim = {
        "framework": "flask",
        "criterion": "performance",
        "stance": "strength",
        "summary": "A heading the curator renamed.",
        "quote": "## Speed",
    }
    write_small(loaded, claims=[*CLAIMS, new_claim])
    _, error = load_failing(loaded)
    assert "(small-comparison in the curator's text): '## Speed'" in error
