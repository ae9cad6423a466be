"""create_curator: a staff account in the Curators group, its password never an argument."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from articles.management.commands import create_curator
from tests.curating import admin_login

pytestmark = pytest.mark.django_db

User = get_user_model()
GOOD = "correct horse battery staple"


def run(*args):
    out = io.StringIO()
    call_command("create_curator", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def no_password_variable(monkeypatch):
    monkeypatch.delenv("CURATOR_PASSWORD", raising=False)


def test_the_password_from_the_environment_makes_a_curator_who_can_log_in(monkeypatch, client):
    monkeypatch.setenv("CURATOR_PASSWORD", GOOD)
    output = run("--username", "ada", "--email", "ada@example.org")

    assert "Created curator 'ada'" in output
    user = User.objects.get(username="ada")
    assert (user.email, user.is_staff, user.is_superuser) == ("ada@example.org", True, False)
    assert list(user.groups.values_list("name", flat=True)) == ["Curators"]
    assert GOOD not in output
    assert admin_login(client, "ada", GOOD)
    assert client.get(reverse("admin:articles_claim_changelist")).status_code == 200
    assert client.get(reverse("admin:auth_user_changelist")).status_code == 403


def test_the_password_can_be_typed_at_a_prompt(monkeypatch, no_password_variable):
    prompts = []

    def fake_getpass(prompt):
        prompts.append(prompt)
        return GOOD

    monkeypatch.setattr(create_curator.getpass, "getpass", fake_getpass)
    monkeypatch.setattr(create_curator.sys.stdin, "isatty", lambda: True, raising=False)
    run("--username", "grace")
    assert len(prompts) == 2  # typed twice
    assert User.objects.get(username="grace").check_password(GOOD)


def test_two_different_passwords_at_the_prompt_create_nothing(monkeypatch, no_password_variable):
    answers = iter([GOOD, GOOD + "!"])
    monkeypatch.setattr(create_curator.getpass, "getpass", lambda prompt: next(answers))
    monkeypatch.setattr(create_curator.sys.stdin, "isatty", lambda: True, raising=False)
    with pytest.raises(CommandError, match="differ"):
        run("--username", "grace")
    assert not User.objects.filter(username="grace").exists()


def test_without_a_terminal_or_the_variable_it_refuses(monkeypatch, no_password_variable):
    monkeypatch.setattr(create_curator.sys.stdin, "isatty", lambda: False, raising=False)
    with pytest.raises(CommandError, match="CURATOR_PASSWORD"):
        run("--username", "grace")
    assert not User.objects.exists()


def test_the_password_is_not_an_argument(monkeypatch):
    monkeypatch.setenv("CURATOR_PASSWORD", GOOD)
    with pytest.raises(CommandError, match="unrecognized arguments: --password"):
        call_command("create_curator", "--username", "ada", "--password", GOOD)
    assert not User.objects.exists()


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("", "empty"),
        ("short", "too short"),
        ("12345678901", "entirely numeric"),
        ("password123", "too common"),
    ],
)
def test_an_empty_or_weak_password_is_refused(monkeypatch, password, message):
    monkeypatch.setenv("CURATOR_PASSWORD", password)
    with pytest.raises(CommandError, match=message):
        run("--username", "ada")
    assert not User.objects.exists()


def test_an_existing_username_is_refused_and_left_as_it_was(monkeypatch):
    existing = User.objects.create_user("ada", password="an old password", is_staff=False)
    monkeypatch.setenv("CURATOR_PASSWORD", GOOD)
    with pytest.raises(CommandError, match="already exists"):
        run("--username", "ada")
    existing.refresh_from_db()
    assert not existing.is_staff and existing.check_password("an old password")
    assert not existing.groups.exists()
