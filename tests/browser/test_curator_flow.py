"""A curator in Chromium reviews a draft claim, from logging in to seeing it on the comparison."""

import re

import pytest
from django.contrib.admin.models import LogEntry
from playwright.sync_api import expect

from articles.models import Claim
from tests.curating import CURATOR_PASSWORD, ensure_curators_group, make_curator

# The Curators group comes from a data migration, which a transactional test's flush removes:
# ensure_curators_group puts it back (serialized_rollback fails after other transactional tests).
pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]


def test_a_curator_reviews_a_draft_claim_end_to_end(page, site, artifacts):
    ensure_curators_group()
    curator = make_curator()
    claim = (
        Claim.objects.published()
        .filter(framework__slug="django", quote="Django comes with a ready-to-use admin panel.")
        .select_related("criterion")
        .order_by("pk")
        .first()
    )
    claim.status = Claim.Status.DRAFT
    claim.save()
    cell = f"#cell-{claim.criterion.slug}-django"
    reviewed_summary = "Reviewed: the admin comes ready to use."

    # Log in; the admin names the knowledge base.
    page.goto(f"{site}/admin/")
    expect(page).to_have_title(re.compile(r"Framework comparison knowledge base$"))
    page.fill("#id_username", curator.username)
    page.fill("#id_password", CURATOR_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.locator("#site-name")).to_contain_text("Framework comparison knowledge base")

    # The claims, filtered to drafts: only ours.
    page.get_by_role("link", name="Claims", exact=True).click()
    page.locator("#changelist-filter").get_by_role("link", name="Draft").click()
    expect(page).to_have_url(re.compile(r"status__exact=draft"))
    rows = page.locator("#result_list tbody tr")
    expect(rows).to_have_count(1)
    page.screenshot(path=str(artifacts / "admin-claims-drafts.png"), full_page=False)
    rows.first.locator("th a").click()

    # The change form shows the quote in its context, highlighted.
    expect(page.locator(".field-passage mark")).to_have_text(claim.quote)
    expect(page.locator(".field-public_link")).to_contain_text("Not shown on the public site")

    # A misquote is refused, and the form shows what the article does say.
    page.fill("#id_quote", "Django comes with a ready to use admin panels")
    page.locator("input[name=_continue]").click()
    error = page.locator(".field-quote .errorlist")
    expect(error).to_contain_text("do not occur")
    expect(error).to_contain_text(f"“{claim.quote}”")
    page.screenshot(path=str(artifacts / "admin-claim-bad-quote.png"), full_page=True)

    # The curator takes the article's words, fixes the summary, and publishes.
    page.fill("#id_quote", claim.quote)
    page.fill("#id_summary", reviewed_summary)
    page.select_option("#id_status", "published")
    page.locator("input[name=_continue]").click()
    expect(page.locator(".messagelist .success")).to_contain_text("was changed successfully")
    expect(page.locator(".field-reviewer")).to_contain_text(curator.username)
    page.locator(".field-public_link").get_by_role("link", name="The claim’s page").click()
    expect(page.locator("h1")).to_have_text(reviewed_summary)

    claim.refresh_from_db()
    assert (claim.status, claim.summary, claim.reviewed_by) == (
        "published",
        reviewed_summary,
        curator,
    )
    entry = LogEntry.objects.filter(object_id=str(claim.pk), user=curator).latest("action_time")
    assert "Status" in entry.get_change_message() and "Summary" in entry.get_change_message()

    # And readers see it in the comparison: its row, narrowed to the criterion, lists every claim.
    page.goto(f"{site}/compare/django-vs-flask/?criterion=admin-panel")
    expect(page.locator(cell)).to_contain_text(reviewed_summary)
    expect(page.locator(f'{cell} a[href$="#claim-{claim.pk}"]')).to_have_count(1)
    expect(page.locator(f'{cell} a[href="/claims/{claim.pk}/"]')).to_have_count(2)
