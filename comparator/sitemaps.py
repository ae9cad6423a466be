"""The sitemap: every public page, and nothing that is not published."""

from itertools import combinations

from django.contrib.sitemaps import Sitemap
from django.db.models import Max, Q
from django.urls import reverse

from articles.models import Claim, Source
from criteria.links import comparison_url
from criteria.models import Criterion, Framework

PUBLISHED = Q(claims__status=Claim.Status.PUBLISHED)


class StaticPagesSitemap(Sitemap):
    changefreq = "weekly"
    priority = 0.8

    def items(self):
        return [
            "home",
            "compare:form",
            "compare:framework-list",
            "compare:criterion-list",
            "articles:source-list",
        ]

    def location(self, item):
        return reverse(item)


class FrameworkSitemap(Sitemap):
    changefreq = "weekly"
    priority = 0.7

    def items(self):
        return Framework.objects.annotate(
            last_claim_change=Max("claims__updated_at", filter=PUBLISHED)
        ).order_by("slug")

    def lastmod(self, item):
        return item.last_claim_change


class CriterionSitemap(Sitemap):
    changefreq = "weekly"
    priority = 0.6

    def items(self):
        return Criterion.objects.annotate(
            last_claim_change=Max("claims__updated_at", filter=PUBLISHED)
        ).order_by("slug")

    def lastmod(self, item):
        return item.last_claim_change


class SourceSitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.6

    def items(self):
        return Source.objects.only("slug", "updated_at").order_by("slug")

    def lastmod(self, item):
        return item.updated_at


class ClaimSitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.4

    def items(self):
        return Claim.objects.published().only("pk", "updated_at").order_by("pk")

    def lastmod(self, item):
        return item.updated_at


class ComparisonSitemap(Sitemap):
    """Every pair of frameworks that both have published claims: the pages worth comparing."""

    changefreq = "weekly"
    priority = 0.9

    def items(self):
        frameworks = (
            Framework.objects.annotate(
                last_claim_change=Max("claims__updated_at", filter=PUBLISHED)
            )
            .filter(last_claim_change__isnull=False)
            .order_by("slug")
        )
        return [
            {"slugs": [a.slug, b.slug], "lastmod": max(a.last_claim_change, b.last_claim_change)}
            for a, b in combinations(frameworks, 2)
        ]

    def location(self, item):
        return comparison_url(item["slugs"])

    def lastmod(self, item):
        return item["lastmod"]


SITEMAPS = {
    "pages": StaticPagesSitemap,
    "comparisons": ComparisonSitemap,
    "frameworks": FrameworkSitemap,
    "criteria": CriterionSitemap,
    "sources": SourceSitemap,
    "claims": ClaimSitemap,
}
