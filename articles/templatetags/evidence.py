"""The comparison page's repeated parts as simple tags: a criterion's evidence cell with its
finding lines, a verdict grid cell. They are most of the page (hundreds per comparison), and
Django's template engine spends far more per variable lookup and nested loop than building the
same HTML here does (with the claim lines of claim_lines.py and the selector's changes, a seed
comparison went from about 35 to 23 ms of CPU, README "Speed"). Every value is escaped as
django.utils.html.escape and autoescaping do (html.escape of its text, called directly: the
lazy-string wrapper around Django's was a tenth of a comparison's render); only the markup
written here is trusted.
"""

import html
import re
from urllib.parse import quote

from django import template
from django.urls import reverse
from django.utils.safestring import mark_safe

register = template.Library()


# Whether a text holds a character html.escape changes: most of a page's values (addresses,
# numbers, slugs, names) hold none, and one search costs less than escape's five replaces.
NEEDS_ESCAPING = re.compile("[&<>\"']").search


def escape(value):
    """django.utils.html.escape without its lazy-string wrapper: the same text."""
    text = value if type(value) is str else str(value)
    return html.escape(text) if NEEDS_ESCAPING(text) else text


SLUG_MARKER = "slug-marker"


def addresses(view_name):
    """slug -> the view's address for that slug, reversed once rather than once per row."""
    prefix, suffix = reverse(view_name, args=[SLUG_MARKER]).split(SLUG_MARKER)
    return lambda slug: f"{prefix}{slug}{suffix}"


@register.simple_tag
def evidence_groups(comparison, other_filters):
    """The evidence of the page's rows, under their groups' headings: one tag rather than a
    template loop calling one per group (each reversed the criterion's address again)."""
    criterion_address = addresses("compare:criterion-detail")
    return mark_safe(
        "".join(
            f'\n<h3 class="group-heading">{escape(label)}</h3>'
            f"{evidence_rows(rows, comparison, other_filters, criterion_address)}"
            for label, rows in comparison.evidence_groups
        )
    )


def evidence_rows(rows, comparison, other_filters, criterion_address):
    """A section per criterion of the evidence: its name (linking to the criterion's page),
    whether the sources disagree, and a cell per framework."""
    parts = []
    for row in rows:
        slug = escape(row.criterion.slug)
        disagree = ' <span class="disagree">sources disagree</span>' if row.contested else ""
        cells = "".join(
            f"\n{evidence_cell(cell, row, comparison, other_filters)}" for cell in row.cells
        )
        parts.append(
            f'\n<section class="criterion-evidence" id="row-{slug}" '
            f'aria-labelledby="row-{slug}-name">\n<h4 id="row-{slug}-name"><a href="'
            f'{escape(criterion_address(row.criterion.slug))}">{escape(row.criterion.name)}</a>'
            f'{disagree}</h4>\n<div class="cells">{cells}\n</div>\n</section>'
        )
    return "".join(parts)


@register.simple_tag
def verdict_groups(comparison):
    """The verdict grid's body: a <tbody> per group of criteria, headed by its label, with a
    row per criterion: its name, and a verdict_cell per framework."""
    span = len(comparison.columns) + 1
    return mark_safe(
        "".join(
            f'\n  <tbody>\n    <tr class="grid-group"><th scope="colgroup" colspan="{span}">'
            f"{escape(label)}</th></tr>\n    {verdict_rows(rows)}\n  </tbody>\n  "
            for label, rows in comparison.groups
        )
    )


def verdict_rows(rows):
    return "".join(
        f'\n<tr><th scope="row">{escape(row.criterion.name)}</th>'
        f"{''.join(verdict_cell(cell, row.evidence_at) for cell in row.cells)}</tr>"
        for row in rows
    )


def _sources(count):
    return f"{count} source{'' if count == 1 else 's'}"


def _row_link(other_filters, row, cell):
    # As the template's `criterion={{ row.criterion.slug|urlencode }}` did.
    filters = f"{escape(other_filters)}&amp;" if other_filters else ""
    slug = escape(quote(row.criterion.slug, safe="/"))
    return f"?{filters}criterion={slug}#{escape(cell.anchor)}"


SIDE_WORDS = {"strength": "For", "weakness": "Against"}


def _plural(count):
    return "" if count == 1 else "s"


