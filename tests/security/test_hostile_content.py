"""An article carrying scripts, handlers, script URLs, frames, styles and template syntax is
imported and shown on every page it reaches with nothing executable left in it."""

import csv
import io
import json
from urllib.parse import quote
from xml.etree import ElementTree

import pytest
from bs4 import BeautifulSoup
from django.conf import settings

from .conftest import (
    HOSTILE_CLAIMS,
    TEMPLATE_SYNTAX,
    executable_parts,
    page_text,
)

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
REFLECTED = "\"'><script>alert('reflected')</script><img src=x onerror=alert(1)>"


def public_pages(source, claims):
    criteria = {claim.criterion.slug for claim in claims}
    return [
        "/",
        "/sources/",
        source.get_absolute_url(),
        f"{source.get_absolute_url()}?compare=django-vs-flask",
        *(claim.get_absolute_url() for claim in claims),
        *(f"{claim.get_absolute_url()}?compare=flask-vs-django" for claim in claims),
        "/compare/django-vs-flask/",
        "/compare/flask-vs-django/?stance=strength",
        "/frameworks/",
        "/frameworks/django/",
        "/frameworks/flask/",
        "/criteria/",
        *(f"/criteria/{slug}/" for slug in sorted(criteria)),
        "/search/?q=alert",
        "/search/?q=admin+panel",
        "/search/?q=templating+settings",
        "/search/?q=pwned",
    ]


