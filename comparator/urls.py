from django.contrib import admin
from django.urls import include, path, re_path
from django.views.decorators.http import require_safe

from articles.cache import cached_page

from . import views
from .sitemaps import SITEMAPS

admin.site.site_header = "Framework comparison knowledge base"
admin.site.site_title = "Comparator admin"
admin.site.index_title = "Curate frameworks, criteria, articles and claims"

compare_patterns = [
    path("compare/", views.compare_form, name="form"),
    re_path(
        r"^compare/(?P<pair>[-a-zA-Z0-9_]+)\.(?P<export_format>json|csv)$",
        views.compare_export,
        name="export",
    ),
    path("compare/<slug:pair>/", views.compare, name="compare"),
    path("frameworks/", views.framework_list, name="framework-list"),
    path("frameworks/<slug:slug>/", views.framework_detail, name="framework-detail"),
    path("criteria/", views.criterion_list, name="criterion-list"),
    path("criteria/<slug:slug>/", views.criterion_detail, name="criterion-detail"),
]

urlpatterns = [
    path("", views.home, name="home"),
    path("", include((compare_patterns, "compare"))),
    path("", include("articles.urls")),
    # An index of one sitemap per section, each paged at 50,000 addresses (the protocol's
    # limit), so every claim stays listed however many there are.
    path(
        "sitemap.xml",
        require_safe(cached_page("sitemap", reads=("p",))(views.sitemap_index)),
        {"sitemaps": SITEMAPS},
        name="sitemap",
    ),
    path(
        "sitemap-<section>.xml",
        require_safe(cached_page("sitemap-section", reads=("p",))(views.sitemap_section)),
        {"sitemaps": SITEMAPS},
        name="sitemap-section",
    ),
    path("admin/", admin.site.urls),
]
