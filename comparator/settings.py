"""Settings for the comparator project, read from the environment.

Local use needs no configuration: SQLite in the project root, DEBUG off unless DJANGO_DEBUG says
so. A site that answers for a public host must be given its secret key and may not run with
DEBUG on. Every variable is parsed here, and a value that does not parse stops the start with a
message naming the variable, never a bare ValueError.
"""

import hashlib
import logging
import os
import secrets
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent

TRUE_WORDS = {"1", "true", "yes", "on"}
FALSE_WORDS = {"0", "false", "no", "off", ""}


def env_bool(name, default):
    value = os.environ.get(name)
    if value is None:
        return default
    lowered = value.strip().lower()
    if lowered in TRUE_WORDS:
        return True
    if lowered in FALSE_WORDS:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {value!r}")


def env_int(name, default, *, minimum=0, unit="a whole number"):
    """A whole number from the environment: "2MB" or "abc" is refused, naming the variable."""
    value = os.environ.get(name)
    if value is None or not value.strip():
        return default
    text = value.strip()
    if not text.isdigit() or int(text) < minimum:
        raise ImproperlyConfigured(f"{name} must be {unit}, not {value!r}")
    return int(text)


def env_list(name, default):
    value = os.environ.get(name)
    if value is None:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


DEBUG = env_bool("DJANGO_DEBUG", False)

LOCAL_HOSTS = ["127.0.0.1", "localhost", "[::1]"]
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", LOCAL_HOSTS)
SERVES_PUBLIC_HOSTS = any(host not in LOCAL_HOSTS for host in ALLOWED_HOSTS)

if DEBUG and SERVES_PUBLIC_HOSTS:
    # Debug pages show settings, paths and source to whoever asks: never on a public host.
    raise ImproperlyConfigured(
        "DJANGO_DEBUG=true is refused when DJANGO_ALLOWED_HOSTS names a public host "
        f"({', '.join(h for h in ALLOWED_HOSTS if h not in LOCAL_HOSTS)}): debug pages would "
        "show settings and paths to anyone. Turn DJANGO_DEBUG off or list only local hosts."
    )

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "").strip()
if not SECRET_KEY:
    if SERVES_PUBLIC_HOSTS:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY must be set when DJANGO_ALLOWED_HOSTS names a public host."
        )
    if DEBUG:
        # Local debugging only: a key everyone who reads the repository knows.
        SECRET_KEY = "django-insecure-local-only-key-never-use-in-production"
    else:
        # Local, debug off: a key of this process's own, so the repository's public key never
        # signs anything a server reachable from elsewhere hands out. Logins last as long as the
        # process; set DJANGO_SECRET_KEY to keep them across restarts and workers.
        SECRET_KEY = secrets.token_urlsafe(50)

