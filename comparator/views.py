"""The comparison pages: thin views wiring the request to a selector and a template."""

from django.contrib.sitemaps.views import x_robots_tag
from django.contrib.sites.shortcuts import get_current_site
from django.core.paginator import InvalidPage
from django.http import Http404, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_safe

from articles.cache import cached_page
from articles.selectors import (
    criteria_with_claim_counts,
    frameworks_with_claim_counts,
    knowledge_base_overview,
)
from criteria.links import comparison_slug, comparison_url, split_comparison_slug
from criteria.models import Criterion, Framework

from . import selectors
from .exports import comparison_as_csv, comparison_as_json
from .filters import ComparisonFilter, filters_described
from .forms import CompareForm
from .sitemaps import sitemap_index_xml, urlset_xml

# What a comparison's export reads from its query: its filters, nothing else; the page also
# reads which page of its evidence to show.
COMPARISON_PARAMETERS = tuple(ComparisonFilter.base_filters)
PAGE_PARAMETER = "page"


@require_safe
@cached_page("home")
def home(request):
    overview = knowledge_base_overview()
    # Only frameworks the sources say something about are featured; the others are named once.
    frameworks = list(overview["frameworks"])
    overview["frameworks"] = [f for f in frameworks if f.published_claim_count]
    overview["frameworks_without_claims"] = [f for f in frameworks if not f.published_claim_count]
    leaders = overview["frameworks"][:2]
    if len(leaders) == 2:
        overview["featured_comparison"] = {
            "url": comparison_url([framework.slug for framework in leaders]),
            "names": " and ".join(framework.name for framework in leaders),
        }
    return render(request, "home.html", overview)


@require_safe
def compare_form(request):
    """Pick frameworks; a valid choice redirects to its comparison's address."""
    form = CompareForm(request.GET or None)
    if form.is_bound and form.is_valid():
        return redirect(comparison_url(form.chosen_slugs()))
    return render(request, "comparator/compare_form.html", {"form": form})


def comparison_for(request, pair, *, per_cell=selectors.CELL_FINDINGS_SHOWN, among=None):
    try:
        frameworks = selectors.frameworks_for_comparison(split_comparison_slug(pair), among=among)
    except selectors.UnknownComparison:
        raise Http404("No such comparison: a framework is unknown or named twice.") from None
    filterset = ComparisonFilter(
        request.GET or None, queryset=selectors.comparison_claims(frameworks)
    )
    criterion = filterset.active.get("criterion")
    comparison = selectors.comparison_matrix(
        frameworks,
        filterset.qs,
        # Filtered to one criterion, the page is that row whole.
        per_cell=None if criterion else per_cell,
        criterion=criterion,
        page=request.GET.get(PAGE_PARAMETER),
    )
    return frameworks, filterset, comparison


def comparison_title(comparison, active):
    """ "Django vs Flask", "Django vs Flask on Admin panel (strengths)", "Django vs Flask, page
    2 of 9": distinct per filter and page."""
    title = " vs ".join(framework.name for framework in comparison.frameworks)
    if comparison.criterion:
        title = f"{title} on {comparison.criterion.name}"
    described = filters_described(active)
    if described:
        title = f"{title} ({described})"
    if comparison.page.number > 1:
        title = f"{title}, page {comparison.page.number} of {len(comparison.pages)}"
    return title


def page_addresses(filters):
    """The address of each page of a comparison's evidence relative to the comparison, its
    filters kept ("?stance=strength&page=2"; "./" for the first page of an unfiltered one): a
    grid links every one of its cells to one of these."""

    def address(number):
        query = filters.copy()
        if number > 1:
            query[PAGE_PARAMETER] = str(number)
        return f"?{query.urlencode()}" if query else "./"

    return address


@require_safe
@cached_page("compare", reads=(*COMPARISON_PARAMETERS, PAGE_PARAMETER))
def compare(request, pair):
    everyone = selectors.frameworks_by_name()
    frameworks, filterset, comparison = comparison_for(request, pair, among=everyone)
    filterset.offer_criteria(comparison.criteria)
    slugs = [framework.slug for framework in frameworks]
    filters = request.GET.copy()
    filters.pop(PAGE_PARAMETER, None)
    other_filters = filters.copy()
    other_filters.pop("criterion", None)
    selectors.link_pages(comparison.pages, comparison.page, page_addresses(filters))
    # One address per comparison, per page of its evidence and per criterion it is narrowed
    # to; other filters are views of those pages.
    path = comparison_url(slugs)
    canonical = path + page_addresses(QueryDict())(comparison.page.number).removeprefix("./")
    if comparison.criterion:
        canonical = f"{path}?criterion={comparison.criterion.slug}"
    return render(
        request,
        "comparator/compare.html",
        {
            "comparison": comparison,
            "page_title": comparison_title(comparison, filterset.active),
            "filter_words": filters_described(filterset.active),
            "canonical_url": request.build_absolute_uri(canonical),
            "filterset": filterset,
            "pair": comparison_slug(slugs),
            "compare_pair": comparison_slug(slugs),
            "query_string": filters.urlencode(),
            # The filters but the criterion: "all claims" links add one, "all criteria" drops it.
            "other_filters": other_filters.urlencode(),
            "compare_form": CompareForm(initial={"frameworks": frameworks}, offered=everyone),
        },
    )


