"""Exports that match the page, and the framework and criterion pages."""

import csv
import io
import json

import pytest
from bs4 import BeautifulSoup

from articles.models import Claim
from criteria.models import Criterion, Framework
from tests.comparator.test_compare_page import shown_claim_ids

pytestmark = pytest.mark.django_db


def soup_of(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


FILTERED = {
    "": {},
    "?stance=strength": {"stance": "strength"},
    "?group=operations&year=bogus": {"criterion__group": "operations"},
    "?criterion=security": {"criterion__slug": "security"},
}


def published(frameworks, **filters):
    return Claim.objects.published().filter(framework__slug__in=frameworks, **filters)


@pytest.mark.parametrize("query", FILTERED)
def test_json_export_holds_every_claim_the_page_summarises(client, seeded, query):
    page_ids = shown_claim_ids(soup_of(client, f"/compare/django-vs-flask/{query}"))
    expected = set(published(["django", "flask"], **FILTERED[query]).values_list("pk", flat=True))
    response = client.get(f"/compare/django-vs-flask.json{query}")
    assert response["Content-Type"].startswith("application/json")
    document = json.loads(response.content)
    claims = [claim for row in document["rows"] for claim in row["claims"]]
    # The page's cells show a few claims each; the export holds all of them, once each.
    assert page_ids and page_ids <= expected
    assert sorted(claim["id"] for claim in claims) == sorted(expected)
    assert document["claim_count"] == len(expected)
    assert [f["slug"] for f in document["frameworks"]] == ["django", "flask"]
    for claim in claims[:50]:
        stored = Claim.objects.select_related("source").get(pk=claim["id"])
        assert claim["quote"] == stored.quote
        assert claim["source_title"] == stored.source.display_title
        assert claim["source_url"] == (stored.source.url or None)
        assert claim["passage_url"].endswith(f"/sources/{stored.source.slug}/#claim-{stored.pk}")
    if "stance" in query:
        assert document["filters"] == {"stance": "strength"}
        assert {claim["stance"] for claim in claims} == {"strength"}
    if "criterion" in query:
        assert document["filters"] == {"criterion": "security"}
        assert [row["criterion"] for row in document["rows"]] == ["security"]
        assert document["criteria_without_claims"] == []


def test_csv_export_holds_every_claim_the_page_summarises(client, seeded):
    page_ids = shown_claim_ids(soup_of(client, "/compare/flask-vs-django/?stance=weakness"))
    expected = set(published(["django", "flask"], stance="weakness").values_list("pk", flat=True))
    response = client.get("/compare/flask-vs-django.csv?stance=weakness")
    assert response["Content-Type"].startswith("text/csv")
    assert 'filename="flask-vs-django.csv"' in response["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8"))))
    ids = [int(row["claim_url"].rstrip("/").rsplit("/", 1)[1]) for row in rows]
    assert sorted(ids) == sorted(expected)
    assert page_ids < expected
    assert {row["stance"] for row in rows} == {"weakness"}
    assert all(row["source_title"] and row["quote"] for row in rows)


def test_exports_never_contain_drafts(client, seeded):
    claim = Claim.objects.filter(framework__slug="flask").first()
    Claim.objects.filter(pk=claim.pk).update(status="rejected")
    document = json.loads(client.get("/compare/django-vs-flask.json").content)
    ids = {c["id"] for row in document["rows"] for c in row["claims"]}
    assert claim.pk not in ids
    assert f"/claims/{claim.pk}/" not in client.get("/compare/django-vs-flask.csv").content.decode()


def test_framework_page_lists_its_claims_by_criterion_and_links_comparisons(client, seeded):
    soup = soup_of(client, "/frameworks/flask/")
    assert soup.h1.get_text() == "Flask"
    shown = {int(a["href"].strip("/").rsplit("/", 1)[1]) for a in soup.select("a.permalink")}
    assert shown == set(
        Claim.objects.published().filter(framework__slug="flask").values_list("pk", flat=True)
    )
    criteria = [h3.get_text(strip=True) for h3 in soup.select("h3[id^=criterion-]")]
    in_order = [c.name for c in Criterion.objects.in_display_order() if c.name in criteria]
    assert criteria == in_order
    links = {a["href"] for a in soup.select("a[href^='/compare/']")}
    others = Framework.objects.exclude(slug="flask").values_list("slug", flat=True)
    assert {f"/compare/flask-vs-{slug}/" for slug in others} <= links


def test_framework_without_claims_says_so(client, seeded):
    soup = soup_of(client, "/frameworks/pyramid/")
    assert "No source in the knowledge base says anything about Pyramid" in soup.get_text()


def test_criteria_pages_list_every_source_on_each_framework(client, seeded):
    soup = soup_of(client, "/criteria/")
    assert len(soup.select("main a[href^='/criteria/']")) == Criterion.objects.count()
    soup = soup_of(client, "/criteria/security/")
    shown = {int(a["href"].strip("/").rsplit("/", 1)[1]) for a in soup.select("a.permalink")}
    expected = Claim.objects.published().filter(criterion__slug="security")
    assert shown == set(expected.values_list("pk", flat=True))
    sources = set(expected.values_list("source", flat=True))
    assert len(soup.select(".references ol > li")) == len(sources)
    assert [h2.get_text(strip=True) for h2 in soup.select("h2[id^=framework-]")] == [
        "Django",
        "Flask",
    ]


def test_pages_render_in_bounded_queries(client, seeded, django_assert_max_num_queries):
    for url in ["/frameworks/", "/frameworks/django/", "/criteria/", "/criteria/performance/"]:
        # Including the page cache's version, and the cited sources fetched once each.
        with django_assert_max_num_queries(6):
            client.get(url)
