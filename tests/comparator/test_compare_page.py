"""The side-by-side comparison: a verdict grid first, findings stated once, disagreement said
honestly, missing evidence said once, filters that never break."""

import re
from collections import defaultdict

import pytest
from bs4 import BeautifulSoup

from articles.models import Claim, Source
from comparator import filters
from comparator.selectors import CELL_FINDINGS_SHOWN, CITATIONS_SHOWN, cell_verdict, source_leaning

pytestmark = pytest.mark.django_db

URL = "/compare/django-vs-flask/"
CLAIM_IN_HREF = re.compile(r"(?:^/claims/(\d+)/$|#claim-(\d+)$)")


def claim_pk(href):
    match = CLAIM_IN_HREF.search(href)
    return int(match.group(1) or match.group(2)) if match else None


def page(client, url=URL, status=200):
    response = client.get(url)
    assert response.status_code == status
    return BeautifulSoup(response.content, "html.parser")


def shown_claim_ids(soup):
    """The claims the evidence cites, by the permalink each citation opens."""
    return {
        claim_pk(link["href"])
        for link in soup.select(".evidence .cites a")
        if claim_pk(link["href"])
    }


def both(**filters):
    return Claim.objects.public().filter(framework__slug__in=["django", "flask"], **filters)


def expected_verdicts(claims):
    """(criterion slug, framework slug) -> (verdict, sources for, sources against, sources),
    computed here from the stored claims by the rule the README states."""
    said = defaultdict(lambda: defaultdict(list))
    for criterion, framework, source, stance in claims.values_list(
        "criterion__slug", "framework__slug", "source_id", "stance"
    ):
        said[(criterion, framework)][source].append(stance)
    verdicts = {}
    for key, per_source in said.items():
        leanings = [source_leaning(stances) for stances in per_source.values()]
        verdicts[key] = (
            cell_verdict(leanings),
            leanings.count("for"),
            leanings.count("against"),
            len(leanings),
        )
    return verdicts


def test_the_verdict_rule():
    assert source_leaning(["strength", "strength", "weakness"]) == "for"
    assert source_leaning(["weakness", "neutral"]) == "against"
    assert source_leaning(["strength", "weakness"]) == "both"
    assert source_leaning(["neutral", "neutral"]) == "facts"
    assert cell_verdict([]) == "none"
    assert cell_verdict(["for", "for", "against"]) == "favoured"
    assert cell_verdict(["against", "facts"]) == "weak"
    assert cell_verdict(["for", "against"]) == "mixed"
    assert cell_verdict(["both", "facts"]) == "mixed"
    assert cell_verdict(["facts", "facts"]) == "neutral"


def test_the_verdict_grid_comes_first_and_states_each_cell_by_the_rule(client, seeded):
    soup = page(client)
    main = soup.select_one("main")
    order = [
        element.get("class", [""])[0] or element.name
        for element in main.select(
            "table.verdict-grid, section.overview, form.filters, section.evidence"
        )
    ]
    assert order == ["verdict-grid", "overview", "filters", "evidence"]
    grid = soup.select_one("table.verdict-grid")
    assert [th.get_text(strip=True) for th in grid.select("thead th")] == [
        "Criterion",
        "Django",
        "Flask",
    ]
    verdicts = expected_verdicts(both())
    slugs = {name: slug for slug, name in both().values_list("criterion__slug", "criterion__name")}
    rows = [row for row in grid.select("tbody tr") if row.select_one("th[scope=row]")]
    assert len(rows) == len(slugs) >= 20
    words = {"favoured": "favoured", "weak": "weak", "mixed": "mixed", "neutral": "neutral"}
    seen = set()
    for row in rows:
        criterion = slugs[row.select_one("th[scope=row]").get_text(strip=True)]
        for framework, cell in zip(["django", "flask"], row.select("td"), strict=True):
            verdict, pro, con, sources = verdicts.get((criterion, framework), ("none", 0, 0, 0))
            seen.add(verdict)
            assert f"v-{verdict}" in cell["class"], (criterion, framework)
            text = cell.get_text(" ", strip=True)
            if verdict == "none":
                assert text == "○ no evidence" and not cell.a
                continue
            assert words[verdict] in text
            if pro and con:
                assert f"{pro} for, {con} against" in text
            else:
                assert f"{sources} source" in text
            # Each verdict links to its evidence below.
            anchor = cell.a["href"].removeprefix("#")
            assert anchor == f"cell-{criterion}-{framework}"
            assert soup.find(id=anchor).select(".findings li")
    assert {"favoured", "weak", "mixed", "neutral", "none"} <= seen


