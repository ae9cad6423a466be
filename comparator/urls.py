from django.contrib import admin
from django.urls import path

from . import views

admin.site.site_header = "Framework comparison knowledge base"
admin.site.site_title = "Comparator admin"
admin.site.index_title = "Curate frameworks, criteria, articles and claims"

urlpatterns = [
    path("", views.home, name="home"),
    path("admin/", admin.site.urls),
]
