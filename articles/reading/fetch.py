"""The first stage: an article's bytes, from a file or a URL, never more than the size limit.

A file's size is checked before it is opened and it is read with a bounded read (a file that
grows meanwhile is still cut off at the limit); a URL's body is read in chunks up to the limit,
so a huge file or response never sits in memory whole.
"""

import os
import re
import urllib.error
import urllib.request
from dataclasses import dataclass
from email.message import Message
from pathlib import Path, PurePosixPath
from urllib.parse import urlsplit

from .errors import ArticleError

FETCH_TIMEOUT = 15  # seconds, per connection attempt and read
MAX_REDIRECTS = 5
CHUNK = 64 * 1024
USER_AGENT = "comparator-load-articles/1.0 (+https://github.com/)"
# The content types a page can be read as, and the kind of article each is.
CONTENT_TYPES = {
    "text/html": "html",
    "application/xhtml+xml": "html",
    "text/markdown": "markdown",
    "text/x-markdown": "markdown",
    "text/x-rst": "rst",
    "text/prs.fallenstein.rst": "rst",
    "text/plain": None,  # plain text: the URL's suffix tells markdown, rst or text
}


@dataclass
class Received:
    """An article's bytes and what its transport says about them."""

    data: bytes
    name: str  # the file name (or the last segment of the URL's path)
    kind: str | None = None  # from the content type, when it says
    charset: str | None = None


def too_large(path, size, max_bytes, what):
    return ArticleError(path, f"the {what} file is {size:,} bytes; the limit is {max_bytes:,}")


def read_file(path, *, max_bytes, what="article"):
    """A file's bytes: refused before reading when missing or over the limit."""
    path = Path(path)
    if path.is_dir():
        raise ArticleError(path, f"the {what} file is a folder")
    if path.is_symlink() and not path.exists():
        raise ArticleError(
            path,
            f"the {what} file is a symbolic link to {os.readlink(path)}, which loops or points "
            "nowhere",
        )
    if not path.is_file():
        missing = not path.exists()
        raise ArticleError(
            path, f"the {what} file {'does not exist' if missing else 'is not a regular file'}"
        )
    size = path.stat().st_size
    if size > max_bytes:
        raise too_large(path, size, max_bytes, what)
    with path.open("rb") as stream:
        data = stream.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise ArticleError(path, f"the {what} file grew past the limit of {max_bytes:,} bytes")
    return Received(data=data, name=path.name)


class BoundedRedirects(urllib.request.HTTPRedirectHandler):
    """Follows at most MAX_REDIRECTS redirects, and only to http(s) addresses."""

    max_redirections = MAX_REDIRECTS

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        if urlsplit(newurl).scheme.lower() not in {"http", "https"}:
            raise urllib.error.HTTPError(
                newurl, code, f"redirected to a non-http(s) address {newurl!r}", headers, fp
            )
        return super().redirect_request(req, fp, code, msg, headers, newurl)


OPENER = urllib.request.build_opener(BoundedRedirects)


def fetch_url(url, *, max_bytes, timeout=FETCH_TIMEOUT):
    """A page's bytes: http(s) only, redirects bounded, HTML/markdown/plain text only."""
    parts = urlsplit(url)
    if parts.scheme.lower() not in {"http", "https"} or not parts.hostname:
        raise ArticleError(url, "only http:// and https:// addresses can be loaded")
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT, "Accept": ACCEPT})
    try:
        with OPENER.open(request, timeout=timeout) as response:
            kind, charset = content_kind(url, response.headers)
            declared = response.headers.get("Content-Length")
            if declared and declared.isdigit() and int(declared) > max_bytes:
                raise ArticleError(
                    url, f"the page is {int(declared):,} bytes; the limit is {max_bytes:,}"
                )
            chunks, size = [], 0
            while chunk := response.read(CHUNK):
                size += len(chunk)
                if size > max_bytes:
                    raise ArticleError(url, f"the page is over the limit of {max_bytes:,} bytes")
                chunks.append(chunk)
    except urllib.error.HTTPError as error:
        raise ArticleError(url, f"the server answered {error.code} {error.reason}") from None
    except urllib.error.URLError as error:
        raise ArticleError(url, f"could not fetch the page: {error.reason}") from None
    except TimeoutError:
        raise ArticleError(url, f"no answer within {timeout} seconds") from None
    except OSError as error:
        raise ArticleError(url, f"could not fetch the page: {error}") from None
    name = PurePosixPath(parts.path).name or parts.hostname
    return Received(data=b"".join(chunks), name=name, kind=kind, charset=charset)


ACCEPT = "text/html, application/xhtml+xml, text/markdown, text/plain;q=0.8"


def content_kind(url, headers):
    """(kind, charset) for a response; a content type we do not read is refused."""
    message = Message()
    message["content-type"] = headers.get("Content-Type", "")
    content_type = message.get_content_type()
    if not headers.get("Content-Type") or content_type not in CONTENT_TYPES:
        given = headers.get("Content-Type") or "none"
        raise ArticleError(
            url,
            f"the page's content type is {given!r}; only HTML, markdown and plain text are read",
        )
    charset = message.get_param("charset")
    return CONTENT_TYPES[content_type], charset if isinstance(charset, str) else None


def url_suffix(url):
    return re.sub(r"[^a-z.]", "", PurePosixPath(urlsplit(url).path).suffix.lower())
