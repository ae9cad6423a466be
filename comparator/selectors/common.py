"""What the comparison and the framework and criterion pages share: claims read light for their
figures and choice, and whole only when shown, with their links and numbered sources."""

from collections.abc import Mapping

from django.core.validators import slug_re
from django.db.models import F
from django.urls import reverse

from articles.models import CITED_SOURCE_FIELDS, Claim, Source

# The most claims a group of a framework or criterion page shows; the rest are one link away
# (the page filtered to that group shows them all). Five claims hold the first claim of up to
# five sources, which is the breadth a reader weighs.
CELL_CLAIMS_SHOWN = 5

# What a cell and an export read of a claim; its criterion, framework and source are attached
# from the rows already fetched rather than joined to every claim.
SHOWN_CLAIM_FIELDS = (
    "criterion",
    "framework",
    "source",
    "finding",
    "stance",
    "summary",
    "quote",
    "quote_start",
)
# What the evidence figures and the choice of shown claims read of every claim.
FACT_FIELDS = (
    "pk",
    "criterion_id",
    "framework_id",
    "source_id",
    "stance",
    "quote_start",
    "finding_id",
)


# A claim's fact is a plain tuple of FACT_FIELDS, read at these places: light enough to read
# for every claim of a comparison (a frozen dataclass's __init__ cost three times as much). Not
# a namedtuple: Python's collector stops tracking a plain tuple of numbers and strings once it
# has seen it, but keeps a namedtuple's and walks it in every full collection; the 13,000 of a
# scale comparison made it run one every other render, at tens of milliseconds each.
PK, CRITERION, FRAMEWORK, SOURCE, STANCE, POSITION, FINDING = range(len(FACT_FIELDS))


def read_facts(claims):
    return list(claims.order_by().values_list(*FACT_FIELDS))


class CitedSources(Mapping):
    """The sources some facts cite, by pk: read as rows, each made a Source only when a page
    names it (in its references, its claims' links) or it is untitled (display_title then
    reads its opening). A scale comparison's facts cite about 900 sources and its page about a
    hundred: a Source instance for each of the 900 was a tenth of its selector's time."""

    def __init__(self, pks):
        queryset = Source.objects.for_citing().filter(pk__in=pks).order_by()
        wanted = {"id", *CITED_SOURCE_FIELDS}
        # In the model's field order, as Model.from_db expects of a row of some of them.
        self.fields = [f.attname for f in Source._meta.concrete_fields if f.attname in wanted]
        self.db = queryset.db
        self.rows = {row[0]: row for row in queryset.values_list(*self.fields, "body_opening")}
        self.made = {}

    def __getitem__(self, pk):
        source = self.made.get(pk)
        if source is None:
            *values, opening = self.rows[pk]
            source = self.made[pk] = Source.from_db(self.db, self.fields, values)
            source.body_opening = opening  # as for_citing()'s annotation sets it
        return source

    def __iter__(self):
        return iter(self.rows)

    def __len__(self):
        return len(self.rows)

    def reading_ranks(self):
        """pk -> the place of the source's display title (lowercased) among the others'; the
        same title, the same place."""
        titled = self.fields.index("title")
        keys = {
            pk: (row[titled] or self[pk].display_title).lower() for pk, row in self.rows.items()
        }
        places = {key: place for place, key in enumerate(sorted(set(keys.values())))}
        return {pk: places[key] for pk, key in keys.items()}


def facts_in_reading_order(facts):
    """Sort the facts as cells list them (source title, then place in the article); return the
    cited sources by pk (CitedSources), read once by the ids the facts name (a subquery on the
    claims made PostgreSQL probe the claims once per source)."""
    sources = CitedSources(sorted({fact[SOURCE] for fact in facts}))
    rank = sources.reading_ranks()
    # Decorated rather than sorted with a key function (a Python call per fact); the pk, last,
    # is unique, so the facts themselves are never compared.
    keyed = sorted([(rank[fact[SOURCE]], fact[POSITION], fact[PK], fact) for fact in facts])
    facts[:] = [item[3] for item in keyed]
    return sources


def shown_in_cell(facts, limit):
    """The claims a group shows, in its order: all of them, or at most `limit` chosen for
    breadth: each source's first claim (sources in order), then the others in order. `facts`
    are in the group's order."""
    if limit is None or len(facts) <= limit:
        return facts
    seen, first, rest = set(), [], []
    for fact in facts:
        (rest if fact[SOURCE] in seen else first).append(fact)
        seen.add(fact[SOURCE])
    chosen = {fact[PK] for fact in (first + rest)[:limit]}
    return [fact for fact in facts if fact[PK] in chosen]


class ClaimLinks:
    """Each claim's permalink and citation link, built from one reversed address per kind
    rather than a reverse() per claim (a page cites hundreds of claims)."""

    MARKER = "2147483647"

    def __init__(self, compare_pair=None):
        self.permalink = reverse("articles:claim-detail", args=[self.MARKER]).split(self.MARKER)
        self.source_address = reverse("articles:source-detail", args=[self.MARKER]).split(
            self.MARKER
        )
        self.query = f"?compare={compare_pair}" if compare_pair else ""

    def add_to(self, claim):
        prefix, suffix = self.permalink
        claim.permalink = f"{prefix}{claim.pk}{suffix}"
        prefix, suffix = self.source_address  # as Source.get_absolute_url()
        claim.citation_url = f"{prefix}{claim.source.slug}{suffix}{self.query}#claim-{claim.pk}"
        return claim


def shown_claims(claims, pks, *, every):
    """The claims of these pks, by pk: the filtered claims themselves when every one is shown
    (no list of ids to send, and the same query however few there are), else those ids (at most
    the cap for each cell of the page)."""
    # Unordered: the claims' default ordering joined sources and frameworks to sort them (a
    # third of a scale framework page's query for its 600 shown claims).
    chosen = claims if every else Claim.objects.filter(pk__in=list(pks))
    chosen = chosen.order_by()
    # With each claim's finding's summary, joined: the comparison states it once per finding.
    # Annotated rather than select_related: a Finding instance per claim was a third of the
    # comparison's selector time, for one string.
    chosen = chosen.only(*SHOWN_CLAIM_FIELDS).annotate(finding_summary=F("finding__summary"))
    return {claim.pk: claim for claim in chosen}


def number_sources(claims):
    """Number sources in order of first citation; each claim gets its source's number."""
    numbers = {}
    for claim in claims:
        claim.citation_number = numbers.setdefault(
            claim.source_id, (len(numbers) + 1, claim.source)
        )[0]
    return [source for _, source in numbers.values()]


def listed_by_slug(model, slug):
    """The `model` row a query string names by slug: None when it names none (absent or blank),
    LookupError when no row has that slug. A value no slug could be is not looked up (PostgreSQL
    refuses a NUL in a query)."""
    if not slug:
        return None
    if not slug_re.match(slug):
        raise LookupError(slug)
    try:
        return model.objects.get(slug=slug)
    except model.DoesNotExist:
        raise LookupError(slug) from None