def get_ok(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def test_every_public_page_shows_the_article_with_nothing_executable(client, hostile):
    source, claims = hostile
    for url in public_pages(source, claims):
        assert executable_parts(get_ok(client, url)) == [], url


def test_the_reader_keeps_the_words_and_marks_every_claim_but_not_the_markup(client, hostile):
    source, claims = hostile
    html = get_ok(client, source.get_absolute_url())
    text = page_text(html)
    for words in ("Django ships an admin panel", "that saves time.", "Flask hover trap"):
        assert words in text
    for claim in claims:
        assert f'id="claim-{claim.pk}"' in html
    # Code is shown, escaped, never run; template syntax is text, never evaluated.
    assert "<script>alert('code')</script>" in text
    assert "<script>alert('fenced')</script>" in text
    for syntax in TEMPLATE_SYNTAX:
        assert syntax in text
    assert settings.SECRET_KEY not in html
    # The title and author were markup too: shown as text.
    assert "<script>alert('title')</script> Django vs Flask" in text
    assert "<img src=x onerror=alert('author')>" in text


def test_claim_pages_show_summary_and_quote_as_text(client, hostile):
    _, claims = hostile
    for claim in claims:
        html = get_ok(client, claim.get_absolute_url())
        text = page_text(html)
        assert claim.summary in text
        assert settings.SECRET_KEY not in html
    template_claim = claims[3]
    text = page_text(get_ok(client, template_claim.get_absolute_url()))
    assert all(syntax in text for syntax in TEMPLATE_SYNTAX)


def test_search_results_show_hostile_claims_as_text(client, hostile):
    _, claims = hostile
    html = get_ok(client, "/search/?q=ships+admin")
    text = page_text(html)
    assert claims[0].summary in text
    assert executable_parts(html) == []


@pytest.mark.parametrize(
    "url",
    [
        "/search/?q={payload}",
        "/compare/django-vs-flask/?source={payload}&stance={payload}&group={payload}&year={payload}",
        "/compare/?frameworks={payload}",
        "/sources/{slug}/?compare={payload}",
        "/claims/{pk}/?compare={payload}",
    ],
)
def test_reflected_input_is_never_markup(client, hostile, url):
    source, claims = hostile
    response = client.get(url.format(payload=quote(REFLECTED), slug=source.slug, pk=claims[0].pk))
    assert response.status_code in (200, 302, 404)
    assert executable_parts(response.content.decode()) == []
    assert REFLECTED.encode() not in response.content


@pytest.mark.parametrize("query", ["", f"?source={REFLECTED}&stance=strength,weakness"])
def test_json_export_is_valid_json_carrying_the_text_as_data(client, hostile, query):
    _, claims = hostile
    response = client.get("/compare/django-vs-flask.json", QUERY_STRING=query.lstrip("?"))
    assert response["Content-Type"].startswith("application/json")
    assert response["X-Content-Type-Options"] == "nosniff"
    document = json.loads(response.content)
    records = {c["id"]: c for row in document["rows"] for c in row["claims"]}
    for claim in claims:
        assert records[claim.pk]["quote"] == claim.quote
        assert records[claim.pk]["summary"] == claim.summary


def test_csv_export_neutralises_formulas_and_keeps_the_text(client, hostile):
    _, claims = hostile
    response = client.get("/compare/django-vs-flask.csv")
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    by_id = {int(row["claim_url"].rstrip("/").rsplit("/", 1)[1]): row for row in rows}
    formulas = 0
    for claim in claims:
        row = by_id[claim.pk]
        assert row["quote"] == claim.quote
        if claim.summary[0] in "=+-@":
            formulas += 1
            assert row["summary"] == "'" + claim.summary
        else:
            assert row["summary"] == claim.summary
    assert formulas == 3
    for row in rows:
        for value in row.values():
            assert not value.startswith(("=", "+", "-", "@", "\t", "\r")), value


def test_the_feed_carries_escaped_text_never_markup(client, hostile):
    _, claims = hostile
    response = client.get("/feeds/claims/")
    assert response.status_code == 200
    feed = ElementTree.fromstring(response.content)
    entries = feed.findall(f"{ATOM}entry")
    assert len(entries) == len(claims)
    for entry in entries:
        summary = entry.find(f"{ATOM}summary")
        # The summary is HTML once XML-decoded: a feed reader must find only text in it.
        assert summary.get("type") == "html"
        assert executable_parts(summary.text) == []
    titles = " ".join(entry.find(f"{ATOM}title").text for entry in entries)
    assert claims[0].summary in titles


def test_the_sitemap_lists_the_pages_as_xml(client, hostile):
    source, claims = hostile
    index = ElementTree.fromstring(client.get("/sitemap.xml").content)
    locations = set()
    for section in index.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc"):
        sitemap = ElementTree.fromstring(client.get(section.text).content)
        locations |= {
            loc.text for loc in sitemap.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")
        }
    assert any(location.endswith(source.get_absolute_url()) for location in locations)


def admin_script(tag):
    """The admin's own scripts: files it serves, and JSON data it embeds for them."""
    src = tag.get("src", "")
    return (
        src.startswith(("/static/admin/", "/admin/jsi18n/", "/static/"))
        or tag.get("type") == "application/json"
    )


def test_admin_pages_show_the_article_as_text(admin_client, hostile):
    source, claims = hostile
    pages = [
        "/admin/articles/source/",
        "/admin/articles/source/?q=alert",
        f"/admin/articles/source/{source.pk}/change/",
        f"/admin/articles/source/{source.pk}/delete/",
        f"/admin/articles/source/{source.pk}/history/",
        "/admin/articles/claim/",
        "/admin/articles/claim/?q=alert",
        *(f"/admin/articles/claim/{claim.pk}/change/" for claim in claims),
    ]
    for url in pages:
        html = get_ok(admin_client, url)
        assert executable_parts(html, allowed_script=admin_script) == [], url
        assert settings.SECRET_KEY not in html
    change = get_ok(admin_client, f"/admin/articles/claim/{claims[0].pk}/change/")
    # The quote is there, as text a curator can read and edit, and previewed in context.
    assert claims[0].quote in page_text(change)
    preview = BeautifulSoup(change, "html.parser").select_one("blockquote.claim-passage")
    assert preview is not None and "Django ships an admin panel" in preview.get_text()
    assert executable_parts(str(preview)) == []


def test_hostile_claims_have_their_exact_quotes_stored(hostile):
    source, claims = hostile
    for claim, item in zip(claims, HOSTILE_CLAIMS, strict=True):
        assert source.body[claim.quote_start : claim.quote_end] == item["quote"]


def test_the_checker_finds_every_kind_of_payload_in_unsanitised_html():
    """Without the sanitiser the same article would fail every check above."""
    import markdown

    from .conftest import HOSTILE_BODY

    found = " ".join(executable_parts(markdown.markdown(HOSTILE_BODY)))
    for kind in (
        "script element",
        "event handler onerror",
        "event handler onmouseover",
        "event handler onload",
        "event handler onfocus",
        "href='javascript:",
        "data:text/html;base64",
        "JaVaScRiPt:",
        'href=" javascript:',
        "vbscript:",
        'action="javascript:',
        'src="javascript:',
        "iframe element",
        "style element",
        "object element",
        "embed element",
        "base element",
        "meta refresh",
        "planted element",
        "injected style",
    ):
        assert kind in found, kind


HOSTILE_HTML = """<html><head><title>Django vs Flask</title>
<script>alert('head')</script><style>body{display:none}</style>
<meta http-equiv="refresh" content="0;url=javascript:alert(1)"></head>
<body onload="alert('body')"><article>
<h1 onclick="alert('h1')">Django vs Flask</h1>
<p>Django ships an admin panel <img id="pwned" src=x onerror="alert('img')"> that saves time.</p>
<p>Flask is <a href="javascript:alert('link')">small</a> and <a href="data:text/html,x">data</a>.</p>
<p style="position:fixed;inset:0">Flask templating shows {{ settings.SECRET_KEY }} and {% debug %}.</p>
<iframe src="https://evil.example/"></iframe><svg onload="alert('svg')"></svg>
<form action="javascript:alert(1)"><input autofocus onfocus="alert(1)"></form>
</article></body></html>"""


@pytest.mark.parametrize("suffix", [".html", ".txt"])
def test_a_hostile_html_or_text_file_is_imported_and_shown_inert(
    client, vocabulary, tmp_path, suffix
):
    from django.core.management import call_command

    from articles.models import Source

    path = tmp_path / f"hostile-page{suffix}"
    path.write_text(HOSTILE_HTML, encoding="utf-8")
    call_command("load_articles", str(path), verbosity=0)
    source = Source.objects.get(slug="hostile-page")
    html = get_ok(client, source.get_absolute_url())
    assert executable_parts(html) == []
    text = page_text(html)
    assert "Django ships an admin panel" in text
    assert "{{ settings.SECRET_KEY }}" in text and settings.SECRET_KEY not in html
    for claim in source.claims.all():  # drafts the extractor proposed, seen by a curator
        claim.status = "published"
        claim.save()
        assert executable_parts(get_ok(client, claim.get_absolute_url())) == []
