"""The comparison matrix: plain data for the comparison page and its exports.

A comparison reads its claims twice: once as light tuples (criterion, framework, source, stance,
position) for every claim the filters let through, from which the evidence figures and the
choice of what each cell shows are computed; then whole, with their texts, only for the claims
the page shows. So a row's figures always count all of its claims, and a cell capped at a few
claims costs a few claims to build, however many the knowledge base holds.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.core.validators import slug_re
from django.urls import reverse

from articles.models import Claim, Source
from criteria.links import cell_id, comparison_slug
from criteria.models import Criterion, Framework

STANCE_SCORE = {"strength": 1, "neutral": 0, "weakness": -1}

# The most claims a cell of the comparison shows; the rest are one link away (the comparison
# filtered to that criterion shows them all). A cell is read at a glance: five claims hold the
# first claim of up to five sources, which is the breadth a reader weighs, while showing every
# claim made cells of 42 claims, a two-way page of 310 KB on the seed content and of 8 MB on
# the scale corpus, almost all of it template rendering.
CELL_CLAIMS_SHOWN = 5


class UnknownComparison(LookupError):
    pass


def frameworks_for_comparison(slugs):
    """The frameworks named, in the order given; refuses unknown, repeated or too few/many."""
    frameworks = Framework.objects.for_comparison(slugs)
    if frameworks is None:
        raise UnknownComparison(slugs)
    return frameworks


@dataclass
class Cell:
    framework: Framework
    anchor: str
    claims: list = field(default_factory=list)  # the claims shown
    claim_count: int = 0  # all of the cell's claims, shown or not

    @property
    def capped(self):
        return self.claim_count > len(self.claims)


@dataclass
class Row:
    criterion: Criterion
    cells: list
    favoured: dict  # framework slug -> number of sources favouring it
    even: int  # sources that call it even between the frameworks they speak about
    source_count: int
    leader: Framework | None
    claim_count: int = 0

    @property
    def contested(self):
        verdicts = sum(1 for count in self.favoured.values() if count) + (1 if self.even else 0)
        return verdicts > 1

    @property
    def favoured_list(self):
        return [(cell.framework, self.favoured[cell.framework.slug]) for cell in self.cells]


@dataclass
class Comparison:
    frameworks: list
    groups: list  # [(group label, [Row, ...]), ...]
    folded: list  # criteria no chosen framework has a claim on
    sources: list  # sources cited by the claims shown, numbered in order of first citation
    overview: list  # [(framework, criteria it leads), ...]
    even_criteria: int
    claim_count: int  # every claim the filters let through, shown or not
    source_count: int  # the sources of those claims
    criterion: Criterion | None = None  # the one criterion filtered to, its cells uncapped

    @property
    def rows(self):
        return [row for _, rows in self.groups for row in rows]

    @property
    def overview_max(self):
        return max([count for _, count in self.overview] + [1])


# What a cell and an export read of a claim; its criterion, framework and source are attached
# from the rows already fetched rather than joined to every claim.
SHOWN_CLAIM_FIELDS = (
    "criterion",
    "framework",
    "source",
    "stance",
    "summary",
    "quote",
    "quote_start",
)
# What the evidence figures and the choice of shown claims read of every claim.
FACT_FIELDS = ("pk", "criterion_id", "framework_id", "source_id", "stance", "quote_start")


@dataclass(frozen=True)
class ClaimFact:
    """A claim as FACT_FIELDS: light enough to read for every claim of a comparison."""

    pk: int
    criterion_id: int
    framework_id: int
    source_id: int
    stance: str
    quote_start: int


def source_verdict(scores):
    """What one source says on one row: ("favours", slug), ("even", None) or None.

    `scores` maps each framework the source speaks about to strengths minus weaknesses.
    """
    if not scores:
        return None
    best = max(scores.values())
    leaders = [slug for slug, score in scores.items() if score == best]
    if len(leaders) == 1 and (best > 0 or len(scores) > 1):
        return ("favours", leaders[0])
    if len(leaders) > 1:
        return ("even", None)
    return None


def build_row(criterion, frameworks, facts):
    """A row's evidence figures from all its claims (`facts`); its cells are filled later."""
    slugs = {framework.pk: framework.slug for framework in frameworks}
    cells = {
        framework.slug: Cell(framework, anchor=cell_id(criterion.slug, framework.slug))
        for framework in frameworks
    }
    scores = defaultdict(lambda: defaultdict(int))
    for fact in facts:
        slug = slugs[fact.framework_id]
        cells[slug].claim_count += 1
        scores[fact.source_id][slug] += STANCE_SCORE[fact.stance]
    favoured = {framework.slug: 0 for framework in frameworks}
    even = 0
    for per_framework in scores.values():
        verdict = source_verdict(per_framework)
        if verdict and verdict[0] == "favours":
            favoured[verdict[1]] += 1
        elif verdict:
            even += 1
    top = max(favoured.values())
    leaders = [framework for framework in frameworks if favoured[framework.slug] == top]
    return Row(
        criterion=criterion,
        cells=[cells[framework.slug] for framework in frameworks],
        favoured=favoured,
        even=even,
        source_count=len(scores),
        leader=leaders[0] if top > 0 and len(leaders) == 1 else None,
        claim_count=len(facts),
    )


