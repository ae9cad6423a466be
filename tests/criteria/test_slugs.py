"""Slugs are lower-case words joined by hyphens, and no framework slug has "vs" as a word:
checked where they are made (model, admin, vocabulary files, the loader) and, for rows stored
before, by a data check."""

import pytest
from django.core import checks
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from articles.models import Source, sha256_hex
from criteria.checks import slugs_conform
from criteria.loading import VocabularyError, load_frameworks
from criteria.models import Criterion, Framework
from tests.conftest import load_failing, write_article

pytestmark = pytest.mark.django_db

BAD_SLUGS = [
    "Django",
    "django_rest",
    "django rest",
    "-django",
    "django-",
    "django--rest",
    "dj.ango",
    "ünicode",
]
BAD_FRAMEWORK_SLUGS = ["vs", "django-vs-flask", "vs-django", "django-vs"]
GOOD_SLUGS = ["django", "django-rest-framework", "web2py", "versus", "vsx", "django-vsx"]


def test_an_article_slug_may_keep_the_underscores_of_its_file_name():
    """Seed originals are named like 000_6edcc2ad5233785c.txt; only an article's slug may."""
    source = Source(slug="000_6edcc2ad5233785c", body="x", original_text="x",
                    original_sha256=sha256_hex(b"x"), imported_at=timezone.now())  # fmt: skip
    source.full_clean()
    with pytest.raises(ValidationError):
        Criterion(name="Speed", slug="fast_speed", group=Criterion.Group.OPERATIONS).full_clean()


@pytest.mark.parametrize("slug", BAD_SLUGS + BAD_FRAMEWORK_SLUGS)
def test_a_framework_refuses_a_slug_no_comparison_address_can_carry(slug):
    framework = Framework(name="Some framework", slug=slug)
    with pytest.raises(ValidationError) as raised:
        framework.full_clean()
    assert "slug" in raised.value.message_dict


@pytest.mark.parametrize("slug", GOOD_SLUGS)
def test_a_framework_takes_lower_case_words_joined_by_hyphens(slug):
    Framework(name="Some framework", slug=slug).full_clean()


@pytest.mark.parametrize("slug", [slug for slug in BAD_SLUGS if slug != "django_rest"])
def test_criteria_and_sources_refuse_them_too(slug):
    criterion = Criterion(name="Speed", slug=slug, group=Criterion.Group.OPERATIONS)
    with pytest.raises(ValidationError):
        criterion.full_clean()
    source = Source(slug=slug, body="x", original_text="x", original_sha256=sha256_hex(b"x"),
                    imported_at=timezone.now())  # fmt: skip
    with pytest.raises(ValidationError) as raised:
        source.full_clean()
    assert "slug" in raised.value.message_dict


@pytest.mark.parametrize("slug", ["Django", "django-vs-flask"])
def test_the_admin_refuses_them(admin_client, slug):
    response = admin_client.post(
        reverse("admin:criteria_framework_add"), {"name": "Some framework", "slug": slug}
    )
    assert response.status_code == 200
    assert "slug" in response.context["adminform"].form.errors
    assert not Framework.objects.exists()


def test_a_vocabulary_file_with_a_bad_slug_fails_naming_the_entry(tmp_path):
    path = tmp_path / "frameworks.toml"
    path.write_text('[[frameworks]]\nslug = "Ruby-vs-Rails"\nname = "Rails"\n', encoding="utf-8")
    with pytest.raises(VocabularyError) as raised:
        load_frameworks(path)
    assert "entry #1" in str(raised.value) and "slug" in str(raised.value)
    assert not Framework.objects.exists()


def test_an_article_whose_file_name_gives_a_bad_slug_fails_clearly(article_folder, vocabulary):
    path = write_article(article_folder, "my__article", "Django ships an admin panel.\n")
    _, output = load_failing(path)
    assert "my__article" in output and "lower-case letters and digits joined by" in output
    assert not Source.objects.exists()


def test_the_data_check_lists_stored_rows_that_do_not_conform(seeded):
    assert slugs_conform(databases=["default"]) == []
    Framework.objects.bulk_create([Framework(name="Legacy", slug="Legacy-vs-Old")])
    problems = slugs_conform(databases=["default"])
    assert [problem.id for problem in problems] == ["criteria.W001"]
    assert "'Legacy-vs-Old'" in problems[0].msg and problems[0].level == checks.WARNING


def test_a_comparison_with_a_legacy_capitalised_slug_is_not_a_server_error(vocabulary):
    Framework.objects.filter(slug="flask").update(slug="Flask")
    client = Client(raise_request_exception=False)
    assert client.get("/compare/django-vs-Flask/").status_code == 200
    assert client.get("/compare/django-vs-Flask.json").status_code == 200
    assert client.get("/frameworks/django/").status_code == 200
