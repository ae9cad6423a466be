"""What reading an article produces: the interface between the reading stages and the services."""

import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from django.utils.text import slugify


@dataclass
class ArticleDocument:
    path: Path | str  # the file read, or the URL fetched
    slug: str
    body: str
    original_text: str
    original_sha256: str
    original_filename: str
    metadata: dict = field(default_factory=dict)
    metadata_from_header: bool = False  # else derived: a reload does not blank a known value
    # Where the article came from (a resolved file path or the URL fetched): how a reload finds
    # its source again whatever its slug has become.
    origin: str = ""
    # The checksum of the article as received (its text, line endings normalised): the same
    # article under another name is the same source.
    content_sha256: str = ""
    # Metadata the file states that has no column of its own (front matter keys), kept as given
    # and JSON-serialisable (dates as ISO strings).
    extra_metadata: dict = field(default_factory=dict)


def is_url(value):
    return isinstance(value, str) and re.match(r"[A-Za-z][A-Za-z0-9+.-]*://", value) is not None


def slug_for(path_or_url):
    """An article's natural key: its file name without the suffix, the same on every reload.

    For a URL, the last segment of its path (without a suffix), else its host.
    """
    if is_url(path_or_url):
        parts = urlsplit(path_or_url)
        segments = [segment for segment in parts.path.split("/") if segment]
        name = Path(segments[-1]).stem if segments else ""
        if name.lower() in {"index", "default"} and len(segments) > 1:
            name = segments[-2]
        return slugify(name or parts.hostname or "")[:200]
    return slugify(Path(path_or_url).stem)[:200]
