from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path, re_path

from . import views
from .sitemaps import SITEMAPS

admin.site.site_header = "Framework comparison knowledge base"
admin.site.site_title = "Comparator admin"
admin.site.index_title = "Curate frameworks, criteria, articles and claims"

compare_patterns = [
    path("compare/", views.compare_form, name="form"),
    re_path(
        r"^compare/(?P<pair>[-a-z0-9_]+)\.(?P<export_format>json|csv)$",
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
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    path("admin/", admin.site.urls),
]
