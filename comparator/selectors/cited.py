"""The claims a comparison cites, read as plain rows rather than model instances.

A comparison cites a few hundred claims per page, and an export every claim; making a Claim
instance of each (its deferred fields, descriptors and signals) was a fifth of a seed
comparison's selector time. A CitedClaim holds the same values under the same names, and the
two links a claim has (ClaimLinks sets the comparison's own).
"""

from django.db.models import F

from articles.models import Claim

from .common import FACT_FIELDS

# What a cell, a finding and an export read of a claim: its figures, and its texts.
CITED_FIELDS = (*FACT_FIELDS, "summary", "quote", "finding_summary")


class CitedClaim:
    """A claim as a comparison cites it. `criterion`, `framework` and `source` are attached
    from the rows the page already holds; ClaimLinks adds `permalink` and `citation_url`."""

    __slots__ = (
        *CITED_FIELDS,
        "criterion",
        "framework",
        "source",
        "permalink",
        "citation_url",
        "citation_number",
        "citation_label",
    )

    def __init__(
        self,
        pk,
        criterion_id,
        framework_id,
        source_id,
        stance,
        quote_start,
        finding_id,
        summary,
        quote,
        finding_summary,
    ):  # CITED_FIELDS, spelled out: a loop of setattr() was eleven calls per claim
        self.pk, self.criterion_id, self.framework_id, self.source_id = (
            pk,
            criterion_id,
            framework_id,
            source_id,
        )
        self.stance, self.quote_start, self.finding_id = stance, quote_start, finding_id
        self.summary, self.quote, self.finding_summary = summary, quote, finding_summary

    def get_absolute_url(self):
        return self.permalink

    @property
    def passage_url(self):
        """The claim's passage, marked in the article reader (as Claim.passage_url)."""
        return f"{self.source.get_absolute_url()}#claim-{self.pk}"


def cited_claims(claims, pks, *, every):
    """The claims of these pks, by pk: the filtered claims themselves when every one is cited
    (no list of ids to send, and the same query however few there are), else those ids. With
    each claim's finding's summary, joined: the comparison states it once per finding."""
    chosen = claims if every else Claim.objects.filter(pk__in=list(pks))
    # Unordered: they are looked up by pk. The claims' default ordering joined their sources
    # and frameworks only to sort them (two-thirds of this query's time on PostgreSQL).
    rows = (
        chosen.order_by().annotate(finding_summary=F("finding__summary")).values_list(*CITED_FIELDS)
    )
    return {row[0]: CitedClaim(*row) for row in rows}
