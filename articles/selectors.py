"""Reads for the public pages: plain data, every count computed in SQL."""

from django.db.models import Count, Q

from criteria.models import Criterion, Framework

from .models import Claim, Source

PUBLISHED = Q(claims__status=Claim.Status.PUBLISHED)


def knowledge_base_overview():
    """Frameworks, criteria and sources with their published claim counts, for the home page."""
    return {
        "frameworks": Framework.objects.annotate(
            published_claim_count=Count("claims", filter=PUBLISHED)
        ).order_by("-published_claim_count", "name"),
        "criteria": Criterion.objects.in_display_order().annotate(
            published_claim_count=Count("claims", filter=PUBLISHED)
        ),
        "sources": Source.objects.with_claim_counts().order_by("title", "slug"),
        "published_claim_count": Claim.objects.published().count(),
    }
