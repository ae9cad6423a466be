"""What the comparison keeps light without changing what it shows: facts the collector lets
go of, sources made whole only when named, the verdict rule's shortcut, and the frameworks
read once for the comparison and its picker."""

import datetime
import gc

import pytest
from bs4 import BeautifulSoup
from django.utils import timezone

from articles.models import Source
from comparator.selectors import comparison_claims, frameworks_for_comparison, source_verdict
from comparator.selectors.common import FACT_FIELDS, CitedSources, read_facts
from criteria.models import Framework

pytestmark = pytest.mark.django_db


def add_source(slug, title, body="Some words of an article about web frameworks.", **fields):
    return Source.objects.create(
        slug=slug,
        title=title,
        body=body,
        original_text=body,
        original_sha256="c" * 64,
        imported_at=timezone.now(),
        **fields,
    )


def test_facts_are_plain_tuples_the_collector_stops_tracking(seeded):
    frameworks = frameworks_for_comparison(["django", "flask"])
    claims = comparison_claims(frameworks)
    facts = read_facts(claims)
    assert len(facts) == claims.count() > 100
    assert {type(fact) for fact in facts} == {tuple}
    assert {len(fact) for fact in facts} == {len(FACT_FIELDS)}
    gc.collect()
    # A namedtuple (or any tuple subclass) would stay tracked: every full collection walks it.
    assert not any(gc.is_tracked(fact) for fact in facts)


def test_cited_sources_rank_titles_as_read_and_make_a_source_only_when_named():
    sources = [
        add_source("b", "beta notes", author="Ann", published=datetime.date(2023, 5, 1)),
        add_source("a", "Alpha"),
        add_source("a2", "alpha"),
        add_source("untitled", "", body="# Gamma heading\n\nThe text of an untitled article."),
    ]
    cited = CitedSources([source.pk for source in sources])
    assert len(cited) == 4 and set(cited) == {source.pk for source in sources}
    ranks = cited.reading_ranks()
    by_slug = {source.slug: ranks[source.pk] for source in sources}
    # Lowercased display titles in order; the same title, the same place; an untitled
    # article by the heading its text opens with.
    assert by_slug["a"] == by_slug["a2"] < by_slug["b"] < by_slug["untitled"]
    # Only the untitled one was made a Source to rank it.
    untitled = Source.objects.get(slug="untitled")
    assert set(cited.made) == {untitled.pk}

    named = cited[sources[0].pk]
    stored = Source.objects.get(pk=sources[0].pk)
    assert isinstance(named, Source)
    for attribute in ("pk", "slug", "title", "author", "publisher", "url", "published"):
        assert getattr(named, attribute) == getattr(stored, attribute)
    assert named.display_title == stored.display_title
    assert named.get_absolute_url() == stored.get_absolute_url()
    assert cited[untitled.pk].display_title == untitled.display_title == "Gamma heading"
    assert cited[sources[0].pk] is named  # made once


@pytest.mark.parametrize(
    ("scores", "verdict"),
    [
        ({}, None),
        ({"django": 2}, ("favours", "django")),
        ({"django": 0}, None),
        ({"django": -1}, None),
        ({"django": 1, "flask": 0}, ("favours", "django")),
        ({"django": -1, "flask": -2}, ("favours", "django")),
        ({"django": 1, "flask": 1}, ("even", None)),
        ({"django": 0, "flask": 0}, ("even", None)),
    ],
)
def test_source_verdict_one_framework_or_several(scores, verdict):
    assert source_verdict(scores) == verdict


def test_the_pickers_checkboxes_are_every_framework_by_name_the_compared_checked(client, seeded):
    soup = BeautifulSoup(client.get("/compare/flask-vs-django/").content, "html.parser")
    boxes = soup.select(".framework-picker input[type=checkbox]")
    expected = list(Framework.objects.order_by("name").values_list("slug", "name"))
    assert [(box["value"], box.find_next("label").get_text()) for box in boxes] == expected
    assert {box["value"] for box in boxes if box.has_attr("checked")} == {"django", "flask"}
