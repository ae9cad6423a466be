"""A comparison's rows from the facts of all its claims: verdicts, figures and findings.

At scale a two-way comparison reads some 13,000 facts. Splitting them by criterion, then by
framework, then by finding, and tallying each source, a pass at a time with an object per
finding, was most of its render (README, "Speed"). Here each fact is visited once, filed under
its cell's finding and its source's score; the rest of the work is per source and per finding,
and a finding becomes a FindingView only when the page shows it.
"""

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from itertools import combinations
from operator import itemgetter

from criteria.links import cell_id
from criteria.models import Criterion, Framework

from .common import SOURCE, STANCE
from .verdicts import STANCE_SCORE, VERDICTS, leaning, source_verdict, verdict_from_counts


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
    leanings: Mapping = field(default_factory=dict)  # source pk -> how it leans (if contested)

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
    """A row's facts (in reading order) filed in one pass, per framework pk: its claims by
    finding in order of first appearance, and each source's score on it (strengths minus
    weaknesses); and the (source, framework) pairs where any of the source's claims weighs (is
    other than neutral). They live while the row is built: all the rows' at once were as many
    objects again for Python's collector to walk."""
    filed = defaultdict(lambda: ({}, {}))  # framework pk -> ({finding key: [facts]}, scores)
    weighing = set()
    score_of = STANCE_SCORE
    for fact in facts:
        pk, _, framework_id, source_id, stance, _, finding_id = fact
        found, scores = filed[framework_id]
        key = ("claim", pk) if finding_id is None else finding_id
        group = found.get(key)
        if group is None:
            found[key] = [fact]
        else:
            group.append(fact)
        scores[source_id] = scores.get(source_id, 0) + score_of[stance]
        if stance != "neutral":
            weighing.add((source_id, framework_id))
    return filed, weighing


class Leanings(Mapping):
    """How each source leans on one cell (verdicts.leaning), worked out when asked: a contested
    cell reads a few of its hundred sources' (both_sides_first)."""

    def __init__(self, scores, weighing, framework_id):
        self.scores, self.weighing, self.framework_id = scores, weighing, framework_id

    def __getitem__(self, source_id):
        score = self.scores[source_id]
        return leaning(score, weighs=(source_id, self.framework_id) in self.weighing)

    def __iter__(self):
        return iter(self.scores)

    def __len__(self):
        return len(self.scores)


# Whether a score is above or below zero, called from C by map() (no Python frame per source).
POSITIVE = (0).__lt__
NEGATIVE = (0).__gt__


def build_row(criterion, frameworks, facts):
    """A row's verdicts and figures from all its claims (`facts`, in reading order), and its
    claims by framework and finding (file_facts) for choose_findings.

    A row of a scale comparison has about a hundred sources: each cell counts how its sources
    lean from their scores, and only a source that speaks of several frameworks has its
    verdict between them worked out (source_verdict); one that speaks of one favours it when
    it leans for it. A cell's leaning per source is kept only where it is contested, the one
    place it is read (both_sides_first)."""
    filed, weighing = file_facts(facts)
    cells, favoured = [], {}
    for framework in frameworks:
        framework_id = framework.pk
        found, scores = filed[framework_id]
        cell = Cell(framework, anchor=cell_id(criterion.slug, framework.slug))
        pro = sum(map(POSITIVE, scores.values()))
        con = sum(map(NEGATIVE, scores.values()))
        any_both = pro + con < len(scores) and any(
            score == 0 and (source_id, framework_id) in weighing
            for source_id, score in scores.items()
        )
        cell.verdict = verdict_from_counts(pro, con, any_both, len(scores))
        cell.sources_for, cell.sources_against, cell.source_count = pro, con, len(scores)
        cell.claim_count = sum(map(len, found.values()))
        if cell.contested:
            cell.leanings = Leanings(scores, weighing, framework_id)
        cells.append(cell)
        favoured[framework.slug] = pro
    spoken = [(framework.slug, filed[framework.pk][1]) for framework in frameworks]
    speakers = [scores.keys() for _, scores in spoken]
    shared = set().union(*(one & other for one, other in combinations(speakers, 2)))
    even = 0
    for source_id in shared:
        scores = {slug: said[source_id] for slug, said in spoken if source_id in said}
        for slug, score in scores.items():
            favoured[slug] -= score > 0  # counted above as if it spoke of that one alone
        verdict = source_verdict(scores)
        if verdict and verdict[0] == "favours":
            favoured[verdict[1]] += 1
        elif verdict:
            even += 1
    top = max(favoured.values())
    leaders = [framework for framework in frameworks if favoured[framework.slug] == top]
    row = Row(
        criterion=criterion,
        cells=cells,
        favoured=favoured,
        even=even,
        source_count=len(set().union(*speakers)),
        leader=leaders[0] if top > 0 and len(leaders) == 1 else None,
        claim_count=len(facts),
    )
    return row, {framework.pk: filed[framework.pk][0] for framework in frameworks}


def ranked_findings(groups):
    """A cell's findings ({key: [facts]} in reading order) as (source count, key, facts), the
    most sources behind them first, else in reading order (the sort is stable)."""
    ranked = [
        (len({fact[SOURCE] for fact in facts}) if len(facts) > 1 else 1, key, facts)
        for key, facts in groups.items()
    ]
    ranked.sort(key=itemgetter(0), reverse=True)  # still stable: ties keep reading order
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
