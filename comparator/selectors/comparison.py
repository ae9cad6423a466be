"""The comparison page and its exports: a verdict per framework and criterion, and findings.

A comparison reads its claims twice: once as light tuples (criterion, framework, source, stance,
position, finding) for every claim the filters let through, from which the verdicts, the
evidence figures and the choice of what each cell shows are computed; then whole, with their
texts, only for the claims the page cites. So every figure counts all the claims, and a cell
capped at a few findings costs a few findings to build, however many the knowledge base holds.

The verdict of a framework on a criterion (one grid cell), from its claims there:

1. Each source that says anything about it leans *for* it (more strengths than weaknesses),
   *against* it (more weaknesses), or neither (as many of each, or facts only).
2. The cell is **favoured** when more sources lean for it than against, **weak** when more
   lean against, **mixed** when as many lean each way (or sources only weigh both sides),
   **neutral** when the sources only state facts, and **no evidence** without a claim.
3. It is **contested** when different sources lean opposite ways: its findings are then shown
   for and against side by side, with their quotes. Neither "mixed" nor "even" is an alarm.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from criteria.links import cell_id, comparison_slug
from criteria.models import Criterion, Framework

from .common import (
    ClaimFact,
    ClaimLinks,
    facts_in_reading_order,
    number_sources,
    read_facts,
    shown_claims,
)

STANCE_SCORE = {"strength": 1, "neutral": 0, "weakness": -1}

# A verdict's shape (never colour alone) and word.
VERDICTS = {
    "favoured": ("▲", "favoured"),
    "weak": ("▼", "weak"),
    "mixed": ("◆", "mixed"),
    "neutral": ("●", "neutral"),
    "none": ("○", "no evidence"),
}

# The most findings a cell of the comparison shows, the strongest supported first; the rest are
# one link away (the comparison filtered to that criterion shows every finding and claim).
CELL_FINDINGS_SHOWN = 3
# The most citations a finding lists on the comparison; the filtered row lists them all.
CITATIONS_SHOWN = 6


class UnknownComparison(LookupError):
    pass


def frameworks_for_comparison(slugs):
    """The frameworks named, in the order given; refuses unknown, repeated or too few/many."""
    frameworks = Framework.objects.for_comparison(slugs)
    if frameworks is None:
        raise UnknownComparison(slugs)
    return frameworks


def source_leaning(stances):
    """How one source's claims on one framework and criterion lean: "for", "against", "both"
    (as many strengths as weaknesses) or "facts" (neutral claims only)."""
    score = sum(STANCE_SCORE[stance] for stance in stances)
    if score > 0:
        return "for"
    if score < 0:
        return "against"
    return "both" if any(stance != "neutral" for stance in stances) else "facts"


def cell_verdict(leanings):
    """The verdict from each source's leaning (the rule in this module's docstring)."""
    if not leanings:
        return "none"
    pro, con = leanings.count("for"), leanings.count("against")
    if pro > con:
        return "favoured"
    if con > pro:
        return "weak"
    if pro or "both" in leanings:
        return "mixed"
    return "neutral"


def source_verdict(scores):
    """What one source says on one row across frameworks: ("favours", slug), ("even", None) or
    None. `scores` maps each framework the source speaks about to strengths minus weaknesses."""
    if not scores:
        return None
    best = max(scores.values())
    leaders = [slug for slug, score in scores.items() if score == best]
    if len(leaders) == 1 and (best > 0 or len(scores) > 1):
        return ("favours", leaders[0])
    if len(leaders) > 1:
        return ("even", None)
    return None


@dataclass
class FindingView:
    """One point a cell makes, with the claims that make it."""

    key: object  # the finding's pk, or ("claim", pk) for a claim not yet in a finding
    stance: str
    facts: list  # every claim of it among the filtered ones, in reading order
    source_count: int
    summary: str = ""
    claims: list = field(default_factory=list)  # the claims cited, whole

    @property
    def claim_count(self):
        return len(self.facts)

    @property
    def more(self):
        return self.claim_count - len(self.claims)

    @property
    def quote(self):
        return self.claims[0].quote if self.claims else ""


@dataclass
class Cell:
    framework: Framework
    anchor: str
    verdict: str = "none"
    sources_for: int = 0
    sources_against: int = 0
    source_count: int = 0
    claim_count: int = 0
    findings: list = field(default_factory=list)  # the findings shown
    finding_count: int = 0

    @property
    def shape(self):
        return VERDICTS[self.verdict][0]

    @property
    def word(self):
        return VERDICTS[self.verdict][1]

    @property
    def contested(self):
        return bool(self.sources_for and self.sources_against)

    @property
    def capped(self):
        return self.finding_count > len(self.findings)

    @property
    def claims(self):
        """Every claim the cell cites (an export's rows)."""
        return [claim for finding in self.findings for claim in finding.claims]

    def side(self, stance):
        return [finding for finding in self.findings if finding.stance == stance]

    @property
    def sections(self):
        """The findings by stance, the verdict's own first: for, against, facts. A contested
        cell sets them side by side."""
        order = ("strength", "weakness", "neutral")
        if self.verdict == "weak":
            order = ("weakness", "strength", "neutral")
        sides = [(stance, self.side(stance)) for stance in order]
        return [(stance, found) for stance, found in sides if found]


@dataclass
class Row:
    criterion: Criterion
    cells: list
    favoured: dict  # framework slug -> number of sources favouring it over the others
    even: int  # sources that call it even between the frameworks they speak about
    source_count: int
    leader: Framework | None
    claim_count: int = 0

    @property
    def contested(self):
        """Different sources lean opposite ways on one of its frameworks."""
        return any(cell.contested for cell in self.cells)

    @property
    def favoured_list(self):
        return [(cell.framework, self.favoured[cell.framework.slug]) for cell in self.cells]


@dataclass
class Comparison:
    frameworks: list  # as asked for, in order
    columns: list  # those with a claim among the filtered ones: the grid's columns
    missing: list  # those without: said once, above the grid
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

    @property
    def contested_rows(self):
        return [row for row in self.rows if row.contested]


def build_row(criterion, frameworks, facts):
    """A row's verdicts and figures from all its claims (`facts`); its findings come later."""
    slugs = {framework.pk: framework.slug for framework in frameworks}
    cells = {
        framework.slug: Cell(framework, anchor=cell_id(criterion.slug, framework.slug))
        for framework in frameworks
    }
    stances = defaultdict(lambda: defaultdict(list))  # source -> framework slug -> stances
    for fact in facts:
        slug = slugs[fact.framework_id]
        cells[slug].claim_count += 1
        stances[fact.source_id][slug].append(fact.stance)
    favoured = {framework.slug: 0 for framework in frameworks}
    even = 0
    leanings = defaultdict(list)
    for per_framework in stances.values():
        for slug, said in per_framework.items():
            leanings[slug].append(source_leaning(said))
        verdict = source_verdict(
            {slug: sum(STANCE_SCORE[s] for s in said) for slug, said in per_framework.items()}
        )
        if verdict and verdict[0] == "favours":
            favoured[verdict[1]] += 1
        elif verdict:
            even += 1
    for slug, cell in cells.items():
        cell.verdict = cell_verdict(leanings[slug])
        cell.sources_for = leanings[slug].count("for")
        cell.sources_against = leanings[slug].count("against")
        cell.source_count = len(leanings[slug])
    top = max(favoured.values())
    leaders = [framework for framework in frameworks if favoured[framework.slug] == top]
    return Row(
        criterion=criterion,
        cells=[cells[framework.slug] for framework in frameworks],
        favoured=favoured,
        even=even,
        source_count=len(stances),
        leader=leaders[0] if top > 0 and len(leaders) == 1 else None,
        claim_count=len(facts),
    )


def cell_findings(facts):
    """A cell's claims (in reading order) as findings, the most sources behind them first."""
    by_key = {}
    for fact in facts:
        key = fact.finding_id if fact.finding_id is not None else ("claim", fact.pk)
        by_key.setdefault(key, []).append(fact)
    findings = [
        FindingView(
            key=key,
            stance=group[0].stance,
            facts=group,
            source_count=len({fact.source_id for fact in group}),
        )
        for key, group in by_key.items()
    ]
    order = {key: index for index, key in enumerate(by_key)}
    findings.sort(key=lambda finding: (-finding.source_count, order[finding.key]))
    return findings


def both_sides_first(findings):
    """A contested cell shows the best supported finding of each side before any other, so a
    capped cell still sets the two sides against each other."""
    firsts = []
    for stance in ("strength", "weakness"):
        first = next((finding for finding in findings if finding.stance == stance), None)
        if first is not None:
            firsts.append(first)
    return firsts + [finding for finding in findings if finding not in firsts]


def comparison_matrix(frameworks, claims, *, per_cell=CELL_FINDINGS_SHOWN, criterion=None):
    """Rows of criteria (grouped, ordered) by columns of frameworks, from the given claims.

    Each cell shows at most `per_cell` findings, each citing at most CITATIONS_SHOWN claims
    (per_cell None: every finding and claim, as the exports and a row filtered to alone want);
    the verdicts and figures count every claim. `criterion`, when the claims are filtered to
    one, is the only criterion listed (a criterion filtered out is not one nobody wrote about).
    """
    every = per_cell is None
    if every:
        # Every claim is cited: read them whole at once and their figures from them.
        whole = shown_claims(claims, (), every=True)
        facts = [read_fact(claim) for claim in whole.values()]
    else:
        whole = None
        facts = read_facts(claims)
    sources = facts_in_reading_order(facts, claims)
    by_criterion = defaultdict(list)
    spoken_of = set()
    for fact in facts:
        by_criterion[fact.criterion_id].append(fact)
        spoken_of.add(fact.framework_id)
    columns = [framework for framework in frameworks if framework.pk in spoken_of]
    missing = [framework for framework in frameworks if framework.pk not in spoken_of]

    groups, folded, cited = [], [], []
    labels = dict(Criterion.Group.choices)
    criteria = [criterion] if criterion else Criterion.objects.in_display_order()
    for row_criterion in criteria:
        row_facts = by_criterion.get(row_criterion.pk)
        if not row_facts:
            folded.append(row_criterion)
            continue
        row = build_row(row_criterion, columns, row_facts)
        for cell in row.cells:
            found = cell_findings([f for f in row_facts if f.framework_id == cell.framework.pk])
            if cell.contested:
                found = both_sides_first(found)
            cell.finding_count = len(found)
            cell.findings = found if every else found[:per_cell]
            for finding in cell.findings:
                shown = finding.facts if every else finding.facts[:CITATIONS_SHOWN]
                cited.extend(fact.pk for fact in shown)
                finding.claims = shown
        label = labels.get(row_criterion.group, row_criterion.group)
        if not groups or groups[-1][0] != label:
            groups.append((label, []))
        groups[-1][1].append(row)

    if whole is None:
        whole = shown_claims(claims, cited, every=len(cited) == len(facts))
    links = ClaimLinks(comparison_slug([framework.slug for framework in frameworks]))
    frameworks_by_pk = {framework.pk: framework for framework in frameworks}
    rows = [row for _, group_rows in groups for row in group_rows]
    for row in rows:
        for cell in row.cells:
            for finding in cell.findings:
                finding.claims = [whole[fact.pk] for fact in finding.claims]
                for claim in finding.claims:
                    claim.criterion = row.criterion
                    claim.framework = frameworks_by_pk[claim.framework_id]
                    claim.source = sources[claim.source_id]
                    links.add_to(claim)
                first = finding.claims[0]
                # A claim's finding was read with it (select_related): no query per finding.
                finding.summary = first.finding.summary if first.finding_id else first.summary
    cited_claims = [claim for row in rows for cell in row.cells for claim in cell.claims]
    numbered = number_sources(cited_claims)
    for row in rows:
        for cell in row.cells:
            for finding in cell.findings:
                label_citations(finding.claims)
    return Comparison(
        frameworks=frameworks,
        columns=columns,
        missing=missing,
        groups=groups,
        folded=folded,
        sources=numbered,
        overview=[
            (framework, sum(1 for row in rows if row.leader == framework)) for framework in columns
        ],
        even_criteria=sum(1 for row in rows if row.leader is None),
        claim_count=len(facts),
        source_count=len(sources),
        criterion=criterion,
    )


def read_fact(claim):
    return ClaimFact(
        claim.pk,
        claim.criterion_id,
        claim.framework_id,
        claim.source_id,
        claim.stance,
        claim.quote_start,
        claim.finding_id,
    )


def label_citations(claims):
    """Each claim's citation label: its source's number, primed when the source is cited again
    within the same finding ([2] [2′])."""
    seen = defaultdict(int)
    for claim in claims:
        claim.citation_label = f"{claim.citation_number}{'′' * seen[claim.citation_number]}"
        seen[claim.citation_number] += 1
