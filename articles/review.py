"""The curators' review queue: what waits for a decision, oldest first (the admin index)."""

from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.db.models import Count, Q
from django.urls import reverse

from .models import WAITING_CLAIMS_QUERY, Claim

SHOWN_PER_QUEUE = 5


@dataclass
class Queue:
    """One kind of waiting claim: how many, the oldest few, and its filtered changelist."""

    title: str
    help: str
    count: int
    url: str
    oldest: list = field(default_factory=list)


# Claims waiting, by kind: drafts nobody has decided on, and claims (published ones included,
# which the public pages hide meanwhile) whose quote left the article's text.
QUEUES = [
    (
        "Drafts",
        "Proposed or sent back: publish, edit or reject each.",
        Q(status=Claim.Status.DRAFT),
        {"status__exact": Claim.Status.DRAFT},
    ),
    (
        "Flagged: the quote is gone",
        "Their quote no longer occurs in the article; published ones are hidden from the site "
        "until their quote is found again.",
        Q(needs_review=True) & ~Q(status=Claim.Status.REJECTED),
        {"needs_review__exact": "1"},
    ),
]


def changelist_url(filters, *, oldest_first_column):
    """The claims changelist filtered by FILTERS, sorted by the given column, oldest first."""
    query = urlencode({**filters, "o": str(oldest_first_column)})
    return f"{reverse('admin:articles_claim_changelist')}?{query}"


def review_queue(*, changed_column):
    """The queues, each with its count and its oldest claims: at most three queries.

    CHANGED_COLUMN is the index of the "changed" column in the claims changelist, which sorts
    its rows when given as `o`.
    """
    # Every query repeats the condition of the waiting claims' partial index (claim_waiting),
    # so both databases count and list them from it rather than from the whole table.
    waiting = Claim.objects.filter(WAITING_CLAIMS_QUERY)
    counts = waiting.aggregate(
        **{f"queue_{index}": Count("pk", filter=q) for index, (_, _, q, _) in enumerate(QUEUES)}
    )
    queues = []
    for index, (title, help_text, condition, filters) in enumerate(QUEUES):
        queues.append(
            Queue(
                title=title,
                help=help_text,
                count=counts[f"queue_{index}"],
                url=changelist_url(filters, oldest_first_column=changed_column),
            )
        )
        if queues[-1].count:
            queues[-1].oldest = list(
                waiting.filter(condition)
                .select_related("framework", "criterion")
                .only("summary", "status", "updated_at", "framework__name", "criterion__name")
                .order_by("updated_at", "pk")[:SHOWN_PER_QUEUE]
            )
    return queues
