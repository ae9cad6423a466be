"""Proposing draft claims from an article's text: no database, only its vocabulary.

For each quotable piece (sentence, list item, table row) the extractor decides which frameworks
it is about, which criteria it touches (by their keywords) and, clause by clause, which stance
it takes towards each framework. Every proposal quotes the piece exactly, at its offsets.
"""

from collections import Counter
from dataclasses import dataclass

from .segments import split_segments
from .stance import MIRROR, NEUTRAL, STRENGTH, WEAKNESS, cell_stance, polarity, stance_of
from .vocabulary import Matcher, load_cues

SUMMARY_MAX = 120


@dataclass(frozen=True)
class Proposal:
    framework: str
    criterion: str
    stance: str
    summary: str
    quote: str
    quote_start: int
    quote_end: int


@dataclass
class Reading:
    """What the extractor knows while it reads one article."""

    body: str
    names: Matcher
    keywords: Matcher
    criterion_names: dict
    cues: object
    together: tuple = ()  # the frameworks the article compares
    heading: str | None = None  # the framework the current heading names
    carry: str | None = None  # the framework the current paragraph or list is about
    subject: str | None = None  # the framework a sentence naming none is about
    block: int = -1

    def mentions(self, start, end):
        """(start, end, framework slug) of each framework name in body[start:end]."""
        return self.names.find(self.body, start, end)


def propose_claims(*, body, title, frameworks, criteria, cues=None):
    """Draft claims for an article, in reading order, one per framework, criterion and quote.

    `frameworks` are FrameworkTerms (slug, names), `criteria` CriterionTerms (slug, name,
    keywords); the body is the markdown reading copy the quotes are taken from.
    """
    cues = cues or load_cues()
    reading = Reading(
        body=body,
        names=Matcher.of_phrases((f.slug, f.names) for f in frameworks),
        keywords=Matcher.of_phrases(((c.slug, c.keywords) for c in criteria), plurals=True),
        criterion_names={c.slug: c.name for c in criteria},
        cues=cues,
    )
    reading.together = compared_frameworks(reading, title)
    proposals = {}
    for segment in split_segments(body, abbreviations=cues.abbreviations):
        for proposal in segment_proposals(reading, segment):
            key = (proposal.framework, proposal.criterion, proposal.quote_start)
            proposals.setdefault(key, proposal)
    return list(proposals.values())


def compared_frameworks(reading, title):
    """The frameworks the title names, else the two the body names most (at least twice)."""
    in_title = unique(slug for _, _, slug in reading.names.find(title or ""))
    if len(in_title) >= 2:
        return tuple(in_title)
    counts = Counter(slug for _, _, slug in reading.names.find(reading.body))
    ranked = [slug for slug, count in counts.most_common() if count >= 2]
    return tuple(unique([*in_title, *ranked]))[:2]


def unique(items):
    return list(dict.fromkeys(items))


def heading_framework(reading, headings):
    """The framework of the innermost heading naming any; None when it names several."""
    for text in reversed(headings):
        named = unique(slug for _, _, slug in reading.names.find(text))
        if named:
            return named[0] if len(named) == 1 else None
    return None


def segment_proposals(reading, segment):
    body = reading.body
    if segment.kind == "heading":
        own = (*segment.headings, body[segment.start : segment.end])
        reading.heading, reading.carry = heading_framework(reading, own), None
        return []
    if segment.kind == "row":
        return row_proposals(reading, segment)
    if segment.kind == "sentence" and segment.block != reading.block:
        reading.carry = None  # a new paragraph: only its own words, or a pronoun, say whose
    reading.block = segment.block
    reading.subject = reading.carry
    if not reading.subject and (
        segment.kind == "item" or reading.cues.pronouns.match(body, segment.start)
    ):
        reading.subject = reading.heading
    mentioned = unique(slug for _, _, slug in reading.mentions(segment.start, segment.end))
    if segment.kind == "sentence" and mentioned:
        reading.carry = mentioned[0] if len(mentioned) == 1 else None
    return sentence_proposals(reading, segment)


def clauses(reading, start, end):
    """(start, end) of each clause of body[start:end]."""
    spans, begin = [], start
    for match in reading.cues.connectors.finditer(reading.body, start, end):
        if match.start() > begin:
            spans.append((begin, match.start()))
        begin = match.end()
    if begin < end:
        spans.append((begin, end))
    return spans or [(start, end)]


def sentence_proposals(reading, segment):
    """Proposals for a sentence or list item, clause by clause."""
    body, cues = reading.body, reading.cues
    hits = reading.keywords.find(body, segment.start, segment.end)
    if not hits or is_aside(reading, segment):
        return []
    verdict = verdict_stances(reading, segment)
    sides = clause_sides(reading, segment)
    found = {}
    for a, _b, criterion in hits:
        side = next((side for side in sides if side[0][0] <= a < side[0][1]), None)
        if side is None:  # a keyword inside a connector ("however"): no clause of its own
            continue
        clause, near, far = side
        if verdict:
            stances = verdict
        elif is_topic_list(reading, clause, hits):
            continue
        else:
            stance = stance_of(body, *clause, cues, focus=a)
            stances = {slug: stance for slug in near} | {slug: MIRROR[stance] for slug in far}
        for slug, stance in stances.items():
            found.setdefault((slug, criterion), (stance, clause))
    return [
        make_proposal(reading, segment, slug, criterion, stance, clause)
        for (slug, criterion), (stance, clause) in found.items()
    ]


