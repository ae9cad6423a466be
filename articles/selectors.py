"""Reads for the public pages: plain data, every count computed in SQL."""

from types import SimpleNamespace

from django.db.models import Count, Q
from django.shortcuts import get_object_or_404
from django.urls import reverse

from criteria.links import cell_id, comparison_url, split_comparison_slug
from criteria.models import MAX_COMPARED, Criterion, Framework

from .models import Claim, Source
from .rendering import Passage, passage_in_context, render_article

# Public claims, as a filter on a related count: published and not flagged (see Claim.objects.public).
PUBLISHED = Q(claims__status=Claim.Status.PUBLISHED, claims__needs_review=False)


def frameworks_with_claim_counts():
    """Frameworks, most-discussed first, each with its number of published claims."""
    return Framework.objects.annotate(
        published_claim_count=Count("claims", filter=PUBLISHED)
    ).order_by("-published_claim_count", "name")


def criteria_with_claim_counts():
    """Criteria in display order with their published claims and the sources they come from."""
    return Criterion.objects.in_display_order().annotate(
        published_claim_count=Count("claims", filter=PUBLISHED),
        source_count=Count("claims__source", filter=PUBLISHED, distinct=True),
    )


def knowledge_base_overview():
    """Frameworks, criteria and sources with their published claim counts, for the home page."""
    return {
        "frameworks": frameworks_with_claim_counts(),
        "criteria": criteria_with_claim_counts(),
        "sources": Source.objects.for_listing().with_claim_counts().order_by("title", "slug"),
        "published_claim_count": Claim.objects.public().count(),
    }


# The article reader and the claim pages.


def source_list():
    """Every article with its metadata and published-claim count (one query)."""
    sources = list(Source.objects.for_listing().with_claim_counts().order_by("title", "slug"))
    return {
        "sources": sources,
        "published_claim_count": sum(source.published_claim_count for source in sources),
    }


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
