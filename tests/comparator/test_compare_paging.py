"""A comparison's evidence in pages of criteria: the grid lists every criterion on every page
and each of its cells reaches its evidence in one click; a page cites a bounded number of
claims and lists only the sources it cites; a bogus page answers with the first."""

from urllib.parse import urljoin

import pytest

from articles.models import Claim
from articles.scale_corpus import corpus_build, corpus_write
from comparator.selectors import paging
from criteria.models import Criterion, Framework

from .test_compare_page import URL, claim_pk, page, shown_claim_ids

pytestmark = pytest.mark.django_db

# Small enough to cut the seed's two-way comparison (about 190 citations) into several pages.
SMALL_BUDGET = 40


@pytest.fixture
def small_pages(monkeypatch):
    monkeypatch.setattr(paging, "CITATIONS_PER_PAGE", SMALL_BUDGET)


def grid_rows(soup):
    return [th.get_text(strip=True) for th in soup.select(".verdict-grid tbody th[scope=row]")]


def evidence_rows(soup):
    return [h4.get_text(" ", strip=True).removesuffix(" sources disagree") for h4 in
            soup.select(".evidence .criterion-evidence h4")]  # fmt: skip


def all_pages(client, url=URL):
    """Every page of the comparison's evidence, following its "next" links: [(address, soup)]."""
    pages = [(url, page(client, url))]
    while (link := pages[-1][1].select_one('head link[rel="next"]')) is not None:
        address = urljoin(pages[-1][0], link["href"])
        pages.append((address, page(client, address)))
    return pages


def test_the_seed_comparison_is_one_page(client, seeded):
    soup = page(client)
    assert not soup.select(".pager") and not soup.select('link[rel="next"], link[rel="prev"]')
    assert evidence_rows(soup) == grid_rows(soup)
    assert not soup.select(".verdict-grid td[id]")  # every cell's evidence is on this page


def test_pages_hold_every_row_once_each_within_the_budget(client, seeded, monkeypatch):
    single = shown_claim_ids(page(client))
    monkeypatch.setattr(paging, "CITATIONS_PER_PAGE", SMALL_BUDGET)
    pages = all_pages(client)
    assert len(pages) > 2
    grid = grid_rows(pages[0][1])
    assert all(grid_rows(soup) == grid for _, soup in pages)  # the whole grid on every page
    assert [row for _, soup in pages for row in evidence_rows(soup)] == grid
    for _, soup in pages:
        rows = soup.select(".evidence .criterion-evidence")
        citations = soup.select(".evidence .cites a[href^='/claims/']")
        assert len(citations) <= SMALL_BUDGET or len(rows) == 1
    # Together the pages cite what the single page cites.
    paged = set().union(*(shown_claim_ids(soup) for _, soup in pages))
    assert paged == single


def test_each_page_lists_only_the_sources_it_cites_numbered_from_one(client, seeded, small_pages):
    for _, soup in all_pages(client):
        cited = {claim_pk(a["href"]) for a in soup.select(".evidence .cites a")} - {None}
        sources = Claim.objects.filter(pk__in=cited).values_list("source__slug", flat=True)
        listed = [
            a["href"].strip("/").split("/")[-1]
            for a in soup.select(".references li > a:first-child")
        ]
        assert sorted(listed) == sorted(set(sources))
        labels = {
            a.get_text().strip("[]′") for a in soup.select(".evidence .cites a[href^='/claims/']")
        }
        assert labels == {str(n) for n in range(1, len(listed) + 1)}


def test_every_grid_cell_links_to_its_evidence_on_whichever_page(client, seeded, small_pages):
    pages = all_pages(client)
    soups = {address: soup for address, soup in pages}
    for address, soup in pages:
        for link in soup.select(".verdict-grid td.v a"):
            target = urljoin(address, link["href"])
            where, anchor = target.split("#")
            if link["href"].startswith("#"):
                assert where == address.split("#")[0]
            # The page it names (the first page answers to the bare address).
            landing = soups.get(where) or soups.get(where.removesuffix("?")) or page(client, where)
            cell = landing.find(id=anchor)
            assert cell is not None and "cell" in cell["class"], (address, link["href"])
            assert cell.find_parent(class_="evidence") is not None


