"""What a browser or a proxy can reuse: compressed answers, validators, a cache junk can't bust."""

import gzip
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles.models import Claim

pytestmark = pytest.mark.django_db

URL = "/compare/django-vs-flask/"


def queries_for(client, url, **headers):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, headers=headers)
    return response, len(queries)


@pytest.mark.parametrize(
    "url, media_type",
    [
        (URL, "text/html"),
        ("/compare/django-vs-flask.json", "application/json"),
        ("/compare/django-vs-flask.csv", "text/csv"),
        ("/feeds/claims/", "application/atom+xml"),
    ],
)
def test_pages_and_exports_are_compressed_for_clients_that_accept_it(
    client, seeded, url, media_type
):
    plain = client.get(url)
    packed = client.get(url, headers={"accept-encoding": "gzip"})
    assert "Content-Encoding" not in plain
    assert packed["Content-Encoding"] == "gzip"
    assert packed["Content-Type"].startswith(media_type)
    assert "Accept-Encoding" in packed["Vary"]
    unpacked = gzip.decompress(packed.content)
    assert unpacked == plain.content
    assert len(packed.content) < len(plain.content) / 3
    if media_type == "application/json":
        assert json.loads(unpacked)["frameworks"]


def test_a_tracking_tag_neither_changes_the_page_nor_keys_a_new_entry(client, seeded, page_cache):
    first, _ = queries_for(client, URL)
    entries = len(page_cache._cache)
    tagged, queries = queries_for(client, URL + "?utm_source=news&utm_campaign=x&fbclid=1")
    assert queries == 1  # served from the entry the plain address made
    assert tagged.content == first.content
    for junk in range(20):
        queries_for(client, f"{URL}?junk{junk}={junk}")
    assert len(page_cache._cache) == entries


def test_a_filter_keys_its_own_entry_whatever_the_order_and_empty_values(
    client, seeded, page_cache
):
    filtered, queries = queries_for(client, URL + "?stance=weakness&group=fit")
    assert queries > 1
    same, queries = queries_for(client, URL + "?group=fit&source=&utm_medium=x&stance=weakness")
    assert queries == 1 and same.content == filtered.content


def test_a_long_query_is_served_but_not_kept(client, seeded, page_cache):
    response, _ = queries_for(client, URL + "?stance=" + "x" * 600)
    assert response.status_code == 200
    assert not page_cache._cache


@pytest.mark.parametrize(
    "url",
    [
        "/",
        URL,
        "/compare/django-vs-flask.csv",
        "/frameworks/django/",
        "/criteria/admin-panel/",
        "/sources/",
        "/search/?q=admin",
        "/feeds/claims/",
        "/sitemap.xml",
    ],
)
def test_every_public_page_carries_a_validator_and_answers_304_to_it(client, seeded, url):
    response = client.get(url)
    assert response.status_code == 200
    etag = response["ETag"]
    assert etag.startswith('W/"')
    assert "s-maxage" in response["Cache-Control"]
    assert "stale-while-revalidate" in response["Cache-Control"]
    again, queries = queries_for(client, url, if_none_match=etag)
    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == etag
    assert queries == 1  # the version read, and no render


def test_a_gzipped_answers_validator_is_honoured_too(client, seeded):
    packed = client.get(URL, headers={"accept-encoding": "gzip"})
    again = client.get(URL, headers={"accept-encoding": "gzip", "if-none-match": packed["ETag"]})
    assert again.status_code == 304


def test_a_curators_change_shows_to_a_client_asking_with_its_old_validator(
    client, seeded, committed, django_capture_on_commit_callbacks
):
    committed()
    claim = Claim.objects.public().filter(framework__slug="django").first()
    row = f"{URL}?criterion={claim.criterion.slug}"  # lists every claim of the row
    old = client.get(row)
    with django_capture_on_commit_callbacks(execute=True):
        claim.summary = "Edited by a curator a moment ago"
        claim.save()
    fresh = client.get(row, headers={"if-none-match": old["ETag"]})
    assert fresh.status_code == 200
    assert fresh["ETag"] != old["ETag"]
    assert "Edited by a curator a moment ago" in fresh.content.decode()


def test_pages_of_other_addresses_have_other_validators(client, seeded):
    tags = {client.get(url)["ETag"] for url in (URL, URL + "?stance=weakness", "/")}
    assert len(tags) == 3


def test_a_missing_page_carries_no_validator(client, seeded):
    response = client.get("/compare/django-vs-nothing/")
    assert response.status_code == 404
    assert not response.has_header("ETag")


@pytest.mark.parametrize(
    "url",
    [
        "/claims/999999/",
        "/frameworks/nonexistent/",
        "/sources/nonexistent/",
        "/sources/?page=99",
        "/compare/django-vs-nothing/",
    ],
)
def test_if_none_match_any_is_not_modified_only_for_a_page_that_exists(
    client, seeded, page_cache, url
):
    """`If-None-Match: *` asks "do you have it?": a missing page is a 404, not a 304 (RFC 9110
    13.2.1: a condition is ignored where the answer would not be a 2xx)."""
    assert client.get(url, headers={"if-none-match": "*"}).status_code == 404
    rendered = client.get(URL, headers={"if-none-match": "*"})  # rendered, then kept
    kept = client.get(URL, headers={"if-none-match": "*"})
    assert (rendered.status_code, kept.status_code) == (304, 304)
    assert rendered["ETag"] == kept["ETag"] == client.get(URL)["ETag"]


@pytest.fixture
def shared_page_cache(settings, page_cache):
    """The page cache as a shared one (Redis in production) that also holds the version."""
    settings.KNOWLEDGE_BASE_VERSION_SHARED = True
    return page_cache


def test_with_a_shared_cache_a_cached_page_costs_no_query(client, seeded, shared_page_cache):
    first, queries = queries_for(client, URL)
    assert queries > 1
    again, queries = queries_for(client, URL)
    assert queries == 0
    assert again.content == first.content
    assert again["ETag"] == first["ETag"]


def test_with_a_shared_cache_a_commit_shows_on_the_next_view(
    client, seeded, shared_page_cache, django_capture_on_commit_callbacks
):
    claim = Claim.objects.public().filter(framework__slug="django").first()
    row = f"{URL}?criterion={claim.criterion.slug}"  # lists every claim of the row
    queries_for(client, row)
    with django_capture_on_commit_callbacks(execute=True):
        claim.summary = "Changed while the page was cached"
        claim.save()
    fresh, queries = queries_for(client, row)
    assert queries > 1
    assert "Changed while the page was cached" in fresh.content.decode()


def test_a_page_keeps_one_entry_whatever_the_versions(
    client, seeded, page_cache, django_capture_on_commit_callbacks
):
    claim = Claim.objects.public().filter(framework__slug="django").first()
    row = f"{URL}?criterion={claim.criterion.slug}"  # lists every claim of the row
    queries_for(client, row)
    entries = len(page_cache._cache)
    for round_ in range(3):
        with django_capture_on_commit_callbacks(execute=True):
            claim.summary = f"Edit number {round_}"
            claim.save()
        assert f"Edit number {round_}" in client.get(row).content.decode()
    assert len(page_cache._cache) == entries
