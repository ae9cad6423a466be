"""Admin logins are throttled by django-axes: after AXES_FAILURE_LIMIT wrong passwords for one
username from one address, that username is refused there, right password included, until the
cool-off has passed."""

import datetime

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from tests.curating import CURATOR_PASSWORD, admin_login, make_curator

pytestmark = pytest.mark.django_db

LOGIN = reverse("admin:login")


def attempt(client, password, username="curator", address="203.0.113.7"):
    return client.post(
        LOGIN,
        {"username": username, "password": password, "next": reverse("admin:index")},
        REMOTE_ADDR=address,
    )


@pytest.fixture
def curator():
    return make_curator()


def test_the_limit_is_documented_and_small():
    assert 3 <= settings.AXES_FAILURE_LIMIT <= 10
    assert datetime.timedelta(minutes=5) <= settings.AXES_COOLOFF_TIME


def test_after_the_limit_even_the_right_password_is_refused_until_the_cool_off(client, curator):
    limit = settings.AXES_FAILURE_LIMIT
    for number in range(1, limit):
        response = attempt(client, f"wrong guess {number}")
        assert response.status_code == 200, number  # the form again, with its error
        assert "Please enter the correct username and password" in response.content.decode()
    locked = attempt(client, f"wrong guess {limit}")
    assert locked.status_code == 429
    assert "Too many failed logins" in locked.content.decode()

    refused = attempt(client, CURATOR_PASSWORD)
    assert refused.status_code == 429
    assert "_auth_user_id" not in client.session

    # Once the cool-off has passed, the right password works again.
    from axes.models import AccessAttempt

    AccessAttempt.objects.update(
        attempt_time=timezone.now() - settings.AXES_COOLOFF_TIME - datetime.timedelta(seconds=1)
    )
    assert admin_login(client, "curator", CURATOR_PASSWORD)


def test_the_lock_is_per_username_and_address(client, curator):
    make_curator("other")
    for number in range(settings.AXES_FAILURE_LIMIT):
        attempt(client, f"wrong guess {number}")
    assert attempt(client, CURATOR_PASSWORD).status_code == 429
    # The same curator from another address, and another curator from the same one, get in.
    elsewhere = attempt(client, CURATOR_PASSWORD, address="198.51.100.9")
    assert elsewhere.status_code == 302
    client.logout()
    assert attempt(client, CURATOR_PASSWORD, username="other").status_code == 302


def test_a_success_before_the_limit_clears_the_count(client, curator):
    limit = settings.AXES_FAILURE_LIMIT
    for number in range(limit - 1):
        attempt(client, f"wrong guess {number}")
    assert attempt(client, CURATOR_PASSWORD).status_code == 302
    client.logout()
    for number in range(limit - 1):
        assert attempt(client, f"again wrong {number}").status_code == 200
    assert attempt(client, CURATOR_PASSWORD).status_code == 302


def test_force_login_in_tests_is_untouched(client, curator):
    client.force_login(curator)
    assert client.get(reverse("admin:index")).status_code == 200


def test_behind_a_proxy_each_client_is_counted_by_its_own_address(client, curator, settings):
    settings.CLIENT_ADDRESS_PROXY_COUNT = 1
    proxy = "10.0.0.1"

    def through_proxy(password, client_address, spoofed=""):
        forwarded = f"{spoofed}, {client_address}" if spoofed else client_address
        return client.post(
            LOGIN,
            {"username": "curator", "password": password, "next": reverse("admin:index")},
            REMOTE_ADDR=proxy,
            HTTP_X_FORWARDED_FOR=forwarded,
        )

    for number in range(settings.AXES_FAILURE_LIMIT):
        # A client writing its own X-Forwarded-For entries does not escape the count.
        through_proxy(f"wrong guess {number}", "203.0.113.7", spoofed=f"192.0.2.{number}")
    assert through_proxy(CURATOR_PASSWORD, "203.0.113.7").status_code == 429
    # Another client behind the same proxy is not locked out.
    assert through_proxy(CURATOR_PASSWORD, "198.51.100.9").status_code == 302
