"""A curator's "this is not a framework": the discovered framework goes, and its name (with
its aliases) is remembered so that no article makes it a framework again."""

from django.core.exceptions import ValidationError
from django.db import transaction

from .models import RejectedFrameworkName

# Claims are the articles app's; criteria names the statuses it may remove, not the model.
REMOVABLE_STATUSES = ("draft", "rejected")


@transaction.atomic
def framework_reject(*, framework):
    """Remember the framework's names as not a framework and delete it with its draft and
    rejected claims. Only a framework the extractor discovered and no curator confirmed yet
    (needs_review) can go, and not once a claim on it is published: a curator vouched for it."""
    if not framework.needs_review:
        raise ValidationError(f"{framework.name} was confirmed by a curator; it stays a framework.")
    if framework.claims.exclude(status__in=REMOVABLE_STATUSES).exists():
        raise ValidationError(f"{framework.name} has published claims; unpublish them first.")
    for name in dict.fromkeys([framework.name, *framework.alias_list]):
        RejectedFrameworkName.objects.get_or_create(name=name[:100])
    framework.claims.all().delete()
    framework.delete()
