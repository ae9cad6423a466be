"""What curators do: review claims, edit them and their sources, and who may do it.

The admin calls these. Each runs in one transaction, writes every knowledge-base row through
save() (the signals that keep caches fresh listen there) and records who made the change.
"""

from dataclasses import dataclass, field

from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.auth import get_user_model, password_validation
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from .findings import findings_refresh, findings_refresh_for_source, group_pairs
from .models import Claim, sha256_hex
from .services import claims_reanchor

CURATORS_GROUP = "Curators"

# A change to any of these is a review: the claim records who made it and when.
REVIEWED_FIELDS = frozenset(
    {"source", "framework", "criterion", "stance", "summary", "quote", "status"}
)


@dataclass
class StatusOutcome:
    changed: list = field(default_factory=list)
    unchanged: int = 0
    # Claims whose quote is lost are not published until a curator finds it again.
    refused: list = field(default_factory=list)


@dataclass
class BodyOutcome:
    reanchored: list = field(default_factory=list)
    flagged: list = field(default_factory=list)


def history_write(*, user, objects, message):
    """One admin history entry per object, as the admin writes for a change made in a form."""
    if objects:
        LogEntry.objects.log_actions(
            user_id=user.pk, queryset=objects, action_flag=CHANGE, change_message=message
        )


def claims_set_status(*, claims, status, user):
    """Give each claim the status, recording the curator as its reviewer.

    A claim flagged for review (its quote no longer occurs in its article) is never published.
    """
    status = Claim.Status(status)
    outcome = StatusOutcome()
    now = timezone.now()
    with transaction.atomic():
        if hasattr(claims, "select_related"):
            claims = claims.select_related("source", "framework", "criterion")
        for claim in claims:
            if claim.status == status:
                outcome.unchanged += 1
                continue
            if status == Claim.Status.PUBLISHED and claim.needs_review:
                outcome.refused.append(claim)
                continue
            claim.status, claim.reviewed_by, claim.reviewed_at = status, user, now
            claim.save(update_fields=["status", "reviewed_by", "reviewed_at", "updated_at"])
            outcome.changed.append(claim)
        history_write(
            user=user,
            objects=outcome.changed,
            message=f"Status set to {status.label.lower()} (bulk action).",
        )
        findings_refresh(pairs=group_pairs(outcome.changed))
    return outcome


def claim_save(*, claim, user, changed_fields=()):
    """Save a claim a curator added or edited; a new one, or a change to its status or content,
    makes the curator its reviewer. The quote's offsets are the caller's to have found."""
    with transaction.atomic():
        if claim.pk is None or REVIEWED_FIELDS.intersection(changed_fields):
            claim.reviewed_by, claim.reviewed_at = user, timezone.now()
        before = Claim.objects.filter(pk=claim.pk).values_list("framework_id", "criterion_id")
        pairs = set(before) | group_pairs([claim])
        claim.save()
        # Its findings, where it was and where it is now, follow the edit.
        findings_refresh(pairs=pairs)
    return claim


def source_save(*, source, user, changed_fields=()):
    """Save a source a curator added or edited; a new body re-anchors its claims by their quotes.

    A claim whose quote no longer occurs is kept and flagged for review, never deleted. Both
    kinds of change to a claim go into its history under the curator's name.
    """
    outcome = BodyOutcome()
    with transaction.atomic():
        if source.pk is None:
            # Added by hand: the text as pasted is the text as received.
            source.original_text = source.original_text or source.body
            source.original_sha256 = sha256_hex(source.original_text.encode())
            source.imported_at = timezone.now()
            source.save()
            return outcome
        source.save()
        if "body" not in changed_fields:
            return outcome
        before = {
            pk: (start, flagged)
            for pk, start, flagged in source.claims.values_list("pk", "quote_start", "needs_review")
        }
        _, outcome.flagged = claims_reanchor(source=source)
        flagged = {claim.pk for claim in outcome.flagged}
        candidates = source.claims.select_related("framework", "criterion").exclude(pk__in=flagged)
        outcome.reanchored = [
            claim
            for claim in candidates.order_by("quote_start", "pk")
            if (claim.quote_start, claim.needs_review) != before[claim.pk]
        ]
        history_write(
            user=user,
            objects=outcome.reanchored,
            message="Re-anchored: its quote moved in the source's edited text.",
        )
        history_write(
            user=user,
            objects=[claim for claim in outcome.flagged if not before[claim.pk][1]],
            message="Flagged for review: the quote no longer occurs in the source's edited text.",
        )
        findings_refresh_for_source(source=source)
    return outcome


def curator_create(*, username, email="", password):
    """A staff account in the Curators group; ValidationError for a taken name or a weak password."""
    User = get_user_model()
    with transaction.atomic():
        try:
            group = Group.objects.get(name=CURATORS_GROUP)
        except Group.DoesNotExist:
            raise ValidationError(
                f"There is no {CURATORS_GROUP} group: run `manage.py migrate` first."
            ) from None
        user = User(username=username, email=email, is_staff=True)
        password_validation.validate_password(password, user)
        user.set_password(password)
        user.full_clean(exclude=["last_login", "date_joined"])
        user.save()
        user.groups.add(group)
    return user
