"""The curators' tools: claims to review and publish, and the articles they come from.

Writes go through articles.curation; the list pages fetch what their rows show in one query.
"""

from django.contrib import admin, messages
from django.db import models
from django.db.models import Count, Q
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.text import Truncator
from django.utils.timezone import localtime

from . import curation
from .admin_provenance import SourceProvenance
from .anchoring import closest_passage
from .forms import ClaimAdminForm, RowAutocomplete, SourceAdminForm
from .models import Claim, Source
from .rendering import passage_in_context
from .selectors import is_anchored

Status = Claim.Status


def claim_change_url(claim):
    return reverse("admin:articles_claim_change", args=[claim.pk])


def claim_links(claims):
    return format_html_join(
        ", ", '<a href="{}">{}</a>', ((claim_change_url(claim), claim) for claim in claims)
    )


def counted(count, noun):
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


@admin.register(Claim)
class ClaimAdmin(admin.ModelAdmin):
    form = ClaimAdminForm
    # One line a claim, fitting 1280 px beside the filters (compact CSS in admin/base_site.html).
    list_display = [
        "summary",
        "framework",
        "criterion",
        "stance",
        "source_title",
        "status_flagged",
        "changed",
    ]
    list_filter = ["status", "framework", "criterion", "stance", "source", "needs_review", "origin"]
    list_select_related = ["framework", "criterion", "source"]
    list_per_page = 50
    search_fields = ["summary", "quote"]
    search_help_text = "Searches the summaries and the quotes."
    autocomplete_fields = ["framework", "criterion", "source"]
    readonly_fields = [
        "passage",
        "position",
        "public_link",
        "needs_review",
        "origin",
        "reviewer",
        "reviewed_at",
        "created_at",
        "updated_at",
    ]
    fieldsets = [
        (None, {"fields": ["source", "framework", "criterion", "stance", "summary", "status"]}),
        ("The quote", {"fields": ["quote", "passage", "position"]}),
        (
            "Review",
            {
                "fields": [
                    "public_link",
                    "needs_review",
                    "origin",
                    "reviewer",
                    "reviewed_at",
                    "created_at",
                    "updated_at",
                ]
            },
        ),
    ]
    actions = ["publish", "reject", "send_back_to_draft"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name in self.autocomplete_fields:
            kwargs["widget"] = RowAutocomplete(db_field, self.admin_site, using=kwargs.get("using"))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_queryset(self, request):
        # Article bodies come along for untitled sources' names; their originals never do.
        return super().get_queryset(request).defer("source__original_text")

    def view_on_site(self, claim):
        # Only a published claim has a public page.
        return claim.get_absolute_url() if claim.status == Status.PUBLISHED else None

    @admin.display(description="source", ordering="source__title")
    def source_title(self, claim):
        return Truncator(claim.source.display_title).chars(40)

    @admin.display(description="status", ordering="status")
    def status_flagged(self, claim):
        label = claim.get_status_display()
        return f"{label} · flagged" if claim.needs_review else label

    @admin.display(description="changed", ordering="updated_at")
    def changed(self, claim):
        return format_html(
            '<time datetime="{}">{}</time>',
            claim.updated_at.isoformat(),
            date_format(localtime(claim.updated_at), "Y-m-d H:i"),
        )

    def get_ordering(self, request):
        # One article's claims (the link from its source's form) read best in its order.
        if "source__id__exact" in request.GET and "o" not in request.GET:
            return ["quote_start", "pk"]
        return super().get_ordering(request)

    @admin.display(description="the quote in context")
    def passage(self, claim):
        if claim.pk is None:
            return "Shown once the claim is saved."
        body = claim.source.body
        if not is_anchored(claim, body):
            nearest = closest_passage(body, claim.quote)
            return format_html(
                "<p><strong>The quote no longer occurs in the article.</strong> {}</p>",
                format_html('Closest passage: <q class="closest-passage">{}</q>', nearest)
                if nearest
                else "Nothing in its text comes close.",
            )
        context = passage_in_context(body, claim.quote_start, claim.quote_end)
        lines = '<p class="context">{}</p>'
        return format_html(
            '<blockquote class="claim-passage">{}<p><span class="context">{}</span>'
            '<mark>{}</mark><span class="context">{}</span></p>{}</blockquote>',
            format_html_join("", lines, ((line,) for line in context["lines_before"])),
            context["before"],
            context["quote"],
            context["after"],
            format_html_join("", lines, ((line,) for line in context["lines_after"])),
        )

    @admin.display(description="last reviewed by")
    def reviewer(self, claim):
        # The name only: curators may not open user accounts.
        return claim.reviewed_by.get_username() if claim.reviewed_by else None

    @admin.display(description="position in the article")
    def position(self, claim):
        if claim.pk is None:
            return "Found from the quote when the claim is saved."
        return f"characters {claim.quote_start}–{claim.quote_end}"

    @admin.display(description="on the public site")
    def public_link(self, claim):
        if claim.pk is None:
            return "—"
        if claim.status != Status.PUBLISHED:
            return f"Not shown on the public site while {claim.get_status_display().lower()}."
        return format_html(
            '<a href="{}">The claim’s page</a> · <a href="{}">its passage in the article</a>',
            claim.get_absolute_url(),
            claim.passage_url,
        )

    def save_model(self, request, obj, form, change):
        curation.claim_save(claim=obj, user=request.user, changed_fields=form.changed_data)

    @admin.action(description="Publish the selected claims", permissions=["change"])
    def publish(self, request, queryset):
        self.status_set(request, queryset, Status.PUBLISHED)

    @admin.action(description="Reject the selected claims", permissions=["change"])
    def reject(self, request, queryset):
        self.status_set(request, queryset, Status.REJECTED)

    @admin.action(description="Send the selected claims back to draft", permissions=["change"])
    def send_back_to_draft(self, request, queryset):
        self.status_set(request, queryset, Status.DRAFT)

    def status_set(self, request, queryset, status):
        outcome = curation.claims_set_status(claims=queryset, status=status, user=request.user)
        label = Status(status).label.lower()
        if outcome.changed:
            self.message_user(request, f"{counted(len(outcome.changed), 'claim')} {label}.")
        if outcome.unchanged:
            self.message_user(
                request,
                f"{counted(outcome.unchanged, 'claim')} already {label}.",
                messages.INFO,
            )
        if outcome.refused:
            self.message_user(
                request,
                format_html(
                    "Not published, because their quote no longer occurs in the article "
                    "(find it again first): {}",
                    claim_links(outcome.refused),
                ),
                messages.WARNING,
            )


@admin.register(Source)
class SourceAdmin(SourceProvenance, admin.ModelAdmin):
    form = SourceAdminForm
    list_display = [
        "display_title",
        "author",
        "publisher",
        "published",
        "published_count",
        "draft_count",
        "rejected_count",
        "flagged_count",
        "reader_link",
    ]
    search_fields = ["title", "slug", "author", "publisher"]
    save_on_top = True  # a long body pushes the bottom row of buttons far down
    ordering = ["title", "slug"]  # Meta.ordering does not apply to the annotated (grouped) query
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    prepopulated_fields = {"slug": ["title"]}
    readonly_fields = [
        "reader_link",
        "claim_counts",
        "held_fields",
        "file_metadata",
        "origin",
        "content_sha256",
        "original_filename",
        "original_sha256",
        "imported_at",
        "updated_at",
        "original_text",
    ]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "title",
                    "slug",
                    "author",
                    "publisher",
                    "url",
                    "published",
                    "reader_link",
                    "claim_counts",
                    "held_fields",
                ]
            },
        ),
        (
            "The reading copy",
            {
                "fields": ["body"],
                "description": "Claims quote this text. Editing it finds each claim's quote "
                "again; a claim whose quote is gone is kept and flagged for review.",
            },
        ),
        (
            "As received",
            {
                "fields": [
                    "file_metadata",
                    "origin",
                    "content_sha256",
                    "original_filename",
                    "original_sha256",
                    "imported_at",
                    "updated_at",
                    "original_text",
                ],
                "classes": ["collapse"],
            },
        ),
    ]
    actions = ["release_held_fields"]

    def get_queryset(self, request):
        def count(**condition):
            return Count("claims", filter=Q(**{f"claims__{k}": v for k, v in condition.items()}))

        return (
            super()
            .get_queryset(request)
            .annotate(
                published_count=count(status=Status.PUBLISHED),
                draft_count=count(status=Status.DRAFT),
                rejected_count=count(status=Status.REJECTED),
                flagged_count=count(needs_review=True),
            )
        )

    def get_fieldsets(self, request, obj=None):
        if obj is None:  # a new article has no claims, reader page or provenance yet
            return [
                (
                    None,
                    {
                        "fields": [
                            "title",
                            "slug",
                            "author",
                            "publisher",
                            "url",
                            "published",
                            "body",
                        ]
                    },
                )
            ]
        return super().get_fieldsets(request, obj)

    @admin.display(description="title", ordering="title")
    def display_title(self, source):
        return source.display_title

    @admin.display(description="claims published", ordering="published_count")
    def published_count(self, source):
        return source.published_count

    @admin.display(description="drafts", ordering="draft_count")
    def draft_count(self, source):
        return source.draft_count

    @admin.display(description="rejected", ordering="rejected_count")
    def rejected_count(self, source):
        return source.rejected_count

    @admin.display(description="flagged", ordering="flagged_count")
    def flagged_count(self, source):
        return source.flagged_count

    @admin.display(description="reader")
    def reader_link(self, source):
        if source.pk is None:
            return "—"
        return format_html('<a href="{}">Read it on the site</a>', source.get_absolute_url())

    @admin.display(description="claims")
    def claim_counts(self, source):
        # Links to the claims changelist (paginated, in reading order) rather than an inline
        # of every claim: a long article's form stays light.
        changelist = reverse("admin:articles_claim_changelist")
        total = source.published_count + source.draft_count + source.rejected_count
        every = format_html(
            '<a class="claims-link" href="{}?source__id__exact={}">All {} claims, in reading order →</a>',
            changelist,
            source.pk,
            total,
        )
        counts = [
            (source.published_count, "published", f"status__exact={Status.PUBLISHED}"),
            (source.draft_count, "draft", f"status__exact={Status.DRAFT}"),
            (source.rejected_count, "rejected", f"status__exact={Status.REJECTED}"),
            (source.flagged_count, "flagged for review", "needs_review__exact=1"),
        ]
        return format_html(
            "{}<br>{}",
            every,
            format_html_join(
                " · ",
                '<a href="{}?source__id__exact={}&amp;{}">{} {}</a>',
                ((changelist, source.pk, query, count, label) for count, label, query in counts),
            ),
        )

    def save_model(self, request, obj, form, change):
        outcome = curation.source_save(
            source=obj, user=request.user, changed_fields=form.changed_data
        )
        if outcome.reanchored:
            self.message_user(
                request,
                f"{counted(len(outcome.reanchored), 'claim')} found again in the new text.",
            )
        if outcome.flagged:
            self.message_user(
                request,
                format_html(
                    "{} no longer found in the new text, kept and flagged for review: {}",
                    counted(len(outcome.flagged), "claim"),
                    claim_links(outcome.flagged),
                ),
                messages.WARNING,
            )


from . import admin_findings  # noqa: E402, F401 (registers the Finding admin)