def test_a_link_to_a_cell_lands_on_its_grid_cell_when_its_evidence_is_elsewhere(
    client, seeded, small_pages
):
    pages = all_pages(client)
    last_address, last = pages[-1]
    anchor = last.select_one(".evidence .cell")["id"]
    first = pages[0][1]
    # The reader and the framework pages link to /compare/<pair>/#cell-...: on the first page
    # the anchor is the grid's cell, which links to the page with the evidence.
    landing = first.find(id=anchor)
    assert landing.name == "td" and landing.find_parent(class_="verdict-grid")
    assert urljoin(URL, landing.a["href"]) == f"{last_address}#{anchor}"


def test_pages_have_their_own_titles_canonical_addresses_and_prev_next(client, seeded, small_pages):
    pages = all_pages(client)
    titles = [soup.title.get_text() for _, soup in pages]
    assert len(set(titles)) == len(titles)
    assert titles[1].startswith(f"Django vs Flask, page 2 of {len(pages)} ·")
    for number, (address, soup) in enumerate(pages, start=1):
        canonical = soup.select_one('link[rel="canonical"]')["href"]
        expected = URL if number == 1 else f"{URL}?page={number}"
        assert canonical == f"http://testserver{expected}"
        assert urljoin(URL, address) == f"http://testserver{expected}".replace(
            "http://testserver", ""
        )
        previous = soup.select_one('.pager a[rel="prev"]')
        assert (previous is None) == (number == 1)
        assert (soup.select_one('.pager a[rel="next"]') is None) == (number == len(pages))
        current = soup.select_one('.pager [aria-current="page"]')
        assert current.get_text() == str(number)


def test_pages_keep_the_filters(client, seeded, small_pages):
    soup = page(client, URL + "?stance=strength")
    following = soup.select_one('link[rel="next"]')["href"]
    assert following == "?stance=strength&page=2"
    second = page(client, URL + following)
    assert shown_claim_ids(second) <= set(
        Claim.objects.filter(stance="strength").values_list("pk", flat=True)
    )
    assert "(strengths), page 2 of" in second.title.get_text()
    # Exports and the "all findings" links are not paged: they drop the page.
    exports = [a["href"] for a in second.select(".exports a")]
    assert exports and all("page=" not in href for href in exports)
    assert all("page=" not in a["href"] for a in second.select(".all-claims a"))


@pytest.mark.parametrize(
    "value", ["abc", "0", "-1", "999", "1.5", "²", "%00", "2&page=x", "9" * 5000, "0" * 5000]
)
def test_a_bogus_page_shows_the_first_page_and_says_so(client, seeded, small_pages, value):
    first = page(client)
    soup = page(client, f"{URL}?page={value}")
    if value == "2&page=x":  # the last of a repeated parameter counts, as for the filters
        assert soup.select_one(".form-error")
    else:
        assert "no such page" in soup.select_one(".form-error").get_text()
    assert evidence_rows(soup) == evidence_rows(first)
    assert soup.select_one('link[rel="canonical"]')["href"] == f"http://testserver{URL}"
    assert not page(client, f"{URL}?page=1").select(".form-error")


def test_a_criterion_filter_is_never_paged(client, seeded, small_pages):
    soup = page(client, URL + "?criterion=admin-panel&page=2")
    assert evidence_rows(soup) == ["Admin panel"]
    assert not soup.select(".pager")


def test_each_page_is_cached_under_its_own_key(client, seeded, small_pages, page_cache):
    first = client.get(URL).content
    second = client.get(URL + "?page=2").content
    assert first != second
    assert client.get(URL + "?page=2").content == second
    assert client.get(URL).content == first


def test_a_generated_two_way_comparison_pages_stay_light(client, db):
    """At the real budget, on a generated knowledge base with several pages' worth of
    evidence: each page within 250 KB, citing at most the budget."""
    for model in (Claim, Criterion, Framework):
        model.objects.all().delete()
    corpus_write(corpus_build(seed=3, frameworks=3, criteria=60, sources=60, claims=3000))
    slugs = list(
        Framework.objects.filter(claims__status="published").distinct().order_by("name")
        .values_list("slug", flat=True)[:2]
    )  # fmt: skip
    url = f"/compare/{'-vs-'.join(slugs)}/"
    pages = all_pages(client, url)
    assert len(pages) > 1
    for address, soup in pages:
        size = len(client.get(address).content)
        citations = soup.select(".evidence .cites a[href^='/claims/']")
        print(f"{address}: {size} bytes, {len(citations)} citations")
        assert size <= 250 * 1024
        assert len(citations) <= paging.CITATIONS_PER_PAGE
