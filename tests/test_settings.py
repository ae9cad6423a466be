"""Settings come from the environment and refuse an unsafe production set-up."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def django_setting(name, **env):
    """Import the real settings in a fresh interpreter with the given environment."""
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL"))}
    result = subprocess.run(
        [sys.executable, "-c", f"import comparator.settings as s; print(repr(s.{name}))"],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=60,
    )
    return result.returncode, result.stdout.strip(), result.stderr


def test_local_defaults_are_sqlite_in_the_project_and_debug_off():
    assert django_setting("DEBUG")[1] == "False"
    code, out, _ = django_setting("DATABASES['default']['NAME']")
    assert code == 0 and out.endswith("db.sqlite3'") and str(ROOT) in out


def test_a_public_host_without_a_secret_key_is_refused():
    code, _, err = django_setting("SECRET_KEY", DJANGO_ALLOWED_HOSTS="kb.example.org")
    assert code != 0
    assert "DJANGO_SECRET_KEY must be set" in err


def test_environment_sets_key_hosts_debug_and_database():
    env = {
        "DJANGO_SECRET_KEY": "k" * 50,
        "DJANGO_ALLOWED_HOSTS": "kb.example.org, www.kb.example.org",
        "DATABASE_URL": "postgres://kb@db.internal:5432/kb",
    }
    assert django_setting("ALLOWED_HOSTS", **env)[1] == "['kb.example.org', 'www.kb.example.org']"
    assert django_setting("SECRET_KEY", **env)[1] == repr("k" * 50)
    engine = django_setting("DATABASES['default']['ENGINE']", **env)[1]
    assert engine == "'django.db.backends.postgresql'"
    assert django_setting("DEBUG", DJANGO_DEBUG="true")[1] == "True"


def test_a_nonsense_debug_value_is_refused():
    code, _, err = django_setting("DEBUG", DJANGO_DEBUG="perhaps")
    assert code != 0 and "DJANGO_DEBUG must be true or false" in err


def test_the_page_cache_is_local_memory_unless_a_redis_url_is_given():
    code, out, _ = django_setting("CACHES['default']['BACKEND']")
    assert code == 0 and out.endswith("LocMemCache'")
    for variable in ("CACHE_URL", "REDIS_URL"):
        code, out, _ = django_setting("CACHES['default']", **{variable: "redis://127.0.0.1:6379/3"})
        assert code == 0 and "RedisCache" in out and "redis://127.0.0.1:6379/3" in out
    code, _, err = django_setting("CACHES", CACHE_URL="memcached://127.0.0.1")
    assert code != 0 and "CACHE_URL must be a redis:// address" in err
