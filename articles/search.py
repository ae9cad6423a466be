"""Search over published claims and sources: selectors that return plain data, and the view.

Both databases match whole words (and their English forms), rank, and highlight the matched
terms: PostgreSQL with its full-text search (ts_rank, ts_headline), SQLite with its FTS5 index
(bm25, highlight and snippet: articles/fts.py); the marks are written by articles/highlighting.py.

On PostgreSQL a claim's whole document (its texts and its framework's and criterion's names)
and a source's are stored and GIN-indexed, so a search reads an index instead of parsing every
article, and ranks ids before it reads the rows shown (articles/postgres_search.py).
"""

import re
import string
from dataclasses import dataclass, field
from typing import NamedTuple

from django.db import connection
from django.db.models import Prefetch
from django.shortcuts import render
from django.views.decorators.http import require_safe

from criteria.models import Criterion

from . import fts, postgres_search
from .cache import cached_page
from .highlighting import (
    excerpt,
    highlighted,
    marked_terms,
    with_terms_marked,
    without_markdown,
)
from .models import Claim, Source
from .selectors import ClaimPermalinks, SourceAddresses

MAX_QUERY_LENGTH = 200
# The fallback builds one condition per word and field: keep the SQL bounded.
MAX_WORDS = 12
# The first page of each kind, best first. At 200 claims and 50 sources a search on the scale
# corpus was 213 KB and 105 ms on SQLite (most of it rendering the rows, and on PostgreSQL
# ts_headline over 50 long bodies); 100 and 20 halve the page and take it to 70 ms.
CLAIM_LIMIT = 100
SOURCE_LIMIT = 20
# Matches are counted up to this many: past it the page says "more than". Counting every match
# of a common word (5,600 claims for "orm" on the scale corpus) in a query of its own was a third
# of a PostgreSQL search; FTS5 stops at the first thousand, and PostgreSQL now counts them all
# within the ranking query (postgres_search.ranked), where it costs a millisecond.
COUNT_LIMIT = 1000
# What a result shows (and groups by), read alone: every other column of a hundred claims, their
# frameworks and criteria (JSON and dates to decode) was a tenth of a scale search's Python time.
CLAIM_RESULT_FIELDS = (
    "stance", "summary", "quote", "source", "framework__name", "framework__slug",
    "criterion__name", "criterion__slug", "criterion__group", "criterion__order",
)  # fmt: skip
SOURCE_RESULT_FIELDS = ("title", "slug", "author", "publisher", "published", "body")

# Control characters (NUL among them) have no place in a search and PostgreSQL refuses NUL.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f]")


@dataclass
class SearchResults:
    query: str
    claim_groups: list = field(default_factory=list)
    claim_count: int = 0
    claim_total: int = 0
    claims_capped: bool = False
    claim_total_capped: bool = False  # more than claim_total match (COUNT_LIMIT)
    sources: list = field(default_factory=list)
    source_total: int = 0
    sources_capped: bool = False
    source_total_capped: bool = False


def normalize_query(raw):
    """The query as searched, and a notice for the reader when it had to be shortened."""
    # Lone surrogates cannot be sent to a database: replace them rather than fail.
    text = raw.encode("utf-8", "replace").decode("utf-8")
    text = " ".join(CONTROL_CHARACTERS.sub(" ", text).split())
    if len(text) <= MAX_QUERY_LENGTH:
        return text, None
    shortened = text[:MAX_QUERY_LENGTH].rstrip()
    return shortened, (
        f"Searches are limited to {MAX_QUERY_LENGTH} characters: "
        "only the beginning of yours was searched."
    )


def query_words(query):
    """Distinct words, stripped of surrounding punctuation (quotes, brackets, operators)."""
    words = []
    for token in query.split():
        word = token.strip(string.punctuation + "“”‘’«»")
        if word and word.lower() not in (w.lower() for w in words):
            words.append(word)
    return words[:MAX_WORDS]


def uses_full_text_search():
    return connection.vendor == "postgresql"


def ranked_page(queryset, matches, total):
    """The rows of QUERYSET for MATCHES, (id, marked text, ...) best first, each row with its
    marked texts as `marks`, of TOTAL matches: (rows, total counted up to COUNT_LIMIT, whether
    more match than are shown, whether more than COUNT_LIMIT match)."""
    found = queryset.in_bulk([pk for pk, *_ in matches])
    rows = []
    for pk, *marks in matches:
        if pk in found:
            row = found[pk]
            row.marks = marks
            rows.append(row)
    return rows, min(total, COUNT_LIMIT), total > len(matches), total > COUNT_LIMIT


def sqlite_matches(table, weights, query, queryset, limit, *, whole, excerpt):
    """fts.ranked's (matches, total) for QUERY; none when it has no words."""
    expression = fts.match_expression(query, max_words=MAX_WORDS)
    if expression is None:
        return [], 0
    return fts.ranked(
        table, weights, expression, queryset, limit, COUNT_LIMIT, whole=whole, excerpt=excerpt
    )


class Page(NamedTuple):
    """The first page of one kind of result, best first."""

    rows: list
    total: int  # matches counted, at most COUNT_LIMIT
    capped: bool  # fewer rows shown than match
    total_capped: bool  # more than `total` match


