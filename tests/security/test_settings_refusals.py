"""Settings refuse an unsafe or unreadable environment at start, naming what is wrong."""

import pytest

from tests.test_settings import django_setting

REPOSITORY_KEY = "'django-insecure-local-only-key-never-use-in-production'"


@pytest.mark.parametrize("key", ["", "k" * 50])
def test_debug_on_a_public_host_is_refused_with_or_without_a_key(key):
    env = {"DJANGO_DEBUG": "true", "DJANGO_ALLOWED_HOSTS": "localhost,kb.example.org"}
    if key:
        env["DJANGO_SECRET_KEY"] = key
    code, _, err = django_setting("DEBUG", **env)
    assert code != 0
    assert "ImproperlyConfigured" in err and "DJANGO_DEBUG=true is refused" in err
    assert "kb.example.org" in err


def test_debug_on_local_hosts_alone_is_allowed():
    for hosts in ("localhost", "127.0.0.1,[::1]"):
        assert django_setting("DEBUG", DJANGO_DEBUG="true", DJANGO_ALLOWED_HOSTS=hosts)[1] == "True"


def test_a_public_host_with_debug_on_and_no_key_never_gets_the_repository_key():
    code, out, _ = django_setting(
        "SECRET_KEY", DJANGO_DEBUG="true", DJANGO_ALLOWED_HOSTS="kb.example.org"
    )
    assert code != 0 and out == ""


def test_the_repository_key_is_used_only_for_local_debugging():
    assert django_setting("SECRET_KEY", DJANGO_DEBUG="true")[1] == REPOSITORY_KEY
    # Debug off, no key given: a key of the process's own, never the public one, never reused.
    first, second = django_setting("SECRET_KEY")[1], django_setting("SECRET_KEY")[1]
    assert REPOSITORY_KEY not in (first, second)
    assert first != second and len(first) > 50


def test_a_blank_key_counts_as_missing_on_a_public_host():
    code, _, err = django_setting(
        "SECRET_KEY", DJANGO_ALLOWED_HOSTS="kb.example.org", DJANGO_SECRET_KEY="   "
    )
    assert code != 0 and "DJANGO_SECRET_KEY must be set" in err


@pytest.mark.parametrize(
    "variable, value",
    [
        ("ARTICLE_MAX_BYTES", "2MB"),
        ("ARTICLE_MAX_BYTES", "0"),
        ("DATABASE_CONN_MAX_AGE", "abc"),
        ("DATABASE_CONN_MAX_AGE", "-1"),
        ("CACHE_MAX_ENTRIES", "many"),
        ("AXES_FAILURE_LIMIT", "0"),
        ("AXES_COOLOFF_MINUTES", "15m"),
        ("SQLITE_BUSY_TIMEOUT", "1.5"),
        ("DJANGO_SECURE_HSTS_SECONDS", "a year"),
        ("DJANGO_LOG_LEVEL", "LOUD"),
        ("DATABASE_URL", "mysqlx://kb@db/kb"),
    ],
)
def test_an_unreadable_variable_is_refused_naming_it(variable, value):
    code, _, err = django_setting("DEBUG", **{variable: value})
    assert code != 0
    last = err.strip().splitlines()[-1]
    assert last.startswith("django.core.exceptions.ImproperlyConfigured:"), err
    assert variable in last and "ValueError" not in err


def test_the_cache_timeout_is_read_where_a_redis_url_is_given():
    code, _, err = django_setting(
        "CACHES", CACHE_URL="redis://127.0.0.1:6379/1", CACHE_TIMEOUT="1d"
    )
    assert code != 0 and "CACHE_TIMEOUT must be a whole number of seconds, not '1d'" in err


@pytest.mark.parametrize(
    "variable, value, name, expected",
    [
        ("ARTICLE_MAX_BYTES", "4194304", "ARTICLE_MAX_BYTES", "4194304"),
        ("DATABASE_CONN_MAX_AGE", "0", "DATABASES['default']['CONN_MAX_AGE']", "0"),
        ("AXES_FAILURE_LIMIT", "3", "AXES_FAILURE_LIMIT", "3"),
        ("AXES_COOLOFF_MINUTES", "60", "AXES_COOLOFF_TIME", "datetime.timedelta(seconds=3600)"),
        ("SQLITE_BUSY_TIMEOUT", "5", "DATABASES['default']['OPTIONS']['timeout']", "5"),
        ("DJANGO_LOG_LEVEL", "info", "LOG_LEVEL", "'INFO'"),
    ],
)
def test_a_readable_variable_is_used(variable, value, name, expected):
    assert django_setting(name, **{variable: value})[1] == expected


def test_sqlite_is_set_up_for_several_processes_at_once():
    code, out, err = django_setting("DATABASES['default']['OPTIONS']")
    assert code == 0, err
    assert "journal_mode=WAL" in out and "'transaction_mode': 'IMMEDIATE'" in out
    assert "'timeout': 30" in out
    # PostgreSQL gets none of SQLite's options.
    code, out, _ = django_setting(
        "DATABASES['default'].get('OPTIONS', {})", DATABASE_URL="postgres://kb@db/kb"
    )
    assert code == 0 and "transaction_mode" not in out
