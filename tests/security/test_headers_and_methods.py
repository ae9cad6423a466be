"""What every response tells the browser (Content-Security-Policy, Permissions-Policy), which
methods the public pages answer, and the site's own page for a server error."""

import pytest
from django.db import OperationalError, connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from .test_hostile_requests import public_urls  # noqa: F401  (a fixture)

pytestmark = pytest.mark.django_db


def directives(response):
    """The Content-Security-Policy header as {directive: [sources]}."""
    policy = response.headers.get("Content-Security-Policy")
    assert policy, "no Content-Security-Policy header"
    parsed = {}
    for part in policy.split(";"):
        name, *sources = part.split()
        parsed[name] = sources
    return parsed


PUBLIC_POLICY = {
    "default-src": ["'self'"],
    "script-src": ["'none'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "object-src": ["'none'"],
    "base-uri": ["'none'"],
    "frame-ancestors": ["'none'"],
    "form-action": ["'self'"],
}


def test_every_public_page_runs_no_script_and_loads_only_the_sites_own_files(public_urls):  # noqa: F811
    for url in [*public_urls, "/no-such-page/"]:
        policy = directives(Client().get(url))
        for name, sources in PUBLIC_POLICY.items():
            assert policy.get(name) == sources, (url, name, policy.get(name))
        assert not any("unsafe" in source for sources in policy.values() for source in sources)


def test_the_admin_may_run_its_own_scripts_and_nothing_else(admin_client):
    for url in [
        reverse("admin:index"),
        reverse("admin:articles_claim_changelist"),
        reverse("admin:articles_claim_add"),
        reverse("admin:login"),
    ]:
        policy = directives(admin_client.get(url))
        assert policy["script-src"] == ["'self'"], url
        assert policy["style-src"] == ["'self'"], url
        assert policy["object-src"] == ["'none'"] and policy["frame-ancestors"] == ["'none'"]


def test_no_template_carries_an_inline_style_or_script_the_policy_would_block():
    from pathlib import Path

    templates = Path(__file__).resolve().parents[2] / "templates"
    for path in templates.rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        for needle in ("<style", " style=", "<script", " onclick=", " onload="):
            assert needle not in text, (path, needle)


def test_every_response_denies_the_browser_features_the_site_never_uses(public_urls, admin_client):  # noqa: F811
    for response in [Client().get(public_urls[0]), admin_client.get(reverse("admin:index"))]:
        policy = response.headers.get("Permissions-Policy", "")
        features = dict(item.strip().split("=", 1) for item in policy.split(","))
        for feature in ("camera", "microphone", "geolocation", "payment", "usb"):
            assert features.get(feature) == "()", (feature, policy)


@pytest.mark.parametrize("method", ["POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE"])
def test_public_pages_answer_only_get_and_head(public_urls, method):  # noqa: F811
    client = Client()  # no CSRF enforcement: the view's own answer is what is tested
    for url in public_urls:
        response = client.generic(method, url)
        assert response.status_code == 405, (method, url, response.status_code)
        assert sorted(response.headers["Allow"].split(", ")) == ["GET", "HEAD"]
        assert b"<main" not in response.content  # never the page itself
    for url in public_urls:
        assert client.head(url).status_code == 200, url


def test_the_admin_still_takes_posts(admin_client):
    response = admin_client.post(reverse("admin:logout"))
    assert response.status_code == 200


@pytest.fixture
def production_errors(settings):
    settings.DEBUG = False
    settings.DEBUG_PROPAGATE_EXCEPTIONS = False
    return Client(raise_request_exception=False)


def test_a_server_error_shows_the_sites_own_page(production_errors, monkeypatch):
    def broken(*args, **kwargs):
        raise OperationalError("the database has gone away")

    monkeypatch.setattr("comparator.views.knowledge_base_overview", broken)
    response = production_errors.get("/")
    assert response.status_code == 500
    page = response.content.decode()
    assert "<h1>Something went wrong</h1>" in page
    assert 'class="site-header"' in page and 'href="/static/css/site.css"' in page
    assert "OperationalError" not in page and "database has gone away" not in page


def test_the_error_page_reads_nothing_from_the_database(production_errors, monkeypatch):
    """Rendered while the database is down, it must not query it: every query here fails."""
    from django.views.defaults import server_error

    def refuse(execute, sql, params, many, context):
        raise OperationalError("the database is down")

    request = Client().get("/").wsgi_request
    with connection.execute_wrapper(refuse), CaptureQueriesContext(connection) as queries:
        response = server_error(request)
    assert response.status_code == 500 and b"Something went wrong" in response.content
    assert len(queries) == 0
