"""A published claim whose quote has left its article (flagged by a reload) leaves every public
page, export, feed, sitemap and search result until a curator fixes it; publishing a flagged
or misplaced claim is refused with a message or repaired, never a server error."""

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from articles.models import Claim
from tests.conftest import write_article
from tests.curating import form_data

from .conftest import LEAKY_BODY, LEAKY_CLAIMS, LEAKY_SLUG
from .test_leaks import PUBLIC_PAGES, mentions

pytestmark = pytest.mark.django_db

GONE_SENTENCE = "Django is batteries included for everyone who reads this."


@pytest.fixture
def quote_gone(hostile_folder, knowledge_base):
    """The leaky article reloaded without its published claim's sentence: that claim, flagged."""
    _, published = knowledge_base
    claims = [item for item in LEAKY_CLAIMS if item["quote"] != GONE_SENTENCE]
    write_article(
        hostile_folder,
        LEAKY_SLUG,
        LEAKY_BODY.replace(GONE_SENTENCE, "Nothing else."),
        claims=claims,
    )
    call_command("load_articles", str(hostile_folder), verbosity=0)
    published.refresh_from_db()
    assert published.status == Claim.Status.PUBLISHED and published.needs_review
    return published


def test_a_published_claim_whose_quote_is_gone_leaves_every_public_page(quote_gone):
    client = Client()
    pages = [*PUBLIC_PAGES, "/search/?q=batteries", "/criteria/development-speed/"]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        assert not mentions(response.content.decode(), quote_gone.pk), url
    assert client.get(quote_gone.get_absolute_url()).status_code == 404
    # Its summary no longer counts anywhere either.
    document = client.get("/compare/django-vs-flask.json").json()
    assert quote_gone.pk not in [c["id"] for row in document["rows"] for c in row["claims"]]


def test_once_a_curator_finds_its_quote_again_it_is_public_again(quote_gone, admin_client):
    url = reverse("admin:articles_claim_change", args=[quote_gone.pk])
    data = form_data(admin_client.get(url).content.decode(), "claim_form")
    data["quote"] = "Django scales for the quokkadraft teams that need it."
    data["criterion"] = str(quote_gone.criterion_id)
    assert admin_client.post(url, data).status_code == 302
    quote_gone.refresh_from_db()
    assert not quote_gone.needs_review and quote_gone.status == Claim.Status.PUBLISHED
    assert Client().get(quote_gone.get_absolute_url()).status_code == 200


def test_publishing_a_flagged_claim_in_bulk_is_refused_with_a_message(quote_gone, admin_client):
    Claim.objects.filter(pk=quote_gone.pk).update(status=Claim.Status.DRAFT)
    response = admin_client.post(
        reverse("admin:articles_claim_changelist"),
        {"action": "publish", "_selected_action": [quote_gone.pk]},
        follow=True,
    )
    assert response.status_code == 200
    assert "Not published, because their quote no longer occurs" in response.content.decode()
    quote_gone.refresh_from_db()
    assert quote_gone.status == Claim.Status.DRAFT


def test_publishing_a_flagged_claim_in_its_form_is_refused_with_a_message(quote_gone, admin_client):
    Claim.objects.filter(pk=quote_gone.pk).update(status=Claim.Status.DRAFT)
    url = reverse("admin:articles_claim_change", args=[quote_gone.pk])
    data = form_data(admin_client.get(url).content.decode(), "claim_form")
    data["status"] = Claim.Status.PUBLISHED
    response = admin_client.post(url, data)
    assert response.status_code == 200
    assert "These words do not occur" in response.content.decode()
    quote_gone.refresh_from_db()
    assert quote_gone.status == Claim.Status.DRAFT


@pytest.mark.parametrize("action", ["publish", "reject", "send_back_to_draft"])
def test_a_claim_whose_offsets_went_stale_is_repaired_or_flagged_not_a_500(
    knowledge_base, admin_client, action
):
    """Offsets that no longer hold (written before this fix, or by a bulk update): a bulk
    action confirms them against the text instead of failing in the model's anchor check."""
    hidden, published = knowledge_base
    draft = hidden[0]
    for claim, shift in ((draft, 3), (published, 5)):
        Claim.objects.filter(pk=claim.pk).update(
            quote_start=claim.quote_start + shift, quote_end=claim.quote_end + shift
        )
    admin_client.raise_request_exception = False
    response = admin_client.post(
        reverse("admin:articles_claim_changelist"),
        {"action": action, "_selected_action": [draft.pk, published.pk]},
        follow=True,
    )
    assert response.status_code == 200
    for claim in (draft, published):
        claim.refresh_from_db()
        body = claim.source.body
        assert body[claim.quote_start : claim.quote_end] == claim.quote
        assert not claim.needs_review


def test_the_save_service_flags_a_claim_whose_quote_is_gone_and_will_not_publish_it(
    knowledge_base, admin_user
):
    """Any caller of claim_save, not only the admin's form, gets the same confirmation."""
    from django.core.exceptions import ValidationError

    from articles.curation import claim_save

    hidden, published = knowledge_base
    draft = hidden[0]
    source = draft.source
    source.body = source.body.replace(draft.quote, "Words that replaced it.")
    source.save()

    claim_save(claim=draft, user=admin_user, changed_fields=["summary"])
    draft.refresh_from_db()
    assert draft.needs_review and draft.status == Claim.Status.DRAFT

    draft.status = Claim.Status.PUBLISHED
    with pytest.raises(ValidationError):
        claim_save(claim=draft, user=admin_user, changed_fields=["status"])
    draft.refresh_from_db()
    assert draft.status == Claim.Status.DRAFT
