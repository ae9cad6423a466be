"""load_articles on raw input: plain text, HTML and bare markdown, with options and dry runs."""

import datetime
import re
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from articles.models import Claim, Source
from tests.conftest import FIXTURES, knowledge_base_snapshot, load, load_failing, write_article

pytestmark = pytest.mark.django_db

TEXT_ARTICLE = """Blog Home
Pyramid vs. Flask: Which Small Framework?

Written by
Grace Hopper
Published on
March 2, 2023
This is image title

Pyramid and Flask are both small Python frameworks.
Flask is faster to learn than Pyramid.
Subscribe to our newsletter
Pyramid scales from a single file to a large application.
.share-box { display: flex; gap: 4px; }
52.80 GEEK
"""
TEXT_NOISE = [
    "This is image title",
    "Subscribe to our newsletter",
    ".share-box { display: flex; gap: 4px; }",
    "52.80 GEEK",
]
CLAIMS = [
    {
        "framework": "flask",
        "criterion": "learning-curve",
        "stance": "strength",
        "summary": "Faster to learn than Pyramid.",
        "quote": "Flask is faster to learn than Pyramid.",
    }
]

HTML_ARTICLE = """<!doctype html>
<html><head>
<title>Django vs FastAPI | Example Blog</title>
<meta name="author" content="Ada Lovelace">
<meta property="og:site_name" content="Example Blog">
<meta property="article:published_time" content="2024-05-01T09:30:00+00:00">
<link rel="canonical" href="https://example.org/django-vs-fastapi">
<style>body { color: red; }</style>
<script>document.title = "hijacked";</script>
</head><body>
<nav><a href="/">Home</a> <a href="/blog">Blog</a></nav>
<article>
<h1>Django vs <em>FastAPI</em></h1>
<p>FastAPI is <strong>async first</strong>. Django added async views later.</p>
<h2>Admin</h2>
<ul><li>Django ships an admin.</li><li>FastAPI has none built in.</li></ul>
<p>Read the <a href="https://docs.djangoproject.com/">Django docs</a>.</p>
<p>Subscribe to our newsletter</p>
</article>
<footer>Accept cookies</footer>
</body></html>
"""

HOSTILE_HTML = """<html><body>
<h1 onmouseover="alert(1)">Hostile page</h1>
<script>alert("script")</script>
<p onclick="alert(2)" style="background:url(javascript:alert(3))">Django is a framework.</p>
<a href="javascript:alert(4)">a javascript link</a>
<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCg1KTwvc2NyaXB0Pg==">a data link</a>
<a href="JaVaScRiPt:alert(6)">a mixed-case link</a>
<iframe src="https://evil.example/"></iframe>
<img src="x" onerror="alert(7)">
<svg onload="alert(8)"><script>alert(9)</script></svg>
<object data="evil.swf"></object><embed src="evil.swf">
<form action="https://evil.example/"><input name="q"><button>Go</button></form>
<style>p { display: none }</style>
<p>&lt;script&gt;alert(10)&lt;/script&gt; is how an attack looks.</p>
<math><mi xlink:href="javascript:alert(11)">x</mi></math>
</body></html>
"""


def body_lines(text):
    return [line for line in text.split("\n") if line.strip()]


@pytest.fixture
def text_article(article_folder):
    path = article_folder / "pyramid-vs-flask.txt"
    path.write_text(TEXT_ARTICLE, encoding="utf-8")
    (article_folder / "pyramid-vs-flask.claims.toml").write_text(
        '[[claims]]\nframework = "flask"\ncriterion = "learning-curve"\nstance = "strength"\n'
        'summary = "Faster to learn than Pyramid."\n'
        'quote = "Flask is faster to learn than Pyramid."\n',
        encoding="utf-8",
    )
    return path


