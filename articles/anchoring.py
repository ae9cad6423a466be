"""Finding a quote's place in an article's text."""

import difflib
import re


def occurrences(body, quote):
    """Start offsets of every occurrence of quote in body, overlapping ones included."""
    starts = []
    if not quote:
        return starts
    start = body.find(quote)
    while start != -1:
        starts.append(start)
        start = body.find(quote, start + 1)
    return starts


class QuoteNotFound(ValueError):
    pass


class QuoteAmbiguous(ValueError):
    def __init__(self, count):
        self.count = count
        super().__init__(f"the quote occurs {count} times; say which with occurrence = N")


def locate(body, quote, occurrence=None):
    """(start, end) of the quote in body; `occurrence` (1-based) picks among repeats."""
    starts = occurrences(body, quote)
    if not starts:
        raise QuoteNotFound("the quote does not occur in the article's text")
    if occurrence is None:
        if len(starts) > 1:
            raise QuoteAmbiguous(len(starts))
        occurrence = 1
    if not 1 <= occurrence <= len(starts):
        raise QuoteNotFound(
            f"occurrence = {occurrence}, but the quote occurs {len(starts)} time(s)"
        )
    start = starts[occurrence - 1]
    return start, start + len(quote)


def reanchor(body, quote, old_start):
    """The new (start, end) of a quote after its text changed, nearest its old place, or None."""
    starts = occurrences(body, quote)
    if not starts:
        return None
    start = min(starts, key=lambda candidate: abs(candidate - old_start))
    return start, start + len(quote)


_WORD = re.compile(r"\w+")
# With fewer than this share of the quote's words, nothing in the article is close enough.
CLOSE_ENOUGH = 0.5


def closest_passage(body, quote):
    """The run of the body's words most like the quote, as the body has it (so it is a quote
    that anchors), or None when nothing in the body comes close.

    Shown when a quote does not occur, so a curator sees and can copy what the article says.
    Windows as long as the quote, give or take a word, are compared word by word, ignoring case,
    punctuation and markup.
    """
    words = [
        (match.start(), match.end(), match.group().casefold()) for match in _WORD.finditer(body)
    ]
    wanted = [word.casefold() for word in _WORD.findall(quote)]
    if not words or not wanted:
        return None
    matcher = difflib.SequenceMatcher(autojunk=False)
    matcher.set_seq2(wanted)
    # Most words in common first, then the window nearest the quote's length.
    best_score, candidates = (len(wanted) * CLOSE_ENOUGH, -len(wanted)), []
    for size in sorted({max(1, len(wanted) - 1), len(wanted), len(wanted) + 1}):
        size = min(size, len(words))
        for first in range(len(words) - size + 1):
            matcher.set_seq1([word for _, _, word in words[first : first + size]])
            # quick_ratio bounds the words in common from above: skip hopeless windows.
            if matcher.quick_ratio() * (size + len(wanted)) / 2 < best_score[0]:
                continue
            common = sum(block.size for block in matcher.get_matching_blocks())
            score = (common, -abs(size - len(wanted)))
            if score > best_score:
                best_score, candidates = score, []
            if score == best_score:
                candidates.append((first, first + size))
    if not candidates:
        return None
    # Among equals, the one whose words read most like the quote's, letter by letter.
    text = " ".join(wanted)
    first, stop = max(
        candidates,
        key=lambda window: difflib.SequenceMatcher(
            None, " ".join(word for _, _, word in words[window[0] : window[1]]), text
        ).ratio(),
    )
    start, end = words[first][0], words[stop - 1][1]
    # Take in the punctuation that closes the last word ("panel." rather than "panel").
    while end < len(body) and not body[end].isspace():
        end += 1
    return body[start:end]
