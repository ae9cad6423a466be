"""A comparison as JSON or CSV: the same claims the page shows, with their sources."""

import csv
import io
import json

from criteria.links import comparison_slug

CSV_COLUMNS = [
    "criterion",
    "criterion_group",
    "framework",
    "stance",
    "summary",
    "finding",
    "finding_summary",
    "quote",
    "source_title",
    "source_url",
    "source_author",
    "source_publisher",
    "source_published",
    "claim_url",
    "passage_url",
]
# A cell starting with one of these is a formula to a spreadsheet (=HYPERLINK(...), +cmd|...):
# article text must never run as one, so such a cell gets a leading apostrophe (OWASP's advice).
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\n")


def claim_record(claim, absolute):
    source = claim.source
    return {
        "id": claim.pk,
        "criterion": claim.criterion.slug,
        "criterion_group": claim.criterion.group,
        "framework": claim.framework.slug,
        "stance": claim.stance,
        "summary": claim.summary,
        # The finding the claim is one citation of: claims that say the same thing share it.
        "finding": claim.finding_id,
        "finding_summary": claim.finding_summary if claim.finding_id else claim.summary,
        "quote": claim.quote,
        "source_title": source.display_title,
        "source_url": source.url or None,
        "source_author": source.author or None,
        "source_publisher": source.publisher or None,
        "source_published": source.published.isoformat() if source.published else None,
        "claim_url": absolute(claim.get_absolute_url()),
        "passage_url": absolute(claim.passage_url),
    }


def comparison_as_json(comparison, *, filters, absolute):
    rows = []
    for row in comparison.rows:
        rows.append(
            {
                "criterion": row.criterion.slug,
                "criterion_name": row.criterion.name,
                "group": row.criterion.group,
                "sources_favouring": row.favoured,
                "sources_even": row.even,
                "contested": row.contested,
                "verdicts": {
                    cell.framework.slug: {
                        "verdict": cell.verdict,
                        "sources": cell.source_count,
                        "sources_for": cell.sources_for,
                        "sources_against": cell.sources_against,
                    }
                    for cell in row.cells
                },
                "claims": [
                    claim_record(claim, absolute) for cell in row.cells for claim in cell.claims
                ],
            }
        )
    document = {
        "comparison": comparison_slug([framework.slug for framework in comparison.frameworks]),
        "frameworks": [
            {"slug": framework.slug, "name": framework.name} for framework in comparison.frameworks
        ],
        "filters": {name: str(getattr(value, "slug", value)) for name, value in filters.items()},
        "claim_count": comparison.claim_count,
        "rows": rows,
        "criteria_without_claims": [criterion.slug for criterion in comparison.folded],
    }
    return json.dumps(document, ensure_ascii=False, indent=2)


def comparison_as_csv(comparison, *, absolute):
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=CSV_COLUMNS, extrasaction="ignore")
    writer.writeheader()
    for row in comparison.rows:
        for cell in row.cells:
            for claim in cell.claims:
                record = claim_record(claim, absolute)
                writer.writerow({key: csv_cell(value) for key, value in record.items()})
    return buffer.getvalue()


def csv_cell(value):
    """A value as a CSV cell that a spreadsheet shows as text, never evaluates."""
    if value is None:
        return ""
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value
