from django.contrib import admin

from .forms import ClaimAdminForm
from .models import Claim, Source


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    list_display = ["display_title", "author", "publisher", "published", "imported_at"]
    search_fields = ["title", "slug", "author", "publisher"]
    readonly_fields = ["original_text", "original_sha256", "original_filename", "imported_at"]
    date_hierarchy = "imported_at"

    @admin.display(description="title", ordering="title")
    def display_title(self, source):
        return source.display_title


@admin.register(Claim)
class ClaimAdmin(admin.ModelAdmin):
    form = ClaimAdminForm
    list_display = ["summary", "framework", "criterion", "stance", "source", "status", "updated_at"]
    list_filter = ["status", "stance", "needs_review", "framework", "criterion", "source"]
    list_select_related = ["framework", "criterion", "source"]
    search_fields = ["summary", "quote"]
    autocomplete_fields = ["framework", "criterion", "source"]
    readonly_fields = ["quote_start", "quote_end", "created_at", "updated_at"]
