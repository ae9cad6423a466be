"""Caching the public pages, and forgetting them the moment the knowledge base changes.

Every public page is a function of the knowledge base (frameworks, criteria, sources, claims)
and of its address: nothing in it depends on who asks (no CSRF token, no user, no session). So
the rendered HTML is kept in Django's cache framework under a key made of

    the knowledge-base version  +  the page's name  +  its host and normalised query

and the response (headers, middleware) is still built fresh on every request.

The version is a token in one database row (KnowledgeBaseVersion), replaced after every commit
that saved or deleted a Framework, Criterion, Source or Claim. Reading it costs one primary-key
query per page view; in exchange the invalidation holds across processes whatever the cache
backend: gunicorn workers each have their own local-memory cache, and a token kept only in such a
cache would leave the other workers serving stale pages. With Redis the pages are shared too.
A random token rather than a counter: a restored or rolled-back database can never bring back a
version whose old pages are still cached. Entries of old versions are never read again and age
out of the cache on their own (LRU in local memory, the timeout in Redis).

The token changes in transaction.on_commit, once per transaction however many rows it wrote,
so a curator's edit shows on the next page view and an import of 50 claims costs one update.
Writes that bypass Model.save()/delete() (QuerySet.update, bulk_create, raw SQL) send no signal:
call knowledge_base_changed() after them.
"""

import functools
import hashlib
import uuid

from django.conf import settings
from django.core.cache import caches
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.http import HttpResponse
from django.utils import timezone

from .models import KnowledgeBaseVersion

VERSION_PK = 1


def page_cache():
    return caches[settings.KNOWLEDGE_BASE_CACHE]


# Read on every page view, so read without the ORM: building the queryset costs CPU on the same
# cores as the database; under gunicorn on two cores, raw SQL served the cached comparison page
# on PostgreSQL about a fifth faster (1,234 against 1,047 requests/s).
VERSION_SQL = f"SELECT token FROM {KnowledgeBaseVersion._meta.db_table} WHERE id = %s"


def current_version():
    """The knowledge base's version token (one query)."""
    with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
        cursor.execute(VERSION_SQL, [VERSION_PK])
        row = cursor.fetchone()
    return row[0] if row else "none"


def version_bump():
    """Give the knowledge base a new version token, so every cached page is stale."""
    values = {"token": uuid.uuid4().hex, "changed_at": timezone.now()}
    if not KnowledgeBaseVersion.objects.filter(pk=VERSION_PK).update(**values):
        KnowledgeBaseVersion.objects.get_or_create(pk=VERSION_PK, defaults=values)


class PendingBump:
    """A version bump waiting for its transaction to commit."""

    def __init__(self):
        self.done = False

    def __call__(self):
        self.done = True
        version_bump()


def knowledge_base_changed(using=DEFAULT_DB_ALIAS):
    """Bump the version when the current transaction commits (now, outside one); once per
    transaction, however many rows it changes."""
    connection = connections[using]
    if connection.in_atomic_block and any(
        isinstance(callback, PendingBump) and not callback.done
        for _, callback, _ in connection.run_on_commit
    ):
        return  # already scheduled (and dropped with the transaction if it rolls back)
    transaction.on_commit(PendingBump(), using=using)


def knowledge_base_row_changed(sender, using=DEFAULT_DB_ALIAS, **kwargs):
    """Receiver for post_save and post_delete of the knowledge base's models (articles/apps.py)."""
    knowledge_base_changed(using)


def cache_key(name, request, version):
    query = sorted((key, value) for key in request.GET for value in request.GET.getlist(key))
    where = f"{request.scheme}://{request.get_host()}{request.path}?{query!r}"
    digest = hashlib.sha256(where.encode("utf-8", "surrogatepass")).hexdigest()
    return f"kb:{version}:{name}:{digest}"


def cached_page(name):
    """Serve a public GET page's rendered HTML from the cache while the knowledge base is
    unchanged; render and keep it otherwise. Only complete 200 answers are kept."""

    def decorator(view):
        @functools.wraps(view)
        def wrapper(request, *args, **kwargs):
            if request.method not in ("GET", "HEAD"):
                return view(request, *args, **kwargs)
            cache = page_cache()
            key = cache_key(name, request, current_version())
            hit = cache.get(key)
            if hit is not None:
                content, headers = hit
                response = HttpResponse(content)
                for header, value in headers.items():
                    response[header] = value
                return response
            response = view(request, *args, **kwargs)
            if response.status_code == 200 and not response.streaming and not personal(request):
                cache.set(key, (response.content, kept_headers(response)))
            return response

        return wrapper

    return decorator


def personal(request):
    """Whether rendering used something of this visitor's (a CSRF token, the session): such a
    page must never be served to anyone else."""
    session = getattr(request, "session", None)
    return bool(request.META.get("CSRF_COOKIE_NEEDS_UPDATE")) or bool(
        session is not None and session.accessed
    )


# Headers a view sets that belong to the page, kept with its content.
KEPT_HEADERS = ("Content-Type", "Content-Disposition")


def kept_headers(response):
    return {header: response[header] for header in KEPT_HEADERS if response.has_header(header)}