def test_a_plain_text_article_loads_with_metadata_from_its_text(text_article):
    out, _ = load(text_article.parent)
    source = Source.objects.get(slug="pyramid-vs-flask")
    assert source.title == "Pyramid vs. Flask: Which Small Framework?"
    assert source.author == "Grace Hopper"
    assert source.published == datetime.date(2023, 3, 2)
    assert (source.publisher, source.url) == ("", "")
    assert source.original_text == TEXT_ARTICLE
    assert source.original_filename == "pyramid-vs-flask.txt"
    claim = Claim.objects.get()
    assert source.body[claim.quote_start : claim.quote_end] == claim.quote
    assert re.search(r"created\s+pyramid-vs-flask: 1 claim\(s\) created", out)


def test_plain_text_keeps_every_line_verbatim_and_drops_the_noise(text_article):
    load(text_article.parent)
    body = Source.objects.get().body
    original_lines = TEXT_ARTICLE.split("\n")
    assert all(line in original_lines for line in body_lines(body))
    assert not any(noise in body for noise in TEXT_NOISE)
    kept = [line for line in body_lines(TEXT_ARTICLE) if line not in TEXT_NOISE]
    assert body_lines(body) == kept
    assert "\n\nFlask is faster to learn than Pyramid.\n\n" in body  # one paragraph per line


def test_an_html_article_becomes_markdown_with_its_metadata(article_folder):
    (article_folder / "django-vs-fastapi.html").write_text(HTML_ARTICLE, encoding="utf-8")
    load(article_folder)
    source = Source.objects.get(slug="django-vs-fastapi")
    assert source.title == "Django vs FastAPI"
    assert source.author == "Ada Lovelace"
    assert source.publisher == "Example Blog"
    assert source.url == "https://example.org/django-vs-fastapi"
    assert source.published == datetime.date(2024, 5, 1)
    assert source.original_text == HTML_ARTICLE
    body = source.body
    assert "# Django vs *FastAPI*" in body
    assert "## Admin" in body
    assert "- Django ships an admin.\n- FastAPI has none built in." in body
    assert "FastAPI is **async first**. Django added async views later." in body
    assert "[Django docs](https://docs.djangoproject.com/)" in body
    for gone in ("hijacked", "color: red", "Home", "Subscribe", "cookies", "<"):
        assert gone not in body


def test_the_htm_suffix_and_an_html_fragment_load_too(article_folder):
    (article_folder / "fragment.htm").write_text(
        "<h2>Speed</h2><p>Flask starts quickly.</p>", encoding="utf-8"
    )
    load(article_folder)
    source = Source.objects.get(slug="fragment")
    assert source.body == "## Speed\n\nFlask starts quickly."
    # A fragment that opens with a heading is titled by it; nothing else is stated.
    assert (source.title, source.author, source.published) == ("Speed", "", None)


def test_html_title_falls_back_to_the_title_tag_and_text_rules(article_folder):
    page = (
        "<html><head><title>Rails vs Django</title></head><body>"
        "<p>By Yukihiro Example</p><p>Published on 2 March 2023</p>"
        "<p>Rails favours convention.</p></body></html>"
    )
    (article_folder / "rails-vs-django.html").write_text(page, encoding="utf-8")
    load(article_folder)
    source = Source.objects.get()
    assert (source.title, source.author, source.published) == (
        "Rails vs Django",
        "Yukihiro Example",
        datetime.date(2023, 3, 2),
    )


def test_hostile_html_leaves_nothing_executable(article_folder, client):
    (article_folder / "hostile.html").write_text(HOSTILE_HTML, encoding="utf-8")
    load(article_folder)
    source = Source.objects.get(slug="hostile")
    body = source.body
    assert re.search(r"<\s*[a-z]", body, re.IGNORECASE) is None  # no tag at all
    assert not re.search(r"javascript:|data:text|\bon\w+\s*=", body, re.IGNORECASE)
    assert "Django is a framework." in body
    assert "alert(" not in body.replace("alert(10)", "")  # script, style and svg content dropped
    assert "&lt;script>alert(10)&lt;/script> is how an attack looks." in body
    page = client.get(reverse("articles:source-detail", args=[source.slug])).content.decode()
    article = page.split("<main", 1)[1]
    assert "<script" not in article.lower()
    assert not re.search(r"javascript:|\son\w+=", article, re.IGNORECASE)


