"""Frameworks and criteria, the vocabulary of a comparison, with how many claims use each."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Case, Count, IntegerField, Q, Value, When

from .models import Criterion, CriterionGroup, Framework, RejectedFrameworkName
from .rejection import framework_reject

# The status a public page shows; criteria cannot import articles, so it is named here.
PUBLISHED = "published"

ONE_PER_LINE = forms.Textarea(attrs={"rows": 4, "cols": 40})

# Groups in their declared order, as Criterion.objects.in_display_order() ranks them. An
# expression rather than an annotation, so the criterion filter on the claims list can order
# by it too.
GROUP_RANK = Case(
    *(When(group=value, then=Value(index)) for index, value in enumerate(CriterionGroup.values)),
    default=Value(len(CriterionGroup.values)),
    output_field=IntegerField(),
)


def with_claim_counts(queryset):
    return queryset.annotate(
        claim_count=Count("claims"),
        published_count=Count("claims", filter=Q(claims__status=PUBLISHED)),
    )


class ClaimCounts:
    @admin.display(description="claims", ordering="claim_count")
    def claim_count(self, obj):
        return obj.claim_count

    @admin.display(description="published", ordering="published_count")
    def published_count(self, obj):
        return obj.published_count


@admin.register(Framework)
class FrameworkAdmin(ClaimCounts, admin.ModelAdmin):
    list_display = [
        "name",
        "slug",
        "language",
        "first_release_year",
        "claim_count",
        "published_count",
        "needs_review",
    ]
    list_filter = ["needs_review", "language"]
    ordering = ["name"]  # Meta.ordering does not apply to the annotated (grouped) query
    search_fields = ["name", "slug", "aliases"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    prepopulated_fields = {"slug": ["name"]}
    actions = ["reject_as_not_a_framework"]

    exclude = ["former_slugs"]  # kept by renames, not typed
    readonly_fields = ["former_slugs_list"]

    def get_queryset(self, request):
        return with_claim_counts(super().get_queryset(request))

    @admin.display(description="former slugs")
    def former_slugs_list(self, framework):
        slugs = framework.former_slug_list()
        return ", ".join(slugs) if slugs else "None."

    def save_model(self, request, obj, form, change):
        # Article and claims files keep naming a renamed framework by the slug they know.
        if change and "slug" in form.changed_data:
            obj.slug_renamed(form.initial.get("slug", ""))
        super().save_model(request, obj, form, change)

    @admin.action(
        description="Not a framework: delete it and its drafts, never create it again",
        permissions=["change"],  # curators review discovered frameworks; they delete nothing else
    )
    def reject_as_not_a_framework(self, request, queryset):
        for framework in queryset:
            try:
                framework_reject(framework=framework)
            except ValidationError as error:
                self.message_user(request, " ".join(error.messages), messages.ERROR)
            else:
                self.message_user(request, f"{framework.name} will not be created again.")

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "aliases":
            kwargs["widget"] = ONE_PER_LINE
        return super().formfield_for_dbfield(db_field, request, **kwargs)


@admin.register(Criterion)
class CriterionAdmin(ClaimCounts, admin.ModelAdmin):
    list_display = ["name", "slug", "group_label", "order", "claim_count", "published_count"]
    list_filter = ["group"]
    list_editable = ["order"]
    search_fields = ["name", "slug", "keywords", "description"]
    prepopulated_fields = {"slug": ["name"]}

    def get_queryset(self, request):
        return with_claim_counts(super().get_queryset(request))

    def get_ordering(self, request):
        # As a comparison shows them: groups in order, then the order within the group.
        return [GROUP_RANK.asc(), "order", "name"]

    @admin.display(description="group", ordering=GROUP_RANK)
    def group_label(self, criterion):
        return criterion.get_group_display()

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "keywords":
            kwargs["widget"] = ONE_PER_LINE
        return super().formfield_for_dbfield(db_field, request, **kwargs)


@admin.register(RejectedFrameworkName)
class RejectedFrameworkNameAdmin(admin.ModelAdmin):
    """Names the extractor must not take for frameworks; deleting one lets it find it again."""

    list_display = ["name", "rejected_at"]
    search_fields = ["name"]
