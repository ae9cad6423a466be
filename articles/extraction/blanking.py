"""The reading text of a body: the same characters where the body is prose, spaces (newlines
kept) where it is not, so that offsets in one are offsets in the other.

What is blanked is what no claim may quote and no keyword may match in: code (fenced,
indented, inline, reStructuredText literal blocks), front matter, HTML tags and comments,
template shortcodes and directives, admonition and tab markers, link reference definitions
and link targets, URLs, emoji codes and blockquote markers. The words of a link stay; its
address goes.
"""

import re

FRONT_MATTER = re.compile(r"\A\s*(---|\+\+\+)[ \t]*\n.*?\n\1[ \t]*(?:\n|\Z)", re.S)
FENCED = re.compile(r"^([ \t]*)(```|~~~)[^\n]*\n.*?(?:^[ \t]*\2[^\n]*$|\Z)", re.S | re.M)
# Blocks blanked whole, each from its opening to its closing: comments, code-like HTML
# elements, template tags. Openers are found by one pattern, closers by a search from there.
BLOCK_OPENERS = re.compile(r"<!--|<(pre|script|style|code|svg)\b[^<>]*>|\{\{|\{%|\{#", re.I)
BLOCK_CLOSERS = {"<!--": "-->", "{{": "}}", "{%": "%}", "{#": "#}"}
INLINE = [
    re.compile(r"\s<[^<>`\s]+>`_{1,2}|`(?=[^`]*\s<[^<>`\s]+>`_)"),  # an rst link's address
    re.compile(r"`[^`\n]+`_{0,2}"),  # inline code, or an rst link/role's target
    re.compile(r":[\w-]+:(?=`)"),  # an rst role before its text
    re.compile(r"</?[A-Za-z][^<>]*>"),  # HTML tags
    # an address never holds "](": a run of "[x](" is scanned once, not from each of them
    re.compile(r"!\[[^\]\n]*\]\((?:[^)\n\]]|\](?!\())*\)"),  # an image
    re.compile(r"\[(?=[^\[\]\n]*\]\()"),  # a markdown link's opening bracket
    re.compile(r"\]\((?:[^)\s\]]|\](?!\())*(?:\s+\"[^\"\n]*\")?\)"),  # a link's address
    re.compile(r"\]\[[^\]\n]*\]"),  # a reference link's label
    re.compile(r"(?:https?|ftp)://[^\s)<>\]]+|\bwww\.[^\s)<>\]]+"),  # bare URLs
    re.compile(r"(?<![\w:]):[a-z0-9_+-]+:(?![\w:])"),  # emoji codes (:white_check_mark:)
    re.compile(r"\[![A-Z]+\]"),  # GitHub alerts ([!NOTE])
    re.compile(r"&[a-z]+;|&#\d+;"),  # HTML entities
    re.compile(r"\\(?=[\\`*_{}\[\]()#+.!-])"),  # markdown escapes
]
WHOLE_LINES = re.compile(
    r"^(?:"
    r" {0,3}\[[^\]\n]+\]:[ \t]*\S.*"  # link reference definitions
    r"|\.\.[ \t]+_[^:\n]*:.*"  # rst link targets
    r"|__[ \t]+\S.*"  # rst anonymous targets
    r"|\.\.[ \t]+[\w:-]+::.*"  # rst directives (their body stays, unless it is code)
    r"|[ \t]*(?::{3,}|!{3}|\?{3}\+?)[ \t]*.*"  # admonitions, container directives
    r"|[ \t]*={3}[ \t]+[\"'].*"  # content tabs
    r"|[ \t]*\+[-=+]+\+[ \t]*"  # rst grid table rules
    r")$",
    re.M,
)
QUOTE_MARKER = re.compile(r"^[ \t]*(?:>[ \t]?)+", re.M)
CODE_LINE = re.compile(
    r"[{};]\s*$|^\s*(?:def|class|import|from|return|const|let|var|function|fn|use|pub|async|"
    r"await|if|for|end|do|get|post|require|@\w+|#include|\$|>>>|\.\.\.)\b|[=(]\s*$|\w\(.*\)\s*$"
    r"|^\s*[\w.]+\s*=\s*\S|^\s*[\w-]+:\s*$|^\s*</?\w"
)


def spaces(match):
    return re.sub(r"[^\n]", " ", match.group(0))


def blank_indented_code(text):
    """Blank indented blocks that are code: after a line ending "::" (reStructuredText), or
    when most of their lines look like code. An indented block of prose (an admonition's
    body, a sidebar) is kept."""
    lines = text.split("\n")
    out = list(lines)
    index = 0
    previous = ""  # the last non-blank line before the current block
    while index < len(lines):
        line = lines[index]
        blank_before = index == 0 or not lines[index - 1].strip()
        if line.startswith(("    ", "\t")) and line.strip() and blank_before:
            end = index
            while end < len(lines) and (
                not lines[end].strip() or lines[end].startswith((" ", "\t"))
            ):
                end += 1
            block = [i for i in range(index, end) if lines[i].strip()]
            code_like = sum(1 for i in block if CODE_LINE.search(lines[i]))
            if previous.rstrip().endswith("::") or code_like * 2 >= len(block):
                for i in block:
                    out[i] = " " * len(lines[i])
            if block:
                previous = lines[block[-1]]
            index = end
            continue
        if line.strip():
            previous = line
        index += 1
    return "\n".join(out)


def blank_blocks(text):
    """The text with each block blanked from its opener to its closer, in one pass: an opener
    whose closer is nowhere after it is left as it is, and so is every later one of its kind
    (the closer is not after them either), so that a file of a thousand unclosed "{{" is read
    once, not a thousand times."""
    pieces, done, position, unclosed = [], 0, 0, set()
    while opener := BLOCK_OPENERS.search(text, position):
        tag = (opener.group(1) or "").lower()
        kind = tag or opener.group()
        end = -1
        if kind not in unclosed:
            if tag:
                closer = re.compile(rf"</{tag}\s*>", re.I).search(text, opener.end())
                end = closer.end() if closer else -1
            else:
                found = text.find(BLOCK_CLOSERS[kind], opener.end())
                end = found + len(BLOCK_CLOSERS[kind]) if found >= 0 else -1
        if end < 0:
            unclosed.add(kind)
            position = opener.start() + 1  # "{{#" unclosed: a "{#" may still open at the next
            continue
        pieces += [text[done : opener.start()], re.sub(r"[^\n]", " ", text[opener.start() : end])]
        done = position = end
    pieces.append(text[done:])
    return "".join(pieces)


def blank_non_prose(body):
    """The body with everything that is not prose replaced by spaces (newlines kept)."""
    text = FRONT_MATTER.sub(spaces, body, count=1)
    text = FENCED.sub(spaces, text)
    text = blank_blocks(text)
    text = WHOLE_LINES.sub(spaces, text)
    text = blank_indented_code(text)
    for pattern in INLINE:
        text = pattern.sub(spaces, text)
    return QUOTE_MARKER.sub(spaces, text)
