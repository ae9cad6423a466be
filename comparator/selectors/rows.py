"""A comparison's rows from the facts of all its claims: verdicts, figures and findings.

At scale a two-way comparison reads some 13,000 facts. Splitting them by criterion, then by
framework, then by finding, and tallying each source, a pass at a time with an object per
finding, was most of its render (README, "Speed"). Here each fact is visited once, filed under
its cell's finding and its source's score; the rest of the work is per source and per finding,
and a finding becomes a FindingView only when the page shows it.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from functools import cached_property

from criteria.links import cell_id
from criteria.models import Criterion, Framework

from .common import SOURCE, STANCE
from .verdicts import STANCE_SCORE, VERDICTS, cell_verdict, leaning, source_verdict


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
    leanings: dict = field(default_factory=dict)  # source pk -> how it leans on this cell

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

    @cached_property
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
    page: int = 1  # the page of the evidence its cells are on
    evidence_at: str = ""  # that page's address, or "" on that page itself (paging.link_pages)

    @property
    def citation_count(self):
        return sum(len(finding.claims) for cell in self.cells for finding in cell.findings)

    @property
    def contested(self):
        """Different sources lean opposite ways on one of its frameworks."""
        return any(cell.contested for cell in self.cells)

    @property
    def favoured_list(self):
        return [(cell.framework, self.favoured[cell.framework.slug]) for cell in self.cells]


def file_facts(facts):
    """A row's facts (in reading order) filed in one pass: per framework, its claims by finding
    in order of first appearance; per source, its score on each framework (strengths minus
    weaknesses); and the (source, framework) pairs where any of its claims weighs (is other
    than neutral). They live while the row is built: all the rows' at once were as many objects
    again for Python's collector to walk."""
    findings = defaultdict(dict)  # framework pk -> {finding key: [facts]}
    scores = {}  # source pk -> {framework pk: score}
    weighing = set()
    score_of = STANCE_SCORE
    for fact in facts:
        pk, _, framework_id, source_id, stance, _, finding_id = fact
        found = findings[framework_id]
        key = ("claim", pk) if finding_id is None else finding_id
        group = found.get(key)
        if group is None:
            found[key] = [fact]
        else:
            group.append(fact)
        per_framework = scores.get(source_id)
        if per_framework is None:
            per_framework = scores[source_id] = {}
        per_framework[framework_id] = per_framework.get(framework_id, 0) + score_of[stance]
        if stance != "neutral":
            weighing.add((source_id, framework_id))
    return findings, scores, weighing


def build_row(criterion, frameworks, facts):
    """A row's verdicts and figures from all its claims (`facts`, in reading order), and its
    claims by framework and finding (file_facts) for choose_findings."""
    findings, scores, weighing = file_facts(facts)
    slugs = {framework.pk: framework.slug for framework in frameworks}
    cells = {
        framework.pk: Cell(framework, anchor=cell_id(criterion.slug, framework.slug))
        for framework in frameworks
    }
    favoured = {framework.slug: 0 for framework in frameworks}
    even = 0
    leanings = {framework.pk: [] for framework in frameworks}
    for source_id, per_framework in scores.items():
        for framework_id, score in per_framework.items():
            source_leans = leaning(
                score, weighs=score == 0 and (source_id, framework_id) in weighing
            )
            leanings[framework_id].append(source_leans)
            cells[framework_id].leanings[source_id] = source_leans
        verdict = source_verdict(per_framework)
        if verdict and verdict[0] == "favours":
            favoured[slugs[verdict[1]]] += 1
        elif verdict:
            even += 1
    for framework_id, cell in cells.items():
        found = leanings[framework_id]
        cell.verdict = cell_verdict(found)
        cell.sources_for = found.count("for")
        cell.sources_against = found.count("against")
        cell.source_count = len(found)
        cell.claim_count = sum(len(group) for group in findings[framework_id].values())
    top = max(favoured.values())
    leaders = [framework for framework in frameworks if favoured[framework.slug] == top]
    row = Row(
        criterion=criterion,
        cells=[cells[framework.pk] for framework in frameworks],
        favoured=favoured,
        even=even,
        source_count=len(scores),
        leader=leaders[0] if top > 0 and len(leaders) == 1 else None,
        claim_count=len(facts),
    )
    return row, findings


def ranked_findings(groups):
    """A cell's findings ({key: [facts]} in reading order) as (source count, key, facts), the
    most sources behind them first, else in reading order (the sort is stable)."""
    ranked = [
        (len({fact[SOURCE] for fact in facts}) if len(facts) > 1 else 1, key, facts)
        for key, facts in groups.items()
    ]
    ranked.sort(key=lambda finding: -finding[0])
    return ranked


def both_sides_first(ranked, leanings):
    """A contested cell shows the best supported finding of each side before any other, so a
    capped cell still sets the two sides against each other: a finding from a source that leans
    that way ("for" a strength), rather than a source's point against its own verdict."""
    firsts = []
    for stance, side_leaning in (("strength", "for"), ("weakness", "against")):
        side = [finding for finding in ranked if finding[2][0][STANCE] == stance]
        first = next(
            (
                finding
                for finding in side
                if any(leanings[fact[SOURCE]] == side_leaning for fact in finding[2])
            ),
            side[0] if side else None,
        )
        if first is not None:
            firsts.append(first)
    chosen = {id(finding) for finding in firsts}
    return firsts + [finding for finding in ranked if id(finding) not in chosen]


def choose_findings(cell, groups, *, shown, cited):
    """Set the cell's findings: at most `shown` (None: all), each citing at most `cited` of its
    claims (None: all)."""
    ranked = ranked_findings(groups)
    if cell.contested:
        ranked = both_sides_first(ranked, cell.leanings)
    cell.finding_count = len(ranked)
    cell.findings = [
        FindingView(
            key=key,
            stance=facts[0][STANCE],
            facts=facts,
            source_count=source_count,
            claims=facts if cited is None else facts[:cited],
        )
        for source_count, key, facts in (ranked if shown is None else ranked[:shown])
    ]
