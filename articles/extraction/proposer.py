"""Proposing draft claims from an article's text: no database, only its vocabulary.

For each quotable piece (sentence, list item, table row) the extractor decides which frameworks
it is about (those it names as themselves, not inside a product's name; else its paragraph's
or its section's), the one criterion it says most about (by whole-word keywords in its prose),
and, clause by clause, the stance it takes towards each framework. Every proposal quotes the
piece exactly, at its offsets. One article gives at most `limit` proposals.
"""

import re
from collections import Counter
from dataclasses import dataclass

from .attribution import Reading, compared_frameworks, heading_frameworks, unique
from .comparisons import (
    comparison_marker,
    implicit_comparison,
    likens,
    migration_sources,
    ranking_stances,
    refers_to_all,
    verdict_stances,
)
from .scores import scores_compared
from .segments import split_segments
from .stance import MIRROR, NEUTRAL, STRENGTH, cell_stance, stance_of
from .vocabulary import Matcher, load_cues

SUMMARY_MAX = 120
MAX_PROPOSALS = 250  # per article: a curator reviews drafts one by one
VERDICT = "overall-verdict"
WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class Proposal:
    framework: str
    criterion: str
    stance: str
    summary: str
    quote: str
    quote_start: int
    quote_end: int


def propose_claims(*, body, title, frameworks, criteria, cues=None, limit=MAX_PROPOSALS):
    """Draft claims for an article, in reading order: at most one per framework, criterion and
    quote, and at most two criteria per framework and quote.

    `frameworks` are FrameworkTerms (slug, names), `criteria` CriterionTerms (slug, name,
    keywords); the body is the markdown reading copy the quotes are taken from.
    """
    cues = cues or load_cues()
    segments = split_segments(body, abbreviations=cues.abbreviations)
    reading = Reading(
        body=body,
        names=Matcher.of_phrases((f.slug, f.names) for f in frameworks),
        keywords=Matcher.of_phrases(((c.slug, c.keywords) for c in criteria), plurals=True),
        criterion_names={c.slug: c.name for c in criteria},
        cues=cues,
        known_names=frozenset(name.lower() for f in frameworks for name in f.names),
    )
    reading.together = compared_frameworks(reading, title, segments)
    proposals = {}
    for segment in segments:
        for proposal in segment_proposals(reading, segment):
            key = (proposal.framework, proposal.criterion, proposal.quote_start)
            proposals.setdefault(key, proposal)
        if len(proposals) >= limit:
            break
    return scores_compared(reading, segments, list(proposals.values())[:limit])


def segment_proposals(reading, segment):
    if segment.kind == "heading":
        reading.enter_heading(segment)
        return []
    if segment.kind == "row":
        return row_proposals(reading, segment)
    reading.enter_piece(segment)
    if segment.kind == "lead":
        return []
    return sentence_proposals(reading, segment)


SUBORDINATE = re.compile(r"\s*(?:although|though|while|whereas|unlike|even though)\b[^,;]*,", re.I)


def clauses(reading, start, end):
    """(start, end) of each clause of the reading text's [start:end]; a sentence that opens
    with "Although ..." or "While ..." turns at its first comma."""
    cuts = [
        (m.start(), m.end()) for m in reading.cues.connectors.finditer(reading.text, start, end)
    ]
    opening = SUBORDINATE.match(reading.text, start, end)
    if opening:
        comma = opening.end() - 1
        cuts = sorted([*(c for c in cuts if not c[0] <= comma < c[1]), (comma, comma + 1)])
    spans, begin = [], start
    for cut_start, cut_end in cuts:
        if cut_start < begin:
            continue
        if cut_start > begin:
            spans.append((begin, cut_start))
        begin = cut_end
    if begin < end:
        spans.append((begin, end))
    return spans or [(start, end)]


def criterion_of(reading, hits):
    """The piece's criterion: its best keyword hit's, else its section's (a section on routing
    speaks of routing); None when neither names one."""
    if hits:
        return best_criterion(reading, hits)
    return reading.heading_criterion or None


