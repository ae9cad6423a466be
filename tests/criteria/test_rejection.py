"""A discovered name a curator marks as not a framework is deleted and never created again."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from articles.models import Claim
from articles.services import article_load
from criteria.models import Framework, RejectedFrameworkName
from criteria.rejection import framework_reject
from tests.conftest import write_article
from tests.curating import make_curator

pytestmark = pytest.mark.django_db

HEADER = {"title": "Django vs Jinja2: templates compared"}
BODY = "Jinja2 has an excellent template engine and Django has a good one too.\n"


@pytest.fixture
def jinja_folder(vocabulary, article_folder):
    write_article(article_folder, "django-vs-jinja", BODY, header=HEADER)
    return article_folder


def test_a_rejected_name_is_never_created_again(jinja_folder):
    article_load(path=jinja_folder / "django-vs-jinja.md")
    jinja = Framework.objects.get(name="Jinja2")
    assert jinja.needs_review and jinja.claims.exists()
    framework_reject(framework=jinja)
    assert not Framework.objects.filter(name="Jinja2").exists()
    assert not Claim.objects.filter(framework__name="Jinja2").exists()
    assert RejectedFrameworkName.objects.names() == {"jinja2"}
    write_article(jinja_folder, "django-vs-jinja", BODY + "\nJinja2 is fast.\n", header=HEADER)
    outcome = article_load(path=jinja_folder / "django-vs-jinja.md")
    assert outcome.frameworks_created == []
    assert not Framework.objects.filter(name="Jinja2").exists()


def test_a_confirmed_framework_or_one_with_published_claims_is_refused(jinja_folder):
    article_load(path=jinja_folder / "django-vs-jinja.md")
    with pytest.raises(ValidationError):
        framework_reject(framework=Framework.objects.get(slug="django"))
    jinja = Framework.objects.get(name="Jinja2")
    claim = jinja.claims.first()
    claim.status = Claim.Status.PUBLISHED
    claim.save()
    with pytest.raises(ValidationError):
        framework_reject(framework=jinja)
    assert Framework.objects.filter(name="Jinja2").exists()
    assert not RejectedFrameworkName.objects.exists()


def test_a_curator_rejects_from_the_framework_list(client, jinja_folder):
    article_load(path=jinja_folder / "django-vs-jinja.md")
    client.force_login(make_curator())
    jinja = Framework.objects.get(name="Jinja2")
    response = client.post(
        reverse("admin:criteria_framework_changelist"),
        {"action": "reject_as_not_a_framework", "_selected_action": [jinja.pk]},
        follow=True,
    )
    assert response.status_code == 200
    assert "will not be created again" in response.content.decode()
    assert not Framework.objects.filter(pk=jinja.pk).exists()
    assert RejectedFrameworkName.objects.filter(name="Jinja2").exists()
