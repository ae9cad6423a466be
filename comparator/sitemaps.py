"""The sitemap: every public page, and nothing that is not published.

At scale a section is 50,000 addresses (the protocol's limit a page; the claims fill two): each
section's items are plain rows, its addresses made from one reversed address, and its pages
written by urlset_xml() rather than by Django's template, in the same bytes. The index asks each
section for its length and newest change, from grouped counts of the public claims and counts of
the rows, rather than reading every item (1.1 s at 100,000 claims); sitemap_index_xml() writes
it. tests/test_sitemap_writer.py holds both to what Django's sitemap views answer.
"""

import datetime
from html import escape
from itertools import combinations

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.core.paginator import Paginator
from django.db.models import Count, Max
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.http import http_date
from django.utils.timezone import get_current_timezone, is_aware, template_localtime

from articles.models import Claim, Source
from articles.selectors import published_claims_per
from criteria.links import address_maker, comparison_slug
from criteria.models import Criterion, Framework


def latest_of(lastmods):
    """The newest of these dates, or None if one is missing (or there are none): what Django's
    Sitemap.get_latest_lastmod() answers when it compares every item's lastmod."""
    lastmods = list(lastmods)
    if not lastmods or any(lastmod is None for lastmod in lastmods):
        return None
    return max(lastmods)


class PublicClaims:
    """What the sections ask about the public claims, read once for the whole index: per
    framework or criterion, their count and last change, from the partial indexes that end
    with updated_at (every claim is about one framework: the totals are those per framework's)."""

    def __init__(self):
        self.found = {}

    def per(self, field):
        """{id: row} of the public claims per framework or criterion: count, last_claim_change."""
        if field not in self.found:
            self.found[field] = published_claims_per(field, last_claim_change=Max("updated_at"))
        return self.found[field]

    @property
    def size(self):
        return sum(row["count"] for row in self.per("framework").values())

    @property
    def latest(self):
        """When the last public claim changed, None without one."""
        return max(
            (row["last_claim_change"] for row in self.per("framework").values()), default=None
        )


class SectionSitemap(Sitemap):
    """A section that tells the index its length and newest change (size(), latest()) without
    listing its items; `claims`, the PublicClaims the sections of one index share."""

    def __init__(self, claims=None):
        self.claims = claims or PublicClaims()

    def size(self):
        return len(self.items())

    def latest(self):
        """The newest lastmod of the section, None where an item has none."""
        return None


class RowsSitemap(SectionSitemap):
    """A section whose items are rows (address part, lastmod): `location` turns the first into
    a path, from an address reversed once (`view_name`), not a reverse() per item."""

    view_name = None

    @cached_property
    def address(self):
        return address_maker(self.view_name)

    def location(self, item):
        return self.address(item[0])

    def lastmod(self, item):
        return item[1]


class StaticPagesSitemap(SectionSitemap):
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


class LastClaimChangeSitemap(RowsSitemap):
    """Pages of a model whose content changes when one of its published claims does: (slug,
    when its last public claim changed, or None), by slug; `field`, the claim's link to it."""

    changefreq = "weekly"
    model = None
    field = None

    @cached_property
    def rows(self):
        changes = self.claims.per(self.field)
        return [
            (slug, changes.get(pk, {}).get("last_claim_change"))
            for pk, slug in self.model.objects.order_by("slug").values_list("pk", "slug")
        ]

    def items(self):
        return self.rows

    @cached_property
    def count(self):
        return self.model.objects.count()

    def size(self):
        return self.count

    def latest(self):
        # Undated if one of them has no public claim; otherwise the newest public claim's change.
        if len(self.claims.per(self.field)) < self.size():
            return None
        return self.claims.latest


class FrameworkSitemap(LastClaimChangeSitemap):
    model = Framework
    field = "framework"
    priority = 0.7
    view_name = "compare:framework-detail"


class CriterionSitemap(LastClaimChangeSitemap):
    model = Criterion
    field = "criterion"
    priority = 0.6
    view_name = "compare:criterion-detail"


class SourceSitemap(RowsSitemap):
    changefreq = "monthly"
    priority = 0.6
    view_name = "articles:source-detail"

    def items(self):
        return Source.objects.order_by("slug").values_list("slug", "updated_at")

    @cached_property
    def summary(self):
        return Source.objects.aggregate(size=Count("*"), latest=Max("updated_at"))

    def size(self):
        return self.summary["size"]

    def latest(self):
        return self.summary["latest"]


class ClaimSitemap(RowsSitemap):
    changefreq = "monthly"
    priority = 0.4
    view_name = "articles:claim-detail"

    def items(self):
        return Claim.objects.public().order_by("pk").values_list("pk", "updated_at")

    def size(self):
        return self.claims.size

    def latest(self):
        return self.claims.latest


