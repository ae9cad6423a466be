import hashlib
import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Case, Count, F, Q, Value, When
from django.db.models.functions import Length, Substr
from django.urls import reverse
from django.utils import timezone

from criteria.models import Criterion, Framework
from criteria.validators import validate_source_slug

UNKNOWN = "unknown"


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


# How much of an article's text a listing fetches: enough for display_title's opening words.
OPENING_CHARS = 400
# A level-one markdown heading among the opening lines (a section's "## ..." does not name it).
OPENING_HEADING = re.compile(r"^# +(\S.*?)[ #]*$", re.MULTILINE)
MARKUP = re.compile(r"[*_`#>\[\]]")


# What a page that cites a source shows of it (Source.objects.for_citing()).
CITED_SOURCE_FIELDS = ("title", "slug", "author", "publisher", "url", "published")


class SourceQuerySet(models.QuerySet):
    def for_listing(self):
        """Sources without their long texts: metadata and the opening display_title needs."""
        return self.defer("body", "original_text").annotate(
            body_opening=Substr("body", 1, OPENING_CHARS)
        )

    def for_citing(self):
        """Sources as a page cites them: what a reference and an export show of each (and the
        opening display_title needs, read only for an untitled one). A comparison cites
        hundreds: their metadata fields and every opening were two thirds of reading them."""
        return self.only(*CITED_SOURCE_FIELDS).annotate(
            body_opening=Case(
                When(title="", then=Substr("body", 1, OPENING_CHARS)), default=Value("")
            )
        )

    def with_claim_counts(self):
        return self.annotate(
            published_claim_count=Count(
                "claims",
                filter=Q(claims__status=Claim.Status.PUBLISHED, claims__needs_review=False),
            )
        )


class Source(models.Model):
    """One article, kept as the reading copy its quotes anchor in and as received."""

    # What a curator may correct in the admin and a reload must then leave alone.
    CURATED_FIELDS = ("title", "author", "publisher", "url", "published", "body")

    title = models.CharField(max_length=300, blank=True)
    slug = models.SlugField(max_length=200, unique=True, validators=[validate_source_slug])
    author = models.CharField(max_length=200, blank=True)
    publisher = models.CharField(max_length=200, blank=True)
    url = models.URLField(max_length=500, blank=True)
    published = models.DateField(null=True, blank=True)
    body = models.TextField(help_text="The reading copy (markdown) that claims quote from.")
    original_text = models.TextField(help_text="The article as received, kept for provenance.")
    original_sha256 = models.CharField(max_length=64)
    original_filename = models.CharField(max_length=255, blank=True)
    # Identity across reloads: where the article came from, and what it said. A reload finds its
    # source by these before its slug, so a curator may rename the slug freely.
    origin = models.CharField(
        max_length=1000,
        blank=True,
        db_index=True,
        help_text="The file path or URL the article was loaded from; empty if added by hand.",
    )
    content_sha256 = models.CharField(
        max_length=64,
        blank=True,
        db_index=True,
        help_text="Checksum of the article as received (line endings normalised).",
    )
    extra_metadata = models.JSONField(
        default=dict,
        blank=True,
        help_text="What the file states about itself that has no field of its own (front matter).",
    )
    curator_fields = models.JSONField(
        default=list,
        blank=True,
        help_text="Fields a curator changed in the admin: a reload never overwrites them.",
    )
    imported_at = models.DateTimeField()
    updated_at = models.DateTimeField(auto_now=True)

    objects = SourceQuerySet.as_manager()

    class Meta:
        ordering = ["title", "slug"]
        constraints = [
            models.CheckConstraint(
                condition=Q(original_sha256__regex=r"^[0-9a-f]{64}$"),
                name="source_original_sha256_hex",
            ),
        ]
        # SQLite stores imported_at and updated_at after the body, so reading them from the
        # table walks every article's overflow pages (2,000 sources: 12-15 ms a query). The home
        # page's newest sources and the sitemap's sources (and their last change) read these.
        indexes = [
            models.Index(fields=["imported_at"], name="source_newest"),
            models.Index(fields=["slug", "updated_at"], name="source_slug_updated"),
        ]

    def __str__(self):
        return self.display_title

    def get_absolute_url(self):
        return reverse("articles:source-detail", args=[self.slug])

    @property
    def display_title(self):
        """Never invents a title: an untitled article is named by the top heading its text
        opens with, else by its opening words, quoted as its own ("“Choosing between …”")."""
        if self.title:
            return self.title
        opening = self.opening_text()[:OPENING_CHARS]
        heading = OPENING_HEADING.search(opening)
        if heading:
            return heading.group(1)
        words = MARKUP.sub("", opening).split()[:8]
        return f"“{' '.join(words)}…”" if words else "Untitled"

    def opening_text(self):
        """The body, or its opening when a listing fetched only that and it holds eight words
        followed by more (so the first eight are whole)."""
        opening = self.__dict__.get("body_opening")
        whole = opening is not None and (len(opening) < OPENING_CHARS or len(opening.split()) > 8)
        if whole and "body" in self.get_deferred_fields():
            return opening
        return self.body

    def display(self, field):
        return getattr(self, field) or UNKNOWN