def test_markdown_without_a_header_gets_metadata_from_its_text_and_loses_its_noise(
    article_folder,
):
    text = (
        "# Flask vs Pyramid\n\n*By Grace Hopper*\n\nPublished on Mar 2, 2023\n\n"
        "Share this article\n\nPyramid is flexible.\n\n```css\n.a { color: red; }\n```\n"
    )
    write_article(article_folder, "flask-vs-pyramid", text)
    load(article_folder)
    source = Source.objects.get()
    assert (source.title, source.author, source.published) == (
        "Flask vs Pyramid",
        "Grace Hopper",
        datetime.date(2023, 3, 2),
    )
    assert "Share this article" not in source.body
    assert "```css\n.a { color: red; }\n```" in source.body  # code is never noise


def test_markdown_with_a_header_is_kept_exactly_as_written(article_folder):
    body = "# A heading the header overrides\n\nShare this article\n\nBy Somebody Else\n"
    write_article(article_folder, "prepared", body, header={"title": "Prepared", "author": ""})
    load(article_folder)
    source = Source.objects.get()
    assert (source.title, source.author) == ("Prepared", "")
    assert source.body == body.strip()


def test_the_seed_originals_load_as_raw_text_keeping_their_own_lines(tmp_path):
    folder = tmp_path / "raw"
    folder.mkdir()
    for original in sorted((FIXTURES / "originals").glob("*.txt")):
        (folder / original.name).write_bytes(original.read_bytes())
    load(folder)
    assert Source.objects.count() == 5
    for source in Source.objects.all():
        original_lines = {line.rstrip() for line in source.original_text.split("\n")}
        assert all(line in original_lines for line in body_lines(source.body)), source.slug
    apptension = Source.objects.get(slug="000_6edcc2ad5233785c")
    assert (apptension.title, apptension.author, apptension.published) == (
        "Flask vs. Django - which framework to choose?",
        "Olha Kurinna",
        datetime.date(2023, 3, 2),
    )
    assert "Oops! Something went wrong" not in apptension.body


def test_the_seed_folder_still_loads_only_its_five_reading_copies(db):
    out, _ = load(FIXTURES)
    assert Source.objects.count() == 5
    assert not Source.objects.filter(original_filename__endswith=".md").exists()
    assert Claim.objects.count() == sum(
        1
        for path in (FIXTURES / "articles").glob("*.claims.toml")
        for line in path.read_text(encoding="utf-8").split("\n")
        if line.strip() == "[[claims]]"
    )
    assert "Loaded 5 article(s): 5 created, 0 updated, 0 unchanged, 0 failed" in out


def test_a_second_load_changes_nothing(text_article):
    load(text_article.parent)
    before = knowledge_base_snapshot()
    out, _ = load(text_article.parent)
    assert knowledge_base_snapshot() == before
    assert re.search(r"unchanged\s+pyramid-vs-flask", out)
    assert "Nothing changed" in out


def test_a_changed_text_reanchors_or_flags_every_claim(text_article):
    load(text_article.parent)
    claim_ids = set(Claim.objects.values_list("pk", flat=True))
    Claim.objects.update(summary="Curated summary", stance="neutral", status="rejected")
    text_article.write_text("A new opening sentence.\n" + TEXT_ARTICLE, encoding="utf-8")
    out, _ = load(text_article.parent)
    assert re.search(r"updated\s+pyramid-vs-flask: .*1 re-anchored", out)
    claim = Claim.objects.get()
    assert claim.source.body[claim.quote_start : claim.quote_end] == claim.quote
    assert (claim.summary, claim.stance, claim.status) == ("Curated summary", "neutral", "rejected")

    text_article.write_text(TEXT_ARTICLE.replace("faster to learn", "quicker"), encoding="utf-8")
    (text_article.parent / "pyramid-vs-flask.claims.toml").unlink()
    _, err = load(text_article.parent)
    assert claim_ids <= set(Claim.objects.values_list("pk", flat=True))  # drafts may be added
    flagged = Claim.objects.get(pk=claim.pk)
    assert flagged.needs_review and flagged.quote == "Flask is faster to learn than Pyramid."
    assert "flagged    pyramid-vs-flask" in err and "kept for review" in err


