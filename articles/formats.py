"""Article files in each format turned into a markdown reading copy, with what the markup tells.

- markdown is the reading copy's own format: kept as written;
- plain text keeps every line as written, each line its own paragraph (scrapers write one block
  per line), runs of list items and table rows kept together so they stay lists and tables;
- HTML is cleaned by nh3 (scripts, styles, frames, forms and every attribute but a link's safe
  address dropped) and converted by markdownify, so headings, lists, links, emphasis, code and
  tables survive as markdown and nothing executable does.
"""

import re

import markdownify
import nh3
from bs4 import BeautifulSoup

from .metadata import parse_date

SUFFIXES = {".md": "markdown", ".markdown": "markdown", ".txt": "text"}
SUFFIXES |= {".html": "html", ".htm": "html"}

BLOCK_TAGS = {
    "p", "br", "hr", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "dl", "dt", "dd",
    "blockquote", "pre", "code", "em", "strong", "b", "i", "a", "table", "thead", "tbody",
    "tfoot", "tr", "th", "td", "caption", "div", "section", "article", "main", "header",
    "footer", "aside", "figure", "figcaption", "span", "small", "sub", "sup", "del", "s",
    "mark", "abbr", "cite", "q", "time", "address",
}  # fmt: skip
# Dropped with everything inside them: code, styling, embedded content and page furniture.
DROPPED_WITH_CONTENT = {
    "head", "title", "script", "style", "noscript", "template", "iframe", "frame", "frameset",
    "object", "embed", "applet", "svg", "math", "canvas", "audio", "video", "nav", "form",
    "button", "select", "textarea", "dialog",
}  # fmt: skip
URL_SCHEMES = {"http", "https", "mailto"}
# Text that markdown would take for a tag once it is no longer entity-escaped.
TAG_START = re.compile(r"<(?=[A-Za-z/!?])")
LIST_ITEM = re.compile(r"\s*(?:[-*+•]|\d{1,3}[.)])\s")
TABLE_ROW = re.compile(r"\s*\|")


def kind_for(path):
    """'markdown', 'text' or 'html' by the file's suffix; None for anything else."""
    return SUFFIXES.get(path.suffix.lower())


def text_to_markdown(text):
    """Plain text as markdown paragraphs, every line kept as it was (trailing spaces aside)."""
    blocks, run, run_kind = [], [], None
    for line in text.split("\n"):
        line = line.rstrip()
        if not line.strip():
            kind = None
        elif LIST_ITEM.match(line):
            kind = "list"
        elif TABLE_ROW.match(line):
            kind = "table"
        else:
            kind = "paragraph"
        if run and (kind != run_kind or kind == "paragraph"):
            blocks.append("\n".join(run))
            run = []
        if kind is not None:
            run.append(line)
        run_kind = kind
    if run:
        blocks.append("\n".join(run))
    return "\n\n".join(blocks)


class ReadingCopyConverter(markdownify.MarkdownConverter):
    """markdownify, leaving the article's words as they are but never letting text become a tag.

    Underscores and asterisks are not escaped (a quote must read as the article wrote it); a '<'
    that would open a tag is written '&lt;', which markdown shows as '<'.
    """

    def escape(self, text, parent_tags):
        return TAG_START.sub("&lt;", super().escape(text, parent_tags))


def content_root(soup):
    """The article itself when the page marks it (<article>, else <main>), else the page."""
    for name in ("article", "main"):
        found = soup.find_all(name)
        if len(found) == 1:
            return found[0]
    return soup.body or soup


def html_metadata(soup, root):
    """What a page's markup states: headline, author, publisher, address and date."""

    def meta(*selectors):
        for selector in selectors:
            tag = soup.select_one(selector)
            if tag is not None and tag.get("content", "").strip():
                return " ".join(tag["content"].split())
        return ""

    heading = root.find("h1") or soup.find("h1")
    title = " ".join(heading.get_text().split()) if heading else ""
    if not title and soup.title:
        title = " ".join(soup.title.get_text().split())
    published = meta('meta[property="article:published_time"]', 'meta[itemprop="datePublished"]')
    if not published:
        time = root.find("time", attrs={"datetime": True}) or soup.find(
            "time", attrs={"datetime": True}
        )
        published = time["datetime"] if time else ""
    canonical = soup.select_one('link[rel~="canonical"][href]')
    url = canonical["href"].strip() if canonical else meta('meta[property="og:url"]')
    return {
        "title": title,
        "author": meta('meta[name="author"]'),
        "publisher": meta('meta[property="og:site_name"]'),
        "url": url if url.startswith(("http://", "https://")) else "",
        "published": parse_date(published[:10]) if published else None,
    }


def html_to_markdown(html):
    """(markdown body, metadata found in the markup) for an HTML page or fragment."""
    soup = BeautifulSoup(html, "html.parser")
    root = content_root(soup)
    found = html_metadata(soup, root)
    cleaned = nh3.clean(
        str(root),
        tags=BLOCK_TAGS,
        clean_content_tags=DROPPED_WITH_CONTENT,
        attributes={"a": {"href"}},
        url_schemes=URL_SCHEMES,
        link_rel=None,
        strip_comments=True,
    )
    converter = ReadingCopyConverter(
        heading_style=markdownify.ATX,
        bullets="-",
        escape_asterisks=False,
        escape_underscores=False,
        strong_em_symbol=markdownify.ASTERISK,
    )
    body = converter.convert(cleaned)
    body = "\n".join(line.rstrip() for line in body.split("\n"))
    return re.sub(r"\n{3,}", "\n\n", body).strip(), found
