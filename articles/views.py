"""The article reader pages: thin views wiring the request to a selector and a template."""

from django.shortcuts import render
from django.views.decorators.http import require_safe

from . import selectors
from .cache import cached_page


@require_safe
@cached_page("source-list")
def source_list(request):
    return render(request, "articles/source_list.html", selectors.source_list())


@require_safe
@cached_page("source-detail", reads=("compare",))
def source_detail(request, slug):
    context = selectors.source_reader(slug, compare=request.GET.get("compare"))
    return render(request, "articles/source_detail.html", context)


@require_safe
@cached_page("claim-detail", reads=("compare",))
def claim_detail(request, pk):
    context = selectors.claim_page(pk, compare=request.GET.get("compare"))
    context["permalink"] = request.build_absolute_uri(context["claim"].get_absolute_url())
    return render(request, "articles/claim_detail.html", context)
