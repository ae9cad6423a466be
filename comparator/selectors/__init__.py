"""Reads for the comparison pages, as plain data for their templates.

common: what every page shares (light claim facts, links, numbered sources); verdicts: the
rule a grid cell's verdict follows; comparison: the comparison page and its exports (verdicts
and findings), its rows built by rows; groups: the framework and criterion pages.
"""

from articles.models import Claim

from .common import CELL_CLAIMS_SHOWN, ClaimLinks, listed_by_slug
from .comparison import (
    CELL_FINDINGS_SHOWN,
    CITATIONS_SHOWN,
    UnknownComparison,
    comparison_matrix,
    frameworks_by_name,
    frameworks_for_comparison,
)
from .groups import criterion_claims_by_framework, framework_claims_by_criterion
from .paging import link_pages
from .verdicts import VERDICTS, cell_verdict, source_leaning, source_verdict


def comparison_claims(frameworks):
    return Claim.objects.public().filter(framework__in=frameworks)


__all__ = [
    "CELL_CLAIMS_SHOWN",
    "CELL_FINDINGS_SHOWN",
    "CITATIONS_SHOWN",
    "VERDICTS",
    "ClaimLinks",
    "UnknownComparison",
    "cell_verdict",
    "comparison_claims",
    "comparison_matrix",
    "criterion_claims_by_framework",
    "framework_claims_by_criterion",
    "frameworks_by_name",
    "frameworks_for_comparison",
    "link_pages",
    "listed_by_slug",
    "source_leaning",
    "source_verdict",
]
