"""Curators editing sources: metadata, a link to its claims, and a body edit that keeps every claim."""

import re

import pytest
from bs4 import BeautifulSoup
from django.contrib.admin.models import LogEntry
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from articles.models import Claim, Source, sha256_hex
from tests.curating import form_data, generated_claims

pytestmark = pytest.mark.django_db

LARGEST = "trio-django-vs-flask-2024"
CHANGELIST = reverse("admin:articles_source_changelist")


def change_url(source):
    return reverse("admin:articles_source_change", args=[source.pk])


def source_form(client, source):
    response = client.get(change_url(source))
    assert response.status_code == 200
    return form_data(response.content.decode(), "source_form")


def test_the_list_counts_each_sources_claims_by_status_in_a_bounded_number_of_queries(
    curator_client, seeded
):
    source = Source.objects.get(slug=LARGEST)
    claims = list(source.claims.order_by("pk")[:5])
    for claim, status in zip(
        claims, ["draft", "draft", "draft", "rejected", "rejected"], strict=True
    ):
        claim.status = status
        claim.save()
    Claim.objects.filter(pk=claims[0].pk).update(needs_review=True)
    generated_claims(300)

    with CaptureQueriesContext(connection) as captured:
        response = curator_client.get(CHANGELIST)
    assert response.status_code == 200
    assert len(captured) <= 8

    soup = BeautifulSoup(response.content, "html.parser")
    rows = soup.select("#result_list tbody tr")
    assert len(rows) == Source.objects.count() == 6
    for source in Source.objects.all():
        row = next(row for row in rows if f'href="{source.get_absolute_url()}"' in str(row))
        cells = {
            name: int(row.select_one(f".field-{name}").get_text())
            for name in ("published_count", "draft_count", "rejected_count", "flagged_count")
        }
        assert cells == {
            "published_count": source.claims.filter(status="published").count(),
            "draft_count": source.claims.filter(status="draft").count(),
            "rejected_count": source.claims.filter(status="rejected").count(),
            "flagged_count": source.claims.filter(needs_review=True).count(),
        }


def test_the_change_form_links_to_its_claims_instead_of_listing_them_and_saves_from_the_top(
    curator_client, seeded
):
    source = Source.objects.get(slug=LARGEST)
    draft = source.claims.order_by("quote_start", "pk").first()
    draft.status = "draft"
    draft.save()

    with CaptureQueriesContext(connection) as captured:
        response = curator_client.get(change_url(source))
    assert len(captured) <= 10
    content = response.content.decode()
    soup = BeautifulSoup(content, "html.parser")

    assert soup.select_one(".field-reader_link a")["href"] == source.get_absolute_url()
    counts = " ".join(
        soup.select_one(".field-claim_counts .readonly").get_text(" ", strip=True).split()
    )
    published = source.claims.filter(status="published").count()
    total = source.claims.count()
    assert counts == (
        f"All {total} claims, in reading order → "
        f"{published} published · 1 draft · 0 rejected · 0 flagged for review"
    )
    # No claim is rendered in the form: a link leads to them, paginated.
    assert not soup.select("#claims-group") and draft.summary not in content
    every = soup.select_one(".field-claim_counts a.claims-link")["href"]
    assert every == f"{reverse('admin:articles_claim_changelist')}?source__id__exact={source.pk}"
    # Save at the top as well as at the bottom.
    assert len(soup.select('.submit-row input[name="_save"]')) == 2

    listed = curator_client.get(every)
    rows = BeautifulSoup(listed.content, "html.parser").select("#result_list tbody tr")
    assert len(rows) == 50 < total  # paginated
    first = rows[0].select_one(".field-summary a")
    assert first["href"].startswith(reverse("admin:articles_claim_change", args=[draft.pk]))
    assert "Draft" in rows[0].select_one(".field-status_flagged").get_text()


def test_metadata_is_editable_and_history_names_the_curator(curator_client, curator, seeded):
    source = Source.objects.get(slug=LARGEST)
    data = source_form(curator_client, source)
    data["author"] = "A. Curator-Corrected"
    response = curator_client.post(change_url(source), data)
    assert response.status_code == 302
    source.refresh_from_db()
    assert source.author == "A. Curator-Corrected"
    entry = LogEntry.objects.get(object_id=str(source.pk), content_type__model="source")
    assert entry.user == curator and "Author" in entry.get_change_message()


