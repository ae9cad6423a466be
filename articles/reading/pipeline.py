"""The reading pipeline: bytes → text → format and front matter → reading copy → metadata.

Each stage is its own module (fetch, decode, header, formats/rst/dialects/unwrap/noise,
metadata); this one runs them in order for a file or a URL and returns an ArticleDocument.
Everything here is plain Python, so a broken file is refused before the database is touched.

A markdown file with the project's own header is a reading copy someone prepared: taken as it
is. Anything else is raw input: converted to markdown, its dialects rewritten, its wrapped
paragraphs joined, stripped of scrape noise, its metadata from its front matter, its markup and
its text, in that order of trust.
"""

import re
from pathlib import Path, PurePath

from .decode import decode, sha256_of, unstorable
from .dialects import convert_dialects
from .document import ArticleDocument, is_url, slug_for
from .errors import ArticleError
from .fetch import fetch_url, read_file, url_suffix
from .formats import SUFFIXES, html_to_markdown, kind_for, rst_to_markdown, text_to_markdown
from .header import HEADER_FENCE, TEXT_LIMITS, is_web_address, read_header
from .metadata import derive
from .noise import strip_noise
from .unwrap import is_hard_wrapped, unwrap_markdown, unwrap_text

EMPTY_METADATA = {"title": "", "author": "", "publisher": "", "url": "", "published": None}
ORIGINAL_HEAD = 4096  # bytes of a file read to find the 'original' its header names


def read_text_file(path, *, max_bytes, what="article"):
    """(bytes, text) of a file, refusing what is missing, empty, too large, binary or undecodable."""
    received = read_file(path, max_bytes=max_bytes, what=what)
    return received.data, decode(path, received.data, what=what)


def derived_metadata(body, *, kind, found):
    """Metadata from the text, then what the markup or front matter states (which wins).

    What does not fit a column (too long, not a web address) is unknown.
    """
    metadata = {**EMPTY_METADATA, **derive(body, markdown=kind != "text")}
    metadata.update({key: value for key, value in found.items() if value})
    for key, limit in TEXT_LIMITS.items():
        if len(metadata[key]) > limit:
            metadata[key] = ""
    if not is_web_address(metadata["url"]):
        metadata["url"] = ""
    return metadata


def html_reading_copy(path, text):
    try:
        return html_to_markdown(text)
    except RecursionError:
        # The converters walk the tree recursively: markup nested thousands deep is refused,
        # like any other unreadable file, rather than crashing the load.
        raise ArticleError(path, "the article's markup is nested too deeply to read") from None


def reading_copy(path, text, kind):
    """(body, metadata, header or None) for an article's text."""
    header = None
    if kind == "markdown":
        header, markdown = read_header(path, text)
        if header is not None and header.kind == "reading-copy":
            # The project's header marks a reading copy someone prepared: kept exactly as written.
            return markdown.strip(), {**EMPTY_METADATA, **header.metadata}, header
        body, _ = strip_noise(unwrap_markdown(convert_dialects(markdown)))
        found = header.metadata if header else {}
        return body.strip(), derived_metadata(body, kind=kind, found=found), header
    if kind == "text":
        stripped, _ = strip_noise(unwrap_text(text) if is_hard_wrapped(text) else text)
        body = text_to_markdown(stripped).strip()
        return body, derived_metadata(stripped, kind=kind, found={}), None
    if kind == "rst":
        try:
            converted, found = rst_to_markdown(text)
        except RecursionError:
            raise ArticleError(path, "the article is nested too deeply to read") from None
        except UnicodeEncodeError as error:
            # A unicode directive can make a lone surrogate, which the converters cannot encode.
            what = unstorable(error.object) or "a character that cannot be encoded"
            raise ArticleError(
                path, f"the article's text holds {what} (made by a unicode directive?)"
            ) from None
    else:
        converted, found = html_reading_copy(path, text)
    body, _ = strip_noise(unwrap_markdown(converted))
    return body.strip(), derived_metadata(body, kind=kind, found=found), None


def received_from(path_or_url, *, max_bytes):
    """(bytes, kind, the charset a server declared) for a file or a URL."""
    if is_url(path_or_url):
        received = fetch_url(path_or_url, max_bytes=max_bytes)
        kind = received.kind or SUFFIXES.get(url_suffix(path_or_url), "text")
        if kind == "html" and received.kind is None:
            kind = "text"  # a .html address served as text/plain is text
        return received, kind
    path = Path(path_or_url)
    kind = kind_for(path)
    if kind is None:
        raise ArticleError(
            path, f"not an article format this loader reads ({', '.join(sorted(SUFFIXES))})"
        )
    return read_file(path, max_bytes=max_bytes), kind


