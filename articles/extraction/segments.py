"""Cutting a reading copy into quotable pieces: headings, list items, table rows and sentences,
each a span of the body that is clean prose (no list marker, no markup at its ends).

The body is first turned into a *reading text* of the same length, in which everything that is
not prose is blanked out with spaces (newlines kept): code, front matter, HTML tags, shortcodes
and directives, link reference definitions, URLs, emoji codes. Offsets in it are offsets in the
body, so every piece quotes the body exactly. A paragraph's lines are read as one text (a hard
wrap is a space), so a sentence that crosses a line break stays whole, negation included.
"""

import re
from dataclasses import dataclass, field

from .blanking import blank_non_prose
from .html_tables import html_tables

HEADING = re.compile(r" {0,3}(#{1,6})\s+")
UNDERLINE = re.compile(r" {0,3}([=\-~^\"'`*+#])\1{2,}\s*$")
LIST_MARKER = re.compile(r"\s*(?:[-*+•]|\d{1,3}[.)])\s+")
# No two runs of spaces side by side: a line of spaces is read once, not once per way to split it.
TABLE_RULE = re.compile(r"\s*(?:[|+]\s*)?:?[-=]{2,}:?\s*(?:[|+]\s*:?[-=]{2,}:?\s*)*(?:[|+]\s*)?$")
# A sentence ends at . ! or ? (after any closing quote or bracket) before the next one's start.
SENTENCE_END = re.compile(r"[.!?]+[\"”’)\]]*\s+(?=[\"“‘(\[*_]*[A-Z0-9→])")
LAST_WORD = re.compile(r"(\S+)$")
LINK_ONLY = re.compile(
    r"\s*(?:[-*+•]|\d{1,3}[.)])?\s*(?:\[[^\]\n]*\]\s*(?:\([^)\n]*\)|\[[^\]\n]*\])[\s,;|·/]*)+$"
)
EDGE_JUNK = "→-–—*_#>•|=:;,)] \t\n"
TRAILING_JUNK = "*_|=:;,([ \t\n"
MAX_MARKUP_SHARE = 0.25  # a piece whose visible characters are more markup than this is not prose
MIN_WORDS = {"sentence": 3, "item": 2, "row": 1, "heading": 1}


@dataclass(frozen=True)
class Segment:
    """One quotable piece of the body: body[start:end] is its text."""

    kind: str  # heading, item, row, sentence
    start: int
    end: int
    block: int  # pieces of one paragraph, list item or table share a block number
    headings: tuple = ()  # the texts of the headings above it, outermost first
    cells: tuple = ()  # a table row's cells as (start, end) spans
    columns: tuple = ()  # the table's header texts, one per cell
    level: int = 0  # a heading's level
    first: bool = False  # the first sentence of its paragraph or item
    lead: bool = False  # a paragraph's last sentence that ends with a colon: it introduces a list


@dataclass
class _State:
    block: int = 0
    headings: list = field(default_factory=list)  # (level, text)
    table_columns: tuple | None = None


def trimmed(text, start, end):
    """The span without surrounding whitespace and markup; None when nothing is left."""
    while start < end and text[start] in EDGE_JUNK:
        start += 1
    while end > start and text[end - 1] in TRAILING_JUNK:
        end -= 1
    return (start, end) if any(ch.isalnum() for ch in text[start:end]) else None


def balanced(body, start, end):
    """The span widened to take in the opening (or closing) marker of an emphasis that it
    otherwise cuts in two, so that a quote never starts inside bold markup."""
    for marker in ("**", "__"):
        if body.count(marker, start, end) % 2:
            if body.startswith(marker, start - len(marker)):
                start -= len(marker)
            elif body.startswith(marker, end):
                end += len(marker)
    return start, end


# An address holds no "](" nor "<": a run of "[x](" or "<https:" is scanned once, not from each.
ADDRESS = re.compile(r"\]\((?:[^)\s\]]|\](?!\())*\)|<https?:[^<>\s]*>`_*|https?://\S+")


def markup_share(body, text, start, end):
    """The share of the span's visible characters that the reading text blanked out; a
    link's address does not count (the link's words are prose)."""
    visible = len("".join(ADDRESS.sub("", body[start:end]).split()))
    kept = len("".join(text[start:end].split()))
    return max(0.0, 1 - kept / visible) if visible else 1.0


def sentence_spans(text, start, end, abbreviations):
    """Split text[start:end] into sentences, keeping abbreviations like 'vs.' inside them."""
    spans, begin = [], start
    for match in SENTENCE_END.finditer(text, start, end):
        word = LAST_WORD.search(text, max(begin, match.start() - 40), match.start() + 1)
        if word and word.group(1).lower().lstrip("(*_") in abbreviations:
            continue
        spans.append((begin, match.end()))
        begin = match.end()
    spans.append((begin, end))
    return spans


def table_cells(text, start, end):
    """(start, end) of each cell of a table row, pipes and padding excluded."""
    cells = []
    begin = start + 1 if text[start] == "|" else start
    for index in range(begin, end + 1):
        if index == end or text[index] == "|":
            span = trimmed(text, begin, index)
            if span or index != end:
                cells.append(span or (begin, begin))
            begin = index + 1
    return cells


