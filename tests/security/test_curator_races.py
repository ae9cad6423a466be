"""A curator saving a claim while a reload changes its article's text, on PostgreSQL: the save
waits for the reload and anchors the quote in the new text, or is refused when the quote is
gone; never offsets from the old text written over the new."""

import os
import threading
import time

import pytest
from django.contrib.auth import get_user_model
from django.db import transaction
from django.test import Client
from django.urls import reverse

from articles.models import Claim, Source
from articles.services import claims_reanchor
from criteria.models import Criterion, Framework
from tests.curating import form_data, source_with_body
from tests.security.racing import in_thread

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        not os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")),
        reason="row locks between two connections need PostgreSQL (set DATABASE_URL); "
        "tests/security/test_sqlite_concurrency.py covers SQLite",
    ),
]

QUOTE = "Django ships an admin panel."
BODY = f"An opening line.\n\n{QUOTE} Flask does not.\n"
MOVED = f"A new first paragraph, added by a reload, that moves every offset.\n\n{BODY}"
GONE = "An opening line.\n\nFlask does not ship one, and neither does this text now.\n"


@pytest.fixture
def claim():
    framework = Framework.objects.create(slug="django", name="Django")
    criterion = Criterion.objects.create(
        slug="admin-panel",
        name="Admin panel",
        group=Criterion._meta.get_field("group").choices[0][0],
    )
    source = source_with_body(BODY, slug="raced", title="Raced")
    start = BODY.index(QUOTE)
    return Claim.objects.create(
        source=source,
        framework=framework,
        criterion=criterion,
        stance="strength",
        summary="Admin included.",
        quote=QUOTE,
        quote_start=start,
        quote_end=start + len(QUOTE),
        status=Claim.Status.DRAFT,
    )


def reload_holding_the_lock(source_pk, new_body, locked, release):
    """What load_articles does to a changed article, holding its lock until told to commit."""

    def reload():
        with transaction.atomic():
            source = Source.objects.select_for_update().get(pk=source_pk)
            source.body = new_body
            source.save()
            claims_reanchor(source=source)
            locked.set()
            assert release.wait(30)

    return in_thread(reload)


def curator_client():
    # An administrator: the Curators group comes from a data migration a transactional test's
    # flush removes, and the race is the same for anyone who may change claims.
    client = Client()
    client.force_login(
        get_user_model().objects.create_superuser("racer", "racer@example.org", "a long pass")
    )
    return client


def race(claim, new_body, curator_request):
    """Start a reload to NEW_BODY, send the curator's request while it holds the source, let
    the reload commit; the curator's response."""
    locked, release = threading.Event(), threading.Event()
    reloader, reloaded = reload_holding_the_lock(claim.source_id, new_body, locked, release)
    assert locked.wait(30)
    curator, answered = in_thread(curator_request)
    time.sleep(0.5)
    assert curator.is_alive(), "the curator's save should wait for the reload's lock"
    release.set()
    reloader.join(30)
    curator.join(30)
    assert "error" not in reloaded, reloaded.get("error")
    assert "error" not in answered, answered.get("error")
    return answered["value"]


def test_a_curators_edit_during_a_reload_anchors_the_quote_in_the_new_text(claim):
    client = curator_client()
    url = reverse("admin:articles_claim_change", args=[claim.pk])
    data = form_data(client.get(url).content.decode(), "claim_form")  # shown before the reload
    data["summary"] = "Edited while the article reloaded."

    response = race(claim, MOVED, lambda: client.post(url, data))

    assert response.status_code == 302
    claim.refresh_from_db()
    body = Source.objects.get(pk=claim.source_id).body
    assert body == MOVED and claim.summary == "Edited while the article reloaded."
    assert body[claim.quote_start : claim.quote_end] == QUOTE
    assert not claim.needs_review


def test_an_edit_whose_quote_the_reload_removed_is_refused_and_nothing_half_written(claim):
    client = curator_client()
    url = reverse("admin:articles_claim_change", args=[claim.pk])
    data = form_data(client.get(url).content.decode(), "claim_form")
    data["summary"] = "Edited while the article reloaded."
    data["status"] = Claim.Status.PUBLISHED

    response = race(claim, GONE, lambda: client.post(url, data))

    assert response.status_code == 200  # the form again, saying why
    assert "These words do not occur" in response.content.decode()
    claim.refresh_from_db()
    assert claim.needs_review  # the reload flagged it; the curator's save wrote nothing
    assert (claim.summary, claim.status) == ("Admin included.", Claim.Status.DRAFT)


def test_a_bulk_publish_during_a_reload_publishes_only_what_the_new_text_holds(claim):
    client = curator_client()
    changelist = reverse("admin:articles_claim_changelist")
    data = {"action": "publish", "_selected_action": [claim.pk]}

    response = race(claim, GONE, lambda: client.post(changelist, data, follow=True))

    assert response.status_code == 200
    assert "Not published, because their quote no longer occurs" in response.content.decode()
    claim.refresh_from_db()
    assert claim.status == Claim.Status.DRAFT and claim.needs_review


def test_a_bulk_publish_during_a_reload_that_moved_the_quote_publishes_it_anchored(claim):
    client = curator_client()
    changelist = reverse("admin:articles_claim_changelist")
    data = {"action": "publish", "_selected_action": [claim.pk]}

    response = race(claim, MOVED, lambda: client.post(changelist, data, follow=True))

    assert response.status_code == 200 and "1 claim published." in response.content.decode()
    claim.refresh_from_db()
    assert claim.status == Claim.Status.PUBLISHED and not claim.needs_review
    assert MOVED[claim.quote_start : claim.quote_end] == QUOTE
