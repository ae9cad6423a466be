"""Every public page and admin list runs a fixed number of SQL queries, whatever the data.

A generated knowledge base (articles/scale_corpus.py, the scale benchmark's own generator at a
small size) is big enough for a query per claim, row or cell to show: 2,000 claims on 50
articles. Each page is also counted on a knowledge base a fifth of that size, and the two counts
must be equal: the bound does not grow with the data. Pages are rendered uncached (the test
settings use a dummy page cache); the one query the page cache adds, for the version, is counted.
"""

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles.models import Claim, Source
from articles.scale_corpus import corpus_build, corpus_write
from criteria.models import Criterion, Framework

pytestmark = pytest.mark.django_db

SMALL = {"frameworks": 10, "criteria": 30, "sources": 10, "claims": 400}
LARGE = {"frameworks": 10, "criteria": 30, "sources": 50, "claims": 2000}

# The most queries each page may run (the version read by the page cache included). A comparison
# reads the light figures of every claim and then only the claims its capped cells show, and its
# form lists the criteria to filter by (those the comparison read, offered again rather than
# read twice): one more than when it rendered every claim; and every framework once, for its
# picker and to find the compared ones among (one less than reading them apart). The framework
# and criterion pages cap their groups the same way: the light figures of every claim, then the
# claims shown (one more each), and the criterion page the frameworks in name order (one more).
# The lists count claims in one grouped query beside the rows (one more each); the home page and
# the source list also read the ids of their (bounded) sources first, then those sources.
PUBLIC_BOUNDS = {
    "home": 9,
    "compare, two frameworks": 8,
    "compare, five frameworks": 8,
    "compare, filtered": 9,
    "compare, second page": 8,  # or the first, where there is one page: the same queries
    "export json": 5,
    "export csv": 5,
    "framework list": 3,
    "framework page": 7,
    "criterion list": 3,
    "criterion page": 6,
    "source list": 6,
    "source list, page 2": 6,
    "reader": 3,
    "reader from a comparison": 4,
    "claim page": 3,
    "search": 8,
    "feed": 3,  # with the version read that keys its cache entry and ETag
    # The index: the public claims per framework and per criterion (count and last change),
    # the frameworks, criteria and sources counted, and the version read.
    "sitemap": 6,
    "sitemap of claims": 3,
}
ADMIN_BOUNDS = {
    "admin claims": 8,
    "admin sources": 6,
    "admin frameworks": 6,
    "admin criteria": 6,
}


def build(sizes, seed=7):
    for model in (Claim, Source, Criterion, Framework):
        model.objects.all().delete()
    corpus_write(corpus_build(seed=seed, **sizes))


def public_urls():
    frameworks = list(
        Framework.objects.filter(claims__status="published")
        .distinct()
        .order_by("name")
        .values_list("slug", flat=True)
    )
    two, five = "-vs-".join(frameworks[:2]), "-vs-".join(frameworks[:5])
    source = Source.objects.filter(claims__status="published").order_by("pk").first()
    # The filtered comparison's source has strengths on its frameworks, at either size: an
    # empty comparison has no cited sources to read (one query fewer), which is not the data
    # growing.
    cited = (
        Source.objects.filter(
            claims__in=Claim.objects.public().filter(
                stance="strength", framework__slug__in=frameworks[:2]
            )
        )
        .order_by("pk")
        .first()
    )
    claim = Claim.objects.published().order_by("pk").first()
    criterion = Criterion.objects.order_by("pk").first()
    return {
        "home": "/",
        "compare, two frameworks": f"/compare/{two}/",
        "compare, five frameworks": f"/compare/{five}/",
        "compare, filtered": f"/compare/{two}/?stance=strength&source={cited.slug}",
        "compare, second page": f"/compare/{two}/?page=2",
        "export json": f"/compare/{two}.json",
        "export csv": f"/compare/{two}.csv",
        "framework list": "/frameworks/",
        "framework page": f"/frameworks/{frameworks[0]}/",
        "criterion list": "/criteria/",
        "criterion page": f"/criteria/{criterion.slug}/",
        "source list": "/sources/",
        "source list, page 2": "/sources/?page=2",
        "reader": f"/sources/{source.slug}/",
        "reader from a comparison": f"/sources/{source.slug}/?compare={two}",
        "claim page": f"/claims/{claim.pk}/",
        "search": f"/search/?q={frameworks[0]}",
        "feed": "/feeds/claims/",
        "sitemap": "/sitemap.xml",
        "sitemap of claims": "/sitemap-claims.xml",
    }


ADMIN_URLS = {
    "admin claims": "/admin/articles/claim/",
    "admin sources": "/admin/articles/source/",
    "admin frameworks": "/admin/criteria/framework/",
    "admin criteria": "/admin/criteria/criterion/",
}


def query_counts(client, urls):
    counts = {}
    for name, url in urls.items():
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200, (name, url, response.status_code)
        counts[name] = len(queries)
    return counts


@pytest.fixture(autouse=True)
def short_source_pages(monkeypatch):
    """Pages of four sources, so that the smaller knowledge base has a page 2 as well."""
    monkeypatch.setattr("articles.selectors.SOURCES_PER_PAGE", 4)


@pytest.fixture
def superuser_client(client):
    user = get_user_model().objects.create_superuser("admin", "admin@example.org", "pw-for-tests")
    client.force_login(user)
    return client


def test_public_pages_run_a_fixed_number_of_queries_however_large_the_data(client):
    build(SMALL)
    small = query_counts(client, public_urls())
    build(LARGE)
    assert Claim.objects.count() == LARGE["claims"]
    large = query_counts(client, public_urls())
    # Search adds a count query when it caps its results, which the larger set makes it do;
    # its bound is checked below.
    assert {**large, "search": None} == {**small, "search": None}
    over = {name: (count, PUBLIC_BOUNDS[name]) for name, count in large.items()
            if count > PUBLIC_BOUNDS[name]}  # fmt: skip
    assert not over, over


def test_every_public_page_stays_within_its_bound(client, django_assert_max_num_queries):
    build(LARGE)
    for name, url in public_urls().items():
        with django_assert_max_num_queries(PUBLIC_BOUNDS[name]):
            assert client.get(url).status_code == 200, name


def test_admin_lists_run_a_fixed_number_of_queries_however_large_the_data(superuser_client):
    build(SMALL)
    small = query_counts(superuser_client, ADMIN_URLS)
    build(LARGE)
    large = query_counts(superuser_client, ADMIN_URLS)
    assert large == small
    over = {name: (count, ADMIN_BOUNDS[name]) for name, count in large.items()
            if count > ADMIN_BOUNDS[name]}  # fmt: skip
    assert not over, over
