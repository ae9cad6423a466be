"""The sitemap: every public page, and nothing that is not published."""

from itertools import combinations

from django.contrib.sitemaps import Sitemap
from django.db.models import Max
from django.urls import reverse

from articles.models import Claim, Source
from articles.selectors import PUBLISHED
from criteria.links import comparison_url
from criteria.models import Criterion, Framework


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


class LastClaimChangeSitemap(Sitemap):
    """Pages of a model whose content changes when one of its published claims does."""

    changefreq = "weekly"
    model = None

    def items(self):
        return self.model.objects.annotate(
            last_claim_change=Max("claims__updated_at", filter=PUBLISHED)
        ).order_by("slug")

    def lastmod(self, item):
        return item.last_claim_change


class FrameworkSitemap(LastClaimChangeSitemap):
    model = Framework
    priority = 0.7


class CriterionSitemap(LastClaimChangeSitemap):
    model = Criterion
    priority = 0.6


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
        return Claim.objects.public().only("pk", "updated_at").order_by("pk")

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