def test_each_cell_shows_its_best_supported_findings_and_links_to_all(client, seeded):
    hidden = both(framework__slug="django", criterion__slug="admin-panel").first()
    Claim.objects.filter(pk=hidden.pk).update(status="draft")
    soup = page(client)
    assert hidden.pk not in shown_claim_ids(soup)
    capped = 0
    for cell in soup.select(".evidence .cell"):
        criterion, framework = cell["id"].removeprefix("cell-").rsplit("-", 1)
        cell_claims = both(criterion__slug=criterion, framework__slug=framework)
        cited = shown_claim_ids(cell)
        assert cited <= set(cell_claims.values_list("pk", flat=True)), cell["id"]
        findings = cell.select(".findings > li")
        assert len(findings) <= CELL_FINDINGS_SHOWN
        supports = [int(li.select_one(".support").get_text().split()[0]) for li in findings]
        if not cell.select_one(".sides"):
            # The most sources behind a finding first (within each stance's list).
            for ul in cell.select("ul.findings"):
                counts = [int(s.get_text().split()[0]) for s in ul.select(".support")]
                assert counts == sorted(counts, reverse=True), cell["id"]
        link = cell.select_one(".all-claims a")
        if link:
            capped += 1
            assert f"({cell_claims.count()} claims)" in link.get_text()
        assert bool(supports) == cell_claims.exists(), cell["id"]
    assert capped >= 5


def test_claims_that_say_the_same_thing_are_one_finding_with_every_citation(client, seeded):
    soup = page(client)
    cell = soup.select_one("#cell-admin-panel-django")
    first = cell.select_one(".findings > li")
    cited = [claim_pk(a["href"]) for a in first.select(".cites a[href^='/claims/']")]
    claims = Claim.objects.filter(pk__in=cited)
    finding = claims.first().finding
    assert finding is not None and claims.count() > 2
    members = finding.claims.all()
    # All its claims are cited (up to the cap, the rest a link away), and only its claims.
    assert set(cited) <= set(members.values_list("pk", flat=True))
    assert len(cited) == min(members.count(), CITATIONS_SHOWN)
    assert first.get_text(" ", strip=True).startswith(finding.summary)
    sources = members.values("source").distinct().count()
    on_row = both(criterion__slug="admin-panel").values("source").distinct().count()
    assert f"{sources} of {on_row} sources" in first.get_text(" ", strip=True)
    # No other line of the cell repeats it.
    summaries = [li.get_text(" ", strip=True) for li in cell.select(".findings > li")]
    assert not any("Includes an admin interface" in text for text in summaries[1:])


def test_a_restated_verdict_is_not_a_finding_of_its_own(client, seeded):
    loses = Claim.objects.get(framework__slug="flask", summary__startswith="Loses the admin panel")
    same_source = Claim.objects.filter(finding=loses.finding, source=loses.source).exclude(
        pk=loses.pk
    )
    assert same_source.exists()
    soup = page(client, URL + "?criterion=admin-panel")
    shown = [
        li.get_text(" ", strip=True) for li in soup.select("#cell-admin-panel-flask .findings > li")
    ]
    assert not any(text.startswith("Loses the admin panel") for text in shown)
    assert loses.pk in shown_claim_ids(soup)


def test_the_criterion_filter_shows_every_claim_with_its_quote_and_permalink(client, seeded):
    soup = page(client, URL + "?criterion=security")
    expected = set(both(criterion__slug="security").values_list("pk", flat=True))
    assert shown_claim_ids(soup) == expected
    permalinks = {a["href"] for a in soup.select(".finding-claims a.permalink")}
    assert permalinks == {f"/claims/{pk}/" for pk in expected}
    quotes = {q.get_text() for q in soup.select(".finding-claims q")}
    assert quotes == set(both(criterion__slug="security").values_list("quote", flat=True))
    assert not soup.select(".all-claims, .folded, section.overview")
    assert soup.select_one(".criterion-filtered a")["href"] == "?"


def test_the_all_findings_link_keeps_the_other_filters(client, seeded):
    soup = page(client, URL + "?stance=strength")
    links = soup.select(".evidence .all-claims a")
    assert links
    for link in links[:3]:
        assert link["href"].startswith("?stance=strength&criterion=")
        criterion = link["href"].split("criterion=")[1].split("#")[0]
        filtered = page(client, URL + link["href"].split("#")[0])
        row = set(both(stance="strength", criterion__slug=criterion).values_list("pk", flat=True))
        assert shown_claim_ids(filtered) == row
        assert filtered.find(id=link["href"].split("#")[1])
        assert filtered.select_one(".criterion-filtered a")["href"] == "?stance=strength"


