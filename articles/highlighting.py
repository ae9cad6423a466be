"""Search results' highlighting: the matched terms in <mark>, everything else escaped.

The databases say which words matched (FTS5's highlight() and snippet(), PostgreSQL's
ts_headline), with private-use markers (articles/fts.py) around each; the text becomes HTML
here only after it is escaped.
"""

import html
import re

from django.utils.safestring import mark_safe

from . import fts

EXCERPT_CHARS = 240
# A matched term between the markers, as the database highlighted it.
MARKED = re.compile(f"{fts.START}([^{fts.START}{fts.STOP}]*){fts.STOP}")


def marked_terms(*texts):
    """The words a database's headline marked, lowercased."""
    return {term.lower() for text in texts if text for term in MARKED.findall(text)}


def with_terms_marked(text, terms):
    """TEXT escaped, each whole-word occurrence of TERMS in <mark>.

    On PostgreSQL, ts_headline tells which words matched (its stemming decides) but rewrites
    the text (it drops anything that looks like a tag), so the marks go on the text as written.
    """
    escaped = html.escape(text, quote=False)
    if not terms:
        return mark_safe(escaped)
    alternatives = sorted((re.escape(html.escape(term, quote=False)) for term in terms), key=len)
    pattern = re.compile(rf"\b({'|'.join(reversed(alternatives))})\b", re.IGNORECASE)
    return mark_safe(pattern.sub(r"<mark>\1</mark>", escaped))


def highlighted(text):
    """Text the database highlighted, as safe HTML: escaped first, then each marked term in
    <mark>; a stray marker (one the text itself held) is dropped."""
    marked = MARKED.sub(r"<mark>\1</mark>", html.escape(text, quote=False))
    return mark_safe(marked.replace(fts.START, "").replace(fts.STOP, ""))


# Markdown a search excerpt leaves out: a link's target, and the marks for emphasis, code,
# headings, quotes and brackets. Read left to right, a link starts at a "](" that does not
# continue a run of marks (as `\]\([^)]*\)|[\[\]*_`#>]+` read it, one regex, whose single
# pass over 20 whole articles was a fifth of a scale search's Python time).
MARKDOWN_LINK_TARGET = re.compile(r"(?<![\[\]*_`#>])\]\([^)]*\)")
MARKDOWN_MARKS = "[]*_`#>"


def without_markdown(text):
    """TEXT with markdown's link targets and marks as spaces: the same words, in the same
    order, as before, for an excerpt to join with single spaces."""
    if "](" in text:
        text = MARKDOWN_LINK_TARGET.sub(" ", text)
    # One replace() per mark: str.translate() takes a slow path for any text that is not ASCII.
    for mark in MARKDOWN_MARKS:
        text = text.replace(mark, " ")
    return text


def excerpt(text, words, *, width=EXCERPT_CHARS):
    """About WIDTH characters of TEXT around the first word found, with ellipses where cut."""
    text = " ".join(text.split())
    if len(text) <= width:
        return text
    lowered = text.lower()
    found = []
    for word in words:
        # A stem catches the forms full-text search matched ("templates" for "templating"),
        # at the start of a word only ("orm" is not the one in "performance").
        for probe in (word.lower(), word.lower()[:5]):
            match = re.search(rf"\b{re.escape(probe)}", lowered) if len(probe) >= 3 else None
            if match:
                found.append(match.start())
                break
    start = max(0, min(found) - width // 3) if found else 0
    if start:
        space = text.find(" ", start)
        start = space + 1 if 0 <= space < start + 20 else start
    end = min(len(text), start + width)
    if end < len(text):
        space = text.rfind(" ", start, end)
        end = space if space > start + width // 2 else end
    prefix = "…" if start else ""
    suffix = "…" if end < len(text) else ""
    return f"{prefix}{text[start:end].strip()}{suffix}"
