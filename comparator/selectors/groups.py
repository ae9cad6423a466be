"""The framework and criterion pages: a framework's claims by criterion, a criterion's by
framework, each group capped as it is read."""

from collections import defaultdict
from dataclasses import dataclass

from articles.models import Claim
from criteria.models import Criterion, Framework

from .common import (
    CELL_CLAIMS_SHOWN,
    CRITERION,
    FRAMEWORK,
    PK,
    ClaimLinks,
    facts_in_reading_order,
    number_sources,
    read_facts,
    shown_claims,
    shown_in_cell,
)


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

    As a comparison cell does: every claim read as a light fact (common.FACT_FIELDS), each group showing at most
    `per_group` of them (None: all) chosen by shown_in_cell in the same order (source, then
    place in the article), and only the shown claims read whole.
    """
    facts = read_facts(claims)
    sources = facts_in_reading_order(facts)
    by_heading = defaultdict(list)
    heading_at = CRITERION if by == "criterion" else FRAMEWORK
    for fact in facts:
        by_heading[fact[heading_at]].append(fact)
    groups = [
        ClaimGroup(
            heading, shown_in_cell(by_heading[heading.pk], per_group), len(by_heading[heading.pk])
        )
        for heading in headings
        if by_heading.get(heading.pk)
    ]
    chosen = [fact for group in groups for fact in group.claims]
    whole = shown_claims(claims, [fact[PK] for fact in chosen], every=len(chosen) == len(facts))
    links = ClaimLinks()
    for group in groups:
        group.claims = [whole[fact[PK]] for fact in group.claims]
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
