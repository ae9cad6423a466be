"""Exports that match the page (the framework and criterion pages are tested in
test_framework_and_criterion_pages.py)."""

import csv
import io
import json

import pytest
from bs4 import BeautifulSoup

from articles.models import Claim
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
        assert claim["finding"] == stored.finding_id
        assert claim["finding_summary"] == stored.finding.summary
    for row in document["rows"]:
        assert set(row["verdicts"]) == {"django", "flask"}
        assert {v["verdict"] for v in row["verdicts"].values()} <= {
            "favoured",
            "weak",
            "mixed",
            "neutral",
            "none",
        }
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
    assert all(row["source_title"] and row["quote"] and row["finding_summary"] for row in rows)


def test_exports_never_contain_drafts(client, seeded):
    claim = Claim.objects.filter(framework__slug="flask").first()
    Claim.objects.filter(pk=claim.pk).update(status="rejected")
    document = json.loads(client.get("/compare/django-vs-flask.json").content)
    ids = {c["id"] for row in document["rows"] for c in row["claims"]}
    assert claim.pk not in ids
    assert f"/claims/{claim.pk}/" not in client.get("/compare/django-vs-flask.csv").content.decode()
