"""The admin refuses anonymous visitors and what curators may not do; CSRF holds."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse

from articles.models import Claim, Source
from criteria.models import Criterion, Framework
from tests.conftest import knowledge_base_snapshot
from tests.curating import form_data

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-passphrase-for-tests-1"


@pytest.fixture
def curator(db):
    """A staff account in the Curators group the migrations create, and nothing more."""
    user = get_user_model().objects.create_user("cora", "cora@example.org", PASSWORD, is_staff=True)
    user.groups.add(Group.objects.get(name="Curators"))
    return user


@pytest.fixture
def curator_client(curator):
    client = Client(raise_request_exception=False)
    client.force_login(curator)
    return client


@pytest.fixture
def objects(knowledge_base):
    source = Source.objects.order_by("pk").first()
    return {
        "source": source,
        "claim": source.claims.order_by("pk").first(),
        "framework": Framework.objects.get(slug="django"),
        "criterion": Criterion.objects.get(slug="admin-panel"),
    }


def admin_urls(objects, user):
    """Every admin page of every model, as Django names them."""
    urls = [reverse("admin:index")]
    for instance in [*objects.values(), user, Group.objects.first()]:
        opts = instance._meta
        prefix = f"admin:{opts.app_label}_{opts.model_name}"
        urls += [reverse(f"{prefix}_changelist"), reverse(f"{prefix}_add")]
        urls += [
            reverse(f"{prefix}_{view}", args=[instance.pk])
            for view in ("change", "delete", "history")
        ]
    return urls


def test_anonymous_visitors_are_sent_to_log_in_for_every_admin_page(objects, curator):
    anonymous = Client(raise_request_exception=False)
    before = knowledge_base_snapshot()
    for url in admin_urls(objects, curator):
        for method in ("get", "post"):
            response = getattr(anonymous, method)(url)
            assert response.status_code == 302, (method, url)
            assert response["Location"].startswith(reverse("admin:login")), url
    assert knowledge_base_snapshot() == before


def test_a_logged_in_visitor_who_is_not_staff_is_not_let_in(objects):
    user = get_user_model().objects.create_user("visitor", password=PASSWORD)
    client = Client()
    client.force_login(user)
    response = client.get(reverse("admin:articles_claim_changelist"))
    assert response.status_code == 302 and response["Location"].startswith("/admin/login/")


def test_curators_can_curate(curator_client, objects):
    """The refusals below are about permissions, not a broken login."""
    for name in ("claim", "source", "framework", "criterion"):
        opts = objects[name]._meta
        url = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[objects[name].pk])
        assert curator_client.get(url).status_code == 200, url


@pytest.mark.parametrize("name", ["source", "claim", "framework", "criterion"])
def test_curators_cannot_delete(curator_client, objects, name):
    instance = objects[name]
    opts = instance._meta
    url = reverse(f"admin:{opts.app_label}_{opts.model_name}_delete", args=[instance.pk])
    before = knowledge_base_snapshot()
    assert curator_client.get(url).status_code == 403
    assert curator_client.post(url, {"post": "yes"}).status_code == 403
    # Nor through the list's bulk action.
    changelist = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
    response = curator_client.post(
        changelist,
        {"action": "delete_selected", "_selected_action": [instance.pk], "post": "yes"},
    )
    assert response.status_code in (200, 302, 403)
    assert knowledge_base_snapshot() == before


@pytest.mark.parametrize("model", ["user", "group"])
@pytest.mark.parametrize("view", ["changelist", "add", "change", "delete"])
def test_curators_cannot_touch_users_or_groups(curator_client, curator, model, view):
    instance = curator if model == "user" else Group.objects.get(name="Curators")
    args = [] if view in ("changelist", "add") else [instance.pk]
    url = reverse(f"admin:auth_{model}_{view}", args=args)
    assert curator_client.get(url).status_code == 403
    assert curator_client.post(url, {"is_superuser": "on", "name": "x"}).status_code == 403


def test_curators_cannot_raise_their_own_rights(curator_client, curator):
    url = reverse("admin:auth_user_change", args=[curator.pk])
    curator_client.post(url, {"username": "cora", "is_superuser": "on", "is_staff": "on"})
    curator.refresh_from_db()
    assert not curator.is_superuser
    assert list(curator.groups.values_list("name", flat=True)) == ["Curators"]
    assert not curator.user_permissions.exists()


@pytest.fixture
def superuser():
    return get_user_model().objects.create_superuser("root", "root@example.org", PASSWORD)


def test_csrf_refuses_an_admin_change_without_its_token(objects, superuser):
    client = Client(enforce_csrf_checks=True, raise_request_exception=False)
    client.force_login(superuser)
    claim = objects["claim"]
    url = reverse("admin:articles_claim_change", args=[claim.pk])
    data = form_data(client.get(url).content.decode(), "claim_form")
    token = data.pop("csrfmiddlewaretoken")
    changed = {**data, "summary": "Changed by a forged request", "status": "rejected"}

    assert client.post(url, changed).status_code == 403
    assert client.post(url, {**changed, "csrfmiddlewaretoken": "x" * 64}).status_code == 403
    # A token from another session is no good either.
    other = Client(enforce_csrf_checks=True)
    other.get(reverse("admin:login"))
    foreign = other.cookies["csrftoken"].value
    assert client.post(url, {**changed, "csrfmiddlewaretoken": foreign}).status_code == 403
    claim.refresh_from_db()
    assert claim.summary != "Changed by a forged request"

    # With its own token the same change goes through: the refusals were CSRF's.
    response = client.post(url, {**changed, "csrfmiddlewaretoken": token})
    assert response.status_code == 302, response.content.decode()[:2000]
    claim.refresh_from_db()
    assert claim.summary == "Changed by a forged request"


def test_csrf_guards_the_login_form(superuser):
    client = Client(enforce_csrf_checks=True)
    login = reverse("admin:login")
    credentials = {"username": "root", "password": PASSWORD}
    assert client.post(login, credentials).status_code == 403
    assert "_auth_user_id" not in client.session
    token = form_data(client.get(login).content.decode(), "login-form")["csrfmiddlewaretoken"]
    assert client.post(login, {**credentials, "csrfmiddlewaretoken": token}).status_code == 302
    assert client.session["_auth_user_id"] == str(superuser.pk)


def test_logging_out_needs_a_post_with_its_token(superuser):
    client = Client(enforce_csrf_checks=True, raise_request_exception=False)
    client.force_login(superuser)
    logout = reverse("admin:logout")
    assert client.get(logout).status_code == 405
    assert client.post(logout).status_code == 403
    assert client.session.get("_auth_user_id") == str(superuser.pk)


def test_claims_stay_published_after_a_forged_bulk_action(objects, superuser):
    client = Client(enforce_csrf_checks=True, raise_request_exception=False)
    client.force_login(superuser)
    claim = Claim.objects.filter(status="published").first()
    response = client.post(
        reverse("admin:articles_claim_changelist"),
        {"action": "reject", "_selected_action": [claim.pk]},
    )
    assert response.status_code == 403
    claim.refresh_from_db()
    assert claim.status == "published"
