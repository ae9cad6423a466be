"""Settings for the test suite: the real settings, minus what only slows tests down."""

from .settings import *  # noqa: F403
from .settings import STORAGES

# The manifest needs collectstatic; tests render templates without running it.
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Serve static files from the finders, as in development: tests never run collectstatic.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
# Tests roll their transactions back, so the version that keys cached pages (articles/cache.py)
# never moves in them: pages are not cached unless a test turns that on (tests/test_caching.py).
CACHES = {
    **CACHES,  # noqa: F405
    "pages": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"},
}
KNOWLEDGE_BASE_CACHE = "pages"
# The version is read from the database unless a test shares it through the cache.
KNOWLEDGE_BASE_VERSION_SHARED = False
# Nor does any process keep copies of pages unless a test gives it a cache of its own for them.
KNOWLEDGE_BASE_LOCAL_COPIES = None