@require_safe
@cached_page("compare-export", reads=COMPARISON_PARAMETERS)
def compare_export(request, pair, export_format):
    # An export holds every claim, where a cell of the page shows a few.
    frameworks, filterset, comparison = comparison_for(request, pair, per_cell=None)
    if export_format == "json":
        body = comparison_as_json(
            comparison, filters=filterset.active, absolute=request.build_absolute_uri
        )
        return HttpResponse(body, content_type="application/json; charset=utf-8")
    response = HttpResponse(
        comparison_as_csv(comparison, absolute=request.build_absolute_uri),
        content_type="text/csv; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="{pair}.csv"'
    return response


@require_safe
@cached_page("framework-list")
def framework_list(request):
    return render(
        request,
        "comparator/framework_list.html",
        {"frameworks": frameworks_with_claim_counts()},
    )


@require_safe
@cached_page("framework-detail", reads=("criterion",))
def framework_detail(request, slug):
    framework = get_object_or_404(Framework, slug=slug)
    # ?criterion=<slug>, where a group's "All N claims" link leads: that group alone, uncapped.
    try:
        criterion = selectors.listed_by_slug(Criterion, request.GET.get("criterion"))
    except LookupError:
        raise Http404("No such criterion.") from None
    groups, sources = selectors.framework_claims_by_criterion(framework, criterion=criterion)
    others = Framework.objects.exclude(pk=framework.pk).order_by("name")
    return render(
        request,
        "comparator/framework_detail.html",
        {
            "framework": framework,
            "criterion": criterion,
            "groups": groups,
            "sources": sources,
            "comparisons": [
                (other, comparison_url([framework.slug, other.slug])) for other in others
            ],
        },
    )


@require_safe
@cached_page("criterion-list")
def criterion_list(request):
    return render(
        request, "comparator/criterion_list.html", {"criteria": criteria_with_claim_counts()}
    )


@require_safe
@cached_page("criterion-detail", reads=("framework",))
def criterion_detail(request, slug):
    criterion = get_object_or_404(Criterion, slug=slug)
    # ?framework=<slug>, where a group's "All N claims" link leads: that group alone, uncapped.
    try:
        framework = selectors.listed_by_slug(Framework, request.GET.get("framework"))
    except LookupError:
        raise Http404("No such framework.") from None
    groups, sources = selectors.criterion_claims_by_framework(criterion, framework=framework)
    return render(
        request,
        "comparator/criterion_detail.html",
        {"criterion": criterion, "framework": framework, "groups": groups, "sources": sources},
    )


@x_robots_tag
def sitemap_section(request, section, sitemaps):
    """A page (?p=) of one section of the sitemap: what Django's sitemap view answers, written
    without its template (a page of 50,000 claims took 5.5 s through it)."""
    if section not in sitemaps:
        raise Http404(f"No sitemap available for section: {section!r}")
    sitemap = sitemaps[section]()
    try:
        content, last_modified = urlset_xml(
            sitemap,
            request.GET.get("p", 1),
            protocol=sitemap.get_protocol(request.scheme),
            domain=get_current_site(request).domain,
        )
    except InvalidPage:
        raise Http404("No such page of this sitemap.") from None
    return xml_response(content, last_modified)


@x_robots_tag
def sitemap_index(request, sitemaps):
    """The sitemap index, an address per page of each section: what Django's index view answers,
    from each section's count and newest change (it read every item: 1.3 s at 100,000 claims)."""
    content, last_modified = sitemap_index_xml(
        sitemaps,
        protocol=request.scheme,
        domain=get_current_site(request).domain,
        section_path=lambda section: reverse("sitemap-section", kwargs={"section": section}),
    )
    return xml_response(content, last_modified)


def xml_response(content, last_modified):
    response = HttpResponse(content, content_type="application/xml")
    if last_modified:
        response["Last-Modified"] = last_modified
    return response