# Security. A site answering for a public host with DEBUG off is in production: HTTPS only, HSTS
# and secure cookies by default there (`manage.py check --deploy` passes with no warnings). Each
# switch can be turned off by the environment; on this machine alone they stay off, so
# runserver on plain http works.
PRODUCTION = SERVES_PUBLIC_HOSTS and not DEBUG
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", PRODUCTION)
SECURE_HSTS_SECONDS = env_int(
    "DJANGO_SECURE_HSTS_SECONDS",
    31536000 if PRODUCTION else 0,
    unit="a whole number of seconds",
)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS", PRODUCTION)
SECURE_HSTS_PRELOAD = env_bool("DJANGO_SECURE_HSTS_PRELOAD", PRODUCTION)
SESSION_COOKIE_SECURE = env_bool("DJANGO_SESSION_COOKIE_SECURE", PRODUCTION)
CSRF_COOKIE_SECURE = env_bool("DJANGO_CSRF_COOKIE_SECURE", PRODUCTION)
# Only behind a proxy that sets X-Forwarded-Proto itself (and strips the client's): trusting it
# otherwise would let any client claim HTTPS.
if env_bool("DJANGO_SECURE_PROXY_SSL_HEADER", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Origins allowed to POST (the admin) when they differ from the host, e.g. behind a proxy.
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", [])
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.syndication",
    "django_filters",
    # Counts failed admin logins and locks a username+address out for a while (AXES_* below).
    "axes",
    "criteria",
    "articles",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # WhiteNoise right after SecurityMiddleware, so static files skip the rest of the stack.
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Pages, exports and feeds compressed for clients that accept it (with Django's BREACH
    # mitigation); WhiteNoise serves static files precompressed and is never compressed twice.
    "django.middleware.gzip.GZipMiddleware",
    # Every middleware down to the page cache's adds headers every answer carries, so a page
    # answered from the cache early gets them exactly as a rendered one does.
    "django.middleware.common.CommonMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Content-Security-Policy on every response (CONTENT_SECURITY_POLICY below); the admin's
    # pages also allow the admin's own scripts.
    "comparator.middleware.ContentSecurityPolicyMiddleware",
    "comparator.middleware.PermissionsPolicyMiddleware",
    # A kept public page (or its 304) is answered here, before the session, CSRF, user,
    # messages and axes are built for it: they change nothing on a page every visitor shares.
    # Requests with the site's cookies (a curator's) and every other address go on.
    "articles.middleware.CachedPageMiddleware",
    # A 400 for admin requests that would reach the database malformed (a NUL, a selection
    # naming no row), before a session is read for them.
    "comparator.middleware.AdminInputMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Last, as django-axes asks: turns a locked-out login into its 429 page.
    "axes.middleware.AxesMiddleware",
]

# Failed logins are counted per username and client address: after AXES_FAILURE_LIMIT wrong
# passwords in a row, that username from that address is refused, right password included,
# until AXES_COOLOFF_TIME has passed since the last failure. A success clears the count.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # first, so a locked-out login never reaches the next
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5, minimum=1, unit="a whole number above 0")
AXES_COOLOFF_TIME = timedelta(
    minutes=env_int("AXES_COOLOFF_MINUTES", 15, minimum=1, unit="a whole number of minutes")
)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "admin/locked_out.html"
# Behind a proxy every client has the proxy's address: AXES_PROXY_COUNT says how many proxies in
# front append to X-Forwarded-For, so the client's own address is counted (comparator/middleware.py).
CLIENT_ADDRESS_PROXY_COUNT = env_int("AXES_PROXY_COUNT", 0)
AXES_CLIENT_IP_CALLABLE = "comparator.middleware.client_address"

# The public pages run no script at all; styles and images come from the site itself. The
# admin's pages add script-src 'self' (comparator/middleware.py) for the admin's own files.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'none'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    }
}
# Browser features the site never uses, denied to it and to anything it could embed.
PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer",
        "autoplay",
        "camera",
        "display-capture",
        "encrypted-media",
        "fullscreen",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "picture-in-picture",
        "publickey-credentials-get",
        "screen-wake-lock",
        "usb",
        "xr-spatial-tracking",
    )
}

ROOT_URLCONF = "comparator.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

WSGI_APPLICATION = "comparator.wsgi.application"

try:
    _database = dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60, unit="a whole number of seconds"),
        conn_health_checks=env_bool("DATABASE_CONN_HEALTH_CHECKS", True),
    )
except ValueError as error:
    raise ImproperlyConfigured(f"DATABASE_URL cannot be read: {error}") from None
DATABASES = {"default": _database}

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Several processes at once (the site's workers, a load_articles run): the write-ahead log
    # lets readers read while one writes; every transaction takes the write lock when it begins
    # (so it never fails half way to upgrade a read lock), and one that finds it taken waits up
    # to SQLITE_BUSY_TIMEOUT seconds for it instead of failing with "database is locked".
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL",
        "transaction_mode": "IMMEDIATE",
        "timeout": env_int("SQLITE_BUSY_TIMEOUT", 30, minimum=1, unit="a whole number of seconds"),
    }

if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Full-text search for /search/; the portable fallback serves other databases.
    INSTALLED_APPS.append("django.contrib.postgres")

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "staticfiles"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Compressed, content-hashed files so WhiteNoise can send them with far-future cache headers.
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
if DEBUG:
    STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
# Files browsers ask for at the site's root (/favicon.ico), served as they are by WhiteNoise.
WHITENOISE_ROOT = BASE_DIR / "static" / "root"

# The largest article file load_articles accepts, in bytes.
ARTICLE_MAX_BYTES = env_int(
    "ARTICLE_MAX_BYTES",
    2 * 1024 * 1024,
    minimum=1,
    unit="a whole number of bytes (2097152, not 2MB)",
)

