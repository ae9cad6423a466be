"""A reader page of an article written in markdown dialects, in Chromium: rendered, accessible."""

import pytest
from playwright.sync_api import expect

from articles.services import article_load
from tests.articles.test_dialects import MIXED
from tests.browser.axe import axe_violations

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]


def test_dialects_render_as_boxes_and_emoji_with_no_accessibility_violation(page, site, tmp_path):
    path = tmp_path / "quart-or-sanic.md"
    path.write_text(MIXED, encoding="utf-8")
    article_load(path=path)
    page.goto(f"{site}/sources/quart-or-sanic/")
    body = page.locator(".article-body")
    expect(body.locator(".admonition.warning .admonition-title")).to_have_text("Warning")
    expect(body.locator(".admonition.tip .admonition-title")).to_have_text("Worth knowing")
    expect(body.locator("table")).to_contain_text("✅")
    text = body.inner_text()
    for leftover in ("!!!", "[!WARNING]", ":::", "{%", "{{<", ":white_check_mark:"):
        assert leftover not in text
    assert axe_violations(page) == []
