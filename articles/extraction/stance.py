"""Reading a stance from a stretch of text with the cues of stance_cues.toml."""

import re

STRENGTH, WEAKNESS, NEUTRAL = "strength", "weakness", "neutral"
WORD = re.compile(r"\w+")
MIRROR = {STRENGTH: WEAKNESS, WEAKNESS: STRENGTH, NEUTRAL: NEUTRAL}


def cue_values(text, start, end, cues, ignore=(), focus=None):
    """(values, even): each cue of text[start:end] as (offset, +1 or -1), and whether an
    even-handed cue ("a tie", "depends on") occurs.

    A negation turns every cue that follows it within a few words ("doesn't come with any
    built-in ..."); "no" with no cue after it counts against when the criterion's keyword
    follows it closely ("Flask has no ORM"). "Less", "lower" and the like turn the cue at most two words on ("lower per-request overhead").
    """
    idioms = [m.span() for m in cues.not_negations.finditer(text, start, end)]
    virtues = [(m.start(), m.end(), "positive") for m in cues.virtues.finditer(text, start, end)]
    hits = [
        hit
        for hit in sorted([*cues.stance.find(text, start, end), *virtues])
        if not any(x <= hit[0] < y for x, y in idioms)
        and not any(x < hit[1] and hit[0] < y for x, y in ignore)
    ]
    negations = [
        m
        for m in cues.negations.finditer(text, start, end)
        if not any(a <= m.start() < b for a, b in idioms)
        and not any(a <= m.start() < b for a, b, _ in hits)
    ]
    diminishers = list(cues.diminishers.finditer(text, start, end))
    values, even, used = [], False, set()
    for a, _b, label in hits:
        if label == "neutral":
            even = True
            continue
        value = 1 if label == "positive" else -1
        if any(m.end() <= a and len(WORD.findall(text, m.end(), a)) <= 2 for m in diminishers):
            value = -value
        scope = [
            negation
            for negation in negations
            if negation.end() <= a
            and len(WORD.findall(text, negation.end(), a)) < cues.negation_window
        ]
        if scope:
            value = -value
            used.update(negation.start() for negation in scope)
        values.append((a, value))
    for verb in cues.negatable.finditer(text, start, end):  # "doesn't support X"
        scope = [
            n
            for n in negations
            if n.end() <= verb.start()
            and n.start() not in used
            and len(WORD.findall(text, n.end(), verb.start())) < 2
        ]
        if scope:
            values.append((verb.start(), -1))
            used.update(n.start() for n in scope)
    values += [
        (m.start(), -1)
        for m in negations
        if m.start() not in used
        and m.group().lower() in ("no", "without", "lacks", "lack")
        and focus is not None
        and m.end() <= focus
        and len(WORD.findall(text, m.end(), focus)) <= 2
    ]
    return values, even


def polarity(text, start, end, cues, *, focus=None, ignore=()):
    """(score, even, cued): the cues' balance, the nearer `focus` the heavier; whether an
    even-handed cue occurs; whether any cue does."""
    values, even = cue_values(text, start, end, cues, ignore, focus)
    if focus is None:
        score = sum(value for _, value in values)
    else:
        score = sum(
            value / (1 + len(WORD.findall(text, min(at, focus), max(at, focus))))
            for at, value in values
        )
    return score, even, bool(values)


def stance_of(text, start, end, cues, *, focus=None, default=None, ignore=()):
    """The stance text[start:end] takes towards the framework it is about. Words in `ignore`
    (the criterion's own keyword: "flexibility", "performance") are no evaluation."""
    score, even, cued = polarity(text, start, end, cues, focus=focus, ignore=ignore)
    if even and score <= 0:
        return NEUTRAL
    if score > 0:
        return STRENGTH
    if score < 0:
        return WEAKNESS
    if cued or even:
        return NEUTRAL
    return default or cues.default


def cell_stance(text, start, end, cues):
    """A comparison table cell: "Yes", "Built-in" speak for its column; "No", "Manual" against."""
    positive = cues.table_positive.search(text, start, end)
    negative = cues.table_negative.search(text, start, end)
    if negative and (not positive or len(negative.group()) >= len(positive.group())):
        return WEAKNESS
    if positive:
        return STRENGTH
    return NEUTRAL
