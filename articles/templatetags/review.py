"""The review queue on the admin index (templates/admin/index.html)."""

from django import template

from ..review import review_queue

register = template.Library()


@register.simple_tag
def claims_waiting():
    """The review queues, linked to the claims changelist sorted oldest change first."""
    from ..admin import ClaimAdmin

    return review_queue(changed_column=ClaimAdmin.list_display.index("changed"))