def best_criterion(reading, hits):
    """The criterion the piece says most about: most keyword hits, then the longest keyword;
    the overall verdict only when no other criterion is named."""
    scores = {}
    for a, b, criterion in hits:
        count, longest, first = scores.get(criterion, (0, 0, a))
        scores[criterion] = (count + 1, max(longest, b - a), first)
    if reading.heading_criterion in scores:  # the section's own topic, named here too
        count, longest, first = scores[reading.heading_criterion]
        scores[reading.heading_criterion] = (count + 1, longest, first)
    specific = {c: s for c, s in scores.items() if c != VERDICT}
    pool = specific or scores
    judged = judged_criteria(reading, hits)
    return max(pool, key=lambda c: (pool[c][0], c in judged, pool[c][1], -pool[c][2]))


def says_kind(reading, segment):
    """The criterion of a sentence saying what kind of thing its subject is ("X is a web
    framework for ...", "X and Y are both platforms"): what kind of framework it is."""
    kind = reading.cues.kind_criterion
    if kind not in reading.criterion_names:
        return None
    mentions = reading.mentions(segment.start, segment.end)
    for a, b, _slug in mentions:
        if len(WORD.findall(reading.text, segment.start, a)) >= SUBJECT_WORDS:
            break
        if reading.cues.kind_of.match(reading.text, b, segment.end):
            return kind
    return None


def judged_criteria(reading, hits):
    """The criteria whose keyword is itself an evaluation ("flexible", "fast", "secure"):
    where a sentence names two criteria as often, the one it judges is what it is about."""
    cues = reading.cues.stance
    return {
        c for a, b, c in hits if any(x < b and a < y for x, y, _ in cues.find(reading.text, a, b))
    }


def sentence_proposals(reading, segment):
    """Proposals for a sentence or list item: one per framework, on its best criterion."""
    text, cues = reading.text, reading.cues
    if is_aside(reading, segment):
        return []
    hits = reading.criterion_hits(segment.start, segment.end)
    verdict = cues.recommendations.search(text, segment.start, segment.end)
    if verdict and VERDICT in reading.criterion_names:
        hits.append((verdict.start(), verdict.end(), VERDICT))
    criterion = criterion_of(reading, hits) or says_kind(reading, segment)
    if criterion is None:
        return []
    spans = [(a, b) for a, b, c in hits if c == criterion]
    stances = ranking_stances(reading, segment) or verdict_stances(reading, segment)
    if stances is None:
        stances = clause_stances(reading, segment, spans, criterion)
        # A neutral statement is worth a draft about the framework it is about (its subject);
        # one it inherits from its paragraph or section ("It is written in Python.") or names
        # in passing ("familiar to anyone coming from X") is background.
        named = subjects(reading, segment)
        if likens(reading, segment):
            # "X is like Y and Z": a likeness is a statement about each framework it names
            named |= {slug for *_, slug in reading.mentions(segment.start, segment.end)}
        stances = {slug: st for slug, st in stances.items() if st != NEUTRAL or slug in named}
    if is_topic_list(reading, segment, hits) and not any(s != NEUTRAL for s in stances.values()):
        return []
    own = own_hits(reading, segment, hits)
    found = []
    for slug, stance in stances.items():
        mine = own.get(slug) or hits
        best = best_criterion(reading, mine) if mine else criterion
        chosen = [best, *second_criteria(reading, mine, best)]
        # a description filed under two criteria doubles the drafts for little: only a
        # judgement is filed under both
        for each in chosen if stance != NEUTRAL else chosen[:1]:
            found.append(make_proposal(reading, segment, slug, each, stance))
    return found


def own_hits(reading, segment, hits):
    """For each framework a clause of the sentence speaks of, the keyword hits in the clauses
    that speak of it: in "X is fast, while Y is easier to learn" speed is X's and learning
    Y's."""
    sides = clause_sides(reading, segment)
    if len(sides) < 2:
        return {}
    own = {}
    for (start, end), near, far in sides:
        inside = [hit for hit in hits if start <= hit[0] < end]
        for slug in (*near, *far):
            own.setdefault(slug, []).extend(inside)
    return own


