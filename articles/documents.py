"""Reading article files: the metadata header, the reading copy and the original as received.

A markdown file with a header is a reading copy someone prepared: taken as it is. Anything else
(markdown without a header, plain text, HTML) is raw input: converted to markdown (formats.py),
stripped of scrape noise (noise.py), its metadata derived from its text (metadata.py).

Everything here is plain Python so that a broken file is refused before the database is touched.
"""

import datetime
import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.text import slugify

from .formats import SUFFIXES, html_to_markdown, kind_for, text_to_markdown
from .metadata import derive
from .noise import strip_noise

HEADER_FENCE = "---"
HEADER_KEYS = ("title", "author", "publisher", "url", "published", "original")
TEXT_LIMITS = {"title": 300, "author": 200, "publisher": 200, "url": 500}  # Source's columns
EMPTY_METADATA = {"title": "", "author": "", "publisher": "", "url": "", "published": None}


class ArticleError(Exception):
    """A problem with an article file, located as precisely as the file allows."""

    def __init__(self, path, message, *, line=None, claim=None):
        self.path = Path(path)
        self.message = message
        self.line = line
        self.claim = claim
        super().__init__(str(self))

    def __str__(self):
        where = str(self.path)
        if self.line is not None:
            where += f", line {self.line}"
        if self.claim is not None:
            where += f", claim #{self.claim}"
        return f"{where}: {self.message}"


@dataclass
class ArticleDocument:
    path: Path
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
    # Metadata the file states that has no column of its own (front matter keys), kept as given.
    extra_metadata: dict = field(default_factory=dict)


def read_text_file(path, *, max_bytes, what="article"):
    """The file's text, refusing what is missing, empty, too large, binary or not UTF-8."""
    path = Path(path)
    if not path.is_file():
        raise ArticleError(path, f"the {what} file does not exist")
    size = path.stat().st_size
    if size > max_bytes:
        raise ArticleError(path, f"the {what} file is {size:,} bytes; the limit is {max_bytes:,}")
    data = path.read_bytes()
    if b"\x00" in data:
        raise ArticleError(path, f"the {what} file is binary (it contains NUL bytes)")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ArticleError(
            path, f"the {what} file is not UTF-8 text (undecodable byte at offset {error.start})"
        ) from None
    if not text.strip():
        raise ArticleError(path, f"the {what} file is empty")
    return data, text.replace("\r\n", "\n").replace("\r", "\n")


def split_header(path, text):
    """The metadata header as {key: (value, line)} and the body after it."""
    lines = text.split("\n")
    if lines[0].strip() != HEADER_FENCE:
        return {}, text
    try:
        end = next(i for i, line in enumerate(lines[1:], 1) if line.strip() == HEADER_FENCE)
    except StopIteration:
        raise ArticleError(
            path, "the metadata header opened here is never closed", line=1
        ) from None
    header = {}
    for number, line in enumerate(lines[1:end], 2):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        key, colon, value = line.partition(":")
        key = key.strip().lower()
        if not colon:
            raise ArticleError(
                path, f"expected 'key: value' in the header, got {line!r}", line=number
            )
        if key not in HEADER_KEYS:
            raise ArticleError(
                path,
                f"unknown header key {key!r} (known: {', '.join(HEADER_KEYS)})",
                line=number,
            )
        if key in header:
            raise ArticleError(path, f"header key {key!r} is given twice", line=number)
        value = value.strip()
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
            value = value[1:-1]
        header[key] = (value, number)
    return header, "\n".join(lines[end + 1 :])


def parse_published(path, value, line):
    if not value:
        return None
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise ArticleError(
            path, f"'published' must be a date as YYYY-MM-DD, not {value!r}", line=line
        ) from None


def is_web_address(value):
    try:
        URLValidator(schemes=["http", "https"])(value)
    except ValidationError:
        return False
    return True


def parse_url(path, value, line):
    if value and not is_web_address(value):
        raise ArticleError(path, f"'url' must be an http(s) address, not {value!r}", line=line)
    return value


