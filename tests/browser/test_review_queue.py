"""Curators in Chromium: the review queue on the admin index, the compact claims list, and a
source's form, at 1280 and 375 px, with screenshots in test-artifacts/ (admin-*.png)."""

import pytest
from playwright.sync_api import expect

from articles.models import Claim, Source
from tests.curating import CURATOR_PASSWORD, ensure_curators_group, make_curator

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]


def log_in(page, site):
    ensure_curators_group()
    curator = make_curator()
    page.goto(f"{site}/admin/login/")
    page.fill("#id_username", curator.username)
    page.fill("#id_password", CURATOR_PASSWORD)
    page.get_by_role("button", name="Log in").click()


@pytest.mark.parametrize("width", [1280, 375])
def test_the_queue_the_drafts_list_and_a_sources_form(page, site, artifacts, width):
    drafts = list(Claim.objects.order_by("pk").values_list("pk", flat=True)[:30])
    Claim.objects.filter(pk__in=drafts).update(status="draft")
    Claim.objects.filter(pk__in=drafts[-3:]).update(status="published", needs_review=True)
    page.set_viewport_size({"width": width, "height": 800})
    log_in(page, site)

    queue = page.locator("section.review-queue")
    expect(queue).to_contain_text("Drafts: 27 claims")
    expect(queue).to_contain_text("Flagged: the quote is gone: 3 claims")
    page.screenshot(path=str(artifacts / f"admin-index-{width}.png"))

    queue.get_by_role("link", name="Drafts: 27 claims").click()
    rows = page.locator("#result_list tbody tr")
    expect(rows).to_have_count(27)
    page.screenshot(path=str(artifacts / f"admin-drafts-{width}.png"))
    if width == 1280:
        # Every column within the screen, one line a claim, about fifteen a screen.
        table = page.locator("#result_list").bounding_box()
        assert table["x"] + table["width"] <= 1280
        for column in ("summary", "stance", "source_title", "status_flagged", "changed"):
            cell = page.locator(f"#result_list td.field-{column}, #result_list th.field-{column}")
            box = cell.first.bounding_box()
            assert box["x"] + box["width"] <= 1280 - 200, column  # left of the filters
        visible = page.evaluate(
            "() => [...document.querySelectorAll('#result_list tbody tr')]"
            ".filter(r => r.getBoundingClientRect().bottom <= innerHeight).length"
        )
        assert visible >= 15
        heights = {round(box["height"]) for box in (r.bounding_box() for r in rows.all()[:10])}
        assert max(heights) <= 32

    source = Source.objects.get(slug="trio-django-vs-flask-2024")
    page.goto(f"{site}/admin/articles/source/{source.pk}/change/")
    expect(page.locator("#claims-group")).to_have_count(0)
    expect(page.locator('.submit-row input[name="_save"]').first).to_be_in_viewport()
    page.screenshot(path=str(artifacts / f"admin-source-{width}.png"))
    page.get_by_role("link", name=f"All {source.claims.count()} claims, in reading order →").click()
    expect(page.locator("#result_list tbody tr")).to_have_count(50)
    expect(page.locator(".paginator")).to_contain_text(str(source.claims.count()))
