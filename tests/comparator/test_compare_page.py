"""The side-by-side comparison: the right claims, honest numbers, filters that never break."""

from collections import defaultdict

import pytest
from bs4 import BeautifulSoup

from articles.models import Claim
from comparator.selectors import source_verdict

pytestmark = pytest.mark.django_db

URL = "/compare/django-vs-flask/"
STANCE_SCORE = {"strength": 1, "neutral": 0, "weakness": -1}


def page(client, url=URL, status=200):
    response = client.get(url)
    assert response.status_code == status
    return BeautifulSoup(response.content, "html.parser")


def shown_claim_ids(soup):
    return {
        int(link["href"].rstrip("/").rsplit("/", 1)[1])
        for link in soup.select("table.comparison a.permalink")
    }


def test_the_comparison_shows_every_published_claim_of_both_frameworks_once(client, seeded):
    hidden = Claim.objects.filter(framework__slug="django").first()
    Claim.objects.filter(pk=hidden.pk).update(status="draft", summary="A draft nobody should see")
    soup = page(client)
    expected = set(
        Claim.objects.published()
        .filter(framework__slug__in=["django", "flask"])
        .values_list("pk", flat=True)
    )
    assert shown_claim_ids(soup) == expected
    assert len(soup.select("table.comparison a.permalink")) == len(expected)
    assert "A draft nobody should see" not in str(soup)


def test_columns_follow_the_order_in_the_address(client, seeded):
    for url, names in [
        ("/compare/flask-vs-django/", ["Flask", "Django"]),
        ("/compare/django-vs-flask-vs-fastapi/", ["Django", "Flask", "FastAPI"]),
    ]:
        soup = page(client, url)
        headings = [th.get_text(strip=True) for th in soup.select("table.comparison thead th")]
        assert headings == ["Criterion", *names]


def test_each_cell_holds_its_frameworks_claims_on_its_criterion(client, seeded):
    soup = page(client)
    for claim in Claim.objects.published().select_related("criterion", "framework")[:60]:
        cell = soup.find(id=f"cell-{claim.criterion.slug}-{claim.framework.slug}")
        assert cell is not None
        assert cell.find("a", href=f"/claims/{claim.pk}/")


def test_row_evidence_matches_the_claims_the_row_shows(client, seeded):
    soup = page(client)
    rows = soup.select("table.comparison tbody tr[id^=row-]")
    assert len(rows) >= 15
    contested_seen = False
    for row in rows:
        scores = defaultdict(lambda: defaultdict(int))
        for cell in row.find_all("td"):
            framework = cell["id"].rsplit("-", 1)[1]
            for item in cell.select("ul.claims > li"):
                stance = item.select_one(".stance")["class"][1].removeprefix("stance-")
                source_number = item.select_one("a.citation").get_text(strip=True).strip("[]")
                scores[source_number][framework] += STANCE_SCORE[stance]
        favoured = {"django": 0, "flask": 0}
        even = 0
        for per_framework in scores.values():
            verdict = source_verdict(per_framework)
            if verdict and verdict[0] == "favours":
                favoured[verdict[1]] += 1
            elif verdict:
                even += 1
        evidence = row.select_one(".evidence")
        for framework, count in favoured.items():
            text = evidence.select_one(f'[data-framework="{framework}"]').get_text()
            assert text.startswith(f"{count} source"), (row["id"], text)
        assert evidence.select_one(".even").get_text().startswith(f"{even} call")
        contested = sum(1 for count in favoured.values() if count) + (1 if even else 0) > 1
        assert ("contested" in row.get("class", [])) == contested
        contested_seen |= contested
    assert contested_seen


def test_every_citation_points_at_a_passage_and_a_listed_source(client, seeded):
    soup = page(client)
    references = soup.select(".references ol > li")
    assert len(references) == 5
    for citation in soup.select("table.comparison a.citation"):
        number = int(citation.get_text(strip=True).strip("[]"))
        assert 1 <= number <= len(references)
        address, fragment = citation["href"].split("#")
        path, query = address.split("?")
        assert query == "compare=django-vs-flask"
        assert path.startswith("/sources/") and fragment.startswith("claim-")
        assert references[number - 1].a["href"] == path


def test_stances_are_marked_by_word_not_colour_alone(client, seeded):
    soup = page(client)
    labels = {
        marker.get_text(" ", strip=True) for marker in soup.select("table.comparison .stance")
    }
    assert labels == {"▲ Strength", "▼ Weakness", "● Neutral"}


def test_a_framework_nobody_wrote_about_gets_plain_gaps_and_folded_criteria(client, seeded):
    soup = page(client, "/compare/django-vs-fastapi/")
    fastapi_cells = soup.select('td[id$="-fastapi"]')
    assert fastapi_cells and all(cell.select_one(".gap") for cell in fastapi_cells)
    soup = page(client, "/compare/fastapi-vs-pyramid/")
    assert not soup.select("table.comparison")
    folded = soup.select(".folded a")
    assert len(folded) >= 15