def facts_in_reading_order(facts, claims):
    """Sort the facts as cells list them (source title, then place in the article); return the
    cited sources by pk, read once without their texts."""
    sources = {
        source.pk: source
        for source in Source.objects.for_listing().filter(
            pk__in=claims.order_by().values("source_id")
        )
    }
    source_key = {pk: source.display_title.lower() for pk, source in sources.items()}
    facts.sort(key=lambda f: (source_key[f.source_id], f.quote_start, f.pk))
    return sources


def shown_in_cell(facts, limit):
    """The claims a cell shows, in the cell's order: all of them, or at most `limit` chosen
    for breadth: each source's first claim (sources in the cell's order), then the others in
    the cell's order. `facts` are in the cell's order."""
    if limit is None or len(facts) <= limit:
        return facts
    seen, first, rest = set(), [], []
    for fact in facts:
        (rest if fact.source_id in seen else first).append(fact)
        seen.add(fact.source_id)
    chosen = {fact.pk for fact in (first + rest)[:limit]}
    return [fact for fact in facts if fact.pk in chosen]


class ClaimLinks:
    """Each claim's permalink and citation link, built from one reversed address per kind
    rather than a reverse() per claim (a page cites hundreds of claims)."""

    MARKER = "2147483647"

    def __init__(self, compare_pair=None):
        self.permalink = reverse("articles:claim-detail", args=[self.MARKER]).split(self.MARKER)
        self.query = f"?compare={compare_pair}" if compare_pair else ""
        self.source_urls = {}

    def add_to(self, claim):
        prefix, suffix = self.permalink
        claim.permalink = f"{prefix}{claim.pk}{suffix}"
        source_url = self.source_urls.get(claim.source_id)
        if source_url is None:
            source_url = self.source_urls[claim.source_id] = claim.source.get_absolute_url()
        claim.citation_url = f"{source_url}{self.query}#claim-{claim.pk}"
        return claim


def comparison_claims(frameworks):
    return Claim.objects.public().filter(framework__in=frameworks)


def comparison_matrix(frameworks, claims, *, per_cell=CELL_CLAIMS_SHOWN, criterion=None):
    """Rows of criteria (grouped, ordered) by columns of frameworks, from the given claims.

    Each cell shows at most `per_cell` claims (None: all, as the exports want); the figures
    count every claim. `criterion`, when the claims are filtered to one, is the only criterion
    listed (a criterion filtered out is not one nobody wrote about).
    """
    if per_cell is None:
        # Every claim is shown: read them whole at once and their figures from them.
        whole = {claim.pk: claim for claim in claims.order_by().only(*SHOWN_CLAIM_FIELDS)}
        facts = [
            ClaimFact(*(getattr(claim, name) for name in FACT_FIELDS)) for claim in whole.values()
        ]
    else:
        whole = None
        facts = [ClaimFact(*values) for values in claims.order_by().values_list(*FACT_FIELDS)]
    sources = facts_in_reading_order(facts, claims)
    by_criterion = defaultdict(list)
    for fact in facts:
        by_criterion[fact.criterion_id].append(fact)

    groups, folded, shown_facts = [], [], []
    labels = dict(Criterion.Group.choices)
    criteria = [criterion] if criterion else Criterion.objects.in_display_order()
    for row_criterion in criteria:
        row_facts = by_criterion.get(row_criterion.pk)
        if not row_facts:
            folded.append(row_criterion)
            continue
        row = build_row(row_criterion, frameworks, row_facts)
        for cell in row.cells:
            cell_facts = [f for f in row_facts if f.framework_id == cell.framework.pk]
            cell.claims = shown_in_cell(cell_facts, per_cell)
            shown_facts.extend(cell.claims)
        label = labels.get(row_criterion.group, row_criterion.group)
        if not groups or groups[-1][0] != label:
            groups.append((label, []))
        groups[-1][1].append(row)

    if whole is None:
        whole = shown_claims(claims, shown_facts, every=len(shown_facts) == len(facts))
    links = ClaimLinks(comparison_slug([framework.slug for framework in frameworks]))
    frameworks_by_pk = {framework.pk: framework for framework in frameworks}
    rows = [row for _, group_rows in groups for row in group_rows]
    for row in rows:
        for cell in row.cells:
            cell.claims = [whole[fact.pk] for fact in cell.claims]
            for claim in cell.claims:
                claim.criterion = row.criterion
                claim.framework = frameworks_by_pk[claim.framework_id]
                claim.source = sources[claim.source_id]
                links.add_to(claim)
    shown = [claim for row in rows for cell in row.cells for claim in cell.claims]
    return Comparison(
        frameworks=frameworks,
        groups=groups,
        folded=folded,
        sources=number_sources(shown),
        overview=[
            (framework, sum(1 for row in rows if row.leader == framework))
            for framework in frameworks
        ],
        even_criteria=sum(1 for row in rows if row.leader is None),
        claim_count=len(facts),
        source_count=len(sources),
        criterion=criterion,
    )


