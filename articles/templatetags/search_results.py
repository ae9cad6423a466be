"""The search page's claims, grouped by framework then criterion, as one simple tag rather than
three nested template loops.

A hundred results with a stance, two highlighted texts and three links each: the loops were a
third of a scale search's Python time. Values are escaped here as autoescaping would (the
highlighted texts arrive escaped and marked, as safe strings, from articles/highlighting.py);
the markup is this module's, the same as the template wrote.
"""

from django import template
from django.template.defaultfilters import pluralize
from django.utils.html import conditional_escape, escape
from django.utils.safestring import mark_safe

from .claim_groups import address_maker
from .claim_lines import stance_html

register = template.Library()


def result(claim):
    title = escape(claim.source.display_title)
    return (
        f'<li class="search-result" id="result-claim-{claim.pk}">\n'
        f'        <p class="search-result-summary">{stance_html(claim.stance)} '
        f'<span class="summary">{conditional_escape(claim.summary_html)}</span></p>\n'
        f'        <blockquote class="search-excerpt"><p>“{conditional_escape(claim.excerpt_html)}”'
        f"</p></blockquote>\n"
        f'        <p class="meta">From <cite>{title}</cite> · '
        f'<a href="{escape(claim.passage_link)}">Read the passage<span class="visually-hidden">'
        f' in {title}</span></a> · <a href="{escape(claim.permalink)}">Permalink'
        f'<span class="visually-hidden"> of claim {claim.pk}</span></a></p>\n      </li>'
    )


@register.simple_tag
def search_claim_groups(groups):
    """Each framework's results (best match first), by criterion in display order."""
    framework_address = address_maker("compare:framework-detail")
    criterion_address = address_maker("compare:criterion-detail")
    parts = []
    for group in groups:
        framework, count = group["framework"], group["count"]
        slug = escape(framework.slug)
        parts.append(
            f'<section class="search-framework" aria-labelledby="results-{slug}">\n'
            f'    <h3 id="results-{slug}"><a href="{escape(framework_address(framework.slug))}">'
            f'{escape(framework.name)}</a> <span class="meta">{count} claim{pluralize(count)}'
            f"</span></h3>\n"
        )
        for entry in group["criteria"]:
            criterion = entry["criterion"]
            results = "\n      ".join(result(found["claim"]) for found in entry["results"])
            parts.append(
                f'    <h4><a href="{escape(criterion_address(criterion.slug))}">'
                f"{escape(criterion.name)}</a></h4>\n"
                f'    <ol class="search-results">\n      {results}\n    </ol>\n'
            )
        parts.append("  </section>\n")
    return mark_safe("".join(parts))