def test_contested_only_where_different_sources_take_opposite_stances(client, seeded):
    soup = page(client)
    verdicts = expected_verdicts(both())
    contested_rows = {criterion for (criterion, _), v in verdicts.items() if v[1] and v[2]}
    assert contested_rows and len(contested_rows) < len({c for c, _ in verdicts})
    for section in soup.select(".evidence section.criterion-evidence"):
        criterion = section["id"].removeprefix("row-")
        flagged = section.select_one("h4 .disagree") is not None
        assert flagged == (criterion in contested_rows), criterion
    # A mixed or even row that no two sources dispute is no alarm; nothing says "contested".
    assert "contested" not in soup.get_text().lower()
    for (criterion, framework), (_, pro, con, _) in verdicts.items():
        cell = soup.select_one(f"#cell-{criterion}-{framework}")
        if not (pro and con):
            assert not cell.select_one(".sides")
            continue
        # The opposing findings side by side, each with its quote.
        heads = [p.get_text(strip=True) for p in cell.select(".sides .side-head")]
        assert "For" in heads and "Against" in heads
        for item in cell.select(".findings > li"):
            quote = item.select_one("q.finding-quote").get_text()
            first = claim_pk(item.select_one(".cites a")["href"])
            assert Claim.objects.get(pk=first).quote == quote


def test_citations_are_numbered_in_order_and_open_their_claims(client, seeded):
    soup = page(client)
    references = soup.select(".references ol > li")
    listed = [li.a["href"] for li in references]
    citations = soup.select(".evidence .cites a[href^='/claims/']")
    claims = Claim.objects.select_related("source").in_bulk(
        [claim_pk(citation["href"]) for citation in citations]
    )
    in_order = []
    for citation in citations:
        source = claims[claim_pk(citation["href"])].source.get_absolute_url()
        number = int(citation.get_text(strip=True).strip("[]′"))
        assert references[number - 1].a["href"] == source
        if source not in in_order:
            in_order.append(source)
    assert listed == in_order
    # Narrowed to a criterion, each claim also links to its passage, with the way back.
    soup = page(client, URL + "?criterion=security")
    for link in soup.select(".finding-claims a:not(.permalink)"):
        address, fragment = link["href"].split("#")
        path, query = address.split("?")
        assert query == "compare=django-vs-flask" and path.startswith("/sources/")
        assert fragment.startswith("claim-")


def test_a_framework_without_claims_is_said_once_not_in_every_row(client, seeded):
    soup = page(client, "/compare/django-vs-flask-vs-fastapi/")
    notes = soup.select(".missing-note")
    assert len(notes) == 1 and "FastAPI" in notes[0].get_text()
    assert [th.get_text(strip=True) for th in soup.select(".verdict-grid thead th")] == [
        "Criterion",
        "Django",
        "Flask",
    ]
    assert not soup.select('[id$="-fastapi"]')
    assert soup.get_text().count("FastAPI") <= 4  # heading, note, title-free picker label
    soup = page(client, "/compare/fastapi-vs-pyramid/")
    assert not soup.select("table.verdict-grid")
    assert "FastAPI and Pyramid" in soup.select_one(".missing-note").get_text()
    assert len(soup.select(".folded a")) >= 15


def test_criteria_without_claims_are_folded_under_the_evidence(client, seeded):
    soup = page(client, URL + "?group=fit")
    sections = soup.select(".evidence section.criterion-evidence")
    assert [section["id"] for section in sections] == ["row-project-fit"]
    folded = {link.get_text() for link in soup.select(".folded a")}
    assert "Admin panel" in folded and "Project size and fit" not in folded


def test_the_overview_is_labelled_in_sight(client, seeded):
    soup = page(client)
    caption = soup.select_one(".overview figcaption")
    assert caption.get_text(strip=True).startswith("Criteria on which more sources favour")
    assert caption["id"] in soup.select_one("svg.overview-chart")["aria-labelledby"].split()
    values = [text.get_text() for text in soup.select("svg .chart-value")]
    assert len(values) == 2 and all(re.fullmatch(r"\d+ criteri(on|a)", v) for v in values)
    words = soup.select_one(".overview-words").get_text(" ", strip=True)
    sources = len(set(both().values_list("source_id", flat=True)))
    assert f"{both().count()} claims from {sources} sources" in words


def test_a_filtered_comparison_has_its_own_title_and_canonical_address(client, seeded):
    def head(url):
        soup = page(client, url)
        return soup.title.get_text(), soup.select_one('link[rel="canonical"]')["href"], soup

    title, canonical, _ = head(URL)
    assert title.startswith("Django vs Flask ·")
    assert canonical == "http://testserver/compare/django-vs-flask/"
    title, canonical, soup = head(URL + "?criterion=admin-panel&stance=strength")
    assert title.startswith("Django vs Flask on Admin panel (strengths) ·")
    assert canonical == "http://testserver/compare/django-vs-flask/?criterion=admin-panel"
    assert soup.h1.get_text(" ", strip=True).endswith(": Admin panel")
    # One criterion: no chart of "criteria each leads" over a single row.
    assert not soup.select("svg.overview-chart")
    title, _, soup = head(URL + "?stance=weakness&year=2023")
    assert title.startswith("Django vs Flask (weaknesses, published in 2023) ·")
    assert (
        "Showing only weaknesses, published in 2023" in soup.select_one(".filtered-note").get_text()
    )


