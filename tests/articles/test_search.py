"""Search: ranked, grouped, published claims only, and no query string can break it.

Runs on SQLite (FTS5) and on PostgreSQL (full-text search) alike.
"""

import re

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from articles import search
from articles.models import Claim, Source
from criteria.models import Criterion, Framework

pytestmark = pytest.mark.django_db

SENTENCES = {
    "bundles": "Django bundles a template engine that renders pages quickly.",
    "admin": "Django keeps its quokka admin close to the models.",
    "jinja": "Flask users often pick Jinja for their templates.",
    "extension": "Flask leaves the quokka admin to an extension.",
    "draft": "Nobody should read this draft quokka sentence.",
    "rejected": "This rejected quokka sentence stays hidden.",
}
BODY = "# Field notes\n\n" + "\n\n".join(SENTENCES.values()) + "\n"


def add_source(slug, body, **fields):
    return Source.objects.create(
        slug=slug,
        body=body,
        original_text=body,
        original_sha256="b" * 64,
        imported_at=timezone.now(),
        **fields,
    )


def add_claim(source, framework, criterion, sentence, summary, *, status="published"):
    start = source.body.index(sentence)
    return Claim.objects.create(
        source=source,
        framework=Framework.objects.get(slug=framework),
        criterion=Criterion.objects.get(slug=criterion),
        stance="strength",
        summary=summary,
        quote=sentence,
        quote_start=start,
        quote_end=start + len(sentence),
        status=status,
    )


@pytest.fixture
def kb(vocabulary):
    """Claims where "quokka" sits in a summary, in a quote only, or in an unpublished claim."""
    notes = add_source("field-notes", BODY, title="Field notes", author="Ada Lovelace")
    add_source("handbook", "Nothing relevant here.\n", title="The quokka handbook")
    s = SENTENCES
    return {
        "django_summary": add_claim(
            notes, "django", "templating", s["bundles"], "Renders quokka templates quickly"
        ),
        "django_quote": add_claim(
            notes, "django", "templating", s["admin"], "Keeps the admin close to the models"
        ),
        "flask_summary": add_claim(
            notes, "flask", "templating", s["jinja"], "Quokka fans pick Jinja"
        ),
        "flask_quote": add_claim(
            notes, "flask", "admin-panel", s["extension"], "Admin comes from an extension"
        ),
        "draft": add_claim(
            notes, "django", "templating", s["draft"], "Draft quokka secret", status="draft"
        ),
        "rejected": add_claim(
            notes, "flask", "routing", s["rejected"], "Rejected quokka secret", status="rejected"
        ),
    }


def get_search(client, query):
    return client.get(reverse("articles:search"), {"q": query})


def claim_pks(response):
    return [
        result["claim"].pk
        for group in response.context["results"].claim_groups
        for entry in group["criteria"]
        for result in entry["results"]
    ]


def test_a_summary_hit_ranks_above_a_quote_only_hit(kb):
    claims, total, capped, _ = search.search_claims("quokka")

    ranked = [claim.pk for claim in claims]
    assert total == 4 and not capped
    assert set(ranked) == {
        kb[key].pk for key in ("django_summary", "django_quote", "flask_summary", "flask_quote")
    }
    for summary_hit, quote_hit in (
        ("django_summary", "django_quote"),
        ("flask_summary", "flask_quote"),
    ):
        assert ranked.index(kb[summary_hit].pk) < ranked.index(kb[quote_hit].pk)
    # Both summary hits above both quote-only hits.
    assert set(ranked[:2]) == {kb["django_summary"].pk, kb["flask_summary"].pk}


def test_a_title_hit_ranks_a_source_above_a_body_only_hit(kb):
    sources, total, *_ = search.search_sources("quokka")
    assert [source.slug for source in sources] == ["handbook", "field-notes"]
    assert total == 2


def test_every_word_must_match_somewhere_including_framework_and_criterion_names(kb):
    def found(query):
        return {claim.pk for claim in search.search_claims(query)[0]}

    assert found("quokka jinja") == {kb["flask_summary"].pk}
    assert found("flask quokka") == {kb["flask_summary"].pk, kb["flask_quote"].pk}
    assert found("templating quokka") == {
        kb["django_summary"].pk,
        kb["django_quote"].pk,
        kb["flask_summary"].pk,
    }
    assert found("quokka zebra") == set()


