"""Kept public pages answered before the session, CSRF and user middleware
(articles/middleware.py): the very answer the whole stack gives, only sooner, and never to a
curator or for a page anything but a method filter guards."""

import gzip

import pytest
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.cache import caches
from django.db import connection
from django.http import HttpResponse
from django.test import Client, RequestFactory, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import URLResolver, get_resolver, resolve, reverse
from django.views.decorators.http import require_POST, require_safe

from articles.cache import VERSION_SQL, cache_key, cached_page, canonical_query
from articles.middleware import early_page
from articles.models import Claim, Source
from tests.conftest import fresh_local_cache

pytestmark = pytest.mark.django_db

EARLY = "articles.middleware.CachedPageMiddleware"
COMPARISON = "/compare/django-vs-flask/"


@pytest.fixture
def whole_stack(db):
    """A client every request of which goes through the whole stack, as before the early path."""
    client = Client()
    with override_settings(MIDDLEWARE=[name for name in settings.MIDDLEWARE if name != EARLY]):
        client.handler.load_middleware()
    return client


@pytest.fixture
def local_copies(settings, page_cache):
    """The page cache as a shared one (Redis in production) that holds the version, and this
    process's copies of its pages in a cache of their own."""
    settings.KNOWLEDGE_BASE_VERSION_SHARED = True
    settings.KNOWLEDGE_BASE_LOCAL_COPIES = "copies-under-test"
    yield fresh_local_cache(settings, "copies-under-test")
    caches["copies-under-test"].clear()


@pytest.fixture(params=["version in the database", "version in the shared cache", "local copies"])
def kept_pages(request, settings, page_cache):
    """The page cache with the knowledge base's version read each way the site can."""
    settings.KNOWLEDGE_BASE_VERSION_SHARED = request.param == "version in the shared cache"
    if request.param == "local copies":
        request.getfixturevalue("local_copies")
    return page_cache


def served_early(response):
    """Whether the answer came before SessionMiddleware ever saw the request."""
    return not hasattr(response.wsgi_request, "session")


def cached_page_routes():
    """The name of every route whose view is a cached page."""
    names = set()

    def walk(patterns, namespace):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, pattern.namespace or namespace)
            elif pattern.name and hasattr(pattern.callback, "public_page"):
                names.add(f"{namespace}:{pattern.name}" if namespace else pattern.name)

    walk(get_resolver().url_patterns, "")
    return names


def page_addresses():
    """One address of every cached page type in the seed content, with the route it takes."""
    source = Source.objects.order_by("pk").first()
    claim = Claim.objects.public().order_by("pk").first()
    return {
        "home": "/",
        "compare:compare": COMPARISON,
        "compare:export": "/compare/django-vs-flask.csv",
        "compare:framework-list": "/frameworks/",
        "compare:framework-detail": "/frameworks/django/",
        "compare:criterion-list": "/criteria/",
        "compare:criterion-detail": "/criteria/admin-panel/",
        "articles:source-list": "/sources/",
        "articles:source-detail": reverse("articles:source-detail", args=[source.slug]),
        "articles:claim-detail": reverse("articles:claim-detail", args=[claim.pk]),
        "articles:search": "/search/?q=admin",
        "articles:claims-feed": "/feeds/claims/",
        "sitemap": "/sitemap.xml",
        "sitemap-section": "/sitemap-claims.xml",
    }


def test_every_cached_page_type_is_compared(seeded):
    assert set(page_addresses()) == cached_page_routes()


def same_answer(early, whole, *, compressed=False):
    assert early.status_code == whole.status_code
    early_headers, whole_headers = dict(early.headers), dict(whole.headers)
    if compressed:
        # GZipMiddleware pads each answer with random bytes (Django's BREACH mitigation): the
        # length differs, never the page.
        assert gzip.decompress(early.content) == gzip.decompress(whole.content)
        del early_headers["Content-Length"], whole_headers["Content-Length"]
    else:
        assert early.content == whole.content
    assert early_headers == whole_headers


EXTRA_ADDRESSES = [
    COMPARISON + "?stance=weakness&group=fit",
    "/compare/django-vs-flask.json",
    "/search/?q=orm",
    "/sitemap.xml?p=1",
]


def test_each_page_type_answers_early_exactly_as_the_whole_stack_does(
    client, whole_stack, seeded, kept_pages
):
    for address in [*page_addresses().values(), *EXTRA_ADDRESSES]:
        rendered = whole_stack.get(address)
        assert rendered.status_code == 200, address
        whole = whole_stack.get(address)
        early = client.get(address)
        assert served_early(early) and not served_early(whole), address
        same_answer(early, whole)
        assert early["ETag"] == rendered["ETag"] and early.content == rendered.content

        gzipped = {"accept-encoding": "gzip, deflate, br"}
        early, whole = (
            client.get(address, headers=gzipped),
            whole_stack.get(address, headers=gzipped),
        )
        assert served_early(early)
        same_answer(early, whole, compressed=early.has_header("Content-Encoding"))

        early, whole = client.head(address), whole_stack.head(address)
        assert served_early(early) and early.content == b""
        same_answer(early, whole)

        validator = {"if-none-match": rendered["ETag"]}
        early, whole = (
            client.get(address, headers=validator),
            whole_stack.get(address, headers=validator),
        )
        assert served_early(early) and early.status_code == 304
        same_answer(early, whole)


