"""The framework and criterion pages: groups capped as comparison cells are, each a link away
from all of its claims."""

from collections import defaultdict

import pytest
from bs4 import BeautifulSoup

from articles.models import Claim
from comparator.selectors import CELL_CLAIMS_SHOWN
from criteria.models import Criterion, Framework

pytestmark = pytest.mark.django_db


def soup_of(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, url
    return BeautifulSoup(response.content, "html.parser")


def claim_ids(element):
    return {int(a["href"].strip("/").rsplit("/", 1)[1]) for a in element.select("a.permalink")}


def framework_groups(soup):
    """{criterion slug: (h3, the elements up to the next criterion)} of a framework page."""
    groups = {}
    for h3 in soup.select("h3[id^=criterion-]"):
        parts = []
        for sibling in h3.find_next_siblings():
            if sibling.name == "h3":
                break
            parts.append(sibling)
        groups[h3["id"].removeprefix("criterion-")] = BeautifulSoup(
            "".join(str(part) for part in parts), "html.parser"
        )
    return groups


def criterion_groups(soup):
    """{framework slug: section} of a criterion page."""
    return {
        section.h2["id"].removeprefix("framework-"): section
        for section in soup.select("section[aria-labelledby^=framework-]")
    }


def published_by(claims, field):
    """The pks of these claims by the slug of their criterion or framework, from the database."""
    by = defaultdict(set)
    for pk, slug in claims.values_list("pk", f"{field}__slug"):
        by[slug].add(pk)
    return by


def assert_groups_capped(groups, expected, name_of):
    """Each group shows min(cap, all) of its own claims, and links to all of them exactly when
    it cannot show them all. Returns the "All N" links."""
    assert set(groups) == set(expected)
    links = []
    for slug, group in groups.items():
        shown = claim_ids(group)
        assert shown <= expected[slug], slug
        assert len(shown) == min(CELL_CLAIMS_SHOWN, len(expected[slug])), slug
        link = group.select_one(".all-claims a")
        if len(expected[slug]) > CELL_CLAIMS_SHOWN:
            text = link.get_text(" ", strip=True)
            assert text.startswith(f"All {len(expected[slug])} claims on {name_of(slug)}"), slug
            links.append((slug, link["href"]))
        else:
            assert link is None, slug
    return links


def test_framework_page_caps_each_criterion_and_links_to_all_its_claims(client, seeded):
    # A draft in the biggest group: neither shown nor counted.
    biggest = Claim.objects.filter(framework__slug="flask", criterion__slug="flexibility")
    Claim.objects.filter(pk=biggest.first().pk).update(status="draft")
    published = Claim.objects.published().filter(framework__slug="flask")
    expected = published_by(published, "criterion")
    names = dict(Criterion.objects.values_list("slug", "name"))

    soup = soup_of(client, "/frameworks/flask/")
    assert soup.h1.get_text() == "Flask"
    groups = framework_groups(soup)
    in_order = [c.slug for c in Criterion.objects.in_display_order() if c.slug in expected]
    assert list(groups) == in_order
    links = assert_groups_capped(groups, expected, names.get)
    assert len(links) >= 5

    for slug, href in links:
        assert href == f"?criterion={slug}#criterion-{slug}"
        alone = soup_of(client, "/frameworks/flask/" + href.split("#")[0])
        assert list(framework_groups(alone)) == [slug]
        assert claim_ids(alone) == expected[slug]
        assert not alone.select(".all-claims")
        back = alone.select_one(".criterion-filtered a")["href"]
        assert back == f"/frameworks/flask/#criterion-{slug}"


def test_criterion_page_caps_each_framework_and_links_to_all_its_claims(client, seeded):
    published = Claim.objects.published().filter(criterion__slug="flexibility")
    expected = published_by(published, "framework")
    assert len(expected) >= 2
    names = dict(Framework.objects.values_list("slug", "name"))

    soup = soup_of(client, "/criteria/flexibility/")
    groups = criterion_groups(soup)
    by_name = Framework.objects.filter(slug__in=expected).order_by("name")
    assert list(groups) == list(by_name.values_list("slug", flat=True))
    links = assert_groups_capped(groups, expected, lambda slug: f"Flexibility about {names[slug]}")
    assert links

    for slug, href in links:
        assert href == f"?framework={slug}#framework-{slug}"
        alone = soup_of(client, "/criteria/flexibility/" + href.split("#")[0])
        assert list(criterion_groups(alone)) == [slug]
        assert claim_ids(alone) == expected[slug]
        assert not alone.select(".all-claims")
        back = alone.select_one(".criterion-filtered a")["href"]
        assert back == f"/criteria/flexibility/#framework-{slug}"


@pytest.mark.parametrize(
    ("url", "field"),
    [("/frameworks/django/", "criterion"), ("/criteria/architecture/", "framework")],
)
def test_a_capped_group_shows_the_first_claim_of_as_many_sources_as_it_can(
    client, seeded, url, field
):
    fixed = "framework" if field == "criterion" else "criterion"
    page_slug = url.strip("/").rsplit("/", 1)[1]
    soup = soup_of(client, url)
    groups = framework_groups(soup) if field == "criterion" else criterion_groups(soup)
    capped = 0
    for slug, group in groups.items():
        if not group.select_one(".all-claims"):
            continue
        capped += 1
        sources = set(
            Claim.objects.published()
            .filter(**{f"{fixed}__slug": page_slug, f"{field}__slug": slug})
            .values_list("source__slug", flat=True)
        )
        cited = {a["href"].split("#")[0] for a in group.select("a.citation")}
        assert len(cited) == min(CELL_CLAIMS_SHOWN, len(sources)), slug
    assert capped


@pytest.mark.parametrize("url", ["/frameworks/django/", "/criteria/architecture/"])
def test_sources_cited_are_those_of_the_claims_shown_numbered_in_order(client, seeded, url):
    soup = soup_of(client, url)
    references = [li.a["href"] for li in soup.select(".references ol > li")]
    cited = []
    for line in soup.select(".claim-line"):
        number = int(line.select_one("a.citation").get_text().strip("[]"))
        claim = Claim.objects.select_related("source").get(pk=claim_ids(line).pop())
        assert references[number - 1] == claim.source.get_absolute_url()
        cited.append(number)
    first_citations = list(dict.fromkeys(cited))
    assert first_citations == list(range(1, len(references) + 1))


def test_framework_without_claims_says_so(client, seeded):
    soup = soup_of(client, "/frameworks/pyramid/")
    assert "No source in the knowledge base says anything about Pyramid" in soup.get_text()
    soup = soup_of(client, "/frameworks/pyramid/?criterion=flexibility")
    assert "anything about Pyramid on flexibility" in soup.get_text()
    soup = soup_of(client, "/criteria/flexibility/?framework=pyramid")
    assert "anything about Pyramid on flexibility" in soup.get_text()


BOGUS_SLUGS = ["nonexistent", "Flexibility ", "flexibility\n", "%00", "\x00", "<b>", "a" * 5000]


@pytest.mark.parametrize("value", BOGUS_SLUGS)
def test_a_filter_naming_nothing_is_not_found(client, seeded, value):
    assert client.get("/frameworks/django/", {"criterion": value}).status_code == 404
    assert client.get("/criteria/flexibility/", {"framework": value}).status_code == 404


def test_a_filter_naming_the_other_kind_is_not_found(client, seeded):
    assert client.get("/frameworks/django/", {"criterion": "flask"}).status_code == 404
    assert client.get("/criteria/flexibility/", {"framework": "security"}).status_code == 404


def test_a_blank_filter_is_no_filter(client, seeded):
    whole = soup_of(client, "/frameworks/django/")
    assert claim_ids(soup_of(client, "/frameworks/django/?criterion=")) == claim_ids(whole)
    whole = soup_of(client, "/criteria/flexibility/")
    assert claim_ids(soup_of(client, "/criteria/flexibility/?framework=")) == claim_ids(whole)


def test_framework_page_links_comparisons_and_the_criteria_list_every_criterion(client, seeded):
    soup = soup_of(client, "/frameworks/flask/")
    links = {a["href"] for a in soup.select("a[href^='/compare/']")}
    others = Framework.objects.exclude(slug="flask").values_list("slug", flat=True)
    assert {f"/compare/flask-vs-{slug}/" for slug in others} <= links
    soup = soup_of(client, "/criteria/")
    assert len(soup.select("main a[href^='/criteria/']")) == Criterion.objects.count()


PAGES = [
    "/frameworks/",
    "/frameworks/django/",
    "/frameworks/django/?criterion=architecture",
    "/criteria/",
    "/criteria/performance/",
    "/criteria/architecture/?framework=django",
]


@pytest.mark.parametrize("url", PAGES)
def test_pages_render_in_bounded_queries(client, seeded, django_assert_max_num_queries, url):
    # The page cache's version, the page's subject and its filter, the criteria or frameworks,
    # the claims' light figures, their sources, the claims shown and the other frameworks.
    with django_assert_max_num_queries(7):
        assert client.get(url).status_code == 200