def second_criteria(reading, hits, best):
    """The other criterion a sentence says as much about, if any. Curators file a sentence
    under two criteria when it names both plainly (a fifth of the reference claims share their
    sentence and framework with a claim on another criterion): a sentence naming exactly two
    criteria, the second with as many keywords as the best, gives a draft for each framework it
    judges, unless the best is judged by its keyword ("faster") and the other merely named."""
    counts = Counter(c for *_, c in hits if c != VERDICT)
    if len(counts) != 2:
        return []
    ((other, count),) = ((c, n) for c, n in counts.items() if c != best)
    if count < counts[best]:
        return []
    judged = judged_criteria(reading, hits)
    # "fast and minimalist": the sentence judges speed and merely names the other
    return [] if best in judged and other not in judged else [other]


SUBJECT_WORDS = 4  # a subject stands in a clause's first words


def subjects(reading, segment):
    """The frameworks a piece names as its subject: within the first few words of the piece
    or of one of its clauses ("Django uses ...", "..., while Flask leaves ...")."""
    found = set()
    for start, end in clauses(reading, segment.start, segment.end):
        for a, _b, slug in reading.mentions(start, end):
            if len(WORD.findall(reading.text, start, a)) < SUBJECT_WORDS:
                found.add(slug)
    return found


def clause_stances(reading, segment, keyword_spans, criterion=None):
    """Each framework's stance: from the clause that holds the criterion's keyword when it
    speaks of the framework, else from the clause that takes a stance (the later one, after a
    "but", when both do), else neutral."""
    text, cues = reading.text, reading.cues
    # "companies using X": a creditable criterion said of a framework the sentence names
    if criterion in cues.creditable and reading.mentions(segment.start, segment.end):
        default = STRENGTH
    else:
        default = reading.leaning if segment.kind == "item" else None
    found = {}
    for (start, end), near, far in clause_sides(reading, segment):
        in_clause = [a for a, _ in keyword_spans if start <= a < end]
        stance = stance_of(
            text,
            start,
            end,
            cues,
            focus=in_clause[0] if in_clause else None,
            default=default,
        )
        for slug, value in [*((s, stance) for s in near), *((s, MIRROR[stance]) for s in far)]:
            rank = (0 if in_clause else 1, 0 if value != NEUTRAL else 1)
            if slug not in found or rank <= found[slug][1]:
                found[slug] = (value, rank)
    return {slug: value for slug, (value, _) in found.items()}


def is_aside(reading, segment):
    """A question, or a sentence about the article itself ("the biggest difference between
    them is...", "this page compares..."), says nothing about a framework."""
    text = reading.text[segment.start : segment.end].rstrip()
    return text.endswith("?") or bool(reading.cues.asides.search(text))


def is_topic_list(reading, segment, hits):
    """A piece naming three criteria or more lists topics ("think about size, scalability and
    security") unless it takes a stance."""
    return len({c for *_, c in hits}) >= 3


def clause_sides(reading, segment):
    """For each clause: (span, the frameworks it speaks of, those on the far side of a
    comparison). A clause naming none speaks of the nearest clause that names some, else of the
    article's frameworks ("both"), else of the framework the text is about."""
    parts = []
    likeness = likens(reading, segment)
    for start, end in clauses(reading, segment.start, segment.end):
        mentions = reading.mentions(start, end)
        left = migration_sources(reading, start, end, mentions)
        mentions = [m for m in mentions if m[0] not in left]
        marker = comparison_marker(reading, start, end, mentions)
        objects = objects_of(reading, start, end, mentions, marker) if not likeness else set()
        near, far = [], []
        for a, _b, slug in mentions:
            side = far if marker and a >= marker.end() else near
            if slug not in near and slug not in far and a not in objects:
                side.append(slug)
        parts.append(((start, end), near, far))
    named = [index for index, (_, near, far) in enumerate(parts) if near or far]
    sides = []
    for index, (span, near, far) in enumerate(parts):
        if not near and not far:
            nearest = min(named, key=lambda i: (abs(i - index), i > index), default=None)
            if refers_to_all(reading, span):
                near = list(reading.section_together())
            elif nearest is not None:
                near, far = parts[nearest][1], parts[nearest][2]
            elif reading.subject:
                near = [reading.subject]
        elif not near:  # "... than Flask": the subject is the one spoken of before
            near = [s for s in (sides[-1][1] if sides else [reading.subject]) if s and s not in far]
        said_of = {slug for *_, slug in reading.mentions(segment.start, segment.end)}
        if (
            len(near) == 1
            and not far
            and (segment.kind == "item" or near[0] in said_of)  # not "This makes it slower"
            and implicit_comparison(reading, segment, span)
        ):
            others = [slug for slug in reading.section_together() if slug != near[0]]
            far = others if len(others) == 1 else []
        sides.append((span, near, far))
    return sides


