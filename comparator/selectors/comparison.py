"""The comparison page and its exports: a verdict per framework and criterion, and findings.

A comparison reads its claims twice: once as light tuples (criterion, framework, source, stance,
position, finding) for every claim the filters let through, from which the verdicts, the
evidence figures and the choice of what each cell shows are computed; then whole, with their
texts, only for the claims the page cites. So every figure counts all the claims, and a cell
capped at a few findings costs a few findings to build, however many the knowledge base holds.

The verdict rule is in verdicts.py; a row, its cells and their findings are built in rows.py.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from criteria.links import comparison_slug
from criteria.models import Criterion, Framework

from .cited import cited_claims
from .common import (
    CRITERION,
    FACT_FIELDS,
    FRAMEWORK,
    PK,
    ClaimLinks,
    facts_in_reading_order,
    number_sources,
    read_facts,
)
from .paging import EvidencePage, page_number, split_into_pages
from .rows import Cell, FindingView, Row, build_row, choose_findings

__all__ = ["Cell", "Comparison", "FindingView", "Row", "comparison_matrix"]

# The most findings a cell of the comparison shows, the strongest supported first; the rest are
# one link away (the comparison filtered to that criterion shows every finding and claim).
CELL_FINDINGS_SHOWN = 3
# The most citations a finding lists on the comparison; the filtered row lists them all.
CITATIONS_SHOWN = 6


class UnknownComparison(LookupError):
    pass


def frameworks_for_comparison(slugs, *, among=None):
    """The frameworks named, in the order given; refuses unknown, repeated or too few/many.
    `among`: every framework, already read (frameworks_by_name)."""
    frameworks = Framework.objects.for_comparison(slugs, among=among)
    if frameworks is None:
        raise UnknownComparison(slugs)
    return frameworks


def frameworks_by_name():
    """Every framework by name: the comparison page's picker offers them all, and the compared
    ones are found among them (one query for both)."""
    return list(Framework.objects.order_by("name"))


@dataclass
class Comparison:
    frameworks: list  # as asked for, in order
    columns: list  # those with a claim among the filtered ones: the grid's columns
    missing: list  # those without: said once, above the grid
    groups: list  # [(group label, [Row, ...]), ...]: every row, the grid's
    folded: list  # criteria no chosen framework has a claim on
    sources: list  # sources cited by the page's claims, numbered in order of first citation
    overview: list  # [(framework, criteria it leads), ...]
    even_criteria: int
    claim_count: int  # every claim the filters let through, shown or not
    source_count: int  # the sources of those claims
    criterion: Criterion | None = None  # the one criterion filtered to, its cells uncapped
    criteria: list = field(default_factory=list)  # every criterion in display order, if read
    pages: list = field(default_factory=list)  # the evidence in pages of rows (paging.py)
    page: EvidencePage | None = None  # the page shown: its rows' evidence and sources
    page_found: bool = True  # False when the page asked for does not exist (the first shown)

    @property
    def rows(self):
        return [row for _, rows in self.groups for row in rows]

    @property
    def evidence_groups(self):
        """The groups as the grid has them, cut to the rows of the page shown."""
        shown = {id(row) for row in self.page.rows}
        cut = [(label, [row for row in rows if id(row) in shown]) for label, rows in self.groups]
        return [(label, rows) for label, rows in cut if rows]

    @property
    def previous_page(self):
        return self.pages[self.page.number - 2] if self.page.number > 1 else None

    @property
    def next_page(self):
        return self.pages[self.page.number] if self.page.number < len(self.pages) else None

    @property
    def overview_max(self):
        return max([count for _, count in self.overview] + [1])

    @property
    def contested_rows(self):
        return [row for row in self.rows if row.contested]


def comparison_matrix(
    frameworks, claims, *, per_cell=CELL_FINDINGS_SHOWN, criterion=None, page=None
):
    """Rows of criteria (grouped, ordered) by columns of frameworks, from the given claims.

    Each cell shows at most `per_cell` findings, each citing at most CITATIONS_SHOWN claims
    (per_cell None: every finding and claim, as the exports and a row filtered to alone want);
    the verdicts and figures count every claim. `criterion`, when the claims are filtered to
    one, is the only criterion listed (a criterion filtered out is not one nobody wrote about).
    Capped cells are cut into pages of evidence (paging.py): every row has its verdicts, and
    only the rows of the page asked for (`page`, the query's value) their claims read whole,
    linked and numbered.
    """
    every = per_cell is None
    if every:
        # Every claim is cited: read them whole at once and their figures from them.
        whole = cited_claims(claims, (), every=True)
        facts = [tuple(getattr(claim, name) for name in FACT_FIELDS) for claim in whole.values()]
    else:
        whole = None
        facts = read_facts(claims)
    sources = facts_in_reading_order(facts)
    by_criterion = defaultdict(list)
    spoken_of = set()
    for fact in facts:
        by_criterion[fact[CRITERION]].append(fact)
        spoken_of.add(fact[FRAMEWORK])
    columns = [framework for framework in frameworks if framework.pk in spoken_of]
    missing = [framework for framework in frameworks if framework.pk not in spoken_of]

    groups, folded = [], []
    labels = dict(Criterion.Group.choices)
    criteria = [criterion] if criterion else Criterion.objects.listed_in_display_order()
    for row_criterion in criteria:
        row_facts = by_criterion.get(row_criterion.pk)
        if not row_facts:
            folded.append(row_criterion)
            continue
        row, findings = build_row(row_criterion, columns, row_facts)
        for cell in row.cells:
            choose_findings(
                cell,
                findings[cell.framework.pk],
                shown=None if every else per_cell,
                cited=None if every else CITATIONS_SHOWN,
            )
        label = labels.get(row_criterion.group, row_criterion.group)
        if not groups or groups[-1][0] != label:
            groups.append((label, []))
        groups[-1][1].append(row)
    rows = [row for _, group_rows in groups for row in group_rows]

    if every:
        pages = [EvidencePage(number=1, rows=rows)]
    else:
        pages = split_into_pages(rows, lambda row: row.citation_count)
    number = page_number(page, len(pages))
    shown = pages[(number or 1) - 1]
    # Only the page's findings are cited: the other rows' keep their light facts.
    cited = [fact[PK] for row in shown.rows for cell in row.cells for fact in cell.claims]
    if whole is None:
        whole = cited_claims(claims, cited, every=len(cited) == len(facts))
    cite_whole(shown.rows, whole, sources, frameworks)
    numbered = number_sources(
        [claim for row in shown.rows for cell in row.cells for claim in cell.claims]
    )
    for row in shown.rows:
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
        criteria=[] if criterion else criteria,
        pages=pages,
        page=shown,
        page_found=number is not None,
    )


def cite_whole(rows, whole, sources, frameworks):
    """Replace the cited facts of these rows' findings by the claims read whole, with their
    criterion, framework, source and links attached, and each finding's summary."""
    links = ClaimLinks(comparison_slug([framework.slug for framework in frameworks]))
    frameworks_by_pk = {framework.pk: framework for framework in frameworks}
    for row in rows:
        for cell in row.cells:
            for finding in cell.findings:
                finding.claims = [whole[fact[PK]] for fact in finding.claims]
                for claim in finding.claims:
                    claim.criterion = row.criterion
                    claim.framework = frameworks_by_pk[claim.framework_id]
                    claim.source = sources[claim.source_id]
                    links.add_to(claim)
                first = finding.claims[0]
                # A claim's finding's summary was read with it: no query per finding.
                finding.summary = first.finding_summary if first.finding_id else first.summary


def label_citations(claims):
    """Each claim's citation label: its source's number, primed when the source is cited again
    within the same finding ([2] [2′])."""
    seen = defaultdict(int)
    for claim in claims:
        claim.citation_label = f"{claim.citation_number}{'′' * seen[claim.citation_number]}"
        seen[claim.citation_number] += 1