def test_criteria_without_claims_are_folded_under_the_table(client, seeded):
    soup = page(client, URL + "?group=fit")
    rows = soup.select("table.comparison tbody tr[id^=row-]")
    assert [row["id"] for row in rows] == ["row-project-fit"]
    folded = {link.get_text() for link in soup.select(".folded a")}
    assert "Admin panel" in folded and "Project size and fit" not in folded


def test_overview_counts_the_rows_each_framework_leads(client, seeded):
    soup = page(client)
    leads = {"django": 0, "flask": 0}
    for row in soup.select("table.comparison tbody tr[id^=row-]"):
        counts = {
            span["data-framework"]: int(span.get_text().split()[0])
            for span in row.select(".evidence .favoured")
        }
        best = max(counts.values())
        leaders = [slug for slug, count in counts.items() if count == best]
        if best and len(leaders) == 1:
            leads[leaders[0]] += 1
    words = soup.select_one(".overview-words").get_text(" ", strip=True)
    assert f"Django is favoured on {leads['django']} criteri" in words
    assert f"Flask is favoured on {leads['flask']} criteri" in words
    assert soup.select_one("svg.overview-chart title")
    assert len(soup.select("svg.overview-chart rect")) == 2


def test_a_filter_narrows_the_claims_and_lives_in_the_address(client, seeded):
    soup = page(client, URL + "?stance=weakness")
    expected = set(
        Claim.objects.published()
        .filter(framework__slug__in=["django", "flask"], stance="weakness")
        .values_list("pk", flat=True)
    )
    assert shown_claim_ids(soup) == expected
    assert soup.select_one('select[name="stance"] option[selected]')["value"] == "weakness"
    source = Claim.objects.published().first().source
    soup = page(client, f"{URL}?source={source.slug}")
    assert shown_claim_ids(soup) == set(
        source.claims.published()
        .filter(framework__slug__in=["django", "flask"])
        .values_list("pk", flat=True)
    )
    soup = page(client, URL + "?year=2023")
    years = set(
        Claim.objects.filter(pk__in=shown_claim_ids(soup)).values_list(
            "source__published__year", flat=True
        )
    )
    assert years == {2023}


@pytest.mark.parametrize(
    "query",
    [
        "?stance=fabulous",
        "?source=no-such-article",
        "?year=abc",
        "?year=1999",
        "?group=%00",
        "?stance=strength&stance=weakness&year=",
        "?source[]=x&page=-1",
    ],
)
def test_bogus_filter_values_show_an_error_and_are_ignored(client, seeded, query):
    unfiltered = shown_claim_ids(page(client))
    soup = page(client, URL + query)
    if "stance=strength" in query:
        # Only the last value of a repeated parameter counts; still a valid filter.
        assert shown_claim_ids(soup) <= unfiltered
        return
    if query.startswith("?source[]"):
        assert shown_claim_ids(soup) == unfiltered
        return
    assert soup.select_one(".filters .errorlist")
    assert soup.select_one(".form-error")
    assert shown_claim_ids(soup) == unfiltered


@pytest.mark.parametrize(
    "url",
    [
        "/compare/django-vs-rails/",
        "/compare/django/",
        "/compare/django-vs-django/",
        "/compare/-vs-/",
        "/compare/django-vs-flask-vs-fastapi-vs-pyramid-vs-a-vs-b-vs-c-vs-d-vs-e/",
        "/compare/django-vs-rails.json",
        "/frameworks/rails/",
        "/criteria/vibes/",
    ],
)
def test_unknown_comparisons_and_slugs_are_404(client, seeded, url):
    assert client.get(url).status_code == 404


def test_the_picker_redirects_to_the_comparison_in_the_order_chosen(client, seeded):
    response = client.get("/compare/?frameworks=flask&frameworks=fastapi")
    assert response.status_code == 302 and response["Location"] == "/compare/flask-vs-fastapi/"
    soup = page(client, "/compare/?frameworks=flask")
    assert "Choose between 2 and" in soup.select_one(".framework-picker .errorlist").get_text()
    soup = page(client, "/compare/?frameworks=rails&frameworks=flask")
    assert soup.select_one(".framework-picker .errorlist")


def test_the_comparison_renders_in_a_bounded_number_of_queries(
    client, seeded, django_assert_max_num_queries
):
    # Including the page cache's version, and the cited sources fetched once each.
    with django_assert_max_num_queries(9):
        client.get(URL)
    with django_assert_max_num_queries(9):
        client.get("/compare/django-vs-flask-vs-fastapi/?stance=strength&year=abc")