def lines_of(text):
    """(start, end) of every line of the text."""
    spans, offset = [], 0
    for line in text.split("\n"):
        spans.append((offset, offset + len(line)))
        offset += len(line) + 1
    return spans


def split_segments(body, *, abbreviations=frozenset()):
    """Every quotable piece of the body, in reading order."""
    text = blank_non_prose(body)
    lines = lines_of(text)
    state = _State()
    segments = []
    tables = html_tables(body) if "<t" in body.lower() else []
    index = 0
    while index < len(lines):
        start, end = lines[index]
        if tables and start >= tables[0][0]:
            table_start, table_end, rows = tables.pop(0)
            segments.extend(_html_rows(body, text, rows, state))
            while index < len(lines) and lines[index][0] < table_end:
                index += 1
            continue
        line = text[start:end]
        following = text[slice(*lines[index + 1])] if index + 1 < len(lines) else ""
        if not line.strip():
            index += 1
            continue
        if UNDERLINE.match(line) and not line.strip().startswith(("|", "+")):
            index += 1  # an rst overline or a stray rule
            continue
        heading = HEADING.match(line)
        if heading or (UNDERLINE.match(following) and not LIST_MARKER.match(line)):
            level = len(heading.group(1)) if heading else (1 if following.strip()[0] == "=" else 2)
            segments.extend(
                _heading(body, text, start + (heading.end() if heading else 0), end, level, state)
            )
            index += 1 if heading else 2
            continue
        if line.lstrip().startswith("|"):
            index = _table(body, text, lines, index, state, segments)
            continue
        index = _block(body, text, lines, index, state, segments, abbreviations)
    return segments


def _heading(body, text, start, end, level, state):
    state.block += 1
    state.table_columns = None
    span = trimmed(text, start, end)
    if span is None:
        return []
    state.headings = [h for h in state.headings if h[0] < level]
    parents = tuple(h[1] for h in state.headings)
    state.headings.append((level, " ".join(text[span[0] : span[1]].split())))
    return [Segment("heading", *span, block=state.block, headings=parents, level=level)]


def _table(body, text, lines, index, state, segments):
    state.block += 1
    columns = None
    while index < len(lines):
        start, end = lines[index]
        line = text[start:end]
        if not line.lstrip().startswith("|"):
            break
        index += 1
        if TABLE_RULE.match(line):
            continue
        cells = table_cells(text, start + len(line) - len(line.lstrip()), end)
        if columns is None:
            columns = tuple(text[a:b] for a, b in cells)
            continue
        span = trimmed(text, start, end)
        if span:
            segments.append(_row(span, cells, columns, state))
    return index


def _row(span, cells, columns, state):
    """A table row (markdown or HTML) as a piece: its cells read under their columns."""
    return Segment(
        "row",
        *span,
        block=state.block,
        cells=tuple(cells),
        columns=columns,
        headings=tuple(h[1] for h in state.headings),
    )


def _html_rows(body, text, rows, state):
    """A comparison table in HTML: the first row names the columns; each other row is a
    piece quoting its first cell."""
    state.block += 1
    if len(rows) < 2:
        return []
    columns = tuple(" ".join(text[a:b].split()) for a, b in rows[0])
    pieces = []
    for cells in rows[1:]:
        label = trimmed(text, *cells[0])
        if label is None or len(cells) < 2:
            continue
        pieces.append(_row(label, cells, columns, state))
    return pieces


def _block(body, text, lines, index, state, segments, abbreviations):
    """A paragraph or a list item with its continuation lines, read as one text."""
    start, end = lines[index]
    marker = LIST_MARKER.match(text, start, end)
    kind = "item" if marker else "sentence"
    raw_first = body[start:end]
    begin = start + (marker.end() - start if marker else 0)
    last = index
    index += 1
    while index < len(lines):
        a, b = lines[index]
        line = text[a:b]
        if (
            not line.strip()
            or HEADING.match(line)
            or LIST_MARKER.match(line)
            or line.lstrip().startswith("|")
            or UNDERLINE.match(line)
            or (index + 1 < len(lines) and UNDERLINE.match(text, *lines[index + 1]))
        ):
            break
        last = index
        index += 1
    block_end = lines[last][1]
    state.block += 1
    if kind == "item" and LINK_ONLY.match(body, start, block_end) and "\n" not in raw_first.strip():
        return index  # navigation or a table of contents: a list of links
    context = {"block": state.block, "headings": tuple(h[1] for h in state.headings)}
    first = True
    introduces = kind == "sentence" and text[begin:block_end].rstrip().endswith(":")
    for a, b in sentence_spans(text, begin, block_end, abbreviations):
        span = trimmed(text, a, b)
        if not span:
            continue
        lead = introduces and b >= len(text[:block_end].rstrip())
        if len(text[span[0] : span[1]].split()) < MIN_WORDS[kind]:
            if lead:  # "Django:" before a list: says whose the list is, quotes nothing
                segments.append(Segment("lead", *span, lead=True, **context))
            continue
        if markup_share(body, text, *span) > MAX_MARKUP_SHARE:
            continue
        span = balanced(body, *span)
        segments.append(Segment(kind, *span, first=first, lead=lead, **context))
        first = False
    return index