class ComparisonSitemap(RowsSitemap):
    """Every pair of frameworks that both have published claims: the pages worth comparing."""

    changefreq = "weekly"
    priority = 0.9
    view_name = "compare:compare"

    @cached_property
    def rows(self):
        # The discussed frameworks by slug, so that each pair is too.
        frameworks = [row for row in FrameworkSitemap(self.claims).items() if row[1] is not None]
        return [
            (comparison_slug([a[0], b[0]]), max(a[1], b[1])) for a, b in combinations(frameworks, 2)
        ]

    def items(self):
        return self.rows

    def size(self):
        discussed = len(self.claims.per("framework"))
        return discussed * (discussed - 1) // 2

    def latest(self):
        # Every public claim is about a discussed framework, so in some pair, if there is one.
        return self.claims.latest if self.size() else None


SITEMAPS = {
    "pages": StaticPagesSitemap,
    "comparisons": ComparisonSitemap,
    "frameworks": FrameworkSitemap,
    "criteria": CriterionSitemap,
    "sources": SourceSitemap,
    "claims": ClaimSitemap,
}


URLSET_OPENING = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
    'xmlns:xhtml="http://www.w3.org/1999/xhtml">\n'
)
URLSET_CLOSING = "\n</urlset>\n"
INDEX_OPENING = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
)
INDEX_CLOSING = "\n</sitemapindex>\n"


def last_modified(lastmods):
    """The Last-Modified header Django's sitemap views send: the newest lastmod, where each
    entry has one."""
    latest = latest_of(lastmods)
    return latest and http_date(latest.timestamp())


def iso(lastmod):
    """A lastmod as the template's `date:"c"` writes it: ISO 8601 in the site's time zone."""
    return template_localtime(lastmod).isoformat()


def day_writer():
    """lastmod -> its day as the template's `date:"Y-m-d"` writes it, in the current time zone
    as template_localtime() converts it; the zone looked up once, not for each of 50,000."""
    zone = get_current_timezone() if settings.USE_TZ else None

    def day(lastmod):
        if isinstance(lastmod, datetime.datetime):
            if zone is not None and is_aware(lastmod):
                lastmod = lastmod.astimezone(zone)
            lastmod = lastmod.date()
        return lastmod.isoformat()

    return day


def urlset_xml(sitemap, page, *, protocol, domain):
    """(XML, Last-Modified header or None) for a page of a section: the bytes Django's
    sitemap.xml template writes (its {% spaceless %} leaves no space between tags), and the
    header its view sends when every address on the page has a lastmod.

    Raises django.core.paginator.InvalidPage for a page that is not there."""
    items = sitemap.paginator.page(page).object_list
    changefreq = sitemap.changefreq
    priority = "" if sitemap.priority is None else str(sitemap.priority)
    tail = (f"<changefreq>{escape(changefreq)}</changefreq>" if changefreq else "") + (
        f"<priority>{escape(priority)}</priority>" if priority else ""
    )
    tail += "</url>"
    base = f"{protocol}://{domain}"
    has_lastmod = hasattr(sitemap, "lastmod")
    day = day_writer()
    parts, lastmods = [URLSET_OPENING], []
    for item in items:
        location = escape(f"{base}{sitemap.location(item)}")
        lastmod = sitemap.lastmod(item) if has_lastmod else None
        lastmods.append(lastmod)
        dated = f"<lastmod>{day(lastmod)}</lastmod>" if lastmod else ""
        parts.append(f"<url><loc>{location}</loc>{dated}{tail}")
    parts.append(URLSET_CLOSING)
    return "".join(parts), last_modified(lastmods)


def sitemap_index_xml(sitemaps, *, protocol, domain, section_path):
    """(XML, Last-Modified header or None) of the index: an address per page of each section,
    with the section's newest change, as Django's index view and sitemap_index.xml write them
    (the header only when every section is dated). `section_path`: section -> its path."""
    parts, lastmods, claims = [INDEX_OPENING], [], PublicClaims()
    for section, sitemap_class in sitemaps.items():
        sitemap = sitemap_class(claims)
        latest = sitemap.latest()
        lastmods.append(latest)
        dated = f"<lastmod>{iso(latest)}</lastmod>" if latest else ""
        scheme = protocol if sitemap.protocol is None else sitemap.protocol
        address = f"{scheme}://{domain}{section_path(section)}"
        pages = Paginator(range(sitemap.size()), sitemap.limit).num_pages
        for page in range(1, pages + 1):
            location = address if page == 1 else f"{address}?p={page}"
            parts.append(f"<sitemap><loc>{escape(location)}</loc>{dated}</sitemap>")
    parts.append(INDEX_CLOSING)
    return "".join(parts), last_modified(lastmods)