def test_results_are_grouped_by_framework_then_criterion_in_display_order(client, kb):
    response = get_search(client, "quokka")

    groups = response.context["results"].claim_groups
    layout = {
        group["framework"].slug: [entry["criterion"].slug for entry in group["criteria"]]
        for group in groups
    }
    # The flask templating claim ranks higher, yet admin-panel comes first in display order.
    assert layout == {"django": ["templating"], "flask": ["admin-panel", "templating"]}
    django_templating = groups[[g["framework"].slug for g in groups].index("django")]["criteria"][0]
    assert [r["claim"].pk for r in django_templating["results"]] == [
        kb["django_summary"].pk,
        kb["django_quote"].pk,
    ]
    html = response.content.decode()
    flask_section = html[html.index('id="results-flask"') :]
    assert flask_section.index(">Admin panel<") < flask_section.index(">Templating<")


def test_each_result_shows_stance_summary_quote_source_and_links(client, kb):
    claim = kb["django_summary"]
    html = get_search(client, "quokka").content.decode()

    item = re.search(
        rf'<li class="search-result" id="result-claim-{claim.pk}">(.*?)</li>', html, re.S
    )
    assert item, html
    item = item.group(1)
    assert "stance-strength" in item
    # The summary and the quote, the matched word marked in each.
    assert "Renders <mark>quokka</mark> templates quickly" in item
    assert re.sub(r"</?mark>", "", item).count(claim.quote) == 1
    assert "Field notes" in item
    assert f'href="{claim.passage_url}"' in item
    assert f'href="{claim.get_absolute_url()}"' in item
    # Matching sources are listed separately, linking to the reader.
    assert 'href="/sources/handbook/"' in html


@pytest.mark.parametrize("query", ["quokka", "secret", "draft", "rejected quokka", "hidden"])
def test_drafts_and_rejected_claims_never_appear(client, kb, query):
    response = get_search(client, query)

    html = response.content.decode()
    for key in ("draft", "rejected"):
        assert kb[key].pk not in claim_pks(response)
        assert kb[key].summary not in html
        assert kb[key].get_absolute_url() not in html


def test_the_query_goes_back_into_the_header_search_box(client, kb):
    html = get_search(client, "quokka").content.decode()
    assert re.search(r'<input id="site-search"[^>]*value="quokka"', html)
    assert re.search(r'<input id="search-query"[^>]*value="quokka"', html)


@pytest.mark.parametrize("params", [{}, {"q": ""}, {"q": "   "}, {"q": "\x00\t"}])
def test_an_empty_search_shows_the_form_and_a_hint_without_results(client, kb, params):
    response = client.get(reverse("articles:search"), params)

    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="search-query"' in html
    assert "Type one or more words" in html
    assert 'id="claims-heading"' not in html
    assert response.context["results"].claim_groups == []


def test_a_search_with_no_match_says_so(client, kb):
    html = get_search(client, "zebra").content.decode()
    assert "No published claim matches “zebra”" in html
    assert "No source matches “zebra”" in html


def test_a_very_long_query_is_shortened_with_a_notice(client, kb):
    response = get_search(client, "quokka " + "x" * 10_000)

    assert response.status_code == 200
    assert len(response.context["query"]) <= search.MAX_QUERY_LENGTH
    assert "limited to 200 characters" in response.content.decode()


HOSTILE_QUERIES = [
    '"',
    "'",
    "' OR 1=1 --",
    '"quokka',
    '"unterminated phrase',
    "quokka -admin",
    "or",
    "-",
    "!",
    "a & b | !c",
    "quokka:*",
    "(((quokka",
    "%",
    "_",
    "%%__%%",
    "\\",
    "\\%",
    "quokka\\",
    "quo\x00kka",
    "\x00",
    "<script>alert(1)</script>",
    "日本語のクエリ",
    "Ünïcödé quokka 🦘",
    "\u202equokka",
    "a " * 150,
    "ｑｕｏｋｋａ",
]


@pytest.mark.parametrize("query", HOSTILE_QUERIES)
def test_hostile_queries_never_fail(client, kb, query):
    response = get_search(client, query)

    assert response.status_code == 200
    html = response.content.decode()
    assert "<script>alert(1)</script>" not in html
    assert kb["draft"].summary not in html


@pytest.mark.parametrize("raw", ["%FF%FE", "%ED%A0%80", "%00", "q&q=quokka", "%C0%AF"])
def test_undecodable_query_strings_never_fail(client, kb, raw):
    response = client.get(reverse("articles:search") + "?q=" + raw)
    assert response.status_code == 200


