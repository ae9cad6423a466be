"""How a sentence sets frameworks against each other: likenesses, migrations, "both",
comparatives with or without "than", rankings and verdicts. Each reads the sentence for every
framework it names, so that one comparison gives each side its own stance."""

import re

from .attribution import unique
from .stance import MIRROR, NEUTRAL, STRENGTH, WEAKNESS

MORE_LESS = re.compile(r"\b(?:more|less)\s+(?!than\b)[a-z-]{4,}\b", re.I)


# "similar to", "aligned with": a likeness, whatever follows; "like" only before a framework's name
LIKENESS = re.compile(
    r"\b(?:similar\s+to|alike|comparabl[ey]|aligned\s+with|the\s+same\s+as|different\s+from)\b"
)
LIKE = re.compile(r"\b(?:un)?like\s+$")


def likens(reading, segment):
    """Whether the piece likens frameworks ("X is like Y", "similar to Y", "unlike Z")."""
    if LIKENESS.search(reading.text, segment.start, segment.end):
        return True
    return any(
        LIKE.search(reading.text, max(segment.start, a - 8), a)
        for a, *_ in reading.mentions(segment.start, segment.end)
    )


# "moving from X to Y", "migrating your X app to Y": X is left behind, the clause speaks of Y.
MIGRATION = re.compile(
    r"\b(?:mov|migrat|switch|port|convert)(?:e|es|ed|ing|s)?\b(?=[^.;:!?]*?\bto\b)", re.I
)
TO = re.compile(r"\bto\b", re.I)


def migration_sources(reading, start, end, mentions):
    """The starts of the frameworks a clause moves away from: named after a verb of moving
    and before the "to" that names where to."""
    move = MIGRATION.search(reading.text, start, end)
    if not move:
        return set()
    to = next(
        (
            m
            for m in TO.finditer(reading.text, move.end(), end)
            if any(a >= m.end() for a, *_ in mentions)
        ),
        None,
    )
    if to is None:
        return set()
    return {a for a, *_ in mentions if move.end() <= a < to.start()}


# "both the effort and the cost": a conjunction; "both are stable and ..." is not.
BOTH_AND = re.compile(
    r"\s+(?!(?:are|is|have|has|can|do|were|will|would|offer|provide|support|come|use|give|"
    r"allow|let|make|take|share|work|run|follow|need|rely)\b)(?:[\w-]+\s+){0,3}?and\b",
    re.I,
)


def refers_to_all(reading, span):
    """ "Both are stable", "the two": words standing for every framework compared; "both"
    joining two things ("both the effort and the cost") is not one."""
    for match in reading.cues.together.finditer(reading.text, *span):
        if match.group().lower() == "both" and BOTH_AND.match(reading.text, match.end(), span[1]):
            continue
        return True
    return False


def comparison_marker(reading, start, end, mentions):
    """The "than" (or "over", ...) that a framework's name follows within a few words."""
    for marker in reading.cues.comparisons.finditer(reading.text, start, end):
        for a, _b, _slug in mentions:
            if a >= marker.end() and len(reading.text[marker.end() : a].split()) <= 2:
                return marker
    return None


def implicit_comparison(reading, segment, span):
    """A short statement with a comparative and nothing to compare to ("Flask can feel
    faster", "Larger ecosystem") compares the framework with the other one of the article."""
    text, cues = reading.text, reading.cues
    comparative = cues.comparatives.search(text, *span) or MORE_LESS.search(text, *span)
    return (
        bool(comparative)
        and len(text[segment.start : segment.end].split()) <= cues.short_comparison_words
        and not cues.comparisons.search(text, *span)
    )


def ranking_stances(reading, segment):
    """ "X leads, then Y, finally Z": the first named is strong, the last weak, those between
    even."""
    text, cues = reading.text, reading.cues
    if not cues.rankings.search(text, segment.start, segment.end):
        return None
    named = unique(slug for *_, slug in reading.mentions(segment.start, segment.end))
    if len(named) < 3:
        return None
    return {
        slug: STRENGTH if i == 0 else WEAKNESS if i == len(named) - 1 else NEUTRAL
        for i, slug in enumerate(named)
    }


def verdict_stances(reading, segment):
    """ "X wins" makes X strong and every other framework named weak ("X loses" the other way
    round); a tie makes all even."""
    text, cues = reading.text, reading.cues
    mentions = reading.mentions(segment.start, segment.end)
    named = unique([slug for *_, slug in mentions] or reading.section_together())
    for pattern, win in ((cues.verdicts, STRENGTH), (cues.losses, WEAKNESS)):
        verdict = pattern.search(text, segment.start, segment.end)
        if verdict:
            before = [m for m in mentions if m[1] <= verdict.start()]
            if before:
                chosen = before[-1][2]
                # "Django wins" in a comparison of two: the other one loses
                named = unique([*named, *reading.section_together()])
                return {slug: win if slug == chosen else MIRROR[win] for slug in named}
    if cues.tie.search(text, segment.start, segment.end) and len(named) > 1:
        return dict.fromkeys(named, NEUTRAL)
    return None
