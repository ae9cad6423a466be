from django.urls import path
from django.views.decorators.http import require_safe

from . import feeds, search, views
from .cache import cached_page

app_name = "articles"

urlpatterns = [
    path("sources/", views.source_list, name="source-list"),
    path("sources/<slug:slug>/", views.source_detail, name="source-detail"),
    path("claims/<int:pk>/", views.claim_detail, name="claim-detail"),
    path("search/", search.search_view, name="search"),
    path(
        "feeds/claims/",
        require_safe(cached_page("claims-feed")(feeds.LatestClaimsFeed())),
        name="claims-feed",
    ),
]
