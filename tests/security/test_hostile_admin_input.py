"""A curator's requests as a careless or hostile hand could write them: values the admin's forms,
filters and actions never offer are refused with the form's error or a 400, never a 500, and
change nothing."""

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from articles.models import Claim, Finding, Source
from criteria.models import Framework
from tests.conftest import knowledge_base_snapshot
from tests.curating import form_data

pytestmark = pytest.mark.django_db

# Values no id could be: Django's admin looked each up as it was ("abc" is a ValueError on both
# databases; a number past 64 bits an OverflowError on SQLite).
NOT_IDS = ["abc", "1.5", " ", "-1", "99999999999999999999", "9" * 5000]


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


# A list filter's value or the autocomplete's term with a NUL in it: PostgreSQL refused the query
# and the admin answered 500 (SQLite answered an empty list).
NUL_QUERIES = [
    ("admin:articles_claim_changelist", {"status__exact": "\x00"}),
    ("admin:articles_claim_changelist", {"stance__exact": "strength\x00"}),
    ("admin:articles_claim_changelist", {"origin__exact": "\x00"}),
    ("admin:articles_source_changelist", {"origin__exact": "\x00"}),
    ("admin:articles_finding_changelist", {"stance__exact": "\x00"}),
    ("admin:criteria_framework_changelist", {"language__exact": "Py\x00thon"}),
    ("admin:criteria_criterion_changelist", {"group__exact": "\x00"}),
    (
        "admin:autocomplete",
        {"app_label": "articles", "model_name": "claim", "field_name": "source", "term": "\x00"},
    ),
]


@pytest.mark.parametrize(("name", "query"), NUL_QUERIES)
def test_a_nul_in_an_admin_query_is_a_bad_request(curator_client, seeded, name, query):
    without_nul = {key: value.replace("\x00", "") for key, value in query.items()}
    assert curator_client.get(reverse(name), without_nul).status_code == 200
    assert curator_client.get(reverse(name), query).status_code == 400


def everything():
    """Every row a bulk action could change, findings included."""
    return knowledge_base_snapshot(), list(Finding.objects.order_by("pk").values())


# A selection as no checkbox sends it: Django filtered the rows by it as it was ("abc", "" and
# "1.5" a ValueError on both databases, a NUL or a number past 64 bits a 500 on one of them).
@pytest.mark.parametrize("selected", ["abc", "", "1.5", "\x00", "99999999999999999999", "9" * 5000])
@pytest.mark.parametrize(
    ("name", "action"),
    [
        ("admin:articles_claim_changelist", "reject"),
        ("admin:articles_finding_changelist", "split"),
        ("admin:articles_source_changelist", "release_held_fields"),
        ("admin:criteria_framework_changelist", "reject_as_not_a_framework"),
    ],
)
def test_a_bulk_action_on_a_selection_naming_no_row_is_refused_and_changes_nothing(
    curator_client, seeded, name, action, selected
):
    real = {
        "admin:articles_claim_changelist": Claim.objects.public().order_by("pk").first(),
        "admin:articles_finding_changelist": Finding.objects.order_by("pk").first(),
        "admin:articles_source_changelist": Source.objects.order_by("pk").first(),
        "admin:criteria_framework_changelist": Framework.objects.get(slug="flask"),
    }[name]
    before = everything()

    response = curator_client.post(
        reverse(name), {"action": action, "_selected_action": [real.pk, selected]}
    )

    assert response.status_code == 400
    assert everything() == before


# Numbers past 64 bits where the admin reads ids: SQLite's driver raised OverflowError (a 500).
@pytest.mark.parametrize(
    "name", ["admin:articles_claim_changelist", "admin:criteria_criterion_changelist"]
)
@pytest.mark.parametrize("ids", ["99999999999999999999", "1,9223372036854775808", "9" * 5000])
def test_a_filter_by_ids_past_the_databases_integers_is_a_bad_request(
    curator_client, seeded, name, ids
):
    assert curator_client.get(reverse(name), {"id__in": "1,2"}).status_code == 200
    assert curator_client.get(reverse(name), {"id__in": ids}).status_code == 400
    # A search may hold any number: it is matched against text.
    assert curator_client.get(reverse(name), {"q": ids}).status_code == 200
    autocomplete = {"app_label": "articles", "model_name": "claim", "field_name": "source"}
    found = curator_client.get(reverse("admin:autocomplete"), {**autocomplete, "term": ids})
    assert found.status_code == 200


@pytest.mark.parametrize("row_id", ["99999999999999999999", "9" * 5000])
def test_a_list_edit_naming_a_row_past_the_databases_integers_is_refused(
    curator_client, seeded, row_id
):
    listing = reverse("admin:criteria_criterion_changelist")
    data = form_data(curator_client.get(listing).content.decode(), "changelist-form")
    before = everything()

    response = curator_client.post(listing, {**data, "form-0-id": row_id, "_save": "Save"})

    assert response.status_code == 400
    assert everything() == before
