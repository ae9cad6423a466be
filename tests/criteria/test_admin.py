"""Frameworks and criteria in the admin: claim counts, aliases and keywords, criteria in order."""

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from articles.models import Claim
from criteria.models import Criterion, Framework
from tests.curating import form_data, make_curator

pytestmark = pytest.mark.django_db


@pytest.fixture
def curator_client(client, db):
    client.force_login(make_curator())
    return client


def rows_of(response):
    return BeautifulSoup(response.content, "html.parser").select("#result_list tbody tr")


def cell(row, name):
    return row.select_one(f".field-{name}").get_text(strip=True)


def test_the_framework_list_shows_claim_counts_in_one_query(curator_client, seeded):
    draft = Claim.objects.filter(framework__slug="flask").first()
    draft.status = "draft"
    draft.save()
    with CaptureQueriesContext(connection) as captured:
        response = curator_client.get(reverse("admin:criteria_framework_changelist"))
    assert response.status_code == 200
    assert len(captured) <= 8
    rows = rows_of(response)
    assert len(rows) == Framework.objects.count()
    for row in rows:
        framework = Framework.objects.get(name=row.select_one("th").get_text(strip=True))
        assert int(cell(row, "claim_count")) == framework.claims.count()
        assert int(cell(row, "published_count")) == framework.claims.published().count()
    flask = next(row for row in rows if row.select_one("th").get_text(strip=True) == "Flask")
    assert int(cell(flask, "claim_count")) == int(cell(flask, "published_count")) + 1


def test_criteria_are_listed_by_group_then_order_with_counts(curator_client, seeded):
    with CaptureQueriesContext(connection) as captured:
        response = curator_client.get(reverse("admin:criteria_criterion_changelist"))
    assert len(captured) <= 8
    rows = rows_of(response)
    listed = [row.select_one("th").get_text(strip=True) for row in rows]
    assert listed == [criterion.name for criterion in Criterion.objects.in_display_order()]
    for row in rows:
        criterion = Criterion.objects.get(name=row.select_one("th").get_text(strip=True))
        assert int(cell(row, "claim_count")) == criterion.claims.count()


def test_a_criterion_moves_within_its_group_from_the_list(curator_client, vocabulary):
    url = reverse("admin:criteria_criterion_changelist")
    response = curator_client.get(url)
    first_group = Criterion.objects.in_display_order().first().group
    in_group = list(Criterion.objects.in_display_order().filter(group=first_group))
    assert len(in_group) >= 2
    first, last = in_group[0], in_group[-1]

    data = form_data(response.content.decode(), "changelist-form")
    prefix = next(
        key.removesuffix("-id")
        for key, value in data.items()
        if key.endswith("-id") and value == str(first.pk)
    )
    data[f"{prefix}-order"] = str(last.order + 1)
    data["_save"] = "Save"
    assert curator_client.post(url, data).status_code == 302

    reordered = list(Criterion.objects.in_display_order().filter(group=first_group))
    assert reordered[-1] == first
    listed = [row.select_one("th").get_text(strip=True) for row in rows_of(curator_client.get(url))]
    assert listed.index(first.name) > listed.index(last.name)


def test_aliases_and_keywords_are_edited_one_per_line(curator_client, vocabulary):
    framework = Framework.objects.get(slug="fastapi")
    url = reverse("admin:criteria_framework_change", args=[framework.pk])
    data = form_data(curator_client.get(url).content.decode(), "framework_form")
    data["aliases"] = "FastAPI\nFast API\nfastapi framework"
    data.pop("needs_review", None)
    assert curator_client.post(url, data).status_code == 302
    framework.refresh_from_db()
    assert framework.alias_list == ["FastAPI", "Fast API", "fastapi framework"]

    criterion = Criterion.objects.get(slug="admin-panel")
    url = reverse("admin:criteria_criterion_change", args=[criterion.pk])
    data = form_data(curator_client.get(url).content.decode(), "criterion_form")
    data["keywords"] = "admin\nback office"
    assert curator_client.post(url, data).status_code == 302
    criterion.refresh_from_db()
    assert criterion.keyword_list == ["admin", "back office"]


def test_a_framework_the_loader_created_can_be_confirmed(curator_client, vocabulary):
    framework = Framework.objects.create(name="Sanic", slug="sanic", needs_review=True)
    listing = curator_client.get(
        reverse("admin:criteria_framework_changelist"), {"needs_review__exact": "1"}
    )
    assert [row.select_one("th").get_text(strip=True) for row in rows_of(listing)] == ["Sanic"]
    url = reverse("admin:criteria_framework_change", args=[framework.pk])
    data = form_data(curator_client.get(url).content.decode(), "framework_form")
    data.pop("needs_review", None)  # unticked
    data["language"] = "Python"
    assert curator_client.post(url, data).status_code == 302
    framework.refresh_from_db()
    assert (framework.needs_review, framework.language) == (False, "Python")
