"""Article text as HTML: markdown rendered and sanitised in one place, claims marked in place.

Claims anchor by character offsets in the raw markdown, which the rendered HTML no longer has.
So a sentinel (U+E000 followed by one plane-15 private-use character numbering the event) goes
into the markdown at every claim boundary before rendering; markdown and nh3 carry those
characters through as text, and a walk over the sanitised HTML (articles/marks.py) turns them
into <mark> elements, one per passage however many claims cite it. Marks are closed before
every tag and reopened after it, so they can never unbalance the HTML whatever a quote crosses
(emphasis, links, table cells, list items).

The output is trusted only because it comes out of nh3 plus the marks written here; this module
is the one place that calls mark_safe on article text.
"""

import hashlib
import html
import re
from bisect import bisect_right

import markdown
import nh3
from django.conf import settings
from django.core.cache import caches
from django.utils.safestring import SafeString, mark_safe

from .marks import (  # Passage is part of this module's interface: callers build them
    CLOSE,
    CLOSE_EMPTY,
    EVENT_BASE,
    OPEN,
    SENTINEL,
    MarkWriter,
    Passage,  # noqa: F401
    group_passages,
)

# Python-Markdown's own extensions for the dialects articles are written in (MkDocs admonitions,
# attribute lists, abbreviations, footnotes, definition lists, markdown inside HTML blocks);
# the importer rewrites other sites' dialects into these (articles/reading/dialects.py).
MARKDOWN_EXTENSIONS = [
    "tables", "fenced_code", "sane_lists", "admonition", "attr_list", "abbr", "footnotes",
    "def_list", "md_in_html",
]  # fmt: skip
ALLOWED_TAGS = {
    "p", "br", "hr", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "blockquote",
    "pre", "code", "em", "strong", "a", "table", "thead", "tbody", "tr", "th", "td",
    "div", "abbr", "dl", "dt", "dd", "sup", "sub", "del", "kbd",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title", "class"},
    "abbr": {"title"},
    "div": {"class"},
    "p": {"class"},
    "sup": {"id"},
    "li": {"id"},
    "th": {"align"},
    "td": {"align"},
}
# Classes kept (admonitions and footnotes, as the extensions write them); any other class an
# article sets (attr_list's "{: .x }") is dropped, so no article can borrow the site's styles.
ALLOWED_CLASSES = {
    "admonition", "admonition-title", "note", "tip", "info", "important", "warning", "caution",
    "danger", "success", "question", "example", "quote", "abstract", "bug", "failure",
    "footnote", "footnote-ref", "footnote-backref",
}  # fmt: skip
# The only ids kept: footnotes' own ("fn:1", "fnref:1", "fnref2:1"), never a page's ids.
FOOTNOTE_ID = re.compile(r"fn(?:ref\d*)?:[\w-]{1,40}")
URL_SCHEMES = {"http", "https", "mailto"}
LINK_REL = "nofollow noopener noreferrer"

MAX_EVENTS = 0xFFFE  # plane 15's private-use characters, U+F0000..U+FFFFD
# Characters a body may already contain that could pass for sentinels: neutralised first, one
# for one (U+FFFD), so every offset stays where it was.
FORGEABLE = re.compile("[\ue000\U000f0000-\U000fffff]")

# Markup that begins a line (indent, heading hashes, blockquote, list bullet or number, table
# pipe, code fence): a sentinel put before it would stop markdown from recognising the block.
LINE_MARKUP = re.compile(
    r"(?:[ \t]*(?:#{1,6}[ \t]*|>[ \t]?|[-*+][ \t]+|\d{1,9}[.)][ \t]+|\|[ \t]*"
    r"|(?:`{3,}|~{3,})[^\n]*\n))*[ \t]*"
)
# Spans a sentinel must not fall inside: comments, tags and autolinks, link destinations.
PROTECTED = re.compile(r"<!--.*?-->|</?[A-Za-z][^<>\n]*>|\]\([^()\n]*\)", re.S)
HEADING_LEVEL = re.compile(r"<h([1-6])[\s>]")
COMMENT = re.compile(r"<!--.*?-->", re.S)
WORD = re.compile(r"\w")
TABLE_DELIMITER_ROW = re.compile(r"\|?(?:\s*:?-{3,}:?\s*\|)*\s*:?-{3,}:?\s*\|?")
SENTENCE_BREAK = re.compile(r"(?<=[.!?…])[\"'”’)\]]*\s+|\n")
# Python-Markdown's inline patterns rescan a block from every "[" and "<", so a block crowded
# with them takes time quadratic in their number (4,000 "![" in one paragraph: ~5 s). No prose
# needs that many links or tags in one block; above the limit they are written as entities,
# which read the same and parse as text.
BLOCK_SPLIT = re.compile(r"(\n[ \t]*\n)")
MARKUP_OPENERS_PER_BLOCK = 200
MARKUP_OPENER = re.compile(r"[\[<]")
OPENER_ENTITY = {"[": "&#91;", "<": "&lt;"}


