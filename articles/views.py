"""The article reader pages: thin views wiring the request to a selector and a template."""

from django.core.paginator import InvalidPage
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_safe

from . import selectors
from .cache import cached_page


@require_safe
@cached_page("source-list", reads=("page",))
def source_list(request):
    # One address per page: ?page=1 is /sources/ (and so is an empty ?page=, as the page
    # cache drops empty values), and a page that is not there (abc, 0, -1, ², past the last)
    # is a 404 rather than some other page under a wrong address.
    number = request.GET.get("page") or "1"
    try:
        if not (number.isascii() and number.isdigit()):
            raise InvalidPage(number)
        context = selectors.source_list(number)
    except InvalidPage:
        raise Http404("No such page of sources.") from None
    page = context["page"]
    address = reverse("articles:source-list")

    def page_url(n):
        return address if n == 1 else f"{address}?page={n}"

    context["canonical_url"] = request.build_absolute_uri(page_url(page.number))
    if page.has_previous():
        context["previous_url"] = page_url(page.previous_page_number())
    if page.has_next():
        context["next_url"] = page_url(page.next_page_number())
    return render(request, "articles/source_list.html", context)


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
