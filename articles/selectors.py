"""Reads for the public pages: plain data, every count computed in SQL."""

from types import SimpleNamespace

from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404
from django.urls import reverse

from criteria.links import cell_id, comparison_url, split_comparison_slug
from criteria.models import MAX_COMPARED, Criterion, Framework

from .models import Claim, Source
from .rendering import Passage, passage_in_context, render_article

# Public claims, as a filter on a related count: published and not flagged (see Claim.objects.public).
PUBLISHED = Q(claims__status=Claim.Status.PUBLISHED, claims__needs_review=False)


def published_claims_per(field, *, among=None, **aggregates):
    """{id: row} of the public claims grouped by `field` (a count, and any other aggregate),
    of those `among` the given rows if given.

    One pass over the claims table: counting through a join from each framework, criterion or
    source, grouped by every column of that row, cost three to four times as much at scale."""
    claims = Claim.objects.public()
    if among is not None:
        claims = claims.filter(**{f"{field}__in": [item.pk for item in among]})
    rows = claims.values(field).annotate(count=Count("*"), **aggregates)
    return {row[field]: row for row in rows.order_by()}


def with_published_counts(items, counts, **fields):
    """The items, each given `published_claim_count` (and each of `fields`: attribute=aggregate)
    from published_claims_per()'s rows; zero where an item has no public claim."""
    items = list(items)
    for item in items:
        row = counts.get(item.pk, {})
        item.published_claim_count = row.get("count", 0)
        for attribute, aggregate in fields.items():
            setattr(item, attribute, row.get(aggregate, 0))
    return items


def frameworks_with_claim_counts(counts=None):
    """Frameworks, most-discussed first (then by name), each with its number of published
    claims; `counts`, published_claims_per("framework"), if the caller has them already."""
    if counts is None:
        counts = published_claims_per("framework")
    frameworks = with_published_counts(Framework.objects.order_by("name"), counts)
    # A stable sort keeps the database's name order among equal counts.
    return sorted(frameworks, key=lambda framework: -framework.published_claim_count)


def criteria_with_claim_counts(*, with_sources=True):
    """Criteria in display order with their published claims and (unless told not to) the
    number of sources those come from."""
    criteria = Criterion.objects.in_display_order()
    if not with_sources:
        return with_published_counts(criteria, published_claims_per("criterion"))
    counts = published_claims_per("criterion", sources=Count("source", distinct=True))
    return with_published_counts(criteria, counts, source_count="sources")


# How many sources the home page shows, the most recently added first; the source list has all.
HOME_SOURCES = 10
# Sources per page of the source list.
SOURCES_PER_PAGE = 25


def published_claim_total(framework_counts=None):
    """How many claims are public: the sum of published_claims_per("framework"), each claim
    being about one framework. Those counts read a narrow index; SQLite counted the same rows
    through the table (65 -> 11 ms at 100,000 claims)."""
    counts = published_claims_per("framework") if framework_counts is None else framework_counts
    return sum(row["count"] for row in counts.values())


def sources_listed(ordered_pks):
    """Those sources in that order, with their metadata and published-claim counts (two queries
    after the one for the ids). Ordering and slicing the ids alone spares the database the opening
    of every article's text that display_title needs (PostgreSQL, 2,000 sources: 25 -> 2 ms)."""
    pks = list(ordered_pks)
    found = Source.objects.for_listing().in_bulk(pks)
    sources = [found[pk] for pk in pks if pk in found]
    return with_published_counts(sources, published_claims_per("source", among=sources))


def knowledge_base_overview():
    """Frameworks, criteria and the latest sources with their published claim counts, for the
    home page: a bounded page however many sources there are."""
    framework_counts = published_claims_per("framework")
    latest = Source.objects.order_by("-imported_at", "-pk").values_list("pk", flat=True)
    return {
        "frameworks": frameworks_with_claim_counts(framework_counts),
        "criteria": criteria_with_claim_counts(with_sources=False),
        "sources": sources_listed(latest[:HOME_SOURCES]),
        "source_count": Source.objects.count(),
        "published_claim_count": published_claim_total(framework_counts),
    }


def source_list(page_number):
    """One page of the articles, by title, with their metadata and published-claim counts.

    Raises django.core.paginator.InvalidPage for a page that is not there."""
    ids = Source.objects.order_by("title", "slug").values_list("pk", flat=True)
    page = Paginator(ids, SOURCES_PER_PAGE).page(page_number)
    return {
        "page": page,
        "sources": sources_listed(page.object_list),
        "source_count": page.paginator.count,
        "published_claim_count": published_claim_total(),
    }


# The article reader and the claim pages.


def requested_comparison(value):
    """The framework slugs of `?compare=a-vs-b` if it names a comparison that exists, else None."""
    if not isinstance(value, str) or len(value) > 900:
        return None
    frameworks = Framework.objects.for_comparison(split_comparison_slug(value))
    return [framework.slug for framework in frameworks] if frameworks else None


