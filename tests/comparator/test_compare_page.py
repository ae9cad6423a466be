"""The side-by-side comparison: the right claims, honest numbers, filters that never break."""

from collections import defaultdict

import pytest
from bs4 import BeautifulSoup

from articles.models import Claim
from comparator.selectors import CELL_CLAIMS_SHOWN, source_verdict

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


def claims_by_cell(claims):
    """The pks of these claims by cell anchor, from the database."""
    cells = defaultdict(set)
    for pk, criterion, framework in claims.values_list("pk", "criterion__slug", "framework__slug"):
        cells[f"cell-{criterion}-{framework}"].add(pk)
    return cells


def assert_cells_show(soup, claims, cap=CELL_CLAIMS_SHOWN):
    """Each cell shows min(cap, all) of its claims among `claims` (all: no cap), and links to
    all of them exactly when it cannot show them all. Returns the number of capped cells."""
    cap = cap or len(claims)
    expected = claims_by_cell(claims)
    capped = 0
    for cell in soup.select("table.comparison td[id^=cell-]"):
        everything = expected.get(cell["id"], set())
        shown = shown_claim_ids(cell)
        assert shown <= everything, cell["id"]
        assert len(shown) == min(cap, len(everything)), cell["id"]
        link = cell.select_one(".all-claims a")
        if len(everything) > cap:
            capped += 1
            assert link and link.get_text(" ", strip=True).startswith(
                f"All {len(everything)} claims on "
            ), cell["id"]
        else:
            assert link is None, cell["id"]
    rows = {row["id"] for row in soup.select("table.comparison tbody tr[id^=row-]")}
    criteria = {f"row-{slug}" for slug in claims.values_list("criterion__slug", flat=True)}
    assert rows == criteria
    return capped


def both(**filters):
    return Claim.objects.published().filter(framework__slug__in=["django", "flask"], **filters)


def test_each_cell_shows_at_most_a_few_of_its_published_claims_and_links_to_all(client, seeded):
    hidden = Claim.objects.filter(framework__slug="django").first()
    Claim.objects.filter(pk=hidden.pk).update(status="draft", summary="A draft nobody should see")
    soup = page(client)
    assert assert_cells_show(soup, both()) >= 5
    assert "A draft nobody should see" not in str(soup)


def test_a_capped_cell_shows_the_first_claim_of_as_many_sources_as_it_can(client, seeded):
    soup = page(client)
    for cell in soup.select("table.comparison td[id^=cell-]"):
        if not cell.select_one(".all-claims"):
            continue
        criterion, framework = cell["id"].removeprefix("cell-").rsplit("-", 1)
        sources = set(
            both(criterion__slug=criterion, framework__slug=framework).values_list(
                "source__slug", flat=True
            )
        )
        cited = {a["href"].split("?")[0] for a in cell.select("a.citation")}
        assert len(cited) == min(CELL_CLAIMS_SHOWN, len(sources)), cell["id"]


def test_the_all_claims_link_leads_to_every_claim_of_that_row(client, seeded):
    soup = page(client, URL + "?stance=strength")
    links = soup.select("table.comparison .all-claims a")
    assert links
    for link in links[:4]:
        assert link["href"].startswith("?stance=strength&criterion=")
        criterion = link["href"].split("criterion=")[1].split("#")[0]
        filtered = page(client, URL + link["href"].split("#")[0])
        row_claims = both(stance="strength", criterion__slug=criterion)
        assert shown_claim_ids(filtered) == set(row_claims.values_list("pk", flat=True))
        rows = filtered.select("table.comparison tbody tr[id^=row-]")
        assert [row["id"] for row in rows] == [f"row-{criterion}"]
        assert filtered.find(id=link["href"].split("#")[1])
        assert not filtered.select(".all-claims, .folded")
        assert filtered.select_one(".criterion-filtered a")["href"] == "?stance=strength"


