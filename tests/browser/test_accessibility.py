"""axe-core finds no violations on any public page type or on the curators' pages this project
templates, at a desktop and a phone width.

The comparison page is another change's area too: if it alone fails, the report names the rule.
"""

import pytest

from articles.models import Claim, Source
from tests.browser.axe import axe_violations
from tests.curating import CURATOR_PASSWORD, ensure_curators_group, make_curator

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]

LARGEST = "trio-django-vs-flask-2024"


def public_pages():
    claim = Claim.objects.public().filter(source__slug=LARGEST).order_by("quote_start")[40]
    return {
        "home": "/",
        "framework list": "/frameworks/",
        "framework": "/frameworks/django/",
        "criterion list": "/criteria/",
        "criterion": "/criteria/admin-panel/",
        "sources": "/sources/",
        "reader": f"/sources/{LARGEST}/",
        "reader at a citation": f"/sources/{LARGEST}/#claim-{claim.pk}",
        "claim": f"/claims/{claim.pk}/",
        "search results": "/search/?q=orm",
        "search without results": "/search/?q=zebra",
        "not found": "/no-such-page/",
        "comparison": "/compare/django-vs-flask/",
    }


def curator_pages():
    claim = Claim.objects.order_by("pk").first()
    source = Source.objects.get(slug=LARGEST)
    return {
        "admin index": "/admin/",
        "claims list": "/admin/articles/claim/",
        "drafts list": "/admin/articles/claim/?status__exact=draft",
        "claim form": f"/admin/articles/claim/{claim.pk}/change/",
        "source form": f"/admin/articles/source/{source.pk}/change/",
    }


@pytest.mark.parametrize("width", [1280, 375])
def test_no_axe_violations_on_public_pages(page, site, width):
    page.set_viewport_size({"width": width, "height": 800})
    found = {}
    for name, path in public_pages().items():
        page.goto("about:blank")  # a fragment alone would not load the page again
        response = page.goto(site + path)
        assert response.status == (404 if name == "not found" else 200), path
        if violations := axe_violations(page):
            found[name] = violations
    assert found == {}


@pytest.mark.parametrize("width", [1280, 375])
def test_no_axe_violations_on_curator_pages(page, site, artifacts, width):
    # Something in each queue, so the index shows its lists.
    first, second = Claim.objects.order_by("pk")[:2]
    Claim.objects.filter(pk=first.pk).update(status="draft")
    Claim.objects.filter(pk=second.pk).update(needs_review=True)
    ensure_curators_group()
    curator = make_curator()
    page.set_viewport_size({"width": width, "height": 800})
    page.goto(f"{site}/admin/login/")
    assert axe_violations(page) == []
    page.screenshot(path=str(artifacts / f"admin-login-{width}.png"))
    page.fill("#id_username", curator.username)
    page.fill("#id_password", CURATOR_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    found = {}
    for name, path in curator_pages().items():
        response = page.goto(site + path)
        assert response.status == 200, path
        if violations := axe_violations(page):
            found[name] = violations
    assert found == {}


@pytest.mark.parametrize("width", [1280, 375])
def test_no_axe_violations_on_paged_sources(page, site, monkeypatch, width):
    # The seed's five sources in pages of two, and the home page showing three of them, so the
    # pager and the link to every source are on the pages checked.
    monkeypatch.setattr("articles.selectors.SOURCES_PER_PAGE", 2)
    monkeypatch.setattr("articles.selectors.HOME_SOURCES", 3)
    page.set_viewport_size({"width": width, "height": 800})
    found = {}
    for path in ("/", "/sources/", "/sources/?page=2", "/sources/?page=3"):
        response = page.goto(site + path)
        assert response.status == 200, path
        if violations := axe_violations(page):
            found[path] = violations
    assert page.locator('nav[aria-label="Pages of sources"]').count() == 1
    assert found == {}