def read_article(path_or_url, *, max_bytes, overrides=None):
    """Read an article file or page (markdown, rst, plain text or HTML) into an ArticleDocument.

    overrides: metadata given by whoever loads it, already checked; it wins over the file's.
    """
    url = is_url(path_or_url)
    where = path_or_url if url else Path(path_or_url)
    received, kind = received_from(where, max_bytes=max_bytes)
    text = decode(where, received.data, charset=received.charset)
    if kind == "text":
        kind = kind_for(Path(received.name), text) or "text"
    body, metadata, header = reading_copy(where, text, kind)
    prepared = header is not None and header.kind == "reading-copy"
    if not body:
        raise ArticleError(
            where,
            "the article has a header but no text"
            if header is not None
            else "the article has no text once markup and scrape noise are removed",
        )
    if url and not metadata.get("url"):
        metadata["url"] = path_or_url if len(path_or_url) <= TEXT_LIMITS["url"] else ""
    metadata.update(overrides or {})

    original_path, original_text = where, text
    # A page fetched from a URL is its own original: a header cannot point beside it.
    original_name, original_line = header.original if prepared and not url else ("", None)
    if original_name:
        original_path = original_for(where, original_name, line=original_line)
        try:
            _, original_text = read_text_file(original_path, max_bytes=max_bytes, what="original")
        except ArticleError as error:
            raise ArticleError(where, f"'original': {error}", line=original_line) from None

    slug = slug_for(path_or_url)
    if not slug:
        raise ArticleError(where, "the file name gives no usable slug (use letters or digits)")
    document = ArticleDocument(
        path=where,
        slug=slug,
        body=body,
        original_text=original_text,
        original_sha256=sha256_of(original_text),
        original_filename=received.name if original_path is where else original_path.name,
        metadata=metadata,
        metadata_from_header=prepared,
        origin=path_or_url if url else str(where.resolve()),
        content_sha256=sha256_of(text),
        extra_metadata=header.extra if header is not None else {},
    )
    refuse_unstorable(document)
    return document


def refuse_unstorable(document):
    """Refuse what no database would store, saying where it is, before any is written."""
    where = document.path
    if what := unstorable(document.origin + document.original_filename):
        raise ArticleError(
            where, f"its name holds {what}: a file or folder name not in UTF-8; rename it"
        )
    if what := unstorable(document.body):
        raise ArticleError(where, f"the article's text holds {what} (made by an escape?)")
    for key, value in document.metadata.items():
        if isinstance(value, str) and (what := unstorable(value)):
            raise ArticleError(where, f"its {key} holds {what} (made by an escape?)")
    for key, value in front_matter_strings(document.extra_metadata):
        if what := unstorable(value):
            raise ArticleError(where, f"the front matter's {key!r} holds {what} (an escape?)")


def front_matter_strings(value, key=""):
    """(top-level key, text) for every key and string in the front matter, however nested."""
    if isinstance(value, dict):
        for name, item in value.items():
            yield key or name, name
            yield from front_matter_strings(item, key or name)
    elif isinstance(value, list):
        for item in value:
            yield from front_matter_strings(item, key)
    elif isinstance(value, str):
        yield key, value


def original_for(path, name, *, line):
    """The file a header's 'original' names: an article-format file beside the article or in a
    folder beside the article's folder (as ../originals/), never any other file the loading
    account can read, as the server's settings or keys (symbolic links are followed first)."""
    relative = PurePath(name)
    try:
        resolved = (path.parent / relative).resolve()
    except (OSError, RuntimeError):  # a symbolic link that loops
        raise ArticleError(
            path, f"'original': {name!r} is a symbolic link that loops", line=line
        ) from None
    hidden = any(part.startswith(".") and part not in {".", ".."} for part in relative.parts)
    if (
        relative.is_absolute()
        or hidden
        or resolved.suffix.lower() not in SUFFIXES
        or not resolved.is_relative_to(path.parent.resolve().parent)
    ):
        raise ArticleError(
            path,
            f"'original' must name a text file ({', '.join(sorted(SUFFIXES))}) beside the article "
            f"or in a folder beside its folder (as ../originals/), not {name!r}",
            line=line,
        )
    return resolved


def referenced_originals(paths):
    """The original files that headers point at: provenance, never articles of their own.

    Only the first few kilobytes of each file are read: a header is at the top.
    """
    originals = set()
    for path in paths:
        try:
            with Path(path).open("rb") as stream:
                head = stream.read(ORIGINAL_HEAD).decode("utf-8", errors="replace")
        except OSError:
            continue
        match = re.search(r"^original:\s*(\S.*?)\s*$", head, flags=re.MULTILINE)
        if head.startswith(HEADER_FENCE) and match:
            try:
                originals.add((Path(path).parent / match.group(1).strip("\"'")).resolve())
            except RuntimeError:
                continue  # a link that loops: its article is refused when it loads
    return originals