def test_the_criterion_filter_keeps_the_rows_evidence(client, seeded):
    for criterion in ["flexibility", "architecture"]:
        whole = page(client).select_one(f"#row-{criterion} .evidence").get_text()
        alone = page(client, f"{URL}?criterion={criterion}")
        assert alone.select_one(f"#row-{criterion} .evidence").get_text() == whole


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
    for cell in soup.select("table.comparison td[id^=cell-]"):
        for pk in shown_claim_ids(cell):
            claim = Claim.objects.select_related("criterion", "framework").get(pk=pk)
            assert cell["id"] == f"cell-{claim.criterion.slug}-{claim.framework.slug}"


def test_row_evidence_counts_every_claim_of_the_row_not_only_those_shown(client, seeded):
    soup = page(client)
    rows = soup.select("table.comparison tbody tr[id^=row-]")
    assert len(rows) >= 15
    contested_seen = False
    for row in rows:
        criterion = row["id"].removeprefix("row-")
        scores = defaultdict(lambda: defaultdict(int))
        for source, framework, stance in both(criterion__slug=criterion).values_list(
            "source_id", "framework__slug", "stance"
        ):
            scores[source][framework] += STANCE_SCORE[stance]
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
    cited = Claim.objects.filter(pk__in=shown_claim_ids(soup)).values_list("source__slug")
    assert len(references) == len(set(cited))
    listed = [li.a["href"] for li in references]
    in_order_of_citation = []
    for citation in soup.select("table.comparison a.citation"):
        path = citation["href"].split("?")[0]
        if path not in in_order_of_citation:
            in_order_of_citation.append(path)
    assert listed == in_order_of_citation
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
    sources = len(set(both().values_list("source_id", flat=True)))
    assert f"{both().count()} claims from {sources} sources" in words
    assert f"Django is favoured on {leads['django']} criteri" in words
    assert f"Flask is favoured on {leads['flask']} criteri" in words
    assert soup.select_one("svg.overview-chart title")
    assert len(soup.select("svg.overview-chart rect")) == 2


def test_a_filter_narrows_the_claims_and_lives_in_the_address(client, seeded):
    soup = page(client, URL + "?stance=weakness")
    assert_cells_show(soup, both(stance="weakness"))
    assert soup.select_one('select[name="stance"] option[selected]')["value"] == "weakness"
    source = Claim.objects.published().first().source
    soup = page(client, f"{URL}?source={source.slug}")
    assert_cells_show(soup, both(source=source))
    soup = page(client, URL + "?year=2023")
    assert_cells_show(soup, both(source__published__year=2023))
    soup = page(client, URL + "?criterion=security")
    assert_cells_show(soup, both(criterion__slug="security"), cap=None)
    assert shown_claim_ids(soup) == set(
        both(criterion__slug="security").values_list("pk", flat=True)
    )
    assert soup.select_one('select[name="criterion"] option[selected]')["value"] == "security"


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
        "?criterion=vibes",
        "?criterion=",
    ],
)
def test_bogus_filter_values_show_an_error_and_are_ignored(client, seeded, query):
    unfiltered = shown_claim_ids(page(client))
    soup = page(client, URL + query)
    if "stance=strength" in query:
        # Only the last value of a repeated parameter counts; still a valid filter.
        assert_cells_show(soup, both(stance="weakness"))
        return
    if query.startswith("?source[]") or query == "?criterion=":
        assert shown_claim_ids(soup) == unfiltered
        return
    assert soup.select_one(".filters .errorlist")
    assert soup.select_one(".form-error")
    assert shown_claim_ids(soup) == unfiltered
    assert_cells_show(soup, both())


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
    # Including the page cache's version, the cited sources fetched once each, the light
    # figures of every claim and the criterion filter's choices.
    with django_assert_max_num_queries(10):
        client.get(URL)
    # And the years, once to validate the bad one and once for the form.
    with django_assert_max_num_queries(11):
        client.get("/compare/django-vs-flask-vs-fastapi/?stance=strength&year=abc")
