"""Findings in the admin: curators merge findings the similarity measure kept apart, split one
it grouped wrongly, and reword a finding's summary. Each of these pins the finding, so the next
recomputation (articles.findings) keeps its claims where the curator put them."""

from django.contrib import admin, messages
from django.db.models import Count
from django.urls import reverse
from django.utils.html import format_html, format_html_join

from . import findings
from .models import Finding


@admin.register(Finding)
class FindingAdmin(admin.ModelAdmin):
    list_display = ["summary", "framework", "criterion", "stance", "claims_count", "pinned"]
    list_filter = ["pinned", "stance", "framework", "criterion"]
    list_select_related = ["framework", "criterion"]
    search_fields = ["summary", "claims__summary"]
    search_help_text = "Searches the findings' summaries and their claims'."
    list_per_page = 50
    actions = ["merge", "split"]
    fields = ["summary", "framework", "criterion", "stance", "pinned", "claim_list"]
    readonly_fields = ["framework", "criterion", "stance", "pinned", "claim_list"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(claim_total=Count("claims"))

    def has_add_permission(self, request):
        return False  # findings come from claims; a curator merges and splits them

    @admin.display(description="claims", ordering="claim_total")
    def claims_count(self, finding):
        return finding.claim_total

    @admin.display(description="Claims")
    def claim_list(self, finding):
        claims = finding.claims.select_related("source").order_by("source__title", "quote_start")
        return format_html(
            "<ul>{}</ul>",
            format_html_join(
                "",
                '<li><a href="{}">{}</a> ({}; {}) · <a href="{}">public page</a></li>',
                (
                    (
                        reverse("admin:articles_claim_change", args=[claim.pk]),
                        claim.summary,
                        claim.source.display_title,
                        claim.get_status_display().lower(),
                        claim.get_absolute_url(),
                    )
                    for claim in claims
                ),
            ),
        )

    def save_model(self, request, obj, form, change):
        # A curator's wording is a decision recomputation must keep.
        obj.pinned = True
        super().save_model(request, obj, form, change)

    @admin.action(description="Merge the selected findings into one", permissions=["change"])
    def merge(self, request, queryset):
        if queryset.count() < 2:
            self.message_user(request, "Select at least two findings to merge.", messages.WARNING)
            return
        try:
            kept = findings.findings_merge(findings=list(queryset))
        except ValueError as error:
            self.message_user(request, str(error), messages.ERROR)
            return
        self.message_user(request, f"Merged into “{kept.summary}”, kept as you set it.")

    @admin.action(
        description="Split the selected findings: a finding per claim", permissions=["change"]
    )
    def split(self, request, queryset):
        created = findings.findings_split(findings=list(queryset))
        self.message_user(
            request, f"Split: {len(created)} new finding(s), all kept as you set them."
        )