def test_dry_run_on_new_formats_writes_nothing_and_says_what_would_happen(text_article):
    (text_article.parent / "django-vs-fastapi.html").write_text(HTML_ARTICLE, encoding="utf-8")
    before = knowledge_base_snapshot()
    out, _ = load(text_article.parent, dry_run=True)
    assert knowledge_base_snapshot() == before
    assert re.search(r"would create pyramid-vs-flask: 1 claim\(s\) created", out)
    assert re.search(r"would create django-vs-fastapi", out)
    assert "Dry run, nothing written. Would have loaded 2 article(s)" in out


def test_dry_run_reports_what_would_be_flagged(text_article):
    load(text_article.parent)
    (text_article.parent / "pyramid-vs-flask.claims.toml").unlink()
    text_article.write_text(TEXT_ARTICLE.replace("faster to learn", "quicker"), encoding="utf-8")
    before = knowledge_base_snapshot()
    out, err = load(text_article.parent, dry_run=True)
    assert knowledge_base_snapshot() == before
    assert re.search(r"would update pyramid-vs-flask", out)
    assert "would flag pyramid-vs-flask" in err
    assert "1 flagged for review" in out


def test_options_override_the_text_for_one_article(text_article, vocabulary):
    load(
        text_article,
        title="Pyramid or Flask?",
        publisher="Example Press",
        url="https://example.org/pyramid-vs-flask",
        published="2024-01-31",
    )
    source = Source.objects.get()
    assert source.title == "Pyramid or Flask?"
    assert source.author == "Grace Hopper"  # no option given: the text's byline stays
    assert source.publisher == "Example Press"
    assert source.url == "https://example.org/pyramid-vs-flask"
    assert source.published == datetime.date(2024, 1, 31)


def test_options_win_over_a_header(article_folder):
    path = write_article(
        article_folder, "headed", "Some text.\n", header={"author": "Header Author"}
    )
    load(path, author="Option Author")
    assert Source.objects.get().author == "Option Author"


def test_a_reload_without_options_keeps_what_options_gave(text_article, vocabulary):
    load(text_article, publisher="Example Press")
    before = knowledge_base_snapshot()
    out, _ = load(text_article.parent)
    assert knowledge_base_snapshot() == before
    assert Source.objects.get().publisher == "Example Press"
    assert "Nothing changed" in out


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"published": "March 2024"}, "--published must be a date as YYYY-MM-DD, not 'March 2024'"),
        ({"url": "javascript:alert(1)"}, "--url must be an http(s) address"),
        ({"title": "x" * 301}, "--title is 301 characters; the limit is 300"),
    ],
)
def test_a_bad_option_value_is_refused_before_anything_is_written(text_article, options, message):
    before, error = load_failing(text_article, **options)
    assert message in error
    assert knowledge_base_snapshot() == before


def test_options_need_exactly_one_article(text_article):
    (text_article.parent / "second.txt").write_text("Another article.\n", encoding="utf-8")
    before, error = load_failing(text_article.parent, title="One title for two articles")
    assert "--title describe one article, but 2 were found" in error
    assert knowledge_base_snapshot() == before


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("empty.txt", b"", "the article file is empty"),
        ("blank.html", b"  \n\t\n", "the article file is empty"),
        ("binary.txt", b"GIF89a\x01\x00\x00\x00\x00", "binary"),
        ("latin1.html", b"<p>caf\xe9</p>", "not UTF-8 text"),
        ("only-markup.html", b"<html><script>x()</script><style>p{}</style></html>", "no text"),
        ("only-noise.txt", b"This is image title\nShare this article\n", "no text"),
    ],
)
def test_bad_raw_input_fails_naming_the_file_and_changes_nothing(
    text_article, name, content, message
):
    load(text_article.parent)
    (text_article.parent / name).write_bytes(content)
    before, error = load_failing(text_article.parent)
    assert f"{name}: " in error and message in error
    assert "1 failed" in error
    assert knowledge_base_snapshot() == before


