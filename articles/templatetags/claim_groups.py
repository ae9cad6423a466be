"""A framework page's groups of claims (by criterion) and a criterion page's (by framework), each
as one simple tag rather than nested template loops.

At scale such a page lists 120 groups of up to five claims: the loops' lookups, a reverse() per
group heading and a tag call per claim were a fifth of its render. Values are escaped here as
autoescaping would; the markup is this module's, the same as the templates wrote.
"""

from urllib.parse import quote

from django import template
from django.utils.html import escape
from django.utils.safestring import mark_safe

from criteria.links import address_maker

from .claim_lines import claim_line

register = template.Library()


def claim_list(group):
    lines = "".join(
        f"<li>{claim_line(claim, claim.citation_number)}</li>" for claim in group.claims
    )
    return f'<ul class="claims">\n    {lines}\n  </ul>'


def all_claims_link(group, kind, text):
    slug = escape(group.heading.slug)
    return (
        f'<p class="all-claims"><a href="?{kind}={escape(quote(group.heading.slug, safe="/"))}'
        f'#{kind}-{slug}">{text} <span aria-hidden="true">→</span></a></p>'
    )


@register.simple_tag
def groups_by_criterion(groups):
    """A framework page's claims, a heading per criterion and a link to all when capped."""
    address = address_maker("compare:criterion-detail")
    parts = []
    for group in groups:
        criterion = group.heading
        name, slug = escape(criterion.name), escape(criterion.slug)
        parts.append(
            f'<h3 id="criterion-{slug}"><a href="{escape(address(criterion.slug))}">{name}</a>'
            f"</h3>\n  {claim_list(group)}\n  "
        )
        if group.capped:
            text = f"All {group.claim_count} claims on {name}"
            parts.append(all_claims_link(group, "criterion", text))
    return mark_safe("".join(parts))


@register.simple_tag
def groups_by_framework(groups, criterion):
    """A criterion page's claims, a section per framework and a link to all when capped."""
    address = address_maker("compare:framework-detail")
    parts = []
    for group in groups:
        framework = group.heading
        name, slug = escape(framework.name), escape(framework.slug)
        link = ""
        if group.capped:
            text = f"All {group.claim_count} claims on {escape(criterion.name)} about {name}"
            link = all_claims_link(group, "framework", text)
        parts.append(
            f'<section aria-labelledby="framework-{slug}">\n  <h2 id="framework-{slug}">'
            f'<a href="{escape(address(framework.slug))}">{name}</a></h2>\n  '
            f"{claim_list(group)}\n  {link}\n</section>\n"
        )
    return mark_safe("".join(parts))
