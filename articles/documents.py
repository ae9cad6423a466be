"""Reading article files: the metadata header, the reading copy and the original as received.

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

HEADER_FENCE = "---"
HEADER_KEYS = ("title", "author", "publisher", "url", "published", "original")


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


def parse_url(path, value, line):
    if not value:
        return ""
    try:
        URLValidator(schemes=["http", "https"])(value)
    except ValidationError:
        raise ArticleError(
            path, f"'url' must be an http(s) address, not {value!r}", line=line
        ) from None
    return value


def read_article(path, *, max_bytes):
    """Parse a markdown article with an optional header into an ArticleDocument."""
    path = Path(path)
    data, text = read_text_file(path, max_bytes=max_bytes)
    header, body = split_header(path, text)
    body = body.strip()
    if not body:
        raise ArticleError(path, "the article has a header but no text")

    def value(key):
        return header.get(key, ("", None))

    metadata = {
        "title": value("title")[0],
        "author": value("author")[0],
        "publisher": value("publisher")[0],
        "url": parse_url(path, *value("url")),
        "published": parse_published(path, *value("published")),
    }
    original_name, original_line = value("original")
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

    slug = slugify(path.stem)[:200]
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
