"""The comparison at a glance, in Chromium at 1280 and 375 px: the verdict grid first and on one
screen, findings, disagreement side by side, missing evidence said once, the filtered page, and
no axe violations. Screenshots go to test-artifacts/."""

import pytest
from playwright.sync_api import expect

from tests.browser.axe import axe_violations

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]

TWO = "/compare/django-vs-flask/"
THREE = "/compare/django-vs-flask-vs-fastapi/"
FILTERED = "/compare/django-vs-flask/?criterion=admin-panel"
WIDTHS = [1280, 375]


def box(page, selector):
    return page.eval_on_selector(
        selector,
        "el => { const r = el.getBoundingClientRect();"
        " return {top: r.top + scrollY, bottom: r.bottom + scrollY, left: r.left, right: r.right,"
        " width: r.width, height: r.height}; }",
    )


def overflow(page, selector="html"):
    return page.eval_on_selector(selector, "el => el.scrollWidth - el.clientWidth")


def open_at(page, site, path, width, height=800):
    page.set_viewport_size({"width": width, "height": height})
    page.goto(site + path)


@pytest.mark.parametrize("width", WIDTHS)
def test_the_verdict_grid_comes_first_and_reads_at_a_glance(page, site, artifacts, width):
    open_at(page, site, TWO, width)
    page.screenshot(path=str(artifacts / f"compare-grid-{width}.png"))
    grid, heading = box(page, "table.verdict-grid"), box(page, "h1")
    assert grid["top"] >= heading["bottom"]
    assert grid["top"] - heading["bottom"] < 40  # nothing between the heading and the grid
    for later in ["section.overview", "form.filters", ".framework-picker", "section.evidence"]:
        assert box(page, later)["top"] > grid["bottom"], later
    assert overflow(page) <= 0 and overflow(page, ".grid-wrap") <= 0
    if width == 1280:
        # The whole grid on one 1280x800 screen, below the heading.
        assert grid["bottom"] <= 800, grid
    else:
        # The legend reads as lines of text, not a word a line.
        caption = box(page, ".verdict-grid caption")
        assert caption["width"] > 300 and caption["height"] < 100, caption
    words = page.locator(".verdict-grid td .word").all_inner_texts()
    assert {"favoured", "weak", "mixed"} <= set(words)


@pytest.mark.parametrize("width", WIDTHS)
def test_a_verdict_opens_its_evidence_with_findings_stated_once(page, site, artifacts, width):
    open_at(page, site, TWO, width)
    row = page.locator(".verdict-grid tr", has=page.locator("th", has_text="Admin panel"))
    row.locator("td a").first.click()
    expect(page).to_have_url(f"{site}{TWO}#cell-admin-panel-django")
    cell = page.locator("#cell-admin-panel-django")
    expect(cell).to_be_in_viewport()
    first = cell.locator(".findings > li").first
    assert first.locator(".cites a").count() >= 3
    expect(first.locator(".support")).to_contain_text(" of ")
    page.screenshot(path=str(artifacts / f"compare-findings-{width}.png"))


@pytest.mark.parametrize("width", WIDTHS)
def test_disagreement_is_set_side_by_side_without_alarm(page, site, artifacts, width):
    open_at(page, site, TWO, width)
    section = page.locator("#row-learning-curve")
    section.scroll_into_view_if_needed()
    tag = section.locator(".disagree")
    expect(tag).to_have_text("sources disagree")
    colour = tag.evaluate("el => getComputedStyle(el).color")
    red, green, blue = (int(part) for part in colour[4:-1].split(","))
    assert not (red > 140 and green < 60 and blue < 60), colour  # not an alarm red
    sides = section.locator(".sides .side")
    assert sides.count() >= 2
    first, second = (
        box(page, "#row-learning-curve .sides .side:nth-child(1)"),
        box(page, "#row-learning-curve .sides .side:nth-child(2)"),
    )
    if width == 1280:
        assert abs(first["top"] - second["top"]) < 2 and second["left"] > first["right"]
    else:
        assert second["top"] >= first["bottom"]
    expect(section.locator("q.finding-quote").first).to_be_visible()
    assert overflow(page) <= 0
    section.screenshot(path=str(artifacts / f"compare-disagreement-{width}.png"))


@pytest.mark.parametrize("width", WIDTHS)
def test_a_framework_without_evidence_is_said_once_at_the_top(page, site, artifacts, width):
    open_at(page, site, THREE, width)
    note = page.locator(".missing-note")
    expect(note).to_have_count(1)
    expect(note).to_contain_text("FastAPI")
    assert box(page, ".missing-note")["bottom"] <= box(page, "table.verdict-grid")["top"]
    expect(page.locator(".verdict-grid thead th")).to_have_count(3)
    assert overflow(page) <= 0
    page.screenshot(path=str(artifacts / f"compare-three-way-{width}.png"))
    open_at(page, site, "/", width)
    expect(page.locator("#frameworks .card")).to_have_count(2)
    expect(page.locator("#frameworks .without-claims")).to_contain_text("FastAPI")
    page.screenshot(path=str(artifacts / f"home-{width}.png"))
    assert axe_violations(page) == []


@pytest.mark.parametrize("width", WIDTHS)
def test_a_filtered_comparison_is_a_page_of_its_own(page, site, artifacts, width):
    open_at(page, site, FILTERED, width)
    expect(page).to_have_title(
        "Django vs Flask on Admin panel · Framework comparison knowledge base"
    )
    canonical = page.locator('link[rel="canonical"]').get_attribute("href")
    assert canonical.endswith("/compare/django-vs-flask/?criterion=admin-panel")
    expect(page.locator("svg.overview-chart")).to_have_count(0)
    expect(page.locator(".finding-claims q").first).to_be_visible()
    assert overflow(page) <= 0
    page.screenshot(path=str(artifacts / f"compare-filtered-{width}.png"), full_page=True)


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("path", [TWO, THREE, FILTERED])
def test_comparison_pages_have_no_axe_violations(page, site, width, path):
    open_at(page, site, path, width)
    assert axe_violations(page) == []