def test_editing_the_body_keeps_every_claim_re_anchored_or_flagged(curator_client, curator, seeded):
    source = Source.objects.get(slug=LARGEST)
    claims = list(source.claims.order_by("quote_start"))
    # A claim whose passage no other claim's overlaps, and whose words occur once: they will go.
    lost = next(
        claim
        for claim in claims
        if source.body.count(claim.quote) == 1
        and all(
            other.quote_end <= claim.quote_start or other.quote_start >= claim.quote_end
            for other in claims
            if other.pk != claim.pk
        )
    )
    before = {claim.pk: claim for claim in claims}
    new_body = "A curator's note at the top.\n\n" + source.body.replace(lost.quote, "", 1)
    data = source_form(curator_client, source)
    data["body"] = new_body

    response = curator_client.post(change_url(source), data, follow=True)

    assert response.status_code == 200
    source.refresh_from_db()
    assert source.body == new_body
    after = {claim.pk: claim for claim in source.claims.all()}
    assert after.keys() == before.keys()
    for pk, claim in after.items():
        if pk == lost.pk:
            assert claim.needs_review
            assert (claim.quote, claim.quote_start) == (lost.quote, lost.quote_start)
        else:
            assert not claim.needs_review, claim.quote
            assert new_body[claim.quote_start : claim.quote_end] == claim.quote
            assert (claim.status, claim.summary) == (before[pk].status, before[pk].summary)

    content = response.content.decode()
    assert f"{len(claims) - 1} claims found again in the new text." in content
    assert "1 claim no longer found" in content
    assert f'href="{reverse("admin:articles_claim_change", args=[lost.pk])}"' in content

    flagged_entry = LogEntry.objects.get(object_id=str(lost.pk), content_type__model="claim")
    assert flagged_entry.user == curator and "Flagged for review" in flagged_entry.change_message
    assert LogEntry.objects.filter(content_type__model="claim", user=curator).count() == len(claims)

    # The reader and the flagged claim's form still work; the form shows the closest passage.
    assert curator_client.get(source.get_absolute_url()).status_code == 200
    flagged_form = curator_client.get(reverse("admin:articles_claim_change", args=[lost.pk]))
    assert "The quote no longer occurs in the article." in flagged_form.content.decode()


def test_a_body_edit_that_loses_nothing_says_so_and_flags_nothing(curator_client, seeded):
    source = Source.objects.get(slug=LARGEST)
    data = source_form(curator_client, source)
    data["body"] = source.body + "\n\nA closing line added by a curator.\n"
    response = curator_client.post(change_url(source), data, follow=True)
    content = response.content.decode()
    assert "no longer found" not in content
    assert not source.claims.filter(needs_review=True).exists()
    # Nothing moved: offsets before the end are unchanged, so no claim is re-anchored.
    assert "found again" not in content


def test_a_source_added_by_hand_records_its_text_as_received(curator_client):
    body = "Pasted text. Django has an admin."
    response = curator_client.post(
        reverse("admin:articles_source_add"),
        {
            "title": "Pasted",
            "slug": "pasted",
            "author": "",
            "publisher": "",
            "url": "",
            "published": "",
            "body": body,
        },
    )
    assert response.status_code == 302
    source = Source.objects.get(slug="pasted")
    assert source.original_text == body
    assert source.original_sha256 == sha256_hex(body.encode())
    assert source.imported_at is not None


def test_a_curator_cannot_delete_a_source_from_the_list(curator_client, seeded):
    source = Source.objects.first()
    content = curator_client.get(CHANGELIST).content.decode()
    assert not re.search(r'value="delete_selected"', content)
    response = curator_client.post(
        CHANGELIST,
        {"action": "delete_selected", "_selected_action": [source.pk], "post": "yes"},
        follow=True,
    )
    assert response.status_code == 200
    assert Source.objects.filter(pk=source.pk).exists()


def test_the_files_other_metadata_and_origin_are_shown_read_only(curator_client, seeded):
    source = Source.objects.get(slug=LARGEST)
    Source.objects.filter(pk=source.pk).update(
        extra_metadata={
            "tags": ["django", "flask"],
            "layout": "post",
            "social": {"mastodon": "@ada", "site": None},
            "description": "<script>alert(1)</script> a summary",
        }
    )
    response = curator_client.get(change_url(source))
    soup = BeautifulSoup(response.content.decode(), "html.parser")
    rows = soup.select(".field-file_metadata table.file-metadata tr")
    assert [(row.th.get_text(), row.td.get_text()) for row in rows] == [
        ("description", "<script>alert(1)</script> a summary"),
        ("layout", "post"),
        ("social", "mastodon: @ada; site: —"),
        ("tags", "django, flask"),
    ]
    assert not soup.select(".field-file_metadata script")
    origin = soup.select_one(".field-origin .readonly").get_text(strip=True)
    assert origin == source.origin and origin.endswith(f"{LARGEST}.md")
    # Read-only: none of these can be posted back through the form.
    names = {field.get("name") for field in soup.select("#source_form [name]")}
    assert not names & {"origin", "content_sha256", "extra_metadata", "curator_fields"}
