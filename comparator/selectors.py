"""The comparison matrix: plain data for the comparison page and its exports.

Every claim the page shows comes from one query; the evidence figures are computed from those
same claims, so the numbers on a row always match what the row shows.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from articles.models import Claim, Source
from criteria.links import cell_id
from criteria.models import Criterion, Framework

STANCE_SCORE = {"strength": 1, "neutral": 0, "weakness": -1}


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
    claims: list = field(default_factory=list)


@dataclass
class Row:
    criterion: Criterion
    cells: list
    favoured: dict  # framework slug -> number of sources favouring it
    even: int  # sources that call it even between the frameworks they speak about
    source_count: int
    leader: Framework | None

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
    sources: list  # sources cited, numbered in order of first citation
    overview: list  # [(framework, criteria it leads), ...]
    even_criteria: int
    claim_count: int

    @property
    def rows(self):
        return [row for _, rows in self.groups for row in rows]

    @property
    def overview_max(self):
        return max([count for _, count in self.overview] + [1])


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


def build_row(criterion, frameworks, claims):
    cells = {
        framework.slug: Cell(framework, anchor=cell_id(criterion.slug, framework.slug))
        for framework in frameworks
    }
    scores = defaultdict(lambda: defaultdict(int))
    for claim in claims:
        cells[claim.framework.slug].claims.append(claim)
        scores[claim.source_id][claim.framework.slug] += STANCE_SCORE[claim.stance]
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
    )


def with_cited_sources(claims):
    """The claims as a list, each with its source: two queries however many there are.

    Sources come once each and without their long texts, rather than joined to every claim
    (a comparison at scale cites the same few thousand articles thousands of times).
    """
    claims_list = list(claims.select_related("criterion", "framework"))
    sources = Source.objects.for_listing().filter(pk__in=claims.order_by().values("source_id"))
    by_pk = {source.pk: source for source in sources}
    for claim in claims_list:
        claim.source = by_pk[claim.source_id]
    return claims_list


def comparison_claims(frameworks):
    return Claim.objects.published().filter(framework__in=frameworks)


def comparison_matrix(frameworks, claims):
    """Rows of criteria (grouped, ordered) by columns of frameworks, from the given claims."""
    claims = sorted(
        with_cited_sources(claims),
        key=lambda c: (c.source.display_title.lower(), c.quote_start, c.pk),
    )
    by_criterion = defaultdict(list)
    for claim in claims:
        by_criterion[claim.criterion_id].append(claim)

    groups, folded = [], []
    labels = dict(Criterion.Group.choices)
    for criterion in Criterion.objects.in_display_order():
        row_claims = by_criterion.get(criterion.pk)
        if not row_claims:
            folded.append(criterion)
            continue
        row = build_row(criterion, frameworks, row_claims)
        label = labels.get(criterion.group, criterion.group)
        if not groups or groups[-1][0] != label:
            groups.append((label, []))
        groups[-1][1].append(row)

    rows = [row for _, group_rows in groups for row in group_rows]
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
        claim_count=len(claims),
    )


def number_sources(claims):
    """Number sources in order of first citation; each claim gets its source's number."""
    numbers = {}
    for claim in claims:
        claim.citation_number = numbers.setdefault(
            claim.source_id, (len(numbers) + 1, claim.source)
        )[0]
    return [source for _, source in numbers.values()]


def group_consecutive(claims, key):
    grouped = []
    for claim in claims:
        value = key(claim)
        if not grouped or grouped[-1][0] != value:
            grouped.append((value, []))
        grouped[-1][1].append(claim)
    return grouped


def framework_claims_by_criterion(framework):
    """A framework's published claims grouped by criterion in display order, and the sources cited."""
    rank = {
        pk: index
        for index, pk in enumerate(
            Criterion.objects.in_display_order().values_list("pk", flat=True)
        )
    }
    claims = sorted(
        with_cited_sources(Claim.objects.published().filter(framework=framework)),
        key=lambda c: (rank.get(c.criterion_id, 0), c.source.display_title.lower(), c.quote_start),
    )
    sources = number_sources(claims)
    return group_consecutive(claims, lambda claim: claim.criterion), sources


def criterion_claims_by_framework(criterion):
    """What every source says on one criterion, per framework, and the sources cited."""
    claims = with_cited_sources(
        Claim.objects.published()
        .filter(criterion=criterion)
        .order_by("framework__name", "source__title", "quote_start")
    )
    sources = number_sources(claims)
    return group_consecutive(claims, lambda claim: claim.framework), sources
