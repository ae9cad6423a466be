"""The sources list in pages, and the home page's bounded selection of sources."""

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles.models import Source

pytestmark = pytest.mark.django_db


@pytest.fixture
def pages_of_two(monkeypatch):
    """Pages of two sources: the five seed articles make three pages."""
    monkeypatch.setattr("articles.selectors.SOURCES_PER_PAGE", 2)


def soup_of(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return BeautifulSoup(response.content, "html.parser")


def listed(soup):
    return [entry.h2.a["href"] for entry in soup.select("li.source-entry")]


def head_link(soup, rel):
    link = soup.find("link", rel=rel)
    return link["href"] if link else None


def test_the_pages_hold_every_source_once_in_title_order(client, seeded, pages_of_two):
    pages = [soup_of(client, url) for url in ("/sources/", "/sources/?page=2", "/sources/?page=3")]
    assert [len(listed(soup)) for soup in pages] == [2, 2, 1]
    expected = [source.get_absolute_url() for source in Source.objects.order_by("title", "slug")]
    assert [href for soup in pages for href in listed(soup)] == expected
    # Every page still says how many articles there are in all.
    for soup in pages:
        assert soup.select_one("p.lede").get_text().startswith("5 articles")


def test_each_page_has_its_own_address_title_and_neighbours(client, seeded, pages_of_two):
    first, middle, last = (
        soup_of(client, url) for url in ("/sources/", "/sources/?page=2", "/sources/?page=3")
    )
    assert head_link(first, "canonical") == "http://testserver/sources/"
    assert head_link(middle, "canonical") == "http://testserver/sources/?page=2"
    assert (head_link(first, "prev"), head_link(first, "next")) == (None, "/sources/?page=2")
    assert (head_link(middle, "prev"), head_link(middle, "next")) == (
        "/sources/",
        "/sources/?page=3",
    )
    assert (head_link(last, "prev"), head_link(last, "next")) == ("/sources/?page=2", None)
    titles = [soup.title.get_text() for soup in (first, middle, last)]
    assert len(set(titles)) == 3
    assert "page 2 of 3" in titles[1]
    pager = middle.select_one('nav[aria-label="Pages of sources"]')
    assert [a["href"] for a in pager.find_all("a")] == ["/sources/", "/sources/?page=3"]
    assert "Page 2 of 3" in pager.get_text()


def test_page_one_has_the_address_of_the_list(client, seeded, pages_of_two):
    soup = soup_of(client, "/sources/?page=1")
    assert head_link(soup, "canonical") == "http://testserver/sources/"
    assert listed(soup) == listed(soup_of(client, "/sources/"))


@pytest.mark.parametrize(
    "value", ["abc", "-1", "0", "4", "99999", "1.5", "+2", " 2", "²", "٢", "9" * 5000]
)
def test_a_page_that_is_not_there_is_a_404(client, seeded, pages_of_two, value):
    assert client.get("/sources/", {"page": value}).status_code == 404


def test_an_empty_page_value_is_the_first_page(client, seeded, pages_of_two):
    # The page cache drops empty values from the query it keys pages by.
    assert listed(soup_of(client, "/sources/?page=")) == listed(soup_of(client, "/sources/"))


def test_one_page_of_sources_needs_no_pager(client, seeded):
    soup = soup_of(client, "/sources/")
    assert len(listed(soup)) == 5
    assert not soup.select_one("nav.pager")
    assert not head_link(soup, "next")
    assert "page" not in soup.title.get_text()


def test_each_page_is_its_own_cache_entry(client, seeded, pages_of_two, page_cache):
    first = client.get("/sources/").content
    second = client.get("/sources/?page=2").content
    assert first != second
    with CaptureQueriesContext(connection) as queries:
        again = client.get("/sources/?page=2").content
    assert len(queries) == 1 and again == second  # the version read alone


def test_home_lists_the_sources_added_last_and_links_to_all(client, seeded, monkeypatch):
    monkeypatch.setattr("articles.selectors.HOME_SOURCES", 3)
    latest = Source.objects.order_by("-imported_at", "-pk")[:3]
    soup = soup_of(client, "/")
    rows = soup.select("#sources tbody th a")
    assert [a["href"] for a in rows] == [source.get_absolute_url() for source in latest]
    assert soup.select_one('#sources a[href="/sources/"]').get_text() == "All 5 articles"
    assert "added last" in soup.select_one("#sources caption").get_text()
    assert " from 5 articles" in soup.select_one("p.lede").get_text()


def test_home_lists_every_source_when_they_fit(client, seeded):
    soup = soup_of(client, "/")
    assert len(soup.select("#sources tbody th a")) == 5
    assert not soup.select_one('#sources a[href="/sources/"]')