# Python-Markdown parses nested lists and blockquotes by recursion, about two frames a level: a
# list nested 300 deep overflows Python's stack (a 500 on the reader). No article nests more
# than a handful of levels, so deeper lines are flattened to this depth before it parses them.
MAX_NESTING = 16
TAB_WIDTH = 4
LINE_PREFIX = re.compile(r"^(?:[ \t]|>|[-*+](?=[ \t])|\d{1,9}[.)](?=[ \t]))+", re.M)
NESTING_MARKER = re.compile(r">|[-*+]|\d{1,9}[.)]")


def flatten_deep_nesting(text, limit=MAX_NESTING):
    """The text with every line's nesting (indentation, quote and list markers at its start)
    cut to `limit` levels; words are never dropped, only the markers and indentation beyond."""
    if not LINE_PREFIX.search(text):
        return text

    def flatten(match):
        prefix = match[0]
        markers = NESTING_MARKER.findall(prefix)
        width = len(prefix.expandtabs(TAB_WIDTH))
        if len(markers) <= limit and width <= limit * TAB_WIDTH * 2:
            return prefix
        indent = len(prefix) - len(prefix.lstrip(" \t"))
        kept_indent = min(len(prefix[:indent].expandtabs(TAB_WIDTH)), limit * TAB_WIDTH)
        rest = prefix[indent:]
        if len(markers) > limit:
            # Keep the last `limit` markers (the innermost, which say what the line is).
            pieces = [m for m in re.split(r"(>|[-*+]|\d{1,9}[.)])", rest) if m]
            kept, count = [], 0
            for piece in reversed(pieces):
                if NESTING_MARKER.fullmatch(piece):
                    count += 1
                    if count > limit:
                        continue
                kept.append(piece if count <= limit or piece.strip() else "")
            rest = "".join(reversed(kept)).lstrip(" \t")
        return " " * kept_indent + rest

    return LINE_PREFIX.sub(flatten, text)


def cached_clean_html(text):
    """clean_html(text), kept in the ARTICLE_HTML_CACHE under the text's SHA-256 and the site's
    release: markdown and nh3 are most of a reader page's render, and their output depends on
    nothing but the text (with its mark sentinels) and this code. A claim edit that moves a mark
    changes the text, so the key; the page cache's version (articles/cache.py) is not involved,
    so an edit elsewhere in the knowledge base does not render this article again."""
    digest = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()
    key = f"article-html:{settings.SITE_RELEASE}:{digest}"
    cache = caches[settings.ARTICLE_HTML_CACHE]
    cleaned = cache.get(key)
    if cleaned is None:
        cleaned = clean_html(text)
        cache.set(key, cleaned)
    return cleaned


def clean_html(text):
    """Markdown to HTML that keeps only the allow-listed tags, attributes and URL schemes."""
    rendered = markdown.markdown(
        flatten_deep_nesting(defuse_crowded_blocks(text)), extensions=MARKDOWN_EXTENSIONS
    )
    return nh3.clean(
        rendered,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        attribute_filter=allowed_attribute,
        url_schemes=URL_SCHEMES,
        link_rel=LINK_REL,
        strip_comments=True,
    )


def allowed_attribute(tag, attribute, value):
    """Classes only from ALLOWED_CLASSES, ids only footnotes'; other allowed attributes as given."""
    if attribute == "class":
        kept = [name for name in value.split() if name in ALLOWED_CLASSES]
        return " ".join(kept) or None
    if attribute == "id":
        return value if FOOTNOTE_ID.fullmatch(value) else None
    if attribute == "align":
        return value if value in {"left", "right", "center"} else None
    return value


def defuse_crowded_blocks(text):
    """The text with "[" and "<" as entities in any block holding more than the limit."""
    if len(MARKUP_OPENER.findall(text)) <= MARKUP_OPENERS_PER_BLOCK:
        return text
    blocks = BLOCK_SPLIT.split(text)
    for index, block in enumerate(blocks):
        if len(MARKUP_OPENER.findall(block)) > MARKUP_OPENERS_PER_BLOCK:
            blocks[index] = MARKUP_OPENER.sub(lambda match: OPENER_ENTITY[match[0]], block)
    return "".join(blocks)


def render_markdown(text) -> SafeString:
    """A markdown text as safe HTML, its highest heading demoted to h2."""
    return render_article(text, ())


def render_article(body, passages) -> SafeString:
    """The body as safe HTML, each passage (claims on overlapping spans merged into one) marked
    in place and followed by its reference (articles/marks.py)."""
    marked, events = insert_sentinels(body, group_passages(passages))
    cleaned = cached_clean_html(marked)
    levels = [int(level) for level in HEADING_LEVEL.findall(cleaned)]
    shift = 2 - min(levels) if levels else 0
    return mark_safe(MarkWriter(events, shift).write(cleaned))


def plain_text(text):
    """A markdown fragment as plain text: no markup, entities decoded, whitespace collapsed."""
    cleaned = nh3.clean(
        markdown.markdown(flatten_deep_nesting(text)), tags=set(), strip_comments=True
    )
    return " ".join(html.unescape(cleaned).split())


