"""Writing articles and their claims: the one path the command (and later the admin) takes."""

from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.utils import timezone

from criteria.models import Criterion, Framework
from criteria.validators import validate_source_slug

from .anchoring import QuoteAmbiguous, QuoteNotFound, locate, reanchor
from .cache import knowledge_base_changed
from .curated import claims_path_for, read_curated_claims
from .extraction.records import claims_propose
from .findings import findings_refresh_for_source
from .identity import CONTENT, origin_is_gone, slug_available, source_find
from .models import Claim, Source
from .reading import ArticleError, read_article

SOURCE_FIELDS = ("title", "author", "publisher", "url", "published")
# How often a new article may find the slug it chose taken by a load running at the same time.
SLUG_ATTEMPTS = 5


@dataclass(frozen=True)
class Conflict:
    """A field a curator changed in the admin whose value the file now gives differently."""

    field: str
    file_value: object
    kept_value: object


@dataclass
class ArticleOutcome:
    path: str
    slug: str = ""
    status: str = "unchanged"  # created, updated, unchanged, duplicate
    same_as: str = ""  # a duplicate: the slug of the source it already is
    same_as_origin: str = ""  # ... and where that source was loaded from
    moved_from: str = ""  # the origin a source had before this file took it over
    claims_created: int = 0
    claims_unchanged: int = 0
    claims_reanchored: int = 0
    claims_flagged: list = field(default_factory=list)
    claims_proposed: int = 0  # drafts proposed by the extractor
    frameworks_created: list = field(default_factory=list)  # names first seen in this article
    conflicts: list = field(default_factory=list)  # Conflict: the curator's value was kept
    claims_by_status: dict = field(default_factory=dict)  # the source's claims once loaded

    @property
    def changed(self):
        return (
            self.status in ("created", "updated")
            or self.claims_created > 0
            or self.claims_proposed > 0
            or bool(self.frameworks_created)
        )


def article_max_bytes():
    return settings.ARTICLE_MAX_BYTES


def file_values(document):
    """The values the file gives for the fields curators may change."""
    values = {
        key: document.metadata[key]
        for key in SOURCE_FIELDS
        # A header is the file's say on every field; derived metadata only knows what the text
        # states, so a value it lacks (one given by an option, say) is kept, not blanked.
        if document.metadata_from_header or document.metadata[key] not in ("", None)
    }
    values["body"] = document.body
    return values


