"""A claim's stance marker and its citation line as simple tags rather than includes.

A framework or criterion page lists about a hundred claims, the reader a marker per claim: an
{% include %} per line (two with the stance inside it) cost more than the rest of the page's
template together. Values are escaped here as autoescaping would; the markup is this module's.
"""

from django import template
from django.utils.html import escape
from django.utils.safestring import mark_safe

register = template.Library()

STANCE_MARKERS = {
    "strength": '<span aria-hidden="true">▲</span> Strength',
    "weakness": '<span aria-hidden="true">▼</span> Weakness',
}
NEUTRAL_MARKER = '<span aria-hidden="true">●</span> Neutral'


def stance_html(stance):
    marker = STANCE_MARKERS.get(stance, NEUTRAL_MARKER)
    return f'<span class="stance stance-{escape(stance)}">{marker}</span>'


@register.simple_tag
def stance_marker(stance):
    """A stance that does not rely on colour: a shape and a word."""
    return mark_safe(stance_html(stance))


@register.simple_tag
def claim_line(claim, number=None):
    """A claim as a reader meets it: stance, summary, and a citation linking to its passage.

    `claim` carries `citation_url` and `permalink` set by its selector (on a comparison page
    the citation leads back to that comparison); the citation's title names the source (the
    quote is one click away, so it is not repeated, cut short, in every line's tooltip).
    """
    return mark_safe(
        f'<span class="claim-line">{stance_html(claim.stance)} '
        f'<span class="summary">{escape(claim.summary)}</span> '
        f'<a class="citation" href="{escape(claim.citation_url)}" '
        f'title="{escape(claim.source.display_title)}">[{escape(number) if number else "source"}]'
        f'</a> <a class="permalink" href="{escape(claim.permalink)}" '
        f'aria-label="Claim {claim.pk} permalink">#</a></span>'
    )