def evidence_cell(cell, row, comparison, other_filters):
    """One framework's cell of a criterion's evidence: its verdict and sources, then its
    findings by stance (side by side where the sources disagree), and a link to the rest."""
    anchor = escape(cell.anchor)
    contested = cell.contested
    parts = [
        f'<div class="cell c-{escape(cell.verdict)}" id="{anchor}">\n<p class="cell-head">'
        f'<span class="cell-name">{escape(cell.framework.name)}</span> <span class="verdict">'
        f'<span aria-hidden="true">{escape(cell.shape)}</span> {escape(cell.word)}</span>'
    ]
    if cell.source_count:
        if contested:
            count = (
                f"{cell.sources_for} source{_plural(cell.sources_for)} for, "
                f"{cell.sources_against} against"
            )
        else:
            count = _sources(cell.source_count)
        parts.append(f' <span class="n">{count}</span>')
    parts.append("</p>\n")
    if not cell.findings:
        parts.append('<p class="gap">No evidence.</p>\n</div>')
        return "".join(parts)
    parts.append(f'<div class="{"sides" if contested else "stack"}">')
    sections = cell.sections
    hidden = " visually-hidden" if not contested and len(sections) == 1 else ""
    # What every finding line of the cell repeats, written once.
    shared = {
        "support": f"of {_sources(row.source_count)}",
        "row_link": _row_link(other_filters, row, cell),
        "contested": contested,
    }
    for stance, findings in sections:
        stance_class = escape(stance)
        parts.append(
            f'\n<div class="side"><p class="side-head s-{stance_class}{hidden}">'
            f'{SIDE_WORDS.get(stance, "Facts")}</p>\n<ul class="findings s-{stance_class}">'
        )
        for finding in findings:
            parts.append("\n")
            parts.append(finding_line(finding, comparison, **shared))
        parts.append("\n</ul></div>")
    parts.append("\n</div>")
    if cell.capped:
        parts.append(
            f'\n<p class="all-claims"><a href="{shared["row_link"]}">All '
            f"{cell.finding_count} findings ({cell.claim_count} claims) on "
            f'{escape(row.criterion.name)} <span aria-hidden="true">→</span></a></p>'
        )
    parts.append("\n</div>")
    return "".join(parts)


def finding_line(finding, comparison, *, support, row_link, contested):
    """One finding as an <li>: its summary, a citation per claim, the support it has (`support`:
    "of N sources" on its row); on a page narrowed to one criterion, every claim's quote; in a
    contested cell, the finding's quote. `row_link`: the cell's row with every finding."""
    parts = [f'<li>{escape(finding.summary)} <span class="cites">']
    parts += [
        f'<a href="{escape(claim.permalink)}">[{escape(claim.citation_label)}]</a>'
        for claim in finding.claims
    ]
    if finding.more:
        parts.append(f' <a href="{row_link}">+{finding.more} more</a>')
    parts.append(f'</span> <span class="support">{finding.source_count} {support}</span>')
    if comparison.criterion:
        parts.append('<ul class="finding-claims">')
        for claim in finding.claims:
            summary = f"{escape(claim.summary)} " if claim.summary != finding.summary else ""
            parts.append(
                f"<li>{summary}<q>{escape(claim.quote)}</q> "
                f'<a href="{escape(claim.citation_url)}">[{escape(claim.citation_label)}] in its '
                f'article</a> · <a class="permalink" href="{escape(claim.permalink)}">claim '
                f"{claim.pk}</a></li>"
            )
        parts.append("</ul>")
    elif contested:
        parts.append(f'<q class="finding-quote">{escape(finding.quote)}</q>')
    parts.append("</li>")
    return "".join(parts)


def verdict_cell(cell, evidence_at=""):
    """One cell of the verdict grid: its shape, word and sources, linking to its evidence: on
    this page, or at `evidence_at`, the page of the evidence that holds it. The cell then
    carries the evidence's anchor itself, so a link to that anchor from elsewhere lands on it
    here, one click from the evidence."""
    anchor = escape(cell.anchor)
    here = f' id="{anchor}"' if evidence_at else ""
    if not cell.source_count:
        return (
            f'<td class="v v-{escape(cell.verdict)}"{here}><span class="shape" '
            'aria-hidden="true">○</span> <span class="word">no evidence</span></td>'
        )
    if cell.contested:
        count = f"{cell.sources_for} for, {cell.sources_against} against"
    else:
        count = _sources(cell.source_count)
    return (
        f'<td class="v v-{escape(cell.verdict)}"{here}><a href="{escape(evidence_at)}#{anchor}">'
        f'<span class="shape" aria-hidden="true">{escape(cell.shape)}</span> '
        f'<span class="word">{escape(cell.word)}</span> <span class="n">{count}</span></a></td>'
    )
