"""Which source an article is: found by where it came from, then by what it says, then by name.

A file name is a poor identity: curators rename slugs, the same article turns up under two names,
and two different articles share a name. So a reload looks for its source in this order:

1. its origin (the resolved file path or the URL it was fetched from), whatever the slug is now;
2. its content checksum: the same article under another name is the source it already is;
3. its slug, but only for a source loaded before origins were recorded (no origin, and a file
   name, so not one a curator added by hand).

Anything else is a new article, and gets a slug no other source has.
"""

from pathlib import Path

from django.db import connection

from .models import Source

ORIGIN = "origin"
CONTENT = "content"
SLUG = "slug"


def content_lock(document):
    """Hold loads of the same content one after the other until this transaction ends, so two
    names of one article loaded at once make one source. PostgreSQL only: SQLite runs one
    writing transaction at a time anyway."""
    if connection.vendor != "postgresql" or not document.content_sha256:
        return
    with connection.cursor() as cursor:
        # An advisory lock keyed by the checksum's first 60 bits (a bigint).
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [int(document.content_sha256[:15], 16)])


def source_find(document):
    """(source, how it was found) for a document, the row locked; (None, None) for a new one."""
    content_lock(document)
    locked = Source.objects.select_for_update().order_by("pk")
    if document.origin:
        source = locked.filter(origin=document.origin).first()
        if source is not None:
            return source, ORIGIN
    if document.content_sha256:
        source = locked.filter(content_sha256=document.content_sha256).first()
        if source is not None:
            return source, CONTENT
    source = locked.filter(slug=document.slug, origin="").exclude(original_filename="").first()
    if source is not None:
        return source, SLUG
    return None, None


def origin_is_gone(origin):
    """True when a source's recorded origin can no longer be what it is loaded from: none was
    recorded, or it was a file that is not there any more (moved or renamed). A URL never is."""
    if not origin:
        return True
    if origin.startswith(("http://", "https://")):
        return False
    try:
        return not Path(origin).exists()
    except OSError:  # a path this system cannot even look at
        return True


def slug_available(base):
    """BASE if no source has it, else the first of BASE-2, BASE-3, ... that none has."""
    limit = Source._meta.get_field("slug").max_length
    taken = set(
        Source.objects.filter(slug__startswith=base[: limit - 4]).values_list("slug", flat=True)
    )
    if base not in taken:
        return base
    number = 2
    while True:
        suffix = f"-{number}"
        candidate = base[: limit - len(suffix)] + suffix
        if candidate not in taken:
            return candidate
        number += 1