class Finding(models.Model):
    """Claims on one framework and criterion, with one stance, that say the same thing.

    Shown once on a comparison, with every claim's citation. Computed by articles.findings when
    claims are loaded, published or edited; a curator's merge or split (or an edited summary)
    pins the finding, and recomputation then leaves its claims where the curator put them.
    """

    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="findings")
    criterion = models.ForeignKey(Criterion, on_delete=models.CASCADE, related_name="findings")
    stance = models.CharField(max_length=10)
    summary = models.CharField(max_length=300)
    pinned = models.BooleanField(
        default=False,
        help_text="Set by a curator's merge, split or edit: recomputation keeps its claims.",
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["framework", "criterion", "stance", "pk"]
        indexes = [models.Index(fields=["framework", "criterion"], name="finding_fw_crit")]

    def __str__(self):
        return f"{self.framework} / {self.criterion}: {self.summary}"


class Constant(Value):
    """A word written into the SQL text rather than passed as a parameter.

    SQLite (3.40) reads a partial index without its table only when the query repeats the
    index's condition with the same constants: given `status = ?`, it fetched every claim's row
    to check its status (public claims per framework at 100,000 claims: 69 ms, 13 ms with the
    constant). Only letters, digits, '-' and '_', so that nothing needs quoting."""

    def as_sql(self, compiler, connection):
        if not re.fullmatch(r"[\w-]+", self.value, flags=re.ASCII):
            raise ValueError(f"Not a plain word: {self.value!r}")
        return f"'{self.value}'", []


# What readers may see (ClaimQuerySet.public), and the condition of the claims' partial indexes:
# a database reads a partial index only for a query that repeats that condition.
PUBLIC_CLAIMS = Q(status="published", needs_review=False)
PUBLIC_CLAIMS_QUERY = Q(status=Constant("published"), needs_review=False)

# What waits for a curator (articles.review): drafts, and claims not rejected whose quote left
# the article. The condition of the review queue's partial index, which its queries repeat.
WAITING_CLAIMS = Q(status="draft") | Q(needs_review=True) & ~Q(status="rejected")
WAITING_CLAIMS_QUERY = Q(status=Constant("draft")) | Q(needs_review=True) & ~Q(
    status=Constant("rejected")
)


class ClaimQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=Claim.Status.PUBLISHED)

    def public(self):
        """What readers may see: published claims whose quote still stands in its article.

        A published claim flagged because its quote left the text stays out of every public
        page, export, feed and sitemap until a curator re-anchors it.
        """
        return self.filter(PUBLIC_CLAIMS_QUERY)

    def in_reading_order(self):
        return self.order_by("source_id", "quote_start", "quote_end", "framework__name")


