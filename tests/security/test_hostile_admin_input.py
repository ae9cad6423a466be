"""A curator's requests as a careless or hostile hand could write them: values the admin's forms,
filters and actions never offer are refused with the form's error or a 400, never a 500, and
change nothing."""

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from articles.models import Claim
from tests.conftest import knowledge_base_snapshot
from tests.curating import form_data

pytestmark = pytest.mark.django_db

# Values no id could be: Django's admin looked each up as it was ("abc" is a ValueError on both
# databases; a number past 64 bits an OverflowError on SQLite).
NOT_IDS = ["abc", "1.5", " ", "-1", "99999999999999999999"]


@pytest.mark.parametrize("value", NOT_IDS)
@pytest.mark.parametrize("field", ["source", "framework", "criterion"])
def test_a_claim_form_naming_no_row_is_shown_again_with_its_error(
    curator_client, seeded, field, value
):
    claim = Claim.objects.public().order_by("pk").first()
    url = reverse("admin:articles_claim_change", args=[claim.pk])
    data = form_data(curator_client.get(url).content.decode(), "claim_form")
    before = knowledge_base_snapshot()

    response = curator_client.post(url, {**data, field: value, "summary": "Must not be saved."})

    assert response.status_code == 200
    errors = BeautifulSoup(response.content, "html.parser").select(f".field-{field} .errorlist")
    assert "Select a valid choice" in errors[0].get_text()
    assert knowledge_base_snapshot() == before
