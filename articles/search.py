"""Search over published claims and sources: selectors that return plain data, and the view.

PostgreSQL ranks with its full-text search; every other database gets a portable fallback that
matches each word with icontains and scores the hits in SQL, so the page behaves alike on both.
"""

import re
import string
from dataclasses import dataclass, field
from functools import reduce
from operator import or_

from django.db import connection
from django.db.models import Case, FloatField, Prefetch, Q, Value, When
from django.shortcuts import render
from django.views.decorators.http import require_safe

from criteria.models import Criterion

from .models import Claim, Source

MAX_QUERY_LENGTH = 200
# The fallback builds one condition per word and field: keep the SQL bounded.
MAX_WORDS = 12
CLAIM_LIMIT = 200
SOURCE_LIMIT = 50
EXCERPT_CHARS = 240
TEXT_SEARCH_CONFIG = "english"

# Control characters (NUL among them) have no place in a search and PostgreSQL refuses NUL.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f]")
# Field weights: PostgreSQL's letters, and the fallback's score in the same spirit.
CLAIM_WEIGHTS = {
    "postgresql": {"summary": "A", "quote": "B", "framework__name": "A", "criterion__name": "A"},
    "fallback": {"summary": 4, "framework__name": 4, "criterion__name": 4, "quote": 1},
}
SOURCE_WEIGHTS = {
    "postgresql": {"title": "A", "author": "B", "publisher": "B", "body": "D"},
    "fallback": {"title": 4, "author": 2, "publisher": 2, "body": 1},
}


@dataclass
class SearchResults:
    query: str
    claim_groups: list = field(default_factory=list)
    claim_count: int = 0
    claim_total: int = 0
    claims_capped: bool = False
    sources: list = field(default_factory=list)
    source_total: int = 0
    sources_capped: bool = False


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


def ranked(queryset, query, weights):
    """Matches of QUERY in the weighted fields, annotated with `rank`, best first."""
    if uses_full_text_search():
        from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector

        vector = reduce(
            lambda left, right: left + right,
            (
                SearchVector(name, weight=weight, config=TEXT_SEARCH_CONFIG)
                for name, weight in weights["postgresql"].items()
            ),
        )
        search_query = SearchQuery(query, search_type="websearch", config=TEXT_SEARCH_CONFIG)
        return (
            queryset.annotate(search=vector, rank=SearchRank(vector, search_query))
            .filter(search=search_query)
            .order_by("-rank", "pk")
        )
    words = query_words(query)
    if not words:
        return queryset.none()
    score = Value(0.0, output_field=FloatField())
    for word in words:
        conditions = [Q(**{f"{name}__icontains": word}) for name in weights["fallback"]]
        # Every word must occur somewhere; each field it occurs in adds to the score.
        queryset = queryset.filter(reduce(or_, conditions))
        for condition, weight in zip(conditions, weights["fallback"].values(), strict=True):
            score = score + Case(
                When(condition, then=Value(float(weight))),
                default=Value(0.0),
                output_field=FloatField(),
            )
    return queryset.annotate(rank=score).order_by("-rank", "pk")


def first_page(queryset, limit):
    """Up to LIMIT rows, the total number of matches, and whether the rows stop short of it."""
    rows = list(queryset[: limit + 1])
    if len(rows) <= limit:
        return rows, len(rows), False
    return rows[:limit], queryset.count(), True


def search_claims(query, *, limit=None):
    """Published claims matching QUERY, best first: (claims, total matches, capped)."""
    limit = CLAIM_LIMIT if limit is None else limit
    queryset = (
        Claim.objects.published()
        .select_related("framework", "criterion")
        # Sources once each, not joined to every claim: their bodies are long.
        .prefetch_related(Prefetch("source", queryset=Source.objects.defer("original_text")))
    )
    return first_page(ranked(queryset, query, CLAIM_WEIGHTS), limit)


def search_sources(query, *, limit=None):
    """Sources matching QUERY, best first: (sources, total matches, capped)."""
    limit = SOURCE_LIMIT if limit is None else limit
    queryset = Source.objects.defer("original_text")
    return first_page(ranked(queryset, query, SOURCE_WEIGHTS), limit)


MARKDOWN_NOISE = re.compile(r"\]\([^)]*\)|[\[\]*_`#>]+")


def excerpt(text, words, *, width=EXCERPT_CHARS):
    """About WIDTH characters of TEXT around the first word found, with ellipses where cut."""
    text = " ".join(text.split())
    if len(text) <= width:
        return text
    lowered = text.lower()
    found = []
    for word in words:
        # A stem catches the forms full-text search matched ("templates" for "templating").
        for probe in (word.lower(), word.lower()[:5]):
            position = lowered.find(probe) if len(probe) >= 3 else -1
            if position >= 0:
                found.append(position)
                break
    start = max(0, min(found) - width // 3) if found else 0
    if start:
        space = text.find(" ", start)
        start = space + 1 if 0 <= space < start + 20 else start
    end = min(len(text), start + width)
    if end < len(text):
        space = text.rfind(" ", start, end)
        end = space if space > start + width // 2 else end
    prefix = "…" if start else ""
    suffix = "…" if end < len(text) else ""
    return f"{prefix}{text[start:end].strip()}{suffix}"


def group_claims(claims, words):
    """Ranked claims grouped by framework (best match first), then criterion in display order."""
    if not claims:
        return []
    position = {
        pk: index
        for index, pk in enumerate(
            Criterion.objects.in_display_order().values_list("pk", flat=True)
        )
    }
    frameworks = {}
    for claim in claims:
        # Claims arrive best first, so frameworks are met in the order of their best match.
        group = frameworks.setdefault(
            claim.framework_id, {"framework": claim.framework, "criteria": {}, "count": 0}
        )
        group["count"] += 1
        group["criteria"].setdefault(
            claim.criterion_id, {"criterion": claim.criterion, "results": []}
        )["results"].append({"claim": claim, "excerpt": excerpt(claim.quote, words)})
    return [
        {
            **group,
            "criteria": sorted(
                group["criteria"].values(),
                key=lambda entry: position.get(entry["criterion"].pk, len(position)),
            ),
        }
        for group in frameworks.values()
    ]


def search(query):
    """Everything the search page shows for QUERY, as plain data."""
    results = SearchResults(query=query)
    if not query:
        return results
    words = query_words(query)
    claims, results.claim_total, results.claims_capped = search_claims(query)
    results.claim_count = len(claims)
    results.claim_groups = group_claims(claims, words)
    sources, results.source_total, results.sources_capped = search_sources(query)
    results.sources = [
        {"source": source, "excerpt": excerpt(MARKDOWN_NOISE.sub(" ", source.body), words)}
        for source in sources
    ]
    return results


@require_safe
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
