"""Format detection, and each format turned into a markdown reading copy with what its markup tells.

- markdown is the reading copy's own format (its dialects are handled in dialects.py);
- plain text keeps every line as written, each line its own paragraph (scrapers write one block
  per line), runs of list items and table rows kept together so they stay lists and tables;
- reStructuredText goes through docutils (rst.py) to HTML, then the HTML path below;
- HTML: trafilatura finds the article in the page (without navigation, footers, related-post
  lists), nh3 cleans it (scripts, styles, frames, forms and every attribute but a link's safe
  address dropped) and markdownify converts it, so headings, lists, links, emphasis, code and
  tables survive as markdown and nothing executable does. Metadata comes from the page's own
  markup: trafilatura for title, author and site name, htmldate for the date.
"""

import logging
import re

import htmldate
import markdownify
import nh3
import trafilatura
from bs4 import BeautifulSoup

from .header import date_from, is_web_address
from .rst import looks_like_rst, rst_to_html

SUFFIXES = {".md": "markdown", ".markdown": "markdown", ".txt": "text", ".rst": "rst"}
SUFFIXES |= {".html": "html", ".htm": "html"}

BLOCK_TAGS = {
    "p", "br", "hr", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "dl", "dt", "dd",
    "blockquote", "pre", "code", "em", "strong", "b", "i", "a", "table", "thead", "tbody",
    "tfoot", "tr", "th", "td", "caption", "div", "section", "article", "main", "header",
    "footer", "aside", "figure", "figcaption", "span", "small", "sub", "sup", "del", "s",
    "mark", "abbr", "cite", "q", "time", "address", "tt", "kbd", "samp", "var",
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
HEADING = re.compile(r"#{1,6}\s+(?P<text>.+?)\s*#*\s*$")
EXTRACT_OPTIONS = {
    "output_format": "html",
    "include_formatting": True,
    "include_links": True,
    "include_tables": True,
    "include_images": False,
    "include_comments": False,
    "favor_recall": True,
    "deduplicate": False,
}

logging.getLogger("trafilatura").setLevel(logging.CRITICAL)
logging.getLogger("htmldate").setLevel(logging.CRITICAL)


def kind_for(name, text=None):
    """'markdown', 'text', 'rst' or 'html' by the file's suffix (a .txt can be rst); else None."""
    suffix = name.suffix.lower() if hasattr(name, "suffix") else ""
    kind = SUFFIXES.get(suffix)
    if kind == "text" and text is not None and looks_like_rst(text):
        return "rst"
    return kind


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

    def convert_pre(self, el, text, parent_tags):
        # trafilatura and docutils both may nest <pre> in <pre>: one code block, not two.
        if "pre" in parent_tags:
            return text
        return super().convert_pre(el, text, parent_tags)


# Inline code that generators write as a styled span (docutils' "literal", Roda's "code").
CODE_SPAN = re.compile(
    r"<span\s+class=\"(?:[^\"\s]{1,100}\s){0,10}(?:literal|code|pre)(?:\s[^\"]{0,200})?\"\s*>"
    r"([^<]*)</span>"
)


STRUCTURE = re.compile(r"<(?:p|h[1-6]|li|pre|table|blockquote)[\s>]")


def inline_code(html):
    """trafilatura writes inline code as <pre> inside a paragraph: made inline code again."""
    soup = BeautifulSoup(html, "html.parser")
    for pre in soup.select("p pre, li pre, td pre"):
        if "\n" not in pre.get_text():
            pre.name = "code"
    return str(soup)


def sanitised_markdown(html):
    """HTML cleaned by nh3 and converted to markdown, one blank line between blocks."""
    cleaned = nh3.clean(
        CODE_SPAN.sub(r"<code>\1</code>", html),
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
    return re.sub(r"\n{3,}", "\n\n", body).strip()


def content_root(soup):
    """The article itself when the page marks it (<article>, else <main>), else the page."""
    for name in ("article", "main"):
        found = soup.find_all(name)
        if len(found) == 1:
            return found[0]
    return soup.body or soup


def opening_heading(markdown):
    """The text of the heading a converted article opens with, if it opens with one."""
    first = next((line for line in markdown.split("\n") if line.strip()), "")
    match = HEADING.fullmatch(first.strip())
    return re.sub(r"[*_`]|\[([^\]]*)\]\([^)]*\)", r"\1", match.group("text")) if match else ""


def html_metadata(html, soup, body):
    """What a page's markup states: headline, author, site name, canonical address and date.

    The title is the page's one <h1>, else the heading the article opens with, else the page's
    title as trafilatura reads it (without the site name): a <title> is often a file name.
    """
    found = trafilatura.extract_metadata(html)
    headings = soup.find_all("h1")
    title = " ".join(headings[0].get_text().split()) if len(headings) == 1 else ""
    title = title or opening_heading(body) or (found.title if found and found.title else "")
    published = htmldate.find_date(html, extensive_search=False, original_date=True)
    url = (found.url if found else "") or ""
    return {
        "title": title,
        "author": (found.author if found else "") or "",
        "publisher": (found.sitename if found else "") or "",
        "url": url if is_web_address(url) else "",
        "published": date_from(published) if published else None,
    }


def html_to_markdown(html):
    """(markdown body, metadata found in the markup) for an HTML page or fragment."""
    html = CODE_SPAN.sub(r"<code>\1</code>", html)
    main = trafilatura.extract(html, **EXTRACT_OPTIONS)
    soup = BeautifulSoup(html, "html.parser")
    if not main or len(STRUCTURE.findall(main)) < min(2, len(STRUCTURE.findall(html))):
        # Too little for the extractor to judge (a fragment, a short page: it then falls back to
        # the page's bare text in one paragraph): the page's marked article, its furniture
        # dropped by nh3.
        main = str(content_root(soup))
    else:
        main = inline_code(main)
    body = sanitised_markdown(main)
    return body, html_metadata(html, soup, body)


def rst_to_markdown(text):
    """(markdown body, metadata) for reStructuredText: its document title, its own text."""
    html, title = rst_to_html(text)
    return sanitised_markdown(html), {"title": title}