COORDINATED = re.compile(r"(?:\s*\([^()]*\))?[\s,]*(?:and|or|&)?\s*$", re.I)
# ", and Django is ...": a framework opening a clause of its own is its subject
CLAUSE_OPENING = re.compile(r"(?:[,;]\s*(?:and|but|so|yet)|;)\s+(?:[\w-]+\s+)?$", re.I)


def objects_of(reading, start, end, mentions, marker):
    """The starts of the frameworks a clause names after its subject framework, outside a
    comparison ("Loco uses Axum", "X is built on Y"): the clause speaks of its subject.
    Frameworks joined to the subject ("X and Y are ...") or opening a clause of their own
    ("..., and Y is ...") are subjects too."""
    words_before = [len(WORD.findall(reading.text, start, a)) for a, *_ in mentions]
    if not any(n < SUBJECT_WORDS for n in words_before):
        return set()
    objects, previous_end = set(), None
    for (a, b, _slug), n in zip(mentions, words_before, strict=True):
        joined = previous_end is not None and COORDINATED.fullmatch(reading.text, previous_end, a)
        opens = CLAUSE_OPENING.search(reading.text, max(start, a - 20), a)
        if n >= SUBJECT_WORDS and not (joined or opens) and not (marker and a >= marker.end()):
            objects.add(a)
        else:
            previous_end = b
    return objects


def row_proposals(reading, segment):
    """A comparison table row: the first cell names the criterion, each framework's column
    gives its stance."""
    text = reading.text
    if not segment.cells:
        return []
    (label_start, label_end), *cells = segment.cells
    hits = reading.criterion_hits(label_start, label_end, labels=True) or reading.criterion_hits(
        segment.start, segment.end, labels=True
    )
    criterion = criterion_of(reading, hits)
    if criterion is None:
        return []
    found = []
    for (start, end), column in zip(cells, segment.columns[1:], strict=False):
        named = unique(slug for *_, slug in reading.names.find(column))
        if len(named) != 1 or start == end:
            continue
        found.append((named[0], cell_stance(reading.body, start, end, reading.cues), (start, end)))
    if len({stance for _, stance, _ in found}) == 1:
        # Every column the same ("yes" across the row): the row tells them apart in nothing.
        found = [(slug, NEUTRAL, span) for slug, _, span in found]
    label = " ".join(text[label_start:label_end].split())
    return [
        make_proposal(
            reading,
            segment,
            slug,
            criterion,
            stance,
            summary=f"{label}: {' '.join(reading.body[start:end].split())}",
        )
        for slug, stance, (start, end) in found
    ]


def make_proposal(reading, segment, slug, criterion, stance, summary=None):
    """The proposal, summarised by the words of its quote (markup left out)."""
    if summary is None:
        summary = reading.text[segment.start : segment.end]
    return Proposal(
        framework=slug,
        criterion=criterion,
        stance=stance,
        summary=summarise(summary) or reading.criterion_names[criterion],
        quote=reading.body[segment.start : segment.end],
        quote_start=segment.start,
        quote_end=segment.end,
    )


def summarise(text):
    """A short summary from the quoted words: one line, capitalised, at most 120 characters."""
    text = " ".join(text.replace("**", "").split()).strip(" ,;:-–—→*_")
    if len(text) > SUMMARY_MAX:
        text = text[: SUMMARY_MAX - 1].rsplit(" ", 1)[0].rstrip(" ,;:") + "…"
    return text[:1].upper() + text[1:]


__all__ = ["Proposal", "propose_claims", "heading_frameworks"]