def source_update(*, source, document, conflicts=None):
    """Apply a re-read article to its source; True when its body changed.

    A field a curator changed in the admin keeps the curator's value: when the file says
    otherwise, a Conflict is added to CONFLICTS (a list) and nothing else happens to it.
    """
    kept = set(source.curator_fields or ())
    new_values = {}
    for key, value in file_values(document).items():
        if key not in kept:
            new_values[key] = value
        elif getattr(source, key) != value and conflicts is not None:
            conflicts.append(Conflict(key, value, getattr(source, key)))
    # What was received is provenance, true whoever edited the reading copy since.
    new_values.update(
        original_text=document.original_text,
        original_sha256=document.original_sha256,
        original_filename=document.original_filename,
        origin=document.origin,
        content_sha256=document.content_sha256,
        extra_metadata=document.extra_metadata,
    )
    changed = {key: value for key, value in new_values.items() if getattr(source, key) != value}
    if not changed:
        return False
    for key, value in changed.items():
        setattr(source, key, value)
    source.imported_at = timezone.now()
    source.save()
    return "body" in changed


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
    # A framework a curator renamed in the admin is still found by the slug the file uses.
    frameworks = Framework.objects.by_slug_or_former({c.framework for c in curated})
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
    existing = {
        (claim.framework_id, claim.criterion_id, claim.quote_start, claim.quote_end): claim
        for claim in source.claims.all()
    }
    seen, new_claims = {}, []
    for item in curated:
        try:
            start, end = locate(source.body, item.quote, item.occurrence)
        except (QuoteNotFound, QuoteAmbiguous) as error:
            # The text may be a curator's, kept over the file's: say so, it explains a miss.
            held = " in the curator's text" if "body" in (source.curator_fields or ()) else ""
            raise ArticleError(
                claims_path,
                f"{error} ({source.slug}{held}): {item.quote[:80]!r}",
                claim=item.number,
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
        if key in existing and is_untouched_proposal(existing[key]):
            # The extractor's draft for the passage, before its curated claims file was
            # written: no curator's work, so the curated claim takes its place.
            proposal_curate(existing[key], item)
            outcome.claims_created += 1
            continue
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


def is_untouched_proposal(claim):
    """A draft the extractor proposed that no curator has reviewed, edited or published."""
    return (
        claim.origin == Claim.Origin.EXTRACTED
        and claim.status == Claim.Status.DRAFT
        and claim.reviewed_at is None
    )


def proposal_curate(claim, item):
    """The extractor's draft becomes the curated claim for its passage, as the file says."""
    claim.origin = Claim.Origin.CURATED
    claim.stance, claim.summary, claim.status = item.stance, item.summary, item.status
    claim.save(update_fields=["origin", "stance", "summary", "status", "updated_at"])


def source_create(*, document, slug=None):
    """A new source for the document; None when a concurrent import took its slug first."""
    slug = slug or document.slug
    try:
        validate_source_slug(document.slug)
    except ValidationError:
        raise ArticleError(
            document.path,
            f"its file name gives the slug {document.slug!r}, and a slug is lower-case letters "
            "and digits joined by hyphens or underscores: rename the file",
        ) from None
    try:
        # A savepoint: PostgreSQL makes this insert wait for a concurrent one of the same slug
        # and refuses it once that one commits; the transaction around it carries on.
        with transaction.atomic():
            return Source.objects.create(
                slug=slug,
                body=document.body,
                original_text=document.original_text,
                original_sha256=document.original_sha256,
                original_filename=document.original_filename,
                origin=document.origin,
                content_sha256=document.content_sha256,
                extra_metadata=document.extra_metadata,
                imported_at=timezone.now(),
                **{key: document.metadata[key] for key in SOURCE_FIELDS},
            )
    except IntegrityError:
        if Source.objects.filter(slug=slug).exists():
            return None
        raise


def source_for(*, document, outcome):
    """The document's source, locked, found or created (see articles/identity.py); for the same
    article already loaded under another name, that source with the outcome marked duplicate."""
    limit = Source._meta.get_field("origin").max_length
    if len(document.origin) > limit:
        # Cut short, it would no longer say where the article came from.
        raise ArticleError(
            document.path,
            f"where it came from is {len(document.origin):,} characters long; "
            f"the limit is {limit:,}",
        )
    for _ in range(SLUG_ATTEMPTS):
        source, found_by = source_find(document)
        if found_by == CONTENT and source.origin != document.origin:
            if not origin_is_gone(source.origin):
                outcome.status, outcome.same_as = "duplicate", source.slug
                outcome.same_as_origin = source.origin
                return source
            # Its file was moved or renamed: this is where it lives now.
            outcome.moved_from = source.origin
        if source is not None:
            outcome.slug = source.slug
            return source
        # A new article: a slug of its own, never one another article has.
        source = source_create(document=document, slug=slug_available(document.slug))
        if source is not None:
            outcome.status, outcome.slug = "created", source.slug
            return source
        # A load running at the same time took the slug: look again, it may be this article.
    raise ArticleError(document.path, "another load kept taking the slug chosen for it; retry")


def claims_by_status(source):
    """{status: count} of a source's claims, with "flagged" for those whose quote is lost."""
    rows = (
        source.claims.order_by()
        .values("status")
        .annotate(count=Count("pk"), flagged=Count("pk", filter=Q(needs_review=True)))
    )
    counts = {row["status"]: row["count"] for row in rows}
    flagged = sum(row["flagged"] for row in rows)
    return {**counts, "flagged": flagged} if flagged else counts


def article_load(*, path, dry_run=False, overrides=None):
    """Load one article file and its curated claims in one transaction.

    A failure raises ArticleError and leaves the database as it was for this article; a dry run
    does all the work and then rolls it back. The same article already loaded under another
    name changes nothing: the outcome says which source it is.
    """
    outcome = ArticleOutcome(path=str(path))
    max_bytes = article_max_bytes()
    document = read_article(path, max_bytes=max_bytes, overrides=overrides)
    curated = read_curated_claims(path, max_bytes=max_bytes)
    outcome.slug = document.slug
    with transaction.atomic():
        source = source_for(document=document, outcome=outcome)
        if outcome.status != "duplicate":
            source_load(
                source=source, document=document, curated=curated, path=path, outcome=outcome
            )
            findings_refresh_for_source(source=source)
        outcome.claims_by_status = claims_by_status(source)
        if dry_run:
            transaction.set_rollback(True)
    return outcome


def source_load(*, source, document, curated, path, outcome):
    """Bring a found or new source up to date with its file, then add its claims."""
    body_changed = outcome.status == "created"
    if not body_changed:
        before = source.updated_at
        body_changed = source_update(source=source, document=document, conflicts=outcome.conflicts)
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
