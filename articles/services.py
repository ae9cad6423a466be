"""Writing articles and their claims: the one path the command (and later the admin) takes."""

from dataclasses import dataclass, field

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from criteria.models import Criterion, Framework

from .anchoring import QuoteAmbiguous, QuoteNotFound, locate, reanchor
from .cache import knowledge_base_changed
from .curated import claims_path_for, read_curated_claims
from .documents import ArticleError, read_article
from .extraction.records import claims_propose
from .findings import findings_refresh_for_source
from .models import Claim, Source

SOURCE_FIELDS = ("title", "author", "publisher", "url", "published")


@dataclass
class ArticleOutcome:
    path: str
    slug: str = ""
    status: str = "unchanged"  # created, updated, unchanged
    claims_created: int = 0
    claims_unchanged: int = 0
    claims_reanchored: int = 0
    claims_flagged: list = field(default_factory=list)
    claims_proposed: int = 0  # drafts proposed by the extractor
    frameworks_created: list = field(default_factory=list)  # names first seen in this article

    @property
    def changed(self):
        return (
            self.status != "unchanged"
            or self.claims_created > 0
            or self.claims_proposed > 0
            or bool(self.frameworks_created)
        )


def article_max_bytes():
    return settings.ARTICLE_MAX_BYTES


def source_update(*, source, document):
    """Apply a re-read article to its source; True when anything changed."""
    new_values = {
        key: document.metadata[key]
        for key in SOURCE_FIELDS
        # A header is the file's say on every field; derived metadata only knows what the text
        # states, so a value it lacks (one given by an option, say) is kept, not blanked.
        if document.metadata_from_header or document.metadata[key] not in ("", None)
    }
    new_values.update(
        body=document.body,
        original_text=document.original_text,
        original_sha256=document.original_sha256,
        original_filename=document.original_filename,
    )
    changed = {key: value for key, value in new_values.items() if getattr(source, key) != value}
    if not changed:
        return False
    body_changed = "body" in changed
    for key, value in changed.items():
        setattr(source, key, value)
    source.imported_at = timezone.now()
    source.save()
    return body_changed


def claims_reanchor(*, source):
    """Move every claim of a source to its quote in the new text; flag those whose quote is gone.

    Returns (number re-anchored, list of flagged claims). Nothing is deleted.
    """
    moved, flagged = 0, []
    for claim in source.claims.select_related("framework", "criterion"):
        span = reanchor(source.body, claim.quote, claim.quote_start)
        if span is None:
            if not claim.needs_review:
                claim.needs_review = True
                claim.save(update_fields=["needs_review", "updated_at"])
            flagged.append(claim)
        elif span != (claim.quote_start, claim.quote_end) or claim.needs_review:
            claim.quote_start, claim.quote_end = span
            claim.needs_review = False
            claim.save(update_fields=["quote_start", "quote_end", "needs_review", "updated_at"])
            moved += 1
    return moved, flagged


def resolve_vocabulary(path, curated):
    """Frameworks and criteria by slug, refusing the first slug the knowledge base lacks."""
    frameworks = Framework.objects.in_bulk({c.framework for c in curated}, field_name="slug")
    criteria = Criterion.objects.in_bulk({c.criterion for c in curated}, field_name="slug")
    for claim in curated:
        if claim.framework not in frameworks:
            raise ArticleError(
                path, f"unknown framework slug {claim.framework!r}", claim=claim.number
            )
        if claim.criterion not in criteria:
            raise ArticleError(
                path, f"unknown criterion slug {claim.criterion!r}", claim=claim.number
            )
    return frameworks, criteria


def curated_claims_add(*, source, curated, claims_path, outcome):
    """Create the curated claims a source does not have yet; existing ones keep curators' edits."""
    frameworks, criteria = resolve_vocabulary(claims_path, curated)
    existing = set(
        source.claims.values_list("framework_id", "criterion_id", "quote_start", "quote_end")
    )
    seen, new_claims = {}, []
    for item in curated:
        try:
            start, end = locate(source.body, item.quote, item.occurrence)
        except (QuoteNotFound, QuoteAmbiguous) as error:
            raise ArticleError(
                claims_path, f"{error} ({source.slug}): {item.quote[:80]!r}", claim=item.number
            ) from None
        framework, criterion = frameworks[item.framework], criteria[item.criterion]
        key = (framework.pk, criterion.pk, start, end)
        if key in seen:
            raise ArticleError(
                claims_path,
                f"the same claim as claim #{seen[key]} (same framework, criterion and passage)",
                claim=item.number,
            )
        seen[key] = item.number
        if key in existing:
            outcome.claims_unchanged += 1
            continue
        new_claims.append(
            Claim(
                source=source,
                framework=framework,
                criterion=criterion,
                stance=item.stance,
                summary=item.summary,
                quote=item.quote,
                quote_start=start,
                quote_end=end,
                status=item.status,
            )
        )
    # One INSERT for the article's new claims, not one per claim (import speed on PostgreSQL).
    # Their anchors hold by construction: each span is where locate() found its quote.
    now = timezone.now()
    for claim in new_claims:
        claim.stamp_publication(now)  # bulk_create skips save()
    Claim.objects.bulk_create(new_claims)
    if new_claims:
        knowledge_base_changed()  # bulk_create sends no post_save
    outcome.claims_created += len(new_claims)


def source_create(*, document):
    """A new source for the document; None when a concurrent import created its slug first."""
    try:
        # A savepoint: PostgreSQL makes this insert wait for a concurrent one of the same slug
        # and refuses it once that one commits; the transaction around it carries on.
        with transaction.atomic():
            return Source.objects.create(
                slug=document.slug,
                body=document.body,
                original_text=document.original_text,
                original_sha256=document.original_sha256,
                original_filename=document.original_filename,
                imported_at=timezone.now(),
                **{key: document.metadata[key] for key in SOURCE_FIELDS},
            )
    except IntegrityError:
        if Source.objects.filter(slug=document.slug).exists():
            return None
        raise


def article_load(*, path, dry_run=False, overrides=None):
    """Load one article file and its curated claims in one transaction.

    A failure raises ArticleError and leaves the database as it was for this article; a dry run
    does all the work and then rolls it back.
    """
    outcome = ArticleOutcome(path=str(path))
    max_bytes = article_max_bytes()
    document = read_article(path, max_bytes=max_bytes, overrides=overrides)
    curated = read_curated_claims(path, max_bytes=max_bytes)
    outcome.slug = document.slug
    with transaction.atomic():
        source = Source.objects.select_for_update().filter(slug=document.slug).first()
        if source is None:
            source = source_create(document=document)
            if source is None:
                # An import running at the same time created it first: load as a reload.
                source = Source.objects.select_for_update().get(slug=document.slug)
            else:
                outcome.status = "created"
        body_changed = outcome.status == "created"
        if not body_changed:
            before = source.updated_at
            body_changed = source_update(source=source, document=document)
            if body_changed:
                outcome.claims_reanchored, outcome.claims_flagged = claims_reanchor(source=source)
            if source.updated_at != before:
                outcome.status = "updated"
        if curated:
            curated_claims_add(
                source=source, curated=curated, claims_path=claims_path_for(path), outcome=outcome
            )
        elif curated is None and body_changed:
            # No curated claims file: the extractor proposes drafts for curators to review.
            claims_propose(source=source, outcome=outcome)
        findings_refresh_for_source(source=source)
        if dry_run:
            transaction.set_rollback(True)
    return outcome