def search_claims(query, *, limit=None):
    """Published claims matching QUERY, best first, as a Page.

    Each claim carries `summary_html` and `excerpt_html`, its summary and (part of) its quote
    with the matched terms in <mark>, and its `permalink` and `passage_link`.
    """
    limit = CLAIM_LIMIT if limit is None else limit
    queryset = (
        Claim.objects.public()
        .select_related("framework", "criterion")
        .only(*CLAIM_RESULT_FIELDS)
        # Sources once each, not joined to every claim, and without their long texts.
        .prefetch_related(Prefetch("source", queryset=Source.objects.for_citing()))
    )
    if not uses_full_text_search():
        matches = sqlite_matches(
            "articles_claim_fts", fts.CLAIM_WEIGHTS, query, queryset, limit, whole=0, excerpt=1
        )
        page = Page(*ranked_page(queryset, *matches))
        for claim in page.rows:
            summary_marked, excerpt_marked = claim.marks
            claim.summary_html = highlighted(summary_marked or claim.summary)
            claim.excerpt_html = highlighted(excerpt_marked or claim.quote)
    else:
        matches = postgres_search.ranked(
            postgres_search.CLAIMS, query, limit, marked=("summary", "quote")
        )
        page = Page(*ranked_page(queryset, *matches))
        for claim in page.rows:
            terms = marked_terms(*claim.marks)
            claim.summary_html = with_terms_marked(claim.summary, terms)
            claim.excerpt_html = with_terms_marked(
                excerpt(claim.quote, sorted(terms) or query_words(query)), terms
            )
    # One reverse() per page for each kind of address, not two per claim.
    permalink, source_address = ClaimPermalinks(), SourceAddresses()
    for claim in page.rows:
        claim.permalink = permalink(claim)
        claim.passage_link = f"{source_address(claim.source)}#claim-{claim.pk}"
    return page


def search_sources(query, *, limit=None):
    """Sources matching QUERY, best first, as a Page, each with `excerpt_html`, a piece of its
    text around the matches, the terms in <mark>."""
    limit = SOURCE_LIMIT if limit is None else limit
    queryset = Source.objects.only(*SOURCE_RESULT_FIELDS)
    if not uses_full_text_search():
        matches = sqlite_matches(
            "articles_source_fts", fts.SOURCE_WEIGHTS, query, queryset, limit, whole=0, excerpt=3
        )
        page = Page(*ranked_page(queryset, *matches))
        for source in page.rows:
            text = source.marks[1] or excerpt(source.body, query_words(query))
            source.excerpt_html = highlighted(" ".join(without_markdown(text).split()))
        return page
    page = Page(
        *ranked_page(queryset, *postgres_search.ranked(postgres_search.SOURCES, query, limit))
    )
    words = query_words(query)
    excerpts = [excerpt(without_markdown(source.body), words) for source in page.rows]
    marked = postgres_search.marked(excerpts, query)
    for source, text, headline in zip(page.rows, excerpts, marked, strict=True):
        source.excerpt_html = with_terms_marked(text, marked_terms(headline))
    return page


GROUP_RANK = {group: index for index, group in enumerate(Criterion.Group.values)}


def display_position(criterion):
    """The criterion's place in Criterion.objects.in_display_order(), from its own fields."""
    return (GROUP_RANK.get(criterion.group, len(GROUP_RANK)), criterion.order, criterion.name)


def group_claims(claims):
    """Ranked claims grouped by framework (best match first), then criterion in display order."""
    frameworks = {}
    for claim in claims:
        # Claims arrive best first, so frameworks are met in the order of their best match.
        group = frameworks.setdefault(
            claim.framework_id, {"framework": claim.framework, "criteria": {}, "count": 0}
        )
        group["count"] += 1
        group["criteria"].setdefault(
            claim.criterion_id, {"criterion": claim.criterion, "results": []}
        )["results"].append({"claim": claim})
    return [
        {
            **group,
            "criteria": sorted(
                group["criteria"].values(),
                key=lambda entry: display_position(entry["criterion"]),
            ),
        }
        for group in frameworks.values()
    ]


def search(query):
    """Everything the search page shows for QUERY, as plain data."""
    results = SearchResults(query=query)
    if not query:
        return results
    claims = search_claims(query)
    results.claim_total, results.claims_capped = claims.total, claims.capped
    results.claim_total_capped = claims.total_capped
    results.claim_count = len(claims.rows)
    results.claim_groups = group_claims(claims.rows)
    sources = search_sources(query)
    results.source_total, results.sources_capped = sources.total, sources.capped
    results.source_total_capped = sources.total_capped
    results.sources = [{"source": source} for source in sources.rows]
    return results


@require_safe
@cached_page("search", reads=("q",))
def search_view(request):
    query, notice = normalize_query(request.GET.get("q", ""))
    return render(
        request,
        "articles/search.html",
        {
            "results": search(query),
            "query": query,
            "search_query": query,
            "notice": notice,
            "max_query_length": MAX_QUERY_LENGTH,
        },
    )
