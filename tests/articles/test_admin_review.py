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
from articles.review import SHOWN_PER_QUEUE, review_queue

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


def waiting_claims(seeded_claims):
    """Drafts, flagged claims, a flagged draft and a flagged rejected claim, changed at
    different times: every way a claim can wait for review, or not."""
    now = timezone.now()
    kinds = [
        {"status": "draft"},
        {"status": "published", "needs_review": True},
        {"status": "draft", "needs_review": True},
        {"status": "rejected", "needs_review": True},
        {"status": "rejected"},
    ]
    for position, claim in enumerate(seeded_claims):
        Claim.objects.filter(pk=claim.pk).update(
            **kinds[position % len(kinds)], updated_at=now - timedelta(hours=position % 7)
        )


def expected_queue(condition):
    """The queue worked out in Python from every claim: its count and its oldest, in order."""
    waiting = sorted(
        (claim for claim in Claim.objects.all() if condition(claim)),
        key=lambda claim: (claim.updated_at, claim.pk),
    )
    return len(waiting), [claim.pk for claim in waiting[:SHOWN_PER_QUEUE]]


def test_the_queues_count_and_list_what_waits_whatever_else_the_claims_are(seeded):
    waiting_claims(Claim.objects.order_by("pk")[:30])
    drafts, flagged = review_queue(changed_column=1)
    assert (drafts.count, [claim.pk for claim in drafts.oldest]) == expected_queue(
        lambda claim: claim.status == "draft"
    )
    assert (flagged.count, [claim.pk for claim in flagged.oldest]) == expected_queue(
        lambda claim: claim.needs_review and claim.status != "rejected"
    )
    assert drafts.count >= 12 and flagged.count >= 12


def test_the_queues_take_three_queries_however_many_claims_wait(seeded):
    waiting_claims(Claim.objects.order_by("pk")[:30])
    with CaptureQueriesContext(connection) as captured:
        shown = [
            (claim.summary, claim.framework.name, claim.criterion.name)
            for queue in review_queue(changed_column=1)
            for claim in queue.oldest
        ]
    assert len(shown) == 2 * SHOWN_PER_QUEUE
    assert len(captured) == 3


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's query planner")
def test_sqlite_counts_and_lists_the_waiting_claims_from_their_partial_index(seeded):
    """Not the whole claims table: every query repeats the index's condition (claim_waiting,
    with its constants written into the SQL), and the index holds what the counts need."""
    waiting_claims(Claim.objects.order_by("pk")[:30])
    recorded = []

    def record(execute, sql, params, many, context):
        recorded.append((sql, params))
        return execute(sql, params, many, context)

    with connection.execute_wrapper(record):
        review_queue(changed_column=1)
    assert len(recorded) == 3
    with connection.cursor() as cursor:
        for sql, params in recorded:
            cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
            plan = [row[-1] for row in cursor.fetchall()]
            claims_plan = [step for step in plan if " articles_claim " in f"{step} "]
            assert claims_plan, plan
            assert all("USING" in step and "claim_waiting" in step for step in claims_plan), plan
    # The count reads the index alone.
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN QUERY PLAN {recorded[0][0]}", recorded[0][1])
        assert "COVERING INDEX claim_waiting" in " ".join(row[-1] for row in cursor.fetchall())
