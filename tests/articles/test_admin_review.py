"""The review queue on the admin index: drafts and flagged claims waiting, oldest first."""

from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from articles.admin import ClaimAdmin
from articles.models import Claim

pytestmark = pytest.mark.django_db

INDEX = reverse("admin:index")


def queue_sections(response):
    soup = BeautifulSoup(response.content, "html.parser")
    section = soup.select_one("section.review-queue")
    assert section is not None
    return section.select(".review-queue-kind")


def test_the_index_shows_drafts_and_flagged_claims_oldest_first(curator_client, seeded):
    claims = list(Claim.objects.order_by("pk")[:9])
    now = timezone.now()
    # Seven drafts changed at different times, the oldest last by pk; two published claims
    # whose quote left the text (hidden from the public site, so they must reach a curator).
    for age, claim in enumerate(claims[:7]):
        Claim.objects.filter(pk=claim.pk).update(
            status="draft", updated_at=now - timedelta(days=age)
        )
    for claim in claims[7:]:
        Claim.objects.filter(pk=claim.pk).update(needs_review=True, updated_at=now)

    with CaptureQueriesContext(connection) as captured:
        response = curator_client.get(INDEX)
    assert response.status_code == 200
    assert len(captured) <= 8

    drafts, flagged = queue_sections(response)
    assert " ".join(drafts.h3.get_text().split()) == "Drafts: 7 claims"
    assert " ".join(flagged.h3.get_text().split()) == "Flagged: the quote is gone: 2 claims"

    changed = ClaimAdmin.list_display.index("changed")
    changelist = reverse("admin:articles_claim_changelist")
    assert drafts.h3.a["href"] == f"{changelist}?status__exact=draft&o={changed}"
    assert flagged.h3.a["href"] == f"{changelist}?needs_review__exact=1&o={changed}"

    # The five oldest drafts, oldest first, each a link to its change form; then a link to all.
    shown = [link["href"] for link in drafts.select("ol li a")]
    oldest = sorted(claims[:7], key=lambda claim: -claims.index(claim))[:5]
    assert shown == [reverse("admin:articles_claim_change", args=[c.pk]) for c in oldest]
    assert drafts.select("p a")[-1].get_text() == "All 7, oldest first →"
    flagged_text = flagged.get_text()
    assert claims[7].summary in flagged_text and "published" in flagged_text

    # The link opens the filtered list sorted oldest change first.
    listed = BeautifulSoup(curator_client.get(drafts.h3.a["href"]).content, "html.parser")
    rows = listed.select("#result_list tbody tr")
    assert len(rows) == 7
    assert (
        rows[0]
        .select_one(".field-summary a")["href"]
        .startswith(reverse("admin:articles_claim_change", args=[claims[6].pk]))
    )


def test_an_empty_queue_says_nothing_waits(curator_client, seeded):
    drafts, flagged = queue_sections(curator_client.get(INDEX))
    assert "Drafts: 0 claims" in drafts.get_text()
    assert "Nothing waiting." in drafts.get_text() and "Nothing waiting." in flagged.get_text()


def test_the_claims_list_is_one_compact_line_a_claim_with_the_review_columns(
    curator_client, seeded
):
    Claim.objects.filter(pk=Claim.objects.order_by("pk").first().pk).update(needs_review=True)
    response = curator_client.get(
        reverse("admin:articles_claim_changelist"), {"needs_review__exact": "1"}
    )
    soup = BeautifulSoup(response.content, "html.parser")
    headers = [th.get_text(" ", strip=True) for th in soup.select("#result_list thead th")][1:]
    assert headers == ["Summary", "Framework", "Criterion", "Stance", "Source", "Status", "Changed"]
    statuses = [td.get_text() for td in soup.select("#result_list .field-status_flagged")]
    assert statuses == ["Published · flagged"]
    assert soup.select_one("#result_list .field-changed time")["datetime"]
