"""Under the Content-Security-Policy, in Chromium: the public pages and the admin work with no
violation reported (an inline style or script the policy blocks shows in the console)."""

import re

import pytest
from playwright.sync_api import expect

from articles.models import Claim, Source
from tests.curating import CURATOR_PASSWORD, ensure_curators_group, make_curator

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.browser,
]


@pytest.fixture
def violations(page):
    """Every console message or page error that reports a blocked resource."""
    found = []
    page.on(
        "console",
        lambda message: (
            found.append(message.text)
            if re.search(r"Content Security Policy|Refused to|Permissions.Policy", message.text)
            else None
        ),
    )
    page.on("pageerror", lambda error: found.append(str(error)))
    return found


def test_public_pages_report_no_violation(page, site, violations):
    claim = Claim.objects.public().select_related("source").first()
    for path in [
        "/",
        "/compare/django-vs-flask/",
        "/frameworks/django/",
        "/criteria/admin-panel/",
        claim.source.get_absolute_url(),
        claim.get_absolute_url(),
        "/search/?q=admin",
    ]:
        response = page.goto(site + path)
        assert "script-src 'none'" in response.headers["content-security-policy"]
        # The stylesheet applied: the header is laid out by site.css, not the browser's defaults.
        assert page.eval_on_selector(".site-header", "e => getComputedStyle(e).display") != "inline"
    assert violations == []


def test_the_admin_works_with_no_violation(page, site, violations):
    ensure_curators_group()  # a transactional test's flush removed the migration's group
    curator = make_curator()
    page.goto(f"{site}/admin/")
    page.fill("#id_username", curator.username)
    page.fill("#id_password", CURATOR_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.locator("#site-name")).to_contain_text("Framework comparison knowledge base")
    # The admin's own stylesheet (moved out of an inline <style>) applies: the site's blue.
    primary = page.evaluate(
        "getComputedStyle(document.documentElement).getPropertyValue('--primary').trim()"
    )
    assert primary == "#0b5cab"

    claim = Claim.objects.published().first()
    page.goto(f"{site}/admin/articles/claim/?status__exact=published")
    # The action bar's script counts a selection: scripts run.
    page.locator("#result_list tbody input.action-select").first.check()
    expect(page.locator(".action-counter")).to_contain_text("1 of")
    page.goto(f"{site}/admin/articles/claim/{claim.pk}/change/")
    # Autocomplete (select2, from the admin's own files) opens and lists frameworks.
    page.locator(".field-framework .select2-selection").click()
    expect(page.locator(".select2-results__option").first).to_be_visible()
    page.keyboard.press("Escape")
    source = Source.objects.first()
    page.goto(f"{site}/admin/articles/source/{source.pk}/change/")
    page.get_by_role("heading", name=re.compile("As received")).click()  # a collapsed fieldset
    page.goto(f"{site}/admin/articles/source/add/")
    page.locator("#id_title").press_sequentially("A Title Typed Here")
    expect(page.locator("#id_slug")).to_have_value("a-title-typed-here")  # prepopulated by script
    assert violations == []
