"""HTML pages: the article without the page around it, and the metadata the page states."""

import datetime

from articles.reading import read_article

LIMIT = 1_000_000

PAGE = """<!doctype html>
<html lang="en"><head>
<meta charset="utf-8">
<title>Litestar or Falcon? | The Example Journal</title>
<meta property="og:site_name" content="The Example Journal">
<meta property="og:title" content="Litestar or Falcon?">
<meta name="author" content="Noor Haddad">
<meta property="article:published_time" content="2022-11-30T23:45:00-05:00">
<link rel="canonical" href="https://journal.example.org/litestar-or-falcon">
</head><body>
<header class="site-header"><a href="/">The Example Journal</a>
<nav><ul><li><a href="/topics">Topics</a></li><li><a href="/about">About us</a></li></ul></nav>
</header>
<div class="layout">
<aside class="sidebar"><h3>Popular this week</h3>
<ul><li><a href="/p/1">Ten editors ranked</a></li><li><a href="/p/2">Tabs or spaces</a></li></ul>
</aside>
<main><article>
<p>Litestar and Falcon take different routes to the same goal: fast Python services that stay
out of the way. Litestar validates requests from type hints, while Falcon leaves validation to
the application and keeps its core small.</p>
<h2>Performance</h2>
<p>Falcon is <em>very</em> fast on plain JSON responses. Litestar is close behind and pulls
ahead when it serialises <span class="code">msgspec</span> structures.</p>
<pre><code>app = falcon.App()</code></pre>
<ul><li>Falcon: minimal core.</li><li>Litestar: batteries included.</li></ul>
</article>
<section class="related"><h3>Related posts</h3>
<ul><li><a href="/p/3">Flask in 2022</a></li><li><a href="/p/4">Why we left Django</a></li></ul>
</section>
</main></div>
<footer><p>Copyright 2022 The Example Journal. All rights reserved.</p>
<p><a href="/privacy">Privacy policy</a></p></footer>
</body></html>
"""


def test_the_article_comes_without_navigation_sidebars_related_posts_or_footer(tmp_path):
    path = tmp_path / "litestar-or-falcon.html"
    path.write_text(PAGE, encoding="utf-8")
    body = read_article(path, max_bytes=LIMIT).body
    assert body.startswith("Litestar and Falcon take different routes")
    assert "Litestar validates requests from type hints, while Falcon leaves" in body
    assert "## Performance" in body
    assert "Falcon is *very* fast on plain JSON responses." in body
    assert "`msgspec`" in body
    assert "app = falcon.App()" in body
    assert "- Falcon: minimal core.\n- Litestar: batteries included." in body
    for furniture in ("Topics", "About us", "Popular", "Ten editors", "Related", "Flask in 2022",
                      "Copyright", "Privacy"):  # fmt: skip
        assert furniture not in body


def test_the_metadata_is_the_pages_own(tmp_path):
    path = tmp_path / "litestar-or-falcon.html"
    path.write_text(PAGE, encoding="utf-8")
    metadata = read_article(path, max_bytes=LIMIT).metadata
    assert metadata == {
        "title": "Litestar or Falcon?",  # without the site name the <title> carries
        "author": "Noor Haddad",
        "publisher": "The Example Journal",
        "url": "https://journal.example.org/litestar-or-falcon",
        # The date the page states, in its own time zone (in UTC it is already December).
        "published": datetime.date(2022, 11, 30),
    }


def test_a_page_titled_by_a_file_name_takes_its_opening_heading(tmp_path):
    page = (
        "<html><head><title>compare_page | Toolkit Docs</title></head><body>"
        "<nav><a href='/'>Home</a></nav><div id='content'><h2>Comparison to Hanami</h2>"
        + "<p>Hanami splits an application into slices; this toolkit has one tree.</p>" * 3
        + "</div></body></html>"
    )
    path = tmp_path / "compare.html"
    path.write_text(page, encoding="utf-8")
    assert read_article(path, max_bytes=LIMIT).metadata["title"] == "Comparison to Hanami"
