"""A reader in Chromium: comparison, citation, passage, back; filters; search; narrow screens."""

import re

import pytest
from django.db.models import Count
from playwright.sync_api import expect

from articles.models import Claim
from comparator.selectors import CELL_FINDINGS_SHOWN

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]


def in_viewport(page, selector):
    return page.eval_on_selector(
        selector,
        "el => { const r = el.getBoundingClientRect();"
        " return r.top >= 0 && r.top < window.innerHeight && r.height > 0; }",
    )


@pytest.mark.parametrize("pair", ["django-vs-flask", "flask-vs-django-vs-fastapi"])
def test_citation_leads_to_the_marked_passage_and_back_to_the_cell(page, site, pair):
    # The row narrowed to its criterion links each claim to its passage.
    page.goto(f"{site}/compare/{pair}/?criterion=admin-panel")
    cell = page.locator("#cell-admin-panel-django")
    expect(cell).to_be_visible()
    citation = cell.locator(".finding-claims a:not(.permalink)").last
    pk = int(citation.get_attribute("href").rsplit("#claim-", 1)[1])
    claim = (
        Claim.objects.published()
        .select_related("source")
        .get(pk=pk, framework__slug="django", criterion__slug="admin-panel")
    )
    citation.click()

    expect(page).to_have_url(
        re.compile(rf"/sources/{claim.source.slug}/\?compare={pair}#claim-{claim.pk}$")
    )
    # The passage in view with its claim shown beside it (the note the anchor reveals).
    note = page.locator(f"#claim-{claim.pk} ~ .claim-note").first
    expect(note).to_be_visible()
    expect(note).to_contain_text(claim.summary)
    mark = page.locator(f"#claim-{claim.pk} ~ mark.claim").first
    assert in_viewport(page, f"#claim-{claim.pk} ~ mark.claim")
    highlighted = mark.evaluate("el => getComputedStyle(el).backgroundColor")
    assert highlighted not in ("rgba(0, 0, 0, 0)", "transparent")
    text = " ".join(mark.inner_text().split())
    assert text and " ".join(claim.quote.split())[:20] in text

    back = note.locator('a[href*="/compare/"][href$="#cell-admin-panel-django"]').first
    back.click()
    expect(page).to_have_url(re.compile(rf"/compare/{pair}/#cell-admin-panel-django$"))
    assert in_viewport(page, "#cell-admin-panel-django")


def test_a_capped_cell_links_to_all_its_claims(page, site):
    claims = Claim.objects.published().filter(
        framework__slug="flask", criterion__slug="flexibility"
    )
    page.goto(f"{site}/compare/django-vs-flask/")
    cell = page.locator("#cell-flexibility-flask")
    expect(cell.locator(".findings > li")).to_have_count(CELL_FINDINGS_SHOWN)
    cell.get_by_role(
        "link", name=re.compile(rf"\({claims.count()} claims\) on Flexibility")
    ).click()
    expect(page).to_have_url(re.compile(r"\?criterion=flexibility#cell-flexibility-flask$"))
    expect(page.locator("#cell-flexibility-flask a.permalink")).to_have_count(claims.count())
    assert in_viewport(page, "#cell-flexibility-flask")
    expect(page.locator(".evidence section.criterion-evidence")).to_have_count(1)


def test_a_filter_narrows_the_table_and_shows_in_the_address(page, site):
    page.goto(f"{site}/compare/django-vs-flask/")
    page.select_option("select[name=stance]", "weakness")
    page.get_by_role("button", name="Apply filters").click()
    expect(page).to_have_url(re.compile(r"stance=weakness"))
    lists = page.locator(".evidence ul.findings")
    assert lists.count() and all(
        "s-weakness" in lists.nth(i).get_attribute("class") for i in range(lists.count())
    )
    per_cell = (
        Claim.objects.public()
        .filter(framework__slug__in=["django", "flask"], stance="weakness")
        .values("criterion", "framework")
        .annotate(count=Count("pk"))
    )
    assert lists.count() == len(per_cell)


def test_search_from_the_header_finds_claims(page, site):
    page.goto(f"{site}/")
    box = page.get_by_role("searchbox")
    box.fill("admin panel")
    box.press("Enter")
    expect(page).to_have_url(re.compile(r"/search/\?q=admin\+panel"))
    first = page.locator('main a[href*="#claim-"]').first
    expect(first).to_be_visible()
    first.click()
    expect(page.locator(".claim-anchor:target ~ .claim-note").first).to_be_visible()


@pytest.mark.parametrize("width", [1280, 375])
def test_pages_fit_the_screen_without_horizontal_overflow(page, site, artifacts, width):
    source = Claim.objects.published().select_related("source").first().source
    page.set_viewport_size({"width": width, "height": 900})
    for name, path in [
        ("home", "/"),
        ("compare", "/compare/django-vs-flask/"),
        ("compare3", "/compare/django-vs-flask-vs-fastapi/"),
        ("reader", f"/sources/{source.slug}/"),
        ("search", "/search/?q=flexibility"),
        ("framework", "/frameworks/django/"),
    ]:
        page.goto(site + path)
        page.screenshot(path=str(artifacts / f"{name}-{width}.png"), full_page=False)
        overflow = page.evaluate(
            "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, f"{path} overflows by {overflow}px at {width}px"


def test_keyboard_focus_is_visible(page, site):
    page.goto(f"{site}/compare/django-vs-flask/")
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    outline = page.evaluate(
        "() => { const s = getComputedStyle(document.activeElement); return s.outlineStyle + ' ' + s.outlineWidth; }"
    )
    assert outline.startswith("solid") and not outline.endswith(" 0px")
