"""Chromium loads every page a hostile article reaches: no dialog opens, nothing planted exists."""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from articles.models import Source
from tests.conftest import write_article
from tests.security.conftest import HOSTILE_BODY, HOSTILE_CLAIMS, HOSTILE_HEADER, HOSTILE_SLUG

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]

PLANTED = "[id^=pwned], iframe, object, embed, base, math, noscript"


@pytest.fixture
def hostile_site(live_server, article_folder):
    write_article(
        article_folder, HOSTILE_SLUG, HOSTILE_BODY, header=HOSTILE_HEADER, claims=HOSTILE_CLAIMS
    )
    call_command("load_articles", str(article_folder), verbosity=0)
    source = Source.objects.get(slug=HOSTILE_SLUG)
    return live_server.url, source, list(source.claims.order_by("pk"))


@pytest.fixture
def dialogs(page):
    """Every alert, confirm or prompt the page tries to open (each is dismissed)."""
    opened = []

    def record(dialog):
        opened.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    page.on("dialog", record)
    return opened


def assert_inert(page, url, dialogs):
    page.goto(url)
    page.wait_for_load_state("load")
    # Broken images fire onerror, autofocus fires onfocus: give them time to do so.
    page.wait_for_timeout(300)
    if page.locator("main").count():
        page.locator("main").hover()
    assert dialogs == [], url
    assert page.evaluate("() => window.pwned") is None, url
    assert page.locator(PLANTED).count() == 0, url
    assert page.evaluate("() => getComputedStyle(document.body).display") != "none", url
    assert page.evaluate("() => document.baseURI").startswith(url.split("?")[0].split("#")[0])


def test_public_pages_open_no_dialog_and_hold_no_planted_element(page, hostile_site, dialogs):
    site, source, claims = hostile_site
    urls = [
        f"{site}{source.get_absolute_url()}",
        f"{site}{source.get_absolute_url()}?compare=django-vs-flask#claim-{claims[0].pk}",
        *(f"{site}{claim.get_absolute_url()}" for claim in claims),
        f"{site}/compare/django-vs-flask/",
        f"{site}/frameworks/django/",
        f"{site}/search/?q=alert",
        f"{site}/search/?q=%3Cscript%3Ealert(1)%3C%2Fscript%3E",
    ]
    for url in urls:
        assert_inert(page, url, dialogs)
    # The words are on the page, so the checks above looked at the hostile article itself.
    page.goto(urls[0])
    assert "Django ships an admin panel" in page.locator("main").inner_text()
    assert page.locator("mark.claim").count() >= len(claims)


def test_clicking_the_articles_links_runs_nothing(page, hostile_site, dialogs):
    site, source, _ = hostile_site
    page.goto(f"{site}{source.get_absolute_url()}")
    for link in page.locator("article a, main a").all():
        href = link.get_attribute("href") or ""
        assert not href.strip().lower().startswith(("javascript:", "data:", "vbscript:")), href
    assert dialogs == []


def test_admin_pages_open_no_dialog(page, hostile_site, dialogs):
    site, source, claims = hostile_site
    get_user_model().objects.create_superuser("root", "root@example.org", "a-long-passphrase-1")
    page.goto(f"{site}/admin/login/?next=/admin/")
    page.fill("#id_username", "root")
    page.fill("#id_password", "a-long-passphrase-1")
    page.click("input[type=submit]")
    page.wait_for_url(f"{site}/admin/")
    urls = [
        f"{site}/admin/articles/source/{source.pk}/change/",
        f"{site}/admin/articles/source/?q=alert",
        f"{site}/admin/articles/claim/?q=alert",
        *(f"{site}/admin/articles/claim/{claim.pk}/change/" for claim in claims),
    ]
    for url in urls:
        assert_inert(page, url, dialogs)


def test_unsanitised_the_same_article_would_open_dialogs(page, dialogs):
    """The checks above can fail: the article's raw HTML, loaded as is, runs its payloads."""
    import markdown

    page.set_content(markdown.markdown(HOSTILE_BODY))
    page.wait_for_timeout(300)
    assert dialogs, "the hostile article should have opened at least one dialog"
    assert page.evaluate("() => window.pwned") == 1
    assert page.locator(PLANTED).count() > 0
