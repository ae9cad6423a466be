"""Finding a quote's place in an article's text."""


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