def header_metadata(path, header):
    """The header's values, checked: an empty or missing value means unknown."""

    def value(key):
        return header.get(key, ("", None))

    for key, limit in TEXT_LIMITS.items():
        text, line = value(key)
        if len(text) > limit:
            raise ArticleError(
                path, f"'{key}' is {len(text)} characters; the limit is {limit}", line=line
            )
    return {
        "title": value("title")[0],
        "author": value("author")[0],
        "publisher": value("publisher")[0],
        "url": parse_url(path, *value("url")),
        "published": parse_published(path, *value("published")),
    }


def derived_metadata(body, *, kind, found):
    """Metadata from the text and, for HTML, its markup (which wins); what does not fit is unknown."""
    metadata = {**EMPTY_METADATA, **derive(body, markdown=kind != "text")}
    metadata.update({key: value for key, value in found.items() if value})
    for key, limit in TEXT_LIMITS.items():
        if len(metadata[key]) > limit:
            metadata[key] = ""
    if not is_web_address(metadata["url"]):
        metadata["url"] = ""
    return metadata


def reading_copy(path, text, kind):
    """(body, metadata, header) for an article's text; the header is {} when there is none."""
    if kind == "markdown":
        header, body = split_header(path, text)
        if header:
            # A header marks a reading copy someone prepared: kept exactly as written.
            return body.strip(), header_metadata(path, header), header
        body, _ = strip_noise(body)
        return body.strip(), derived_metadata(body, kind=kind, found={}), header
    if kind == "text":
        stripped, _ = strip_noise(text)
        body = text_to_markdown(stripped).strip()
        return body, derived_metadata(stripped, kind=kind, found={}), {}
    try:
        converted, found = html_to_markdown(text)
    except RecursionError:
        # The converter walks the tree recursively: markup nested thousands deep is refused,
        # like any other unreadable file, rather than crashing the load.
        raise ArticleError(path, "the article's markup is nested too deeply to read") from None
    body, _ = strip_noise(converted)
    return body.strip(), derived_metadata(body, kind=kind, found=found), {}


def slug_for(path):
    """An article's natural key: its file name without the suffix, the same on every reload."""
    return slugify(Path(path).stem)[:200]


def read_article(path, *, max_bytes, overrides=None):
    """Read an article file (markdown, plain text or HTML) into an ArticleDocument.

    overrides: metadata given by whoever loads it, already checked; it wins over the file's.
    """
    path = Path(path)
    kind = kind_for(path)
    if kind is None:
        raise ArticleError(
            path, f"not an article format this loader reads ({', '.join(sorted(SUFFIXES))})"
        )
    data, text = read_text_file(path, max_bytes=max_bytes)
    body, metadata, header = reading_copy(path, text, kind)
    if not body:
        raise ArticleError(
            path,
            "the article has a header but no text"
            if header
            else "the article has no text once markup and scrape noise are removed",
        )
    metadata.update(overrides or {})

    original_name, original_line = header.get("original", ("", None))
    if original_name:
        original_path = (path.parent / original_name).resolve()
        try:
            original_data, original_text = read_text_file(
                original_path, max_bytes=max_bytes, what="original"
            )
        except ArticleError as error:
            raise ArticleError(path, f"'original': {error}", line=original_line) from None
    else:
        original_path, original_data, original_text = path, data, text

    slug = slug_for(path)
    if not slug:
        raise ArticleError(path, "the file name gives no usable slug (use letters or digits)")
    return ArticleDocument(
        path=path,
        slug=slug,
        body=body,
        original_text=original_text,
        original_sha256=hashlib.sha256(original_data).hexdigest(),
        original_filename=original_path.name,
        metadata=metadata,
        metadata_from_header=bool(header),
        origin=str(path.resolve()),
        content_sha256=hashlib.sha256(text.encode("utf-8")).hexdigest(),
    )


def referenced_originals(paths):
    """The original files that headers point at: provenance, never articles of their own."""
    originals = set()
    for path in paths:
        try:
            head = Path(path).read_text(encoding="utf-8", errors="replace")[:4096]
        except OSError:
            continue
        match = re.search(r"^original:\s*(\S.*?)\s*$", head, flags=re.MULTILINE)
        if head.startswith(HEADER_FENCE) and match:
            originals.add((Path(path).parent / match.group(1).strip("\"'")).resolve())
    return originals
