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

from .anchoring import reanchor
from .findings import findings_refresh, findings_refresh_for_source, group_pairs
from .models import Claim, Source, sha256_hex
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


def sources_lock(source_ids):
    """The sources by pk, their rows locked until the transaction ends (in pk order, so two
    curators' saves never deadlock). A reload of one of them is waited for, and its new text
    is what the caller sees."""
    return Source.objects.select_for_update().filter(pk__in=source_ids).order_by("pk").in_bulk()


def anchor_confirm(claim, source):
    """Check the claim's quote against its source's current (locked) text: moved to where the
    quote now is, or flagged for review when it is gone. The fields that changed."""
    claim.source = source
    body = source.body
    if claim.needs_review or body[claim.quote_start : claim.quote_end] == claim.quote:
        return []
    span = reanchor(body, claim.quote, claim.quote_start)
    if span is None:
        claim.needs_review = True
        return ["needs_review"]
    claim.quote_start, claim.quote_end = span
    return ["quote_start", "quote_end"]


def claims_set_status(*, claims, status, user):
    """Give each claim the status, recording the curator as its reviewer.

    Each claim's anchor is confirmed against its source's text, locked for the transaction: a
    claim whose quote is gone is flagged, and a flagged claim is never published.
    """
    status = Claim.Status(status)
    outcome = StatusOutcome()
    now = timezone.now()
    with transaction.atomic():
        if hasattr(claims, "values_list"):
            sources = sources_lock(set(claims.values_list("source_id", flat=True)))
            # Read after the lock: a reload that held it has committed its offsets and flags.
            claims = claims.select_related("framework", "criterion").order_by("pk")
        else:
            sources = sources_lock({claim.source_id for claim in claims})
            for claim in claims:
                claim.refresh_from_db()
        for claim in claims:
            repaired = anchor_confirm(claim, sources[claim.source_id])
            if claim.status == status:
                outcome.unchanged += 1
            elif status == Claim.Status.PUBLISHED and claim.needs_review:
                outcome.refused.append(claim)
            else:
                claim.status, claim.reviewed_by, claim.reviewed_at = status, user, now
                repaired += ["status", "reviewed_by", "reviewed_at"]
                outcome.changed.append(claim)
            if repaired:
                claim.save(update_fields=[*repaired, "updated_at"])
        history_write(
            user=user,
            objects=outcome.changed,
            message=f"Status set to {status.label.lower()} (bulk action).",
        )
        findings_refresh(pairs=group_pairs(outcome.changed))
    return outcome


def claim_save(*, claim, user, changed_fields=()):
    """Save a claim a curator added or edited; a new one, or a change to its status or content,
    makes the curator its reviewer.

    The offsets the caller found are confirmed against the source's text as locked now (the
    admin's form found them under the same lock, in the same transaction): a reload never has
    old offsets written over its new text. A quote the text no longer holds is saved flagged,
    and a flagged claim is not published (ValidationError).
    """
    with transaction.atomic():
        anchor_confirm(claim, sources_lock([claim.source_id])[claim.source_id])
        if claim.needs_review and claim.status == Claim.Status.PUBLISHED:
            raise ValidationError(
                "A claim whose quote no longer occurs in its article cannot be published: "
                "find its quote again first.",
                code="flagged_claim_published",
            )
        if claim.pk is None or REVIEWED_FIELDS.intersection(changed_fields):
            claim.reviewed_by, claim.reviewed_at = user, timezone.now()
        before = Claim.objects.filter(pk=claim.pk).values_list("framework_id", "criterion_id")
        pairs = set(before) | group_pairs([claim])
        claim.save()
        # Its findings, where it was and where it is now, follow the edit.
        findings_refresh(pairs=pairs)
    return claim


def same_text(a, b):
    """Equal once line endings are alike: a browser sends a textarea's lines ending in CRLF."""
    if isinstance(a, str) and isinstance(b, str):
        return a.replace("\r\n", "\n") == b.replace("\r\n", "\n")
    return a == b


def curator_fields_after(source, changed_fields):
    """The source's curator-held fields once this edit is saved: those held before, and each
    field the form changed whose value really differs from the stored one."""
    held = set(source.curator_fields or ())
    candidates = [name for name in Source.CURATED_FIELDS if name in changed_fields]
    if candidates:
        stored = Source.objects.filter(pk=source.pk).values(*candidates).first() or {}
        held.update(
            name
            for name in candidates
            if name not in stored or not same_text(getattr(source, name), stored[name])
        )
    return [name for name in Source.CURATED_FIELDS if name in held]


def sources_release(*, sources, user):
    """Let reloads update the sources' fields again: the curators' hold on them is dropped.

    Returns the sources that had any field held.
    """
    released = []
    with transaction.atomic():
        for source in sources:
            if not source.curator_fields:
                continue
            fields = ", ".join(source.curator_fields)
            source.curator_fields = []
            source.save(update_fields=["curator_fields", "updated_at"])
            released.append((source, fields))
        for source, fields in released:
            history_write(
                user=user,
                objects=[source],
                message=f"Reloads may update its {fields} again.",
            )
    return [source for source, _ in released]


def source_save(*, source, user, changed_fields=()):
    """Save a source a curator added or edited; a new body re-anchors its claims by their quotes.

    A claim whose quote no longer occurs is kept and flagged for review, never deleted. Both
    kinds of change to a claim go into its history under the curator's name. Each field the
    curator changed is theirs from now on: reloads keep it and report the file's value instead.
    """
    outcome = BodyOutcome()
    with transaction.atomic():
        if source.pk is None:
            # Added by hand: the text as pasted is the text as received, and every field is the
            # curator's (a file that turns out to be this article never overwrites one).
            source.original_text = source.original_text or source.body
            source.original_sha256 = sha256_hex(source.original_text.encode())
            source.content_sha256 = source.content_sha256 or source.original_sha256
            source.curator_fields = list(Source.CURATED_FIELDS)
            source.imported_at = timezone.now()
            source.save()
            return outcome
        source.curator_fields = curator_fields_after(source, changed_fields)
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
