"""The sitemap's own writers answer what Django's sitemap views answer for the same sections:
the same bytes and headers for the index, every page of every section and the pages that are
not there, with drafts, flagged claims, undated sections and several pages per section.

They read sizes and last changes from grouped counts, and write pages from plain rows, to be
fast at scale (comparator/sitemaps.py); Django's views, reading every item, are the reference.
"""

import pytest
from django.contrib.sitemaps import views as django_sitemaps
from django.db import connection
from django.http import Http404
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from articles.models import Claim, Constant
from articles.selectors import published_claims_per
from comparator import views
from comparator.sitemaps import SITEMAPS, ClaimSitemap, ComparisonSitemap, SourceSitemap

pytestmark = pytest.mark.django_db

HEADERS = ("Content-Type", "Last-Modified", "X-Robots-Tag")


def answer(view, path, query=None, **kwargs):
    request = RequestFactory().get(path, query or {})
    try:
        response = view(request, sitemaps=SITEMAPS, **kwargs)
    except Http404:
        return 404, None, {}
    if hasattr(response, "render"):
        response.render()
    return (
        response.status_code,
        response.content,
        {header: response.get(header) for header in HEADERS},
    )


def index_pair():
    ours = answer(views.sitemap_index, "/sitemap.xml")
    django = answer(django_sitemaps.index, "/sitemap.xml", sitemap_url_name="sitemap-section")
    return ours, django


def section_pair(section, page=None):
    query = {"p": page} if page is not None else None
    path = f"/sitemap-{section}.xml"
    return (
        answer(views.sitemap_section, path, query, section=section),
        answer(django_sitemaps.sitemap, path, query, section=section),
    )


def every_section_page():
    pages = []
    for section, sitemap in SITEMAPS.items():
        count = sitemap().paginator.num_pages
        pages += [(section, None)] + [(section, str(n)) for n in range(2, count + 2)]
    return pages


@pytest.fixture
def varied(seeded):
    """A draft, a rejected and a flagged claim beside the published ones; one framework (of the
    seed's three with claims, pyramid having none) left with drafts only."""
    published = list(Claim.objects.published().order_by("pk"))
    Claim.objects.filter(pk=published[0].pk).update(status=Claim.Status.DRAFT)
    Claim.objects.filter(pk=published[1].pk).update(status=Claim.Status.REJECTED)
    Claim.objects.filter(pk=published[2].pk).update(needs_review=True)
    Claim.objects.filter(framework__slug="flask").update(status=Claim.Status.DRAFT)


def test_the_index_is_django_s_own(varied):
    ours, django = index_pair()
    assert ours[0] == 200
    assert ours == django


def test_every_section_page_is_django_s_own(varied):
    for section, page in every_section_page():
        ours, django = section_pair(section, page)
        assert ours == django, (section, page)


@pytest.mark.parametrize("page", ["0", "-1", "abc", "1.5", "99"])
def test_a_page_that_is_not_there_is_a_404_as_with_django(seeded, page):
    assert section_pair("claims", page) == ((404, None, {}), (404, None, {}))


def test_an_unknown_section_is_a_404(seeded):
    assert section_pair("nope") == ((404, None, {}), (404, None, {}))


def test_sections_longer_than_a_page_are_paged_as_with_django(seeded, monkeypatch):
    """Three claims a page, and two sources and two comparisons: every page listed and written
    the same (the last pages partly filled)."""
    monkeypatch.setattr(ClaimSitemap, "limit", 3)
    monkeypatch.setattr(SourceSitemap, "limit", 2)
    monkeypatch.setattr(ComparisonSitemap, "limit", 2)
    Claim.objects.filter(framework__slug="pyramid").update(status=Claim.Status.PUBLISHED)
    ours, django = index_pair()
    assert ours == django
    assert ours[1].count(b"sitemap-claims.xml?p=") > 1
    for section, page in every_section_page():
        ours, django = section_pair(section, page)
        assert ours == django, (section, page)


def test_an_empty_knowledge_base_has_empty_sections_as_with_django(db):
    assert index_pair()[0] == index_pair()[1]
    for section in SITEMAPS:
        ours, django = section_pair(section)
        assert ours[0] == 200
        assert ours == django, section


def test_public_claims_are_filtered_on_the_status_written_into_the_sql(seeded):
    """SQLite reads the partial indexes without the table only when the query repeats their
    condition's constant (articles.models.Constant)."""
    sql = str(Claim.objects.public().query)
    assert "\"status\" = 'published'" in sql
    assert set(Claim.objects.public()) == set(
        Claim.objects.filter(status="published", needs_review=False)
    )
    with pytest.raises(ValueError):
        str(Claim.objects.filter(status=Constant("x' OR 1=1 --")).query)


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's query planner")
def test_sqlite_counts_public_claims_per_framework_from_their_partial_index(seeded):
    """Not through an index led by the status and the table (SQLite took a third of the claims
    to be published, the status having three values)."""
    with CaptureQueriesContext(connection) as queries:
        assert published_claims_per("framework")
    [query] = queries.captured_queries
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN QUERY PLAN {query['sql']}")
        plan = " ".join(row[-1] for row in cursor.fetchall())
    assert "claim_public_fw" in plan
