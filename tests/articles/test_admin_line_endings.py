"""A browser sends a textarea's lines with CRLF: the admin reads them as the LF articles are
stored with, so a save that changes only the title changes nothing else."""

import pytest
from django.contrib.admin.models import LogEntry
from django.urls import reverse

from articles.models import Claim, Source
from criteria.models import Criterion, Framework
from tests.curating import form_data, source_with_body

pytestmark = pytest.mark.django_db

LARGEST = "trio-django-vs-flask-2024"


def as_a_browser_sends(data):
    """A form's fields with every line break as CRLF (the HTML spec's form encoding)."""
    return {key: value.replace("\n", "\r\n") for key, value in data.items()}


def claim_positions(source):
    return list(
        source.claims.order_by("pk").values_list("pk", "quote_start", "quote_end", "needs_review")
    )


def test_changing_only_the_title_leaves_body_and_claims_alone(curator_client, curator, seeded):
    source = Source.objects.get(slug=LARGEST)
    assert "\n" in source.body and "\r" not in source.body
    body, positions = source.body, claim_positions(source)
    url = reverse("admin:articles_source_change", args=[source.pk])
    data = as_a_browser_sends(form_data(curator_client.get(url).content.decode(), "source_form"))
    assert "\r\n" in data["body"]
    data["title"] = "A retitled article"

    response = curator_client.post(url, data, follow=True)

    assert response.status_code == 200
    source.refresh_from_db()
    assert source.title == "A retitled article"
    assert source.body == body
    assert claim_positions(source) == positions
    assert "found again" not in response.content.decode()
    assert not LogEntry.objects.filter(content_type__model="claim").exists()
    entry = LogEntry.objects.get(content_type__model="source", object_id=str(source.pk))
    assert entry.get_change_message() == "Changed Title."


def test_a_body_pasted_with_crlf_is_stored_with_lf(curator_client, seeded):
    source = Source.objects.get(slug=LARGEST)
    url = reverse("admin:articles_source_change", args=[source.pk])
    data = form_data(curator_client.get(url).content.decode(), "source_form")
    data["body"] = (source.body + "\n\nA closing line.\nAnd one more.\n").replace("\n", "\r\n")
    curator_client.post(url, data)
    source.refresh_from_db()
    assert "\r" not in source.body
    assert source.body.endswith("\n\nA closing line.\nAnd one more.\n")
    for claim in source.claims.all():
        assert source.body[claim.quote_start : claim.quote_end] == claim.quote


def test_a_multi_line_quote_sent_back_with_crlf_is_no_change(curator_client, vocabulary):
    quote = "Django ships an admin.\nIt is generated from models."
    body = f"Intro line.\n\n{quote}\n\nEnd."
    source = source_with_body(body, slug="lines", title="Lines")
    claim = Claim.objects.create(
        source=source,
        framework=Framework.objects.get(slug="django"),
        criterion=Criterion.objects.get(slug="admin-panel"),
        stance="strength",
        summary="An admin from the models.",
        quote=quote,
        quote_start=body.index(quote),
        quote_end=body.index(quote) + len(quote),
    )
    url = reverse("admin:articles_claim_change", args=[claim.pk])
    data = as_a_browser_sends(form_data(curator_client.get(url).content.decode(), "claim_form"))
    assert "\r\n" in data["quote"]
    response = curator_client.post(url, data)
    assert response.status_code == 302
    refreshed = Claim.objects.get(pk=claim.pk)
    assert (refreshed.quote, refreshed.quote_start) == (quote, claim.quote_start)
    assert refreshed.reviewed_by is None  # nothing a curator changed, so no review recorded
    assert "quote" not in LogEntry.objects.get(object_id=str(claim.pk)).get_change_message()