def test_the_seed_two_way_comparison_is_at_most_90_kb(client, seeded):
    size = len(client.get(URL).content)
    print(f"two-way comparison: {size} bytes")
    assert size <= 90 * 1024


def test_a_filter_narrows_the_claims_and_lives_in_the_address(client, seeded):
    for query, claims in [
        ("?stance=weakness", both(stance="weakness")),
        ("?year=2023", both(source__published__year=2023)),
    ]:
        soup = page(client, URL + query)
        assert shown_claim_ids(soup) <= set(claims.values_list("pk", flat=True))
        assert expected_verdicts(claims).keys() == {
            tuple(cell["id"].removeprefix("cell-").rsplit("-", 1))
            for cell in soup.select(".evidence .cell")
            if cell.select(".findings li")
        }
    soup = page(client, URL + "?stance=weakness")
    assert soup.select_one('select[name="stance"] option[selected]')["value"] == "weakness"


@pytest.mark.parametrize(
    "query",
    [
        "?stance=fabulous",
        "?source=no-such-article",
        "?year=abc",
        "?year=1999",
        "?group=%00",
        "?source[]=x&page=-1",
        "?criterion=vibes",
        "?criterion=",
    ],
)
def test_bogus_filter_values_show_an_error_and_are_ignored(client, seeded, query):
    unfiltered = shown_claim_ids(page(client))
    soup = page(client, URL + query)
    if query.startswith("?source[]") or query == "?criterion=":
        assert shown_claim_ids(soup) == unfiltered
        return
    assert soup.select_one(".filters .errorlist")
    assert soup.select_one(".form-error")
    assert shown_claim_ids(soup) == unfiltered


def test_only_the_last_of_a_repeated_filter_counts(client, seeded):
    soup = page(client, URL + "?stance=strength&stance=weakness&year=")
    weaknesses = set(both(stance="weakness").values_list("pk", flat=True))
    assert shown_claim_ids(soup) and shown_claim_ids(soup) <= weaknesses


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


def test_columns_follow_the_order_in_the_address(client, seeded):
    soup = page(client, "/compare/flask-vs-django/")
    headings = [th.get_text(strip=True) for th in soup.select(".verdict-grid thead th")]
    assert headings == ["Criterion", "Flask", "Django"]


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
    # figures of every claim, the cited claims with their findings and the filter's choices
    # (the criteria offered as the comparison read them).
    with django_assert_max_num_queries(9):
        client.get(URL)
    # And the years, once to validate the bad one and once for the form.
    with django_assert_max_num_queries(10):
        client.get("/compare/django-vs-flask-vs-fastapi/?stance=strength&year=abc")


def test_the_source_filter_is_a_menu_of_the_sources_while_they_are_few(client, seeded):
    soup = page(client)
    menu = soup.select_one("select[name=source]")
    sources = Source.objects.order_by("title", "slug")
    assert [option["value"] for option in menu.select("option")] == [
        "",
        *sources.values_list("slug", flat=True),
    ]


def test_past_the_limit_a_source_is_typed_by_its_address_name(client, seeded, monkeypatch):
    monkeypatch.setattr(filters, "SOURCE_MENU_LIMIT", 3)
    soup = page(client)
    assert soup.select_one("select[name=source]") is None
    assert soup.select_one("input[name=source]")["type"] == "text"
    source = Source.objects.order_by("slug").first()
    filtered = page(client, f"{URL}?source={source.slug}")
    assert filtered.select_one("input[name=source]")["value"] == source.slug
    assert filtered.title.get_text() != soup.title.get_text()  # the typed source applies
    assert not filtered.select(".errorlist")


@pytest.mark.parametrize("query", ["", "?criterion=routing", "?criterion=vibes"])
def test_the_criterion_menu_offers_every_criterion_in_display_order(client, seeded, query):
    from criteria.models import Criterion

    menu = page(client, URL + query).select_one("select[name=criterion]")
    assert [(option["value"], option.get_text()) for option in menu.select("option")] == [
        ("", "Any criterion"),
        *Criterion.objects.in_display_order().values_list("slug", "name"),
    ]
    chosen = [option["value"] for option in menu.select("option[selected]")]
    # An unknown criterion selects nothing (the browser shows the first, "Any criterion").
    assert chosen == {"": [""], "?criterion=routing": ["routing"], "?criterion=vibes": []}[query]
