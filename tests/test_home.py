import re

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from articles.models import Claim, Source

pytestmark = pytest.mark.django_db


def test_home_lists_frameworks_criteria_and_sources_with_published_counts(client, seeded):
    # A draft must not be counted anywhere public.
    draft = Claim.objects.filter(framework__slug="flask").first()
    Claim.objects.filter(pk=draft.pk).update(status=Claim.Status.DRAFT)
    published = Claim.objects.published()

    response = client.get(reverse("home"))

    assert response.status_code == 200
    html = response.content.decode()
    assert f"{published.count()} published claims from 5 articles" in html
    flask_count = published.filter(framework__slug="flask").count()
    assert re.search(rf">Flask</a></h3>.*?{flask_count} claims", html, flags=re.S)
    for source in Source.objects.with_claim_counts():
        assert source.display_title in html.replace("&#x27;", "'").replace("&quot;", '"')
    assert "unknown" in html  # authors and dates the articles do not give
    soup = BeautifulSoup(html, "html.parser")
    assert soup.select_one("p.cta a")["href"] == "/compare/django-vs-flask/"
    assert soup.select_one('a[href="/frameworks/flask/"]')
    assert len(soup.select('#sources a[href^="/sources/"]')) == 5


def test_home_renders_in_a_bounded_number_of_queries(client, seeded, django_assert_max_num_queries):
    # Counts in grouped queries over a narrow index, and the latest sources by id first: more
    # queries than one join each, all of them cheap at 100,000 claims.
    with django_assert_max_num_queries(9):
        client.get(reverse("home"))


def test_home_on_an_empty_knowledge_base_says_how_to_load(client, db):
    response = client.get(reverse("home"))
    assert "load_articles fixtures/" in response.content.decode()


def test_unknown_page_is_a_helpful_404(client, db):
    response = client.get("/no/such/page/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


def test_home_features_only_frameworks_the_sources_speak_about(client, seeded):
    soup = BeautifulSoup(client.get(reverse("home")).content, "html.parser")
    cards = [card.h3.get_text(strip=True) for card in soup.select("#frameworks .card")]
    assert cards == ["Django", "Flask"]
    named_once = soup.select_one("#frameworks p.without-claims").get_text(" ", strip=True)
    assert named_once == "No published claims yet on FastAPI and Pyramid ."
    # A framework whose only claims are drafts is not featured either.
    Claim.objects.filter(framework__slug="flask").update(status=Claim.Status.DRAFT)
    soup = BeautifulSoup(client.get(reverse("home")).content, "html.parser")
    assert [card.h3.get_text(strip=True) for card in soup.select("#frameworks .card")] == ["Django"]
    assert not soup.select_one("p.cta")
