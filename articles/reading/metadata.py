"""Metadata an article's own text gives: its title, its author, the date it was published.

Only what the text states is taken; anything else stays unknown (empty), never guessed. Which
source wins: a metadata header over anything derived, and command-line options over both.
"""

import datetime
import re

from .blocks import code_lines, indent_of

TITLE_MAX = 150  # a longer line is prose, not a headline
NAME_MAX = 80
OPENING_LINES = 15  # where a plain text's headline can be: before its first paragraph

BYLINE = re.compile(r"(?:Written by|By|Author:?)\s+(?P<name>.+)", re.IGNORECASE)
BYLINE_LABEL = re.compile(r"(?:Written by|Author:?)", re.IGNORECASE)
PUBLISHED = re.compile(r"Published(?: on)?:?(?:\s+(?P<date>.+))?", re.IGNORECASE)
NAME_PARTICLES = {"and", "&", "de", "da", "del", "der", "di", "du", "la", "le", "van", "von"}
NAME_END = re.compile(r"\s*(?:,|\||·|•| - | – | — ).*$")
LIST_OR_TABLE = re.compile(r"(?:[-*+•>|]|\d{1,3}[.)])(?:\s|$)")
MARKUP = re.compile(r"[*_`]+|^#{1,6}\s+")
# Link text holds no '[' and a target at most one pair of parentheses, so a line of thousands
# of '[' or '[x](' is scanned once, not once from each of them (quadratic: hours for a file).
LINK = re.compile(r"!?\[([^\[\]]*)\]\((?:[^()]|\([^()]*\))*\)")
ATX_H1 = re.compile(r"#\s+(?P<title>.+?)(?:\s+#+)?\s*")
SETEXT_H1 = re.compile(r"=+\s*")
FENCE = re.compile(r"\s*(?:```|~~~)")

MONTH = r"[A-Z][a-z]{2,8}\.?"
DAY = r"\d{1,2}(?:st|nd|rd|th)?"
DATE = re.compile(
    rf"\d{{4}}-\d{{2}}-\d{{2}}|{MONTH}\s+{DAY},?\s+\d{{4}}|{DAY}\s+{MONTH},?\s+\d{{4}}"
)
DATE_FORMATS = ("%Y-%m-%d", "%B %d %Y", "%b %d %Y", "%d %B %Y", "%d %b %Y")


def parse_date(text):
    """A date written as '2023-03-02', 'March 2, 2023', 'Mar 2nd, 2023' or '2 March 2023'."""
    match = DATE.match(text.strip())
    if match is None:
        return None
    value = re.sub(r"(?<=\d)(?:st|nd|rd|th)\b|[.,]", "", match.group())
    value = re.sub(r"\bSept\b", "Sep", " ".join(value.split()))
    for layout in DATE_FORMATS:
        try:
            return datetime.datetime.strptime(value, layout).date()
        except ValueError:
            continue
    return None


def plain(line):
    """A line's words without markdown emphasis, heading marks or link targets."""
    return MARKUP.sub("", LINK.sub(r"\1", line)).strip()


def prose_lines(text):
    """(index, line) for every non-empty line outside code (fenced or indented)."""
    lines = text.split("\n")
    for index, (line, is_code) in enumerate(zip(lines, code_lines(lines), strict=True)):
        if not is_code and line.strip() and not FENCE.match(line):
            yield index, line


def looks_like_name(value):
    words = value.split()
    return (
        0 < len(value) <= NAME_MAX
        and 1 <= len(words) <= 6
        and not re.search(r"\d|[.!?:;]$", value)
        and all(word[0].isupper() or word.lower() in NAME_PARTICLES for word in words)
        and words[0][0].isupper()
    )


def find_author(lines):
    """The name on a 'Written by X' / 'By X' / 'Author: X' line, or on the line after the label."""
    for position, (_, line) in enumerate(lines):
        text = plain(line)
        if BYLINE_LABEL.fullmatch(text) and position + 1 < len(lines):
            name = NAME_END.sub("", plain(lines[position + 1][1]))
        elif match := BYLINE.fullmatch(text):
            name = NAME_END.sub("", match.group("name")).strip()
        else:
            continue
        if looks_like_name(name):
            return name
    return ""


def find_published(lines):
    """The date on a 'Published on <date>' line, or on the line after a bare 'Published on'."""
    for position, (_, line) in enumerate(lines):
        text = plain(line)
        match = PUBLISHED.fullmatch(text)
        if match is None or len(text) > TITLE_MAX:
            continue
        given = match.group("date")
        if given is None and position + 1 < len(lines):
            given = plain(lines[position + 1][1])
        if given and (date := parse_date(given)):
            return date
    return None


def byline_indexes(lines):
    """Positions of byline and date lines (and the values under bare labels): never a title."""
    taken = set()
    for position, (_, line) in enumerate(lines):
        text = plain(line)
        if BYLINE_LABEL.fullmatch(text) or re.fullmatch(r"Published(?: on)?:?", text, re.I):
            taken.update({position, position + 1})
        elif BYLINE.fullmatch(text) or PUBLISHED.fullmatch(text) or parse_date(text):
            taken.add(position)
    return taken


def looks_like_title(text):
    return (
        3 <= len(text) <= TITLE_MAX
        and len(text.split()) >= 2
        and re.search(r"[^\W\d_]", text) is not None
        and not re.search(r"[.,;:]$", text)
        and not LIST_OR_TABLE.match(text)
    )


def markdown_title(text):
    """The first level-one heading, '# Title' or a line underlined with '='."""
    previous = None
    for index, line in prose_lines(text):
        if indent_of(line) <= 3 and (match := ATX_H1.fullmatch(line.strip())):
            return plain(match.group("title"))
        if SETEXT_H1.fullmatch(line) and previous is not None and previous[0] == index - 1:
            return plain(previous[1])
        previous = (index, line)
    return ""


def opening_title(lines):
    """A plain text's headline: the longest title-like line before its first paragraph.

    Scraped pages put menu words, section names and bylines above the headline; all of them are
    shorter than the headline itself. A text that opens with a sentence has no title line.
    """
    taken = byline_indexes(lines)
    candidates = []
    for position, (_, line) in enumerate(lines[:OPENING_LINES]):
        text = line.strip()
        if position in taken:
            continue
        if len(text) > TITLE_MAX or re.search(r"[.!]$", text):
            break
        if not line.lstrip().startswith("#") and looks_like_title(text):
            candidates.append(text)
    return max(candidates, key=len, default="")


def derive(text, *, markdown):
    """Title, author and published date as the text gives them; unknown ones empty (None)."""
    lines = list(prose_lines(text))
    title = markdown_title(text) if markdown else ""
    return {
        "title": title or opening_title(lines),
        "author": find_author(lines),
        "published": find_published(lines),
    }