@pytest.mark.parametrize("query", ["quo%ka", "quo_ka", "qu%ka", "q_okka", "quokk%a"])
def test_like_wildcards_are_matched_literally(kb, query):
    # An unescaped LIKE pattern would have matched "quokka" in four claims.
    assert search.search_claims(query)[0] == []


def test_punctuation_around_a_word_is_ignored(kb):
    assert len(search.search_claims('"%quokka%"')[0]) == 4


def test_only_get_and_head_are_allowed(client, kb):
    assert client.post(reverse("articles:search"), {"q": "quokka"}).status_code == 405
    assert client.head(reverse("articles:search"), {"q": "quokka"}).status_code == 200


def test_results_are_capped_and_the_page_says_so(client, seeded, django_assert_max_num_queries):
    published = Claim.objects.published().count()

    # +1 for the page cache's version, +1 on PostgreSQL for the names the query's words match.
    with django_assert_max_num_queries(8):
        response = get_search(client, "django")

    results = response.context["results"]
    assert results.claims_capped
    assert results.claim_count == search.CLAIM_LIMIT == len(claim_pks(response))
    assert search.CLAIM_LIMIT < results.claim_total < published
    assert f"Showing the {search.CLAIM_LIMIT} best of {results.claim_total} matching claims" in (
        response.content.decode()
    )


def test_sources_are_capped_too(kb, monkeypatch):
    monkeypatch.setattr(search, "SOURCE_LIMIT", 1)
    sources, total, capped, _ = search.search_sources("quokka")
    assert [source.slug for source in sources] == ["handbook"]
    assert (total, capped) == (2, True)


def test_the_query_count_does_not_grow_with_results(client, seeded, django_assert_max_num_queries):
    for query in ("admin panel", "flask performance", "learning curve", "zebra"):
        with django_assert_max_num_queries(7):  # as above: version, and names on PostgreSQL
            response = get_search(client, query)
        assert response.status_code == 200


def test_excerpts_centre_on_the_match_and_mark_the_cuts():
    text = "start " + "filler " * 60 + "the quokka lives here " + "filler " * 60 + "end"
    result = search.excerpt(text, ["quokka"], width=80)
    assert "quokka" in result
    assert result.startswith("…") and result.endswith("…")
    assert len(result) <= 82
    assert search.excerpt("Short text.", ["zebra"]) == "Short text."


def test_normalize_query_removes_control_characters_and_collapses_spaces():
    assert search.normalize_query("  a\x00b \t c  ") == ("a b c", None)
    query, notice = search.normalize_query("x" * 500)
    assert len(query) == search.MAX_QUERY_LENGTH and notice


# Whole words, highlighting, and FTS5 syntax ---------------------------------------------------

WORDS_BODY = (
    "# Words\n\nDjango ships an ORM for every model.\n\n"
    "Flask apps perform well on any platform.\n\n"
    "Information about Flask is plentiful.\n\n"
    "Django has ORMs & <b>tags</b> in its text.\n"
)


@pytest.fixture
def words_kb(vocabulary):
    source = add_source("words", WORDS_BODY, title="Words about ORM")
    return {
        "orm": add_claim(
            source, "django", "routing", "Django ships an ORM for every model.", "Has an ORM."
        ),
        "perform": add_claim(
            source, "flask", "performance", "Flask apps perform well on any platform.", "Fast."
        ),
        "information": add_claim(
            source, "flask", "community", "Information about Flask is plentiful.", "Much written."
        ),
        "orms": add_claim(
            source, "django", "templating", "Django has ORMs & <b>tags</b> in its text.", "Tags <b>"
        ),
    }


def test_a_word_matches_whole_words_only_never_inside_another(words_kb):
    found = {claim.pk for claim in search.search_claims("orm")[0]}
    # "ORM" and its plural match; "perform", "platform" and "information" do not.
    assert words_kb["orm"].pk in found and words_kb["orms"].pk in found
    assert words_kb["perform"].pk not in found and words_kb["information"].pk not in found
    sources = search.search_sources("platform")[0]
    assert [source.slug for source in sources] == ["words"]
    assert search.search_sources("platfor")[0] == []