def test_the_security_headers_are_those_of_a_rendered_page(client, seeded, kept_pages, settings):
    settings.SECURE_HSTS_SECONDS = 3600
    settings.SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
    rendered = client.get(COMPARISON, secure=True)  # HSTS is sent over https only
    early = client.get(COMPARISON, secure=True)
    assert served_early(early) and not served_early(rendered)
    for header in (
        "Strict-Transport-Security",
        "X-Content-Type-Options",
        "Referrer-Policy",
        "Cross-Origin-Opener-Policy",
        "X-Frame-Options",
        "Content-Security-Policy",
        "Permissions-Policy",
        "Vary",
        "Cache-Control",
        "Content-Type",
    ):
        assert early[header] == rendered[header], header


def test_a_curators_change_shows_on_the_next_early_view(
    client, seeded, kept_pages, django_capture_on_commit_callbacks
):
    claim = Claim.objects.public().filter(framework__slug="django").first()
    row = f"{COMPARISON}?criterion={claim.criterion.slug}"  # lists every claim of the row
    client.get(row)
    kept = client.get(row)
    assert served_early(kept)
    with django_capture_on_commit_callbacks(execute=True):
        claim.summary = "Edited by a curator between two views"
        claim.save()
    fresh = client.get(row, headers={"if-none-match": kept["ETag"]})
    assert fresh.status_code == 200 and not served_early(fresh)
    assert "Edited by a curator between two views" in fresh.content.decode()
    again = client.get(row)
    assert served_early(again) and again.content == fresh.content


def test_junk_parameters_are_answered_from_the_plain_addresss_entry(client, seeded, kept_pages):
    client.get(COMPARISON)
    entries = len(kept_pages._cache)
    for junk in ("utm_source=news&utm_campaign=x", "fbclid=1", "junk=1&stance=", "a=%ff%fe"):
        tagged = client.get(f"{COMPARISON}?{junk}")
        assert served_early(tagged), junk
    assert len(kept_pages._cache) == entries


def test_a_miss_reads_the_version_once(client, seeded, page_cache):
    with CaptureQueriesContext(connection) as queries:
        client.get(COMPARISON)
    assert [query["sql"] for query in queries].count(VERSION_SQL % 1) == 1


def test_the_admin_never_answers_early(client, seeded, kept_pages):
    for address in ("/admin/login/", "/admin/"):
        response = client.get(address)
        assert response.status_code in (200, 302)
        assert not served_early(response), address


def test_a_signed_in_curator_always_goes_through_the_whole_stack(
    curator_client, seeded, kept_pages
):
    assert served_early(Client().get(COMPARISON)) is False  # rendered and kept
    assert served_early(Client().get(COMPARISON))
    response = curator_client.get(COMPARISON)
    assert response.status_code == 200 and not served_early(response)
    assert response.wsgi_request.user.is_authenticated


@pytest.mark.parametrize("cookie", ["sessionid", "csrftoken", "messages"])
def test_a_request_with_the_sites_cookies_goes_through_the_whole_stack(
    client, seeded, kept_pages, cookie
):
    client.get(COMPARISON)
    assert served_early(client.get(COMPARISON))
    client.cookies[cookie] = "x" * 32
    assert not served_early(client.get(COMPARISON))


def test_other_methods_go_through_the_whole_stack(client, seeded, kept_pages):
    client.get(COMPARISON)
    response = client.post(COMPARISON)
    assert response.status_code == 405 and not served_early(response)


def plain_view(request):
    return HttpResponse("a page")


def test_only_a_method_filter_may_stand_around_a_page_served_early():
    page = cached_page("probe", reads=("q",))(plain_view)
    assert early_page(page, "GET") is page.public_page
    assert early_page(require_safe(page), "HEAD") is page.public_page
    assert early_page(login_required(page), "GET") is None  # its check would be skipped
    assert early_page(require_POST(page), "GET") is None
    assert early_page(require_safe(login_required(page)), "GET") is None
    assert early_page(plain_view, "GET") is None


def test_a_processs_copy_spares_reading_the_page_again(client, seeded, local_copies, monkeypatch):
    client.get(COMPARISON)
    shared = caches[settings.KNOWLEDGE_BASE_CACHE]
    read = []
    monkeypatch.setattr(shared, "get_many", lambda keys: read.append(keys) or {})
    monkeypatch.setattr(shared, "get", lambda key, default=None: read.append(key) or default)
    again = client.get(COMPARISON)
    assert served_early(again) and again.status_code == 200
    assert read == ["kb:version"]  # the version alone, read from the database when missing


def test_a_processs_copy_of_an_older_version_gives_way_to_the_shared_entry(
    client, seeded, local_copies, settings, django_capture_on_commit_callbacks
):
    claim = Claim.objects.public().filter(framework__slug="django").first()
    row = f"{COMPARISON}?criterion={claim.criterion.slug}"
    page = resolve(COMPARISON).func.public_page
    request = RequestFactory().get(row)
    key = cache_key(page.name, request, canonical_query(request, page.reads))
    client.get(row)
    old_version = local_copies.get(key)[0]
    with django_capture_on_commit_callbacks(execute=True):
        claim.summary = "Kept by another process"
        claim.save()
    settings.KNOWLEDGE_BASE_LOCAL_COPIES = None  # "another process" renders the new version
    assert not served_early(client.get(row))
    settings.KNOWLEDGE_BASE_LOCAL_COPIES = "copies-under-test"  # this one holds the old copy
    assert local_copies.get(key)[0] == old_version
    again = client.get(row)
    assert served_early(again)
    assert "Kept by another process" in again.content.decode()
    assert local_copies.get(key)[0] != old_version
