from django.contrib import admin

from .models import Criterion, Framework


@admin.register(Framework)
class FrameworkAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "language", "first_release_year", "homepage"]
    search_fields = ["name", "slug", "aliases"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Criterion)
class CriterionAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "group", "order"]
    list_filter = ["group"]
    list_editable = ["order"]
    search_fields = ["name", "slug", "keywords", "description"]
    prepopulated_fields = {"slug": ["name"]}