def test_an_html_file_over_the_size_limit_is_refused(article_folder, settings):
    settings.ARTICLE_MAX_BYTES = 50
    (article_folder / "big.html").write_text("<p>" + "Django " * 20 + "</p>", encoding="utf-8")
    _, error = load_failing(article_folder)
    assert "big.html: the article file is 147 bytes; the limit is 50" in error
    assert not Source.objects.exists()


def test_an_unsupported_file_named_directly_is_refused(tmp_path):
    path = tmp_path / "notes.docx"
    path.write_text("Django\n======\n", encoding="utf-8")
    _, error = load_failing(path)
    assert "notes.docx: not an article format this loader reads" in error


def test_two_files_with_one_slug_each_get_a_slug_rather_than_overwriting_each_other(
    article_folder,
):
    (article_folder / "same.txt").write_text("Plain text version.\n", encoding="utf-8")
    write_article(article_folder, "same", "Markdown version.\n")
    load(article_folder)
    load(article_folder)  # and a reload finds each by its file, not by the slug
    assert dict(Source.objects.values_list("slug", "body")) == {
        "same": "Markdown version.",
        "same-2": "Plain text version.",
    }


def test_recursion_skips_hidden_files_claims_and_vocabulary(article_folder):
    hidden = article_folder / ".drafts"
    hidden.mkdir()
    (hidden / "secret.txt").write_text("Not for loading.\n", encoding="utf-8")
    (article_folder / ".notes.md").write_text("Not for loading either.\n", encoding="utf-8")
    nested = article_folder / "2024" / "march"
    nested.mkdir(parents=True)
    (nested / "deep.txt").write_text("Found by recursion.\n", encoding="utf-8")
    load(article_folder)
    assert list(Source.objects.values_list("slug", flat=True)) == ["deep"]


class Terminal(StringIO):
    def isatty(self):
        return True


def test_a_progress_bar_only_on_a_terminal_for_many_files(article_folder):
    for number in range(20):
        (article_folder / f"article-{number:02}.txt").write_text(
            f"Article number {number}.\n", encoding="utf-8"
        )
    out, err = StringIO(), StringIO()
    call_command("load_articles", str(article_folder), stdout=out, stderr=err)
    assert "\r" not in out.getvalue() + err.getvalue()
    Source.objects.all().delete()

    out, err = Terminal(), Terminal()
    call_command("load_articles", str(article_folder), stdout=out, stderr=err)
    assert "[" + "#" * 30 + "] 20/20 article-19.txt" in err.getvalue()
    assert err.getvalue().endswith("\r\033[K")  # cleared before the summary
    assert out.getvalue().count("created    article-") == 20
    assert "\r" not in out.getvalue()


def test_a_folder_with_nothing_loadable_is_named_even_beside_good_articles(text_article, tmp_path):
    empty = tmp_path / "scans"
    empty.mkdir()
    (empty / "page.pdf").write_bytes(b"%PDF-1.7")
    (empty / ".hidden.txt").write_text("Hidden.\n", encoding="utf-8")
    before, error = load_failing(text_article.parent, empty)
    assert f"Nothing to load in {empty}: no articles" in error
    assert knowledge_base_snapshot() == before


def test_inline_markup_inside_an_html_heading_does_not_split_its_words(article_folder):
    (article_folder / "fastapi.html").write_text(
        "<h1>Fast<em>API</em> and\n  Django</h1><p>FastAPI is quick to start.</p>",
        encoding="utf-8",
    )
    load(article_folder)
    assert Source.objects.get().title == "FastAPI and Django"