class Claim(models.Model):
    """What one source says about one framework on one criterion, with the words it says it in."""

    class Stance(models.TextChoices):
        STRENGTH = "strength", "Strength"
        WEAKNESS = "weakness", "Weakness"
        NEUTRAL = "neutral", "Neutral"

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        PUBLISHED = "published", "Published"
        REJECTED = "rejected", "Rejected"

    class Origin(models.TextChoices):
        CURATED = "curated", "Curated by hand"
        EXTRACTED = "extracted", "Proposed by the extractor"

    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="claims")
    framework = models.ForeignKey(Framework, on_delete=models.PROTECT, related_name="claims")
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT, related_name="claims")
    stance = models.CharField(max_length=10, choices=Stance.choices)
    summary = models.CharField(max_length=300)
    quote = models.TextField()
    quote_start = models.PositiveIntegerField()
    quote_end = models.PositiveIntegerField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    needs_review = models.BooleanField(
        default=False, help_text="Set when the quote no longer occurs in the source's text."
    )
    finding = models.ForeignKey(
        Finding,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="claims",
        help_text="The finding this claim is one citation of (computed; curators merge and split).",
    )
    origin = models.CharField(
        max_length=10,
        choices=Origin.choices,
        default=Origin.CURATED,
        help_text="Whether a person wrote the claim or the extractor proposed it.",
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="reviewed_claims",
        help_text="The curator who last changed the claim's status or content.",
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    published_at = models.DateTimeField(
        null=True,
        blank=True,
        editable=False,
        help_text="When the claim last became published; empty while it is not. The feed's order.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ClaimQuerySet.as_manager()

    class Meta:
        ordering = ["source", "quote_start", "framework"]
        constraints = [
            models.CheckConstraint(
                condition=Q(stance__in=["strength", "weakness", "neutral"]),
                name="claim_stance_valid",
            ),
            models.CheckConstraint(
                condition=Q(status__in=["draft", "published", "rejected"]),
                name="claim_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(origin__in=["curated", "extracted"]), name="claim_origin_valid"
            ),
            models.CheckConstraint(
                condition=Q(quote_end__gt=F("quote_start")), name="claim_quote_span_not_empty"
            ),
            models.CheckConstraint(
                condition=Q(quote_end=F("quote_start") + Length("quote")),
                name="claim_quote_span_matches_quote",
            ),
            models.UniqueConstraint(
                fields=["source", "framework", "criterion", "quote_start", "quote_end"],
                name="claim_unique_per_passage",
            ),
        ]
        # The pages read public claims only, so their indexes hold those alone (PUBLIC_CLAIMS).
        # None starts with the status: SQLite's planner, which knows only that status has three
        # values, took a third of the claims to be published (90% are) and counted claims per
        # framework through such an index and the table, 63 ms at 100,000 claims instead of 5.
        # updated_at ends the two wider ones so that the sitemap's last change per framework,
        # per criterion and of all public claims is read from them too (SQLite: 68 -> 9, 90 ->
        # 14 and 20 -> 6 ms at 100,000 claims).
        indexes = [
            models.Index(fields=["source", "quote_start"], name="claim_source_position"),
            # A framework page's claims, and the public claims per framework (count, last change).
            models.Index(
                fields=["framework", "criterion", "updated_at"],
                condition=PUBLIC_CLAIMS,
                name="claim_public_fw",
            ),
            # The feed: newest published claims first.
            models.Index(
                fields=["published_at"], condition=PUBLIC_CLAIMS, name="claim_public_newest"
            ),
            # The counts on the home page and the criterion and source lists, narrow, so counting
            # reads this index and not the table (PostgreSQL's counts at scale: 143 -> 31 ms).
            models.Index(
                fields=["criterion", "source", "framework", "updated_at"],
                condition=PUBLIC_CLAIMS,
                name="claim_public_counts",
            ),
            # A comparison's facts (comparator/selectors/common.py, FACT_FIELDS): every public
            # claim on its frameworks, read from this index alone where the table's visibility
            # map allows (PostgreSQL's index-only scan; SQLite's covering index). Scale two-way
            # comparison, vacuumed: 6.3 -> 1.6 ms.
            models.Index(
                fields=[
                    "framework",
                    "criterion",
                    "source",
                    "quote_start",
                    "stance",
                    "finding",
                    "id",
                ],
                condition=PUBLIC_CLAIMS,
                name="claim_public_facts",
            ),
            # The review queue on the admin index (articles.review): the waiting claims alone,
            # oldest change first, with what tells the two queues apart, so that counting them
            # and listing the oldest of each read this index and not the table.
            models.Index(
                fields=["updated_at", "id", "status", "needs_review"],
                condition=WAITING_CLAIMS,
                name="claim_waiting",
            ),
        ]

    def __str__(self):
        return f"{self.framework} / {self.criterion}: {self.summary}"

    def save(self, *args, **kwargs):
        # Refuse a dangling anchor however the claim is saved (admin, shell, loader).
        self.check_anchor()
        if self.stamp_publication() and kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "published_at"}
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("articles:claim-detail", args=[self.pk])

    @property
    def passage_url(self):
        """The claim's passage, marked in the article reader."""
        return f"{self.source.get_absolute_url()}#claim-{self.pk}"

    def clean(self):
        super().clean()
        self.check_anchor()

    def stamp_publication(self, now=None):
        """Date the claim's publication when it becomes published, clear it when it stops being
        published; True when that changed anything. Bulk inserts call it themselves."""
        if self.status == self.Status.PUBLISHED and self.published_at is None:
            self.published_at = now or timezone.now()
            return True
        if self.status != self.Status.PUBLISHED and self.published_at is not None:
            self.published_at = None
            return True
        return False

    def check_anchor(self):
        """The quote must be the source's own words at the recorded offsets.

        A claim flagged for review keeps its old quote after the text changed under it; it is
        exempt until a curator re-anchors or rejects it.
        """
        if self.needs_review:
            return
        body = self.source.body
        if self.quote_end > len(body) or body[self.quote_start : self.quote_end] != self.quote:
            raise ValidationError(
                {
                    "quote": f"The quote is not at characters {self.quote_start}-{self.quote_end} "
                    f"of “{self.source.display_title}”."
                },
                code="quote_not_in_source",
            )


class KnowledgeBaseVersion(models.Model):
    """One row whose token changes whenever a framework, criterion, source or claim does.

    Cached pages are keyed by it (articles/cache.py), so every process, whatever its cache
    backend, stops using what it cached before a change as soon as the change is committed.
    """

    token = models.CharField(max_length=32)
    changed_at = models.DateTimeField()

    def __str__(self):
        return f"{self.token} ({self.changed_at:%Y-%m-%d %H:%M:%S})"