def is_aside(reading, segment):
    """A question, or a sentence about the article itself ("the biggest difference between
    them is...", "read on"), says nothing about a framework."""
    text = reading.body[segment.start : segment.end]
    return text.endswith("?") or bool(reading.cues.asides.search(text))


def is_topic_list(reading, clause, hits):
    """A clause naming three criteria or more and taking no stance lists topics ("think about
    size, scalability and security"); it says nothing about a framework."""
    criteria = {c for a, _, c in hits if clause[0] <= a < clause[1]}
    return len(criteria) >= 3 and not polarity(reading.body, *clause, reading.cues)[2]


def clause_sides(reading, segment):
    """For each clause: (span, the frameworks it speaks of, those on the far side of a
    comparison). A clause naming none speaks of the nearest clause that names some, else of the
    article's frameworks ("both"), else of the framework the text is about."""
    body, cues = reading.body, reading.cues
    parts = []
    for start, end in clauses(reading, segment.start, segment.end):
        mentions = reading.mentions(start, end)
        marker = comparison_marker(reading, start, end, mentions)
        near, far = [], []
        for a, _b, slug in mentions:
            side = far if marker and a >= marker.end() else near
            if slug not in near and slug not in far:
                side.append(slug)
        parts.append(((start, end), near, far))
    named = [index for index, (_, near, far) in enumerate(parts) if near or far]
    sides = []
    for index, (span, near, far) in enumerate(parts):
        if not near and not far:
            nearest = min(named, key=lambda i: (abs(i - index), i > index), default=None)
            if cues.together.search(body, *span):
                near = list(reading.together)
            elif nearest is not None:
                near, far = parts[nearest][1], parts[nearest][2]
            elif reading.subject:
                near = [reading.subject]
        elif not near:  # "... than Flask": the subject is the one spoken of before
            near = [s for s in (sides[-1][1] if sides else [reading.subject]) if s and s not in far]
        if len(near) == 1 and not far and implicit_comparison(reading, segment, span):
            far = [slug for slug in reading.together if slug != near[0]]
            far = far if len(far) == 1 and len(reading.together) == 2 else []
        sides.append((span, near, far))
    return sides


def comparison_marker(reading, start, end, mentions):
    """The "than" (or "over", ...) that a framework's name follows within a few words."""
    for marker in reading.cues.comparisons.finditer(reading.body, start, end):
        for a, _b, _slug in mentions:
            if a >= marker.end() and len(reading.body[marker.end() : a].split()) <= 2:
                return marker
    return None


def implicit_comparison(reading, segment, span):
    """A short statement with a comparative and nothing to compare to ("Flask can feel
    faster", "Larger ecosystem") compares the framework with the other one of the article."""
    body, cues = reading.body, reading.cues
    return (
        len(body[segment.start : segment.end].split()) <= cues.short_comparison_words
        and bool(cues.comparatives.search(body, *span))
        and not cues.comparisons.search(body, *span)
    )


def verdict_stances(reading, segment):
    """ "X wins" makes X strong and every other framework named weak; a tie makes all even."""
    body, cues = reading.body, reading.cues
    mentions = reading.mentions(segment.start, segment.end)
    named = unique([slug for *_, slug in mentions] or reading.together)
    verdict = cues.verdicts.search(body, segment.start, segment.end)
    if verdict:
        before = [m for m in mentions if m[1] <= verdict.start()]
        if before:
            winner = before[-1][2]
            return {slug: STRENGTH if slug == winner else WEAKNESS for slug in named}
    if cues.tie.search(body, segment.start, segment.end) and len(named) > 1:
        return dict.fromkeys(named, NEUTRAL)
    return None


def row_proposals(reading, segment):
    """A comparison table row: the first cell names the criterion, each framework's column
    gives its stance."""
    body = reading.body
    if not segment.cells:
        return []
    (label_start, label_end), *cells = segment.cells
    criteria = unique(c for *_, c in reading.keywords.find(body, label_start, label_end))
    if not criteria:
        criteria = unique(c for *_, c in reading.keywords.find(body, segment.start, segment.end))
    proposals = []
    for (start, end), column in zip(cells, segment.columns[1:], strict=False):
        named = unique(slug for *_, slug in reading.names.find(column))
        if len(named) != 1 or start == end:
            continue
        stance = cell_stance(body, start, end, reading.cues)
        label = f"{body[label_start:label_end]}: {body[start:end]}"
        for criterion in criteria:
            proposals.append(
                make_proposal(reading, segment, named[0], criterion, stance, None, summary=label)
            )
    return proposals


def make_proposal(reading, segment, slug, criterion, stance, clause, summary=None):
    """The proposal, summarised by its clause when the clause says enough, else its sentence."""
    body = reading.body
    if summary is None:
        span = clause if clause and len(body[slice(*clause)].split()) >= 4 else None
        summary = body[slice(*span)] if span else body[segment.start : segment.end]
    return Proposal(
        framework=slug,
        criterion=criterion,
        stance=stance,
        summary=summarise(summary) or reading.criterion_names[criterion],
        quote=body[segment.start : segment.end],
        quote_start=segment.start,
        quote_end=segment.end,
    )


def summarise(text):
    """A short summary from the quoted words: one line, capitalised, at most 120 characters."""
    text = " ".join(text.split()).strip(" ,;:-–—→")
    if len(text) > SUMMARY_MAX:
        text = text[: SUMMARY_MAX - 1].rsplit(" ", 1)[0].rstrip(" ,;:") + "…"
    return text[:1].upper() + text[1:]
