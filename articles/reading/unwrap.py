"""Hard-wrapped paragraphs joined into one line each, so no sentence breaks at a line end.

Editors wrap prose at 70-90 columns; a quote that crosses a wrap would hold a newline the
reader does not see. In markdown a single newline inside a paragraph is only a space, so joining
a paragraph's lines changes nothing a reader sees. Never joined: code (fenced or indented), table
rows, HTML blocks, headings, a list item's start to the line before it, a setext heading's text
to the line before it, and lines across a hard break (two trailing spaces or a backslash), which
becomes a paragraph break.
"""

import re

from .blocks import code_lines

BLOCK_START = re.compile(
    r"[ \t]*(?:#{1,6}(?:[ \t]|$)|[-*+][ \t]|\d{1,9}[.)][ \t]|>|\||<[A-Za-z/!?]|!!!|\?\?\?|===|"
    r"\[\^[^\]]+\]:|:[ \t]|\*[ \t]*\*[ \t]*\*|-[ \t]*-[ \t]*-|_[ \t]*_[ \t]*_|\*\[[^\]]+\]:|"
    r"\[[^\]]+\]:[ \t]|\{:)"
)
SETEXT_RULE = re.compile(r"[ \t]{0,3}(?:=+|-+)[ \t]*")
# Only the first space of a run may start a match: a long run of spaces is scanned once, not
# once from each of its spaces (a line of a million spaces took hours).
HARD_BREAK = re.compile(r"(?:(?<! ) {2,}|\\)$")
QUOTE = re.compile(r"^[ \t]{0,3}>[ \t]?")


MAX_QUOTE_DEPTH = 16  # deeper quotes are left as written (hostile nesting costs no recursion)


def unwrap_markdown(text, depth=0):
    """The text with each paragraph's (and list item's, and quote's) lines joined by a space."""
    if depth > MAX_QUOTE_DEPTH:
        return text
    lines = text.split("\n")
    out, index = [], 0
    while index < len(lines):
        if QUOTE.match(lines[index]) and not code_lines(lines[index : index + 1])[0]:
            # A blockquote: unwrap what it quotes, then quote it again.
            end = index
            while end < len(lines) and (
                QUOTE.match(lines[end])
                or (
                    lines[end].strip()
                    and end > index
                    and lines[end - 1].strip()
                    and not BLOCK_START.match(lines[end])
                )
            ):
                end += 1
            inner = unwrap_markdown(
                "\n".join(QUOTE.sub("", line) for line in lines[index:end]), depth + 1
            )
            out.extend(f"> {line}" if line.strip() else ">" for line in inner.split("\n"))
            index = end
            continue
        block_end = index
        while block_end < len(lines) and not QUOTE.match(lines[block_end]):
            block_end += 1
        out.extend(unwrap_lines(lines[index:block_end]))
        index = block_end
    return "\n".join(out)


def unwrap_lines(lines):
    code = code_lines(lines)
    out = []
    joinable = False  # whether the last line written is prose a next line may continue
    in_html = False
    for number, line in enumerate(lines):
        stripped = line.strip()
        if code[number]:
            out.append(line)
            joinable = False
            continue
        if not stripped:
            out.append(line)
            joinable = in_html = False
            continue
        if (
            in_html
            or re.match(r"[ \t]*<[A-Za-z/!?]", line)
            and not out
            or (re.match(r"[ \t]{0,3}<[A-Za-z/!?]", line) and not joinable)
        ):
            in_html = True
            out.append(line)
            joinable = False
            continue
        starts_block = BLOCK_START.match(line) or SETEXT_RULE.fullmatch(line)
        # A setext heading's text is the whole paragraph above its rule (as in CommonMark):
        # joined too, so a wrapped headline is one heading, not its last half.
        if joinable and not starts_block:
            out[-1] = f"{out[-1].rstrip()} {stripped}"
        else:
            out.append(line.rstrip() if not HARD_BREAK.search(line) else line)
        joinable = not re.match(
            r"[ \t]*(?:#|\||!!!|===|\?\?\?|\{:)", line
        ) and not SETEXT_RULE.fullmatch(line)
        if HARD_BREAK.search(line):
            out[-1] = HARD_BREAK.sub("", out[-1]).rstrip()
            if number + 1 < len(lines) and lines[number + 1].strip():
                out.append("")
            joinable = False
    return out


WRAP_WIDTH = 100
TEXT_ITEM = re.compile(r"\s*(?:[-*+•|]|\d{1,3}[.)])\s")


def is_hard_wrapped(text):
    """Plain text wrapped by an editor: short lines, in paragraphs of several lines each.

    Scraped text writes one paragraph per line (long lines, no blank lines between): that is
    never joined, so every line stays its own paragraph.
    """
    lines = [line for line in text.split("\n") if line.strip()]
    if not lines or sum(1 for line in lines if len(line) > WRAP_WIDTH) > len(lines) * 0.02:
        return False
    # Lines an editor wrapped: not the last of their paragraph, long, and mostly cut mid-sentence.
    wrapped = [
        line.rstrip()
        for block in re.split(r"\n[ \t]*\n", text)
        for line in block.strip("\n").split("\n")[:-1]
        if line.strip() and not re.match(r"\s*(?:[-*+•|]|\d{1,3}[.)])\s", line)
    ]
    if len(wrapped) < 3:
        return False
    long_enough = sum(1 for line in wrapped if len(line) >= 40)
    mid_sentence = sum(1 for line in wrapped if not re.search(r"[.!?:;\"”)]$", line))
    return long_enough >= 0.6 * len(wrapped) and mid_sentence >= 0.5 * len(wrapped)


def unwrap_text(text):
    """Plain text's wrapped paragraphs joined (list items and table rows kept as lines)."""
    blocks = re.split(r"(\n[ \t]*\n)", text)
    for position in range(0, len(blocks), 2):
        joined = []
        for line in blocks[position].split("\n"):
            continues = (
                joined
                and line.strip()
                and not TEXT_ITEM.match(line)
                and (not TEXT_ITEM.match(joined[-1]) or line[:1].isspace())
            )
            if continues:
                joined[-1] = f"{joined[-1].rstrip()} {line.strip()}"
                continue
            joined.append(line)
        blocks[position] = "\n".join(joined)
    return "".join(blocks)
