"""Cutting a markdown reading copy into quotable pieces: headings, list items, table rows and
sentences, each a span of the body that is clean text (no list marker, no markup at its ends).

Code blocks, inline code and HTML comments are never quoted: they are blanked out (same
length, so offsets hold) before the text is read.
"""

import re
from dataclasses import dataclass, field

HIDDEN = re.compile(r"<!--.*?-->|^ {0,3}(```|~~~).*?^ {0,3}\1[^\n]*$|`[^`\n]*`", re.S | re.M)
HEADING = re.compile(r" {0,3}(#{1,6})\s+")
LIST_MARKER = re.compile(r"\s*(?:[-*+•]|\d{1,3}[.)])\s+")
TABLE_RULE = re.compile(r"\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$")
# A sentence ends at . ! or ? (after any closing quote or bracket) before the next one's start.
SENTENCE_END = re.compile(r"[.!?]+[\"”’)\]]*\s+(?=[\"“‘(\[]?[A-Z0-9→])")
LAST_WORD = re.compile(r"(\S+)$")
EDGE_JUNK = "→-–—*_#>•|= \t"
TRAILING_JUNK = "*_|= \t"


@dataclass(frozen=True)
class Segment:
    """One quotable piece of the body: body[start:end] is its text."""

    kind: str  # heading, item, row, sentence
    start: int
    end: int
    block: int  # pieces of one paragraph, list or table share a block number
    headings: tuple = ()  # the texts of the headings above it, outermost first
    cells: tuple = ()  # a table row's cells as (start, end) spans
    columns: tuple = ()  # the table's header texts, one per cell
    level: int = 0  # a heading's level


@dataclass
class _State:
    block: int = 0
    headings: list = field(default_factory=list)  # (level, text)
    table_columns: tuple | None = None
    last_kind: str = "blank"


def blank_hidden(body):
    """The body with code and comments replaced by spaces (newlines kept)."""
    return HIDDEN.sub(lambda m: re.sub(r"[^\n]", " ", m.group(0)), body)


def trimmed(text, start, end):
    """The span without surrounding whitespace and markup; None when nothing is left."""
    while start < end and text[start] in EDGE_JUNK:
        start += 1
    while end > start and text[end - 1] in TRAILING_JUNK:
        end -= 1
    return (start, end) if any(ch.isalnum() for ch in text[start:end]) else None


def sentence_spans(text, start, end, abbreviations):
    """Split text[start:end] into sentences, keeping abbreviations like 'vs.' inside them."""
    spans, begin = [], start
    for match in SENTENCE_END.finditer(text, start, end):
        word = LAST_WORD.search(text, begin, match.start() + 1)
        if word and word.group(1).lower() in abbreviations:
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


def split_segments(body, *, abbreviations=frozenset()):
    """Every quotable piece of the body, in reading order."""
    text = blank_hidden(body)
    state = _State()
    segments = []
    offset = 0
    for line in text.split("\n"):
        line_start, line_end = offset, offset + len(line)
        offset = line_end + 1
        segments.extend(_line_segments(text, line, line_start, line_end, state, abbreviations))
    return segments


def _line_segments(text, line, start, end, state, abbreviations):
    stripped = line.strip()
    kind = "blank"
    if not stripped:
        if state.last_kind != "blank":
            state.block += 1
        state.last_kind, state.table_columns = "blank", None
        return []
    heading = HEADING.match(line)
    if heading:
        level = len(heading.group(1))
        span = trimmed(text, start + heading.end(), end)
        state.block += 1
        state.last_kind, state.table_columns = "heading", None
        if span is None:
            return []
        state.headings = [h for h in state.headings if h[0] < level]
        heading_text = text[span[0] : span[1]]
        parents = tuple(h[1] for h in state.headings)
        state.headings.append((level, heading_text))
        return [Segment("heading", *span, block=state.block, headings=parents, level=level)]
    context = {"block": None, "headings": tuple(h[1] for h in state.headings)}
    if stripped.startswith("|"):
        if state.last_kind != "row":
            state.block += 1
            state.table_columns = None
        state.last_kind = "row"
        context["block"] = state.block
        if TABLE_RULE.match(line):
            return []
        cells = table_cells(text, start + len(line) - len(line.lstrip()), end)
        if state.table_columns is None:
            state.table_columns = tuple(text[a:b] for a, b in cells)
            return []
        span = trimmed(text, start, end)
        if span is None:
            return []
        return [Segment("row", *span, cells=tuple(cells), columns=state.table_columns, **context)]
    marker = LIST_MARKER.match(line)
    if marker:
        kind = "item"
        if state.last_kind != "item":
            state.block += 1
        start += marker.end()
    elif state.last_kind not in ("sentence", "blank"):
        state.block += 1
    state.last_kind = "item" if kind == "item" else "sentence"
    context["block"] = state.block
    pieces = []
    for a, b in sentence_spans(text, start, end, abbreviations):
        span = trimmed(text, a, b)
        if span:
            pieces.append(Segment("sentence" if kind == "blank" else kind, *span, **context))
    return pieces
