"""load_articles https://...: pages fetched from a local server, bounded in every way."""

import contextlib
import datetime
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from articles.models import Source
from articles.reading import ArticleError
from articles.reading.fetch import fetch_url
from tests.conftest import load, load_failing

pytestmark = pytest.mark.django_db

PAGE = b"""<!doctype html><html><head><title>Hanami or Roda | Ruby Notes</title>
<meta property="og:site_name" content="Ruby Notes">
<meta property="article:published_time" content="2021-08-09">
</head><body><nav><a href="/">Home</a></nav><article><h1>Hanami or Roda</h1>
<p>Hanami organises code into slices. Roda routes requests through a tree of blocks.</p>
<p>Roda is small; Hanami brings more structure to a large application.</p>
</article><footer>All rights reserved.</footer></body></html>"""
MARKDOWN = b"""---
title: Grape and Sinatra
date: 2020-02-02T10:00:00+01:00
tags: [ruby]
---
Grape builds REST APIs.
Sinatra builds anything small.
"""


class Handler(BaseHTTPRequestHandler):
    routes = {}

    def do_GET(self):  # noqa: N802 (the standard library's name)
        route = self.routes.get(self.path)
        if route is None:
            self.send_error(404, "Not Found")
            return
        status, headers, body, delay = route
        headers = dict(headers)
        time.sleep(delay)
        self.send_response(status)
        for key, value in headers.items():
            self.send_header(key, value)
        if headers.pop("X-Unsized", None) is None and "Content-Length" not in headers:
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def server():
    """A local HTTP server; add pages with serve(path, body, content_type, ...)."""
    Handler.routes = {}
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{httpd.server_address[1]}"

    def serve(
        path,
        body=b"",
        content_type="text/html; charset=utf-8",
        *,
        status=200,
        headers=None,
        delay=0,
    ):
        all_headers = {"Content-Type": content_type} if content_type else {}
        all_headers.update(headers or {})
        Handler.routes[path] = (status, all_headers, body, delay)
        return base + path

    yield serve
    httpd.shutdown()
    httpd.server_close()


def test_an_html_page_loads_from_its_url(server, vocabulary):
    url = server("/posts/hanami-or-roda.html", PAGE)
    out, _ = load(url)
    assert "created" in out
    source = Source.objects.get()
    assert source.slug == "hanami-or-roda"
    assert source.url == url  # the page states no canonical address: the one it came from
    assert (source.title, source.publisher) == ("Hanami or Roda", "Ruby Notes")
    assert source.published == datetime.date(2021, 8, 9)
    assert "Roda routes requests through a tree of blocks." in source.body
    assert "Home" not in source.body and "rights reserved" not in source.body
    out, _ = load(url)
    assert "Nothing changed" in out


def test_markdown_served_as_plain_text_is_read_as_markdown(server, vocabulary):
    url = server("/raw/grape-and-sinatra.md", MARKDOWN, "text/plain; charset=utf-8")
    load(url)
    source = Source.objects.get()
    assert (source.title, source.published) == ("Grape and Sinatra", datetime.date(2020, 2, 2))
    assert source.body == "Grape builds REST APIs. Sinatra builds anything small."


def test_redirects_are_followed_up_to_a_limit(server, vocabulary):
    target = server("/final/hanami-or-roda", PAGE)
    hops = [server("/hop0", status=302, headers={"Location": target})]
    for number in range(1, 7):
        hops.append(server(f"/hop{number}", status=301, headers={"Location": hops[-1]}))
    load(hops[2])  # three redirects: followed
    assert Source.objects.get().url == hops[2]
    _, error = load_failing(hops[6])  # seven: refused
    assert "redirect" in error.lower()


@pytest.mark.parametrize(
    ("path", "kwargs", "message"),
    [
        ("/file.pdf", {"body": b"%PDF-1.4", "content_type": "application/pdf"}, "content type"),
        ("/none", {"body": b"text", "content_type": None}, "content type"),
        ("/gone", None, "answered 404"),
        ("/big", {"body": b"<p>" + b"Django " * 400 + b"</p>"}, "2,807 bytes; the limit is 1,000"),
        (
            # No declared length: the body is read in chunks and cut off at the limit.
            "/unsized",
            {"body": b"<p>" + b"Flask " * 400 + b"</p>", "headers": {"X-Unsized": "1"}},
            "over the limit of 1,000 bytes",
        ),
        ("/ftp", {"status": 302, "headers": {"Location": "ftp://127.0.0.1/x"}}, "non-http"),
        ("/file", {"status": 302, "headers": {"Location": "file:///etc/passwd"}}, "not allowed"),
    ],
)
def test_what_cannot_be_read_is_refused_clearly(server, settings, path, kwargs, message):
    settings.ARTICLE_MAX_BYTES = 1_000
    url = (
        server(path, **kwargs) if kwargs is not None else server("/other")[: -len("/other")] + path
    )
    _, error = load_failing(url)
    assert url in error and message in error
    assert not Source.objects.exists()


def test_a_declared_size_over_the_limit_is_refused_before_the_body_is_read(server):
    url = server("/huge", b"<p>x</p>", headers={"Content-Length": str(10**12)})
    with pytest.raises(ArticleError, match="1,000,000,000,000 bytes; the limit is 1,000"):
        fetch_url(url, max_bytes=1_000)


def test_only_http_and_https_addresses(tmp_path):
    for url in ("ftp://127.0.0.1/a.html", "file:///etc/hostname", "gopher://x/"):
        with pytest.raises(ArticleError, match="only http:// and https://"):
            fetch_url(url, max_bytes=1_000)


def test_a_server_that_does_not_answer_in_time(server):
    url = server("/slow", PAGE, delay=1.5)
    with pytest.raises(ArticleError, match="no answer within 0.3 seconds|timed out"):
        fetch_url(url, max_bytes=100_000, timeout=0.3)