def test_matched_terms_are_marked_and_everything_else_escaped(client, words_kb):
    html = get_search(client, "orm").content.decode()
    item = re.search(rf'id="result-claim-{words_kb["orms"].pk}">(.*?)</li>', html, re.S).group(1)
    assert "Django has <mark>ORMs</mark> &amp; &lt;b&gt;tags&lt;/b&gt; in its text." in item
    assert "<b>" not in item
    assert "Has an <mark>ORM</mark>." in html
    sources = html.split('id="sources-heading"')[1]
    assert "<mark>ORM</mark>" in sources


@pytest.mark.parametrize(
    "query",
    ['"orm', 'orm"', "orm*", "*", "NEAR(orm flask)", "orm NEAR flask", "((orm", "orm)",
     "summary:orm", "^orm", "orm AND", "OR orm", "NOT orm", "orm -", '""', "+orm"],
)  # fmt: skip
def test_full_text_syntax_in_a_query_is_only_ever_text(client, words_kb, query):
    response = get_search(client, query)
    assert response.status_code == 200
    found = set(claim_pks(response))
    assert words_kb["perform"].pk not in found


def test_the_index_follows_every_edit_rename_and_delete(words_kb):
    claim = words_kb["perform"]
    Claim.objects.filter(pk=claim.pk).update(summary="Quick with a wombat.")
    assert [found.pk for found in search.search_claims("wombat")[0]] == [claim.pk]
    Criterion.objects.filter(slug="performance").update(name="Wallaby speed")
    assert [found.pk for found in search.search_claims("wallaby")[0]] == [claim.pk]
    source = Source.objects.get(slug="words")
    Source.objects.filter(pk=source.pk).update(title="Numbat notes")
    assert [found.slug for found in search.search_sources("numbat")[0]] == ["words"]
    Claim.objects.filter(source=source).delete()
    source.delete()
    assert search.search_claims("wombat")[0] == []
    assert search.search_sources("numbat")[0] == []


# What the faster search must keep -------------------------------------------------------------


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="FTS5's tokenizer has no stop words: 'the' is a word"
)
def test_a_stop_word_in_the_query_changes_nothing_on_postgresql(kb):
    def found(query):
        return [claim.pk for claim in search.search_claims(query).rows]

    assert found("the quokka") == found("quokka") != []
    assert found("quokka the") == found("quokka")


def test_a_phrase_or_an_excluded_word_still_narrows_the_matches(kb):
    found = {claim.pk for claim in search.search_claims('"quokka templates"').rows}
    assert found == {kb["django_summary"].pk}
    without = {claim.pk for claim in search.search_claims("quokka -jinja").rows}
    assert kb["flask_summary"].pk not in without and kb["django_summary"].pk in without


def test_the_best_match_comes_first_whatever_the_limit(kb):
    first = search.search_claims("quokka", limit=1)
    assert first.rows[0].pk in {kb["django_summary"].pk, kb["flask_summary"].pk}
    assert (first.total, first.capped, first.total_capped) == (4, True, False)


def test_counts_stop_at_the_limit_and_the_page_says_more_than(client, kb, monkeypatch):
    monkeypatch.setattr(search, "CLAIM_LIMIT", 1)
    monkeypatch.setattr(search, "SOURCE_LIMIT", 1)
    monkeypatch.setattr(search, "COUNT_LIMIT", 2)

    page = search.search_claims("quokka")
    assert (len(page.rows), page.total, page.capped, page.total_capped) == (1, 2, True, True)
    html = get_search(client, "quokka").content.decode()
    assert "More than 2 claims and 2 sources match" in html
    assert "Showing the 1 best of more than 2 matching claims" in html
    assert "Showing the 1 best of 2 matching sources" in html


def test_source_excerpts_centre_on_the_word_and_escape_the_text(client, vocabulary):
    body = (
        "# Notes\n\n"
        + "Performance and format matter. " * 20
        + "Its ORM & <y admin. "
        + "Filler words here. " * 20
    )
    add_source("notes", body, title="Notes")
    sources = search.search_sources("orm").rows
    assert [source.slug for source in sources] == ["notes"]
    assert "Its <mark>ORM</mark> &amp; &lt;y admin." in sources[0].excerpt_html
    assert "<y" not in sources[0].excerpt_html


def test_result_links_are_the_claims_and_sources_own_addresses(client, kb):
    html = get_search(client, "quokka").content.decode()
    claim = kb["flask_summary"]
    assert f'href="{claim.get_absolute_url()}"' in html
    assert f'href="{claim.source.get_absolute_url()}#claim-{claim.pk}"' in html
