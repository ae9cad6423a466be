"""The reader's list of an article's claims as one simple tag rather than a template loop.

The longest seed article lists 150 claims: the loop's variable lookups, filters and conditions
were a third of the reader's render once the article body itself came from its cache. Values
are escaped here as autoescaping would; the markup is this module's.
"""

from django import template
from django.utils.html import escape
from django.utils.safestring import mark_safe

from .claim_lines import stance_html

register = template.Library()


def index_entry(claim):
    about = f"{escape(claim.framework.name)} · {escape(claim.criterion.name)}"
    if claim.anchored:
        summary = f'<a class="claim-summary" href="#claim-{claim.pk}">{escape(claim.summary)}</a>'
    else:
        summary = (
            f'<span class="claim-summary">{escape(claim.summary)}</span> '
            '<span class="meta">(its passage is no longer in the text)</span>'
        )
        about += (
            f' · <a class="permalink" href="{escape(claim.permalink)}">Permalink'
            f'<span class="visually-hidden"> of claim {claim.number}</span></a>'
        )
    return (
        f"<li>\n        {stance_html(claim.stance)}\n        {summary}\n"
        f'        <span class="meta">{about}</span>\n      </li>'
    )


@register.simple_tag
def claim_index(claims):
    """The article's claims in reading order, each leading to its passage (or, when the passage
    is gone from the text, to its permalink)."""
    return mark_safe("\n      ".join(index_entry(claim) for claim in claims))