def passage_in_context(body, start, end, *, sentences=1, reach=600):
    """The passage with the sentence(s) before and after it, as plain text.

    `before` and `after` share the passage's line; `lines_before` and `lines_after` are the
    whole lines around it (headings, list items, table rows, paragraphs), in reading order.
    """
    # Blank out curators' comments character for character, so the offsets still hold.
    body = COMMENT.sub(lambda match: " " * len(match.group()), body)
    head_start = max(0, start - reach)
    head = _sentences(body, head_start, start)
    lead_in, earlier = head[-1], head[:-1]
    if head_start > 0 and earlier:
        earlier = earlier[1:]  # the window cut that one short
    tail = _sentences(body, end, end + reach)
    follow_on, later = tail[0], tail[1:]
    if end + reach < len(body) and later:
        later = later[:-1]
    before = ("".join(_take([*reversed(earlier)], sentences)[::-1]) + lead_in).split("\n")
    after = (follow_on + "".join(_take(later, sentences))).split("\n")
    return {
        "lines_before": _plain_lines(before[:-1]),
        "before": _joined(before[-1], at_end=True),
        "quote": plain_text(_unpiped(body[start:end])),
        "after": _joined(after[0], at_end=False),
        "lines_after": _plain_lines(after[1:]),
    }


def _unpiped(line):
    """A table row's cells without the row's edge pipes; a delimiter row as nothing."""
    line = line.strip()
    if TABLE_DELIMITER_ROW.fullmatch(line):
        return ""
    return line.removeprefix("|").removesuffix("|")


def _plain_lines(lines):
    return [text for text in (plain_text(_unpiped(line)) for line in lines) if text]


def _sentences(body, start, stop):
    """body[start:stop] cut after each sentence or line (a sentence may end just before it)."""
    pieces, last = [], start
    for match in SENTENCE_BREAK.finditer(body, start, stop):
        pieces.append(body[last : match.end()])
        last = match.end()
    pieces.append(body[last:stop])
    return pieces


def _take(pieces, count):
    """Pieces up to the count-th one that has words in it."""
    taken = []
    for piece in pieces:
        if count <= 0:
            break
        taken.append(piece)
        if WORD.search(piece):
            count -= 1
    return taken


def _joined(raw, *, at_end):
    """The text on the passage's own line, keeping the space plain_text would strip."""
    plain = plain_text(_unpiped(raw))
    if not plain:
        return ""
    edge = raw[-1:] if at_end else raw[:1]
    if not edge.isspace():
        return plain
    return plain + " " if at_end else " " + plain


def insert_sentinels(body, passages):
    """The body with a sentinel at each passage boundary, and the events they number."""
    body = FORGEABLE.sub("\ufffd", body)
    protected = [(match.start(), match.end()) for match in PROTECTED.finditer(body)]
    starts = [start for start, _ in protected]
    boundaries = []
    for index, passage in enumerate(list(passages)[: MAX_EVENTS // 2]):
        if not 0 <= passage.start < passage.end <= len(body):
            continue
        start = _settle_start(body, passage.start, passage.end, protected, starts)
        end = max(start, _settle_end(body, passage.end, start, protected, starts))
        boundaries.append((start, OPEN, -end, index, passage))
        boundaries.append((end, CLOSE if end > start else CLOSE_EMPTY, 0, index, passage))
    boundaries.sort(key=lambda boundary: boundary[:4])
    pieces, events, last = [], [], 0
    for number, (position, kind, _, _, passage) in enumerate(boundaries):
        pieces += [body[last:position], SENTINEL, chr(EVENT_BASE + number)]
        events.append((kind, passage))
        last = position
    pieces.append(body[last:])
    return "".join(pieces), events


def _protected_span(position, protected, starts):
    """The protected span strictly containing this position, if any."""
    index = bisect_right(starts, position) - 1
    if index >= 0:
        start, end = protected[index]
        if start < position < end:
            return start, end
    return None


def _line_start(body, position):
    return body.rfind("\n", 0, position) + 1


def _settle_start(body, position, limit, protected, starts):
    """Move a start past leading whitespace and block markup, and out of protected spans."""
    while True:
        before = position
        while position < limit and body[position].isspace():
            position += 1
        line = _line_start(body, position)
        if LINE_MARKUP.fullmatch(body, line, position):
            position = max(position, LINE_MARKUP.match(body, line).end())
        span = _protected_span(position, protected, starts)
        if span:
            position = span[1]
        if position >= limit:
            # Out of a protected span even if that passes the end: the passage is then empty.
            return position if span else limit
        if position == before:
            return position


def _settle_end(body, position, limit, protected, starts):
    """Move an end back over trailing whitespace, table pipes and bare block markup."""
    while True:
        before = position
        while position > limit and (body[position - 1].isspace() or body[position - 1] == "|"):
            position -= 1
        line = _line_start(body, position)
        if line < position and LINE_MARKUP.fullmatch(body, line, position):
            position = line
        span = _protected_span(position, protected, starts)
        if span:
            position = span[0]
        if position <= limit:
            return limit
        if position == before:
            return position
