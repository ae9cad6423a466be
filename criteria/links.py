"""Addresses of comparison pages and their cells, shared by every page that links into them."""

from django.urls import reverse

SEPARATOR = "-vs-"

# A value every address converter here accepts (slug, int), reversed in place of the real one.
MARKER = "2147483647"


def address_maker(view_name):
    """slug or id -> the view's address for it, reversed once rather than once per row."""
    prefix, suffix = reverse(view_name, args=[MARKER]).split(MARKER)
    return lambda value: f"{prefix}{value}{suffix}"


def comparison_slug(framework_slugs):
    return SEPARATOR.join(framework_slugs)


def split_comparison_slug(value):
    return value.split(SEPARATOR)


def cell_id(criterion_slug, framework_slug):
    return f"cell-{criterion_slug}-{framework_slug}"


def comparison_url(framework_slugs, *, criterion_slug=None, framework_slug=None):
    """The comparison of these frameworks, optionally at one criterion's cell for one of them."""
    url = reverse("compare:compare", args=[comparison_slug(framework_slugs)])
    if criterion_slug and framework_slug:
        url += "#" + cell_id(criterion_slug, framework_slug)
    return url
