"""Drafts and rejected claims never reach a public page, export, search result, feed or sitemap."""

import json
import re

import pytest
from django.test import Client

from .conftest import LEAKY_SLUG, SECRET_WORDS

pytestmark = pytest.mark.django_db

PUBLIC_PAGES = [
    "/",
    "/sources/",
    f"/sources/{LEAKY_SLUG}/",
    f"/sources/{LEAKY_SLUG}/?compare=django-vs-flask",
    "/compare/django-vs-flask/",
    "/compare/flask-vs-django-vs-fastapi/",
    f"/compare/django-vs-flask/?source={LEAKY_SLUG}",
    "/compare/django-vs-flask/?stance=weakness",
    "/compare/django-vs-flask/?stance=strength&group=operations",
    "/compare/django-vs-flask.json",
    f"/compare/django-vs-flask.json?source={LEAKY_SLUG}",
    "/compare/flask-vs-django.csv",
    "/compare/flask-vs-django.csv?stance=weakness",
    "/frameworks/",
    "/frameworks/django/",
    "/frameworks/flask/",
    "/criteria/",
    "/criteria/scalability/",
    "/criteria/extensions/",
    "/criteria/development-speed/",
    "/search/?q=quokkadraft",
    "/search/?q=zebrarejected",
    "/search/?q=Unpublished+summary",
    "/search/?q=Withdrawn",
    "/search/?q=django",
    "/feeds/claims/",
    "/sitemap.xml",
    "/sitemap-claims.xml",
]


def mentions(content, pk):
    """Whether a page links to, marks or names this claim."""
    return bool(re.search(rf"/claims/{pk}/|claim-{pk}(?!\d)|data-claim=\"{pk}\"", content))


def test_no_public_page_shows_an_unpublished_claim(client, knowledge_base):
    hidden, published = knowledge_base
    assert {claim.status for claim in hidden} >= {"draft", "rejected"}
    for url in PUBLIC_PAGES:
        response = client.get(url)
        assert response.status_code == 200, url
        content = response.content.decode()
        for words in SECRET_WORDS:
            assert words not in content, (url, words)
        for claim in hidden:
            assert not mentions(content, claim.pk), (url, claim.pk, claim.status)


def test_the_published_claim_beside_them_does_show(client, knowledge_base):
    """The check above looks in the right places: the same pages show the published claim."""
    _, published = knowledge_base
    for url in [
        f"/sources/{LEAKY_SLUG}/",
        "/compare/django-vs-flask/",
        "/compare/django-vs-flask.json",
        "/frameworks/django/",
        "/criteria/development-speed/",
        "/search/?q=batteries",
        "/feeds/claims/",
        "/sitemap-claims.xml",
    ]:
        content = client.get(url).content.decode()
        assert mentions(content, published.pk), url


def test_unpublished_claim_pages_are_not_found(client, knowledge_base):
    hidden, _ = knowledge_base
    for claim in hidden:
        assert client.get(f"/claims/{claim.pk}/").status_code == 404
        assert client.get(f"/claims/{claim.pk}/?compare=django-vs-flask").status_code == 404


def test_criteria_with_only_unpublished_claims_count_as_unwritten(client, knowledge_base):
    document = json.loads(client.get("/compare/django-vs-flask.json").content)
    rows = {row["criterion"] for row in document["rows"]}
    assert "development-speed" in rows
    assert {"scalability", "extensions"} <= set(document["criteria_without_claims"])
    assert not {"scalability", "extensions"} & rows
    shown = sum(len(row["claims"]) for row in document["rows"])
    assert document["claim_count"] == shown


def test_a_curator_sees_them_but_an_anonymous_visitor_is_sent_to_log_in(
    admin_client, knowledge_base
):
    hidden, _ = knowledge_base
    anonymous = Client()
    for claim in hidden:
        url = f"/admin/articles/claim/{claim.pk}/change/"
        assert admin_client.get(url).status_code == 200
        response = anonymous.get(url)
        assert response.status_code == 302 and response["Location"].startswith("/admin/login/")
