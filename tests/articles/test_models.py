"""Claims are held to their source by the database itself, not only by forms."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from articles.models import Claim, Source
from criteria.models import Criterion, Framework

pytestmark = pytest.mark.django_db

BODY = "Django has an admin. Flask has none."


@pytest.fixture
def claim(vocabulary):
    source = Source.objects.create(
        slug="s",
        body=BODY,
        original_text=BODY,
        original_sha256="a" * 64,
        imported_at=timezone.now(),
    )
    return Claim.objects.create(
        source=source,
        framework=Framework.objects.get(slug="django"),
        criterion=Criterion.objects.get(slug="admin-panel"),
        stance="strength",
        summary="Has an admin.",
        quote="Django has an admin.",
        quote_start=0,
        quote_end=20,
        status="published",
    )


def test_saving_a_claim_whose_quote_is_not_at_its_offsets_is_refused(claim):
    claim.quote_start, claim.quote_end = 21, 41
    with pytest.raises(ValidationError, match="not at characters 21-41"):
        claim.save()
    claim.refresh_from_db()
    assert claim.quote_start == 0


def test_a_claim_flagged_for_review_may_keep_a_quote_the_text_lost(claim):
    Source.objects.filter(pk=claim.source_id).update(body="Entirely new text.")
    claim.refresh_from_db()
    claim.needs_review = True
    claim.save()
    assert Claim.objects.filter(needs_review=True).count() == 1


@pytest.mark.parametrize(
    "values",
    [
        {"quote_end": 5},  # span shorter than the quote
        {"quote_start": 20, "quote_end": 20, "quote": ""},  # empty span
        {"stance": "amazing"},
        {"status": "maybe"},
    ],
)
def test_the_database_refuses_inconsistent_claims(claim, values):
    with pytest.raises(IntegrityError), transaction.atomic():
        Claim.objects.filter(pk=claim.pk).update(**values)


def test_two_identical_claims_are_refused_by_the_database(claim):
    duplicate = Claim(
        source=claim.source,
        framework=claim.framework,
        criterion=claim.criterion,
        stance="neutral",
        summary="Again.",
        quote=claim.quote,
        quote_start=claim.quote_start,
        quote_end=claim.quote_end,
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        duplicate.save()
    assert Claim.objects.count() == 1


def test_a_source_with_claims_cannot_be_deleted(claim):
    from django.db.models import ProtectedError

    with pytest.raises(ProtectedError):
        claim.source.delete()
