"""Production settings: `check --deploy` is clean with only the three required values given."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

from tests.test_settings import django_setting

ROOT = Path(__file__).resolve().parents[2]
PUBLIC = {"DJANGO_ALLOWED_HOSTS": "kb.example.org", "DJANGO_DEBUG": "false"}


def production_env(**extra):
    return {"DJANGO_SECRET_KEY": secrets.token_urlsafe(50), **PUBLIC, **extra}


def manage(*args, **env):
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL"))}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_reports_nothing_with_key_hosts_and_debug_off():
    result = manage("check", "--deploy", "--fail-level", "WARNING", **production_env())
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr and "security.W" not in result.stderr
    assert "no issues" in result.stdout


def test_check_deploy_does_warn_on_an_unsafe_setup():
    """The check above can fail: turning a switch off by environment is reported."""
    env = production_env(DJANGO_SESSION_COOKIE_SECURE="false", DJANGO_SECURE_HSTS_SECONDS="0")
    result = manage("check", "--deploy", "--fail-level", "WARNING", **env)
    assert result.returncode != 0
    assert "security.W012" in result.stderr and "security.W004" in result.stderr


def test_debug_is_off_unless_the_environment_turns_it_on():
    env = production_env()
    del env["DJANGO_DEBUG"]
    assert django_setting("DEBUG", **env)[1] == "False"
    assert django_setting("DEBUG")[1] == "False"


@pytest.mark.parametrize(
    "name, expected",
    [
        ("SECURE_SSL_REDIRECT", "True"),
        ("SECURE_HSTS_SECONDS", "31536000"),
        ("SECURE_HSTS_INCLUDE_SUBDOMAINS", "True"),
        ("SESSION_COOKIE_SECURE", "True"),
        ("CSRF_COOKIE_SECURE", "True"),
    ],
)
def test_production_turns_on_https_hsts_and_secure_cookies(name, expected):
    assert django_setting(name, **production_env())[1] == expected
    # A site that answers on this machine alone keeps plain http working.
    assert django_setting(name)[1] in ("False", "0")


@pytest.mark.parametrize(
    "variable, name, value, expected",
    [
        ("DJANGO_SECURE_SSL_REDIRECT", "SECURE_SSL_REDIRECT", "false", "False"),
        ("DJANGO_SECURE_HSTS_SECONDS", "SECURE_HSTS_SECONDS", "3600", "3600"),
        ("DJANGO_SECURE_HSTS_PRELOAD", "SECURE_HSTS_PRELOAD", "no", "False"),
        ("DJANGO_SESSION_COOKIE_SECURE", "SESSION_COOKIE_SECURE", "off", "False"),
        ("DJANGO_CSRF_COOKIE_SECURE", "CSRF_COOKIE_SECURE", "0", "False"),
        ("DJANGO_SECURE_PROXY_SSL_HEADER", "SECURE_PROXY_SSL_HEADER", "true",
         "('HTTP_X_FORWARDED_PROTO', 'https')"),
        ("DJANGO_CSRF_TRUSTED_ORIGINS", "CSRF_TRUSTED_ORIGINS", "https://kb.example.org",
         "['https://kb.example.org']"),
    ],
)  # fmt: skip
def test_each_switch_is_set_by_the_environment(variable, name, value, expected):
    assert django_setting(name, **production_env(**{variable: value}))[1] == expected


def test_a_nonsense_hsts_value_is_refused():
    code, _, err = django_setting(
        "SECURE_HSTS_SECONDS", **production_env(DJANGO_SECURE_HSTS_SECONDS="a year")
    )
    assert code != 0 and "DJANGO_SECURE_HSTS_SECONDS must be a whole number" in err


RESPONSES = """
import django
django.setup()
from django.core.management import call_command
from django.test import Client
call_command("migrate", verbosity=0)
client = Client(HTTP_HOST="kb.example.org")
for forwarded in ("", "https"):
    response = client.get("/sitemap.xml", HTTP_X_FORWARDED_PROTO=forwarded)
    print(response.status_code, response.headers.get("Location"),
          response.headers.get("Strict-Transport-Security"))
"""


def responses(tmp_path, **extra):
    """(status, Location, Strict-Transport-Security) of a plain and a proxied HTTPS request."""
    env = {
        **production_env(**extra),
        "DJANGO_SETTINGS_MODULE": "comparator.settings",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
    }
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL"))}
    result = subprocess.run(
        [sys.executable, "-c", RESPONSES],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return [tuple(line.split(" ")) for line in result.stdout.splitlines()]


def test_behind_a_tls_proxy_plain_http_is_redirected_and_https_gets_hsts(tmp_path):
    plain, secure = responses(tmp_path, DJANGO_SECURE_PROXY_SSL_HEADER="true")
    assert plain == ("301", "https://kb.example.org/sitemap.xml", "None")
    assert secure == ("200", "None", "max-age=31536000;", "includeSubDomains;", "preload")


def test_a_forwarded_proto_header_is_not_trusted_unless_asked(tmp_path):
    plain, claimed = responses(tmp_path)
    assert plain[0] == claimed[0] == "301"