# Rendered public pages are cached, keyed by the knowledge base's version (articles/cache.py):
# in each process's memory by default, shared in Redis when CACHE_URL (or REDIS_URL) names one,
# e.g. redis://127.0.0.1:6379/1.
CACHE_URL = os.environ.get("CACHE_URL") or os.environ.get("REDIS_URL") or ""
if CACHE_URL.startswith(("redis://", "rediss://", "unix://")):
    CACHES = {
        "default": {
            # Django's backend, with one redis-py client per server (comparator/redis_cache.py).
            "BACKEND": "comparator.redis_cache.RedisCache",
            "LOCATION": CACHE_URL,
            "KEY_PREFIX": "comparator",
            "TIMEOUT": env_int("CACHE_TIMEOUT", 86400, unit="a whole number of seconds"),
        },
        # Each process's copies of the pages it serves, checked against the version in Redis
        # on every view (articles/cache.py): a view reads the version, not the page's bytes.
        "local-copies": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "local-copies",
            "TIMEOUT": None,
            "OPTIONS": {"MAX_ENTRIES": env_int("CACHE_MAX_ENTRIES", 500, minimum=1)},
        },
    }
elif CACHE_URL:
    raise ImproperlyConfigured(f"CACHE_URL must be a redis:// address, not {CACHE_URL!r}")
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "comparator",
            "TIMEOUT": None,  # entries are never stale (their key has the version): LRU evicts
            "OPTIONS": {"MAX_ENTRIES": env_int("CACHE_MAX_ENTRIES", 500, minimum=1)},
        }
    }
# The cache the page cache uses; tests swap it for a dummy or a fresh local one.
KNOWLEDGE_BASE_CACHE = "default"
# The cache of articles' rendered, sanitised markdown, keyed by the text's checksum
# (articles/rendering.py): it never goes stale, so it outlives the page cache's versions.
ARTICLE_HTML_CACHE = "default"
# With a cache every process shares (Redis), the knowledge base's version is read from it with
# the page, so a cached page costs no database round trip; a copy lives this many seconds at
# most, the bound on how long a page can stay stale if a reader re-copies an old version while
# a commit lands (articles/cache.py).
KNOWLEDGE_BASE_VERSION_SHARED = CACHES["default"]["BACKEND"].endswith("RedisCache")
# With a shared cache, the cache each process keeps its copies of pages in.
KNOWLEDGE_BASE_LOCAL_COPIES = "local-copies" if KNOWLEDGE_BASE_VERSION_SHARED else None
KNOWLEDGE_BASE_VERSION_TTL = env_int(
    "KNOWLEDGE_BASE_VERSION_TTL", 30, minimum=1, unit="a whole number of seconds"
)


def code_release():
    """A token that changes whenever the deployed code or templates do, so a page's ETag does
    too: the digest of every project file's name, size and modification time."""
    digest = hashlib.sha256()
    for folder in ("articles", "comparator", "criteria", "templates"):
        for path in sorted((BASE_DIR / folder).rglob("*")):
            if path.suffix in {".py", ".html", ".toml", ".txt", ".xml"}:
                stat = path.stat()
                digest.update(
                    f"{path.relative_to(BASE_DIR)}:{stat.st_size}:{stat.st_mtime_ns}".encode()
                )
    return digest.hexdigest()[:16]


# Part of every public page's ETag (articles/cache.py); set it (e.g. to the commit) to keep
# validators stable across hosts whose files carry different modification times.
SITE_RELEASE = os.environ.get("SITE_RELEASE") or code_release()
# Browsers revalidate every view (a 304 costs one query), so a curator's change shows on the
# next one; a shared cache (nginx, a CDN) may keep a page 10 s and serve it stale for a minute
# more while it fetches a fresh copy.
PAGE_CACHE_CONTROL = os.environ.get(
    "PAGE_CACHE_CONTROL", "public, max-age=0, s-maxage=10, stale-while-revalidate=60"
)

LOG_LEVEL = os.environ.get("DJANGO_LOG_LEVEL", "WARNING").strip().upper()
if not isinstance(logging.getLevelName(LOG_LEVEL), int):
    raise ImproperlyConfigured(
        f"DJANGO_LOG_LEVEL must be DEBUG, INFO, WARNING, ERROR or CRITICAL, not {LOG_LEVEL!r}"
    )

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
}