def claim_comparison_url(claim, article_slugs, requested=None, *, bases=None):
    """The claim's cell in the requested comparison if it includes the claim's framework, else
    in the comparison of the frameworks its article has claims about (None if fewer than two).

    `bases`, a dict kept across one page's claims, holds each comparison's address once: a
    reverse() per claim was a quarter of a long article's render."""
    framework = claim.framework.slug
    slugs = requested if requested and framework in requested else article_slugs
    if not 2 <= len(slugs) <= MAX_COMPARED:
        return None
    if bases is None:
        return comparison_url(slugs, criterion_slug=claim.criterion.slug, framework_slug=framework)
    key = tuple(slugs)
    base = bases.get(key)
    if base is None:
        base = bases[key] = comparison_url(slugs)
    return f"{base}#{cell_id(claim.criterion.slug, framework)}"


class ReversedOnce:
    """An address per object from one reverse() of the URL name with a marker for its argument:
    a reverse() per claim was a quarter of a long article's render."""

    MARKER = "2147483647"  # an int and a slug alike, so any converter takes it
    ATTRIBUTE = "pk"

    def __init__(self, name):
        self.prefix, self.suffix = reverse(name, args=[self.MARKER]).split(self.MARKER)

    def __call__(self, item):
        return f"{self.prefix}{getattr(item, self.ATTRIBUTE)}{self.suffix}"


class ClaimPermalinks(ReversedOnce):
    """Claims' permalinks (Claim.get_absolute_url)."""

    def __init__(self):
        super().__init__("articles:claim-detail")


class SourceAddresses(ReversedOnce):
    """Sources' reader pages (Source.get_absolute_url)."""

    ATTRIBUTE = "slug"

    def __init__(self):
        super().__init__("articles:source-detail")


def is_anchored(claim, body):
    """Whether the claim's quote is at its offsets (a claim flagged for review may not be)."""
    return body[claim.quote_start : claim.quote_end] == claim.quote


READER_CLAIM_FIELDS = (
    "pk", "stance", "summary", "quote", "quote_start", "quote_end",
    "framework__slug", "framework__name", "criterion__slug", "criterion__name",
)  # fmt: skip


def reader_claims(source):
    """The article's public claims in reading order, as plain rows (`claim.framework.name` and
    the like still read as on a model): a long article's 150 claims built as three model
    instances each were a third of the reader's selector. Each framework and criterion is one
    shared object."""
    named = {}

    def shared(kind, slug, name):
        return named.setdefault((kind, slug), SimpleNamespace(slug=slug, name=name))

    claims = []
    rows = (
        source.claims.public()
        .order_by("quote_start", "quote_end", "framework__name", "criterion__name", "pk")
        .values_list(*READER_CLAIM_FIELDS)
    )
    for pk, stance, summary, quote, start, end, framework, framework_name, criterion, name in rows:
        claims.append(
            SimpleNamespace(
                pk=pk,
                stance=stance,
                summary=summary,
                quote=quote,
                quote_start=start,
                quote_end=end,
                framework=shared("framework", framework, framework_name),
                criterion=shared("criterion", criterion, name),
            )  # fmt: skip
        )
    return claims


def source_reader(slug, *, compare=None):
    """An article, its body rendered with every published claim marked, and those claims.

    Two queries (three with `compare`), however many claims the article has.
    """
    source = get_object_or_404(Source.objects.defer("original_text"), slug=slug)
    claims = reader_claims(source)
    frameworks = sorted(
        {claim.framework.slug: claim.framework for claim in claims}.values(),
        key=lambda item: item.name,
    )
    article_slugs = [framework.slug for framework in frameworks]
    requested = requested_comparison(compare) if compare else None
    passages = []
    bases, permalink = {}, ClaimPermalinks()
    for number, claim in enumerate(claims, start=1):
        claim.number = number
        claim.comparison_link = claim_comparison_url(claim, article_slugs, requested, bases=bases)
        claim.permalink = permalink(claim)
        claim.anchored = is_anchored(claim, source.body)
        if claim.anchored:
            passages.append(
                Passage(
                    pk=claim.pk,
                    start=claim.quote_start,
                    end=claim.quote_end,
                    stance=claim.stance,
                    permalink=claim.permalink,
                    comparison_url=claim.comparison_link,
                    label=f"{claim.framework.name} · {claim.criterion.name}",
                    summary=claim.summary,
                    number=number,
                )
            )
    return {
        "source": source,
        "claims": claims,
        "frameworks": frameworks,
        "article_html": render_article(source.body, passages),
    }


def claim_page(pk, *, compare=None):
    """A published claim with its article, the passage in context and where to read more."""
    claim = get_object_or_404(
        Claim.objects.public()
        .select_related("source", "framework", "criterion")
        .defer("source__original_text"),
        pk=pk,
    )
    article_slugs = list(
        Framework.objects.filter(
            claims__source=claim.source_id,
            claims__status=Claim.Status.PUBLISHED,
            claims__needs_review=False,
        )
        .order_by("name")
        .values_list("slug", flat=True)
        .distinct()
    )
    requested = requested_comparison(compare) if compare else None
    anchored = is_anchored(claim, claim.source.body)
    return {
        "claim": claim,
        "source": claim.source,
        "context": (
            passage_in_context(claim.source.body, claim.quote_start, claim.quote_end)
            if anchored
            else None
        ),
        "comparison_link": claim_comparison_url(claim, article_slugs, requested),
    }
