"""The reader, search and the icon in Chromium at a desktop and a phone width.

Screenshots go to test-artifacts/ (reader-*.png, search-*.png) for a person to look at.
"""

import re

import pytest
from playwright.sync_api import expect

from articles.models import Claim

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]

LARGEST = "trio-django-vs-flask-2024"
WIDTHS = [1280, 375]


@pytest.mark.parametrize("width", WIDTHS)
def test_marks_are_quiet_one_per_passage_with_stance_by_shape(page, site, artifacts, width):
    page.set_viewport_size({"width": width, "height": 800})
    page.goto(f"{site}/sources/{LARGEST}/")
    page.screenshot(path=str(artifacts / f"reader-top-{width}.png"))
    body = page.locator(".article-body")
    marks = body.locator("mark.claim")
    claims = Claim.objects.public().filter(source__slug=LARGEST).count()
    # One reference per passage, fewer than the claims: passages cited twice are marked once.
    references = body.locator("a.claim-ref")
    passages = page.evaluate(
        "() => new Set([...document.querySelectorAll('.article-body mark.claim')]"
        ".map(m => m.dataset.claims)).size"
    )
    assert references.count() == passages < claims
    # No mark inside another, and no "#129 compare" clutter.
    assert body.locator("mark mark").count() == 0
    assert "compare" not in " ".join(references.all_inner_texts()).lower()
    # Quiet: no filled background; the stance is in the underline's style, not only its colour.
    styles = marks.evaluate_all(
        "ms => ms.map(m => { const s = getComputedStyle(m);"
        " return [m.className, s.backgroundColor, s.textDecorationStyle]; })"
    )
    by_stance = {}
    for class_name, background, line in styles:
        assert background in ("rgba(0, 0, 0, 0)", "transparent"), class_name
        by_stance.setdefault(class_name.split("stance-")[1], set()).add(line)
    assert by_stance["strength"] == {"solid"} and by_stance["weakness"] == {"dashed"}
    assert by_stance["neutral"] == {"dotted"}
    # Each reference starts with the stance's shape, in words for a screen reader.
    first = references.first
    assert first.inner_text()[0] in "▲▼●◆"
    assert re.match(r"Claims? \d", first.evaluate("a => a.textContent.replace(/^[▲▼●◆]/, '')"))
    # Notes stay hidden until a citation asks for one.
    assert body.locator(".claim-note:visible").count() == 0


@pytest.mark.parametrize("width", WIDTHS)
def test_a_citation_opens_its_passage_in_view_with_the_claim_beside_it(
    page, site, artifacts, width
):
    claim = (
        Claim.objects.public()
        .filter(source__slug=LARGEST)
        .order_by("quote_start")
        .select_related("framework", "criterion")[60]
    )
    page.set_viewport_size({"width": width, "height": 800})
    page.goto(f"{site}/sources/{LARGEST}/#claim-{claim.pk}")
    note = page.locator(f"#claim-{claim.pk} ~ .claim-note").first
    expect(note).to_be_visible()
    expect(note).to_contain_text(claim.summary)
    expect(note).to_contain_text(f"{claim.framework.name} · {claim.criterion.name}")
    expect(note.get_by_role("link", name=re.compile(r"^Claim \d+$")).first).to_have_attribute(
        "href", re.compile(r"^/claims/\d+/$")
    )
    # Only that passage's note shows.
    assert page.locator(".claim-note:visible").count() == 1
    # In view, and not flush against the top edge.
    top = page.eval_on_selector(f"#claim-{claim.pk}", "el => el.getBoundingClientRect().top")
    assert 60 < top < 800 / 2
    mark_box = page.locator(f"#claim-{claim.pk} ~ mark.claim").first.bounding_box()
    assert mark_box and 0 < mark_box["y"] < 800
    page.screenshot(path=str(artifacts / f"reader-citation-{width}.png"))

    # The reference after a passage opens its note the same way, without JavaScript.
    page.goto(f"{site}/sources/{LARGEST}/")
    reference = page.locator(".article-body a.claim-ref").nth(5)
    reference.click()
    expect(page.locator(".claim-anchor:target ~ .claim-note").first).to_be_visible()
    overflow = page.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0


@pytest.mark.parametrize("width", WIDTHS)
def test_search_matches_whole_words_and_marks_them(page, site, artifacts, width):
    page.set_viewport_size({"width": width, "height": 800})
    page.goto(f"{site}/search/?q=orm")
    results = page.locator(".search-claims .search-result")
    expect(results.first).to_be_visible()
    page.screenshot(path=str(artifacts / f"search-orm-{width}.png"))
    marked = {text.lower() for text in page.locator(".search-result mark").all_inner_texts()}
    assert marked and marked <= {"orm", "orms"}
    text = " ".join(results.all_inner_texts()).lower()
    for word in ("perform", "platform", "information"):
        # Such words may stand in a result matched for "ORM" elsewhere, but are never marked.
        assert word not in marked
    assert "orm" in text

    page.goto(f"{site}/search/?q=%22admin+(panel+NEAR*")
    expect(page.locator("h1")).to_have_text("Search claims and sources")


def test_the_favicon_answers(page, site):
    response = page.request.get(f"{site}/favicon.ico")
    assert response.ok and response.body()[:4] == b"\x00\x00\x01\x00"
    page.goto(f"{site}/")
    svg = page.locator('link[rel=icon][type="image/svg+xml"]').get_attribute("href")
    assert page.request.get(site + svg).ok