def shown_claims(claims, facts, *, every):
    """The claims of these facts, by pk: the filtered claims themselves when every one is shown
    (no list of ids to send, and the same query however few there are), else those ids (at most
    the cap for each cell of the page)."""
    chosen = claims.order_by() if every else Claim.objects.filter(pk__in=[f.pk for f in facts])
    return {claim.pk: claim for claim in chosen.only(*SHOWN_CLAIM_FIELDS)}


def number_sources(claims):
    """Number sources in order of first citation; each claim gets its source's number."""
    numbers = {}
    for claim in claims:
        claim.citation_number = numbers.setdefault(
            claim.source_id, (len(numbers) + 1, claim.source)
        )[0]
    return [source for _, source in numbers.values()]


@dataclass
class ClaimGroup:
    """The claims of a framework page on one criterion, or of a criterion page on one framework."""

    heading: Criterion | Framework  # what the group's claims are about
    claims: list  # the claims shown
    claim_count: int  # all of the group's claims, shown or not

    @property
    def capped(self):
        return self.claim_count > len(self.claims)


def claim_groups(claims, headings, *, by, per_group=CELL_CLAIMS_SHOWN):
    """The claims in a group per heading (criteria or frameworks, `by` naming which), in the
    headings' order, leaving out headings without claims; and the sources the shown claims
    cite, numbered.

    As a comparison cell does: every claim read as a light ClaimFact, each group showing at most
    `per_group` of them (None: all) chosen by shown_in_cell in the same order (source, then
    place in the article), and only the shown claims read whole.
    """
    facts = [ClaimFact(*values) for values in claims.order_by().values_list(*FACT_FIELDS)]
    sources = facts_in_reading_order(facts, claims)
    by_heading = defaultdict(list)
    for fact in facts:
        by_heading[getattr(fact, f"{by}_id")].append(fact)
    groups = [
        ClaimGroup(
            heading, shown_in_cell(by_heading[heading.pk], per_group), len(by_heading[heading.pk])
        )
        for heading in headings
        if by_heading.get(heading.pk)
    ]
    chosen = [fact for group in groups for fact in group.claims]
    whole = shown_claims(claims, chosen, every=len(chosen) == len(facts))
    links = ClaimLinks()
    for group in groups:
        group.claims = [whole[fact.pk] for fact in group.claims]
        for claim in group.claims:
            setattr(claim, by, group.heading)
            claim.source = sources[claim.source_id]
            links.add_to(claim)
    return groups, number_sources([claim for group in groups for claim in group.claims])


def framework_claims_by_criterion(framework, *, criterion=None):
    """A framework's published claims grouped by criterion in display order, each group capped
    as a comparison cell is, and the sources cited; or, given a `criterion`, its claims on that
    one, all of them."""
    claims = Claim.objects.public().filter(framework=framework)
    if criterion:
        claims, criteria, per_group = claims.filter(criterion=criterion), [criterion], None
    else:
        criteria, per_group = Criterion.objects.in_display_order(), CELL_CLAIMS_SHOWN
    groups, sources = claim_groups(claims, criteria, by="criterion", per_group=per_group)
    for group in groups:
        for claim in group.claims:
            claim.framework = framework
    return groups, sources


def criterion_claims_by_framework(criterion, *, framework=None):
    """What the sources say on one criterion, per framework (by name), each group capped as a
    comparison cell is, and the sources cited; or, given a `framework`, all of what they say
    about that one."""
    claims = Claim.objects.public().filter(criterion=criterion)
    if framework:
        claims, frameworks, per_group = claims.filter(framework=framework), [framework], None
    else:
        frameworks, per_group = Framework.objects.order_by("name"), CELL_CLAIMS_SHOWN
    groups, sources = claim_groups(claims, frameworks, by="framework", per_group=per_group)
    for group in groups:
        for claim in group.claims:
            claim.criterion = criterion
    return groups, sources


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
