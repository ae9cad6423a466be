"""What a slug may be: it is a piece of every address that names a framework, criterion or
article, and a comparison's address joins framework slugs with "-vs-"."""

import re

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator

from .links import SEPARATOR

SLUG_PATTERN = r"[a-z0-9]+(?:-[a-z0-9]+)*"

validate_slug = RegexValidator(
    re.compile(rf"\A{SLUG_PATTERN}\Z"),
    "A slug is lower-case letters and digits, in words joined by single hyphens "
    "(“django-rest-framework”), with no capitals, spaces, underscores or other characters.",
    code="invalid_slug",
)


# An article's slug is its file's name as Django's slugify gives it, which keeps underscores
# ("000_6edcc2ad5233785c.txt"): lower-case words joined by hyphens or underscores.
validate_source_slug = RegexValidator(
    re.compile(r"\A[a-z0-9]+(?:[-_][a-z0-9]+)*\Z"),
    "An article's slug is lower-case letters and digits, in words joined by single hyphens or "
    "underscores, with no capitals, spaces or other characters.",
    code="invalid_slug",
)


def validate_framework_slug(value):
    """A framework's slug is also a piece of a comparison's address (django-vs-flask): one that
    holds "vs" as a word would be split there, and every comparison naming it would be a 404."""
    validate_slug(value)
    if SEPARATOR in f"-{value}-":
        raise ValidationError(
            "A framework's slug cannot have “vs” as a word (it separates the frameworks in a "
            "comparison's address, as in django-vs-flask).",
            code="slug_has_separator",
        )
