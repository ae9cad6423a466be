from django.shortcuts import render

from articles.selectors import knowledge_base_overview


def home(request):
    return render(request, "home.html", knowledge_base_overview())
