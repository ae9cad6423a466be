"""Which framework a piece of an article is about, and which criteria its words name.

A framework is named by its name standing as itself: "Flask-Login", "Django Ninja" and
"Django REST framework" are products named after a framework, not the framework. A piece that
names none is about its paragraph's topic (the framework its first sentence names), else about
the framework its section's heading names. Criterion keywords count only in prose (the reading
text, where code, markup and URLs are blanked), never inside a product's name or a framework's,
nor in phrases where they mean something else ("machine learning").
"""

import re
from bisect import bisect_left
from collections import Counter
from dataclasses import dataclass

from .blanking import blank_non_prose
from .stance import stance_of

# After a framework's name: a hyphenated word ("Flask-Login"), a capitalised word ("Django
# Ninja"), or an acronym and "framework" ("Django REST framework") make it a product's name.
# "an Axum based app" speaks of an app built on the framework, not of the framework.
PRODUCT_AFTER = re.compile(
    r"-[A-Za-z]|[ \t]+(?:[A-Z][a-z]{2,}\b(?![.!?:])|[A-Z]{2,}\s+framework\b|based\b)"
)
CAPITALISED = re.compile(r"[A-Z][a-z]+")
POSSESSIVE = re.compile(r"(?:[Tt]he\s+)?([A-Z][\w.+#-]*)['’]s\b")
# A section that lists pros or cons: what its pieces say leans that way when no cue says more.
PROS = re.compile(
    r"\b(?:pros|advantages?|benefits|strengths|upsides?|why (?:use|choose)|recommended"
    r"|when (?:should you |to )?(?:use|choose|pick))\b",
    re.I,
)
CONS = re.compile(
    r"\b(?:cons|disadvantages?|drawbacks?|downsides?|weaknesses|limitations|compromises"
    r"|when not to)\b",
    re.I,
)


class Hits:
    """Matches found once in a text, looked up by the span they fall in."""

    def __init__(self, hits):
        self.hits = sorted(hits, key=lambda hit: hit[0])
        self.starts = [hit[0] for hit in self.hits]

    def within(self, start, end):
        """The matches that lie wholly inside [start, end), in order."""
        found = []
        for index in range(bisect_left(self.starts, start), len(self.hits)):
            hit = self.hits[index]
            if hit[0] >= end:
                break
            if hit[1] <= end:
                found.append(hit)
        return found


def unique(items):
    return list(dict.fromkeys(items))


@dataclass
class Reading:
    """What the extractor knows while it reads one article."""

    body: str
    names: object  # Matcher of framework names
    keywords: object  # Matcher of criterion keywords
    criterion_names: dict
    cues: object
    text: str = ""  # the reading text: the body with what is not prose blanked
    together: tuple = ()  # the frameworks the article compares
    section: tuple = ()  # the frameworks the current heading sets against each other
    heading: str | None = None  # the framework the current heading names alone
    topic: str | None = None  # the framework the current paragraph is about
    subject: str | None = None  # the framework a piece naming none is about
    block: int = -1
    leaning: str | None = None  # "strength" under "Pros of X", "weakness" under "Cons"
    heading_criterion: str | None = None  # the criterion the section's heading names
    lead: str | None = None  # the framework the paragraph introducing a list names
    known_names: frozenset = frozenset()  # every framework name and alias, lower case

    def __post_init__(self):
        self.text = blank_non_prose(self.body)
        # Found once over the whole text, then looked up by position: linear in the article.
        self._names = Hits(self.names.find(self.text))
        self._keywords = Hits(self.keywords.find(self.text))
        self._not_keywords = Hits(
            [(*m.span(), None) for m in self.cues.not_keywords.finditer(self.text)]
        )

    def mentions(self, start, end):
        """(start, end, framework slug) of each framework named as itself in text[start:end]."""
        return [hit for hit in self._names.within(start, end) if not self.is_product(*hit[:2])]

    def is_product(self, start, end):
        after = PRODUCT_AFTER.match(self.text, end)
        if not after:
            return False
        word = after.group().strip(" \t-")
        if word == "based":
            return True
        return not (
            word.lower() in self.known_names
            or word in self.cues.product_exceptions
            or word in self.cues.stop_words
        )

    def criterion_hits(self, start, end, *, labels=False):
        """(start, end, criterion) of each keyword in the prose of text[start:end]. In a
        label (a table's row, a heading), Title Case is no product's name."""
        blocked = [
            hit[:2]
            for hit in (*self._not_keywords.within(start, end), *self._names.within(start, end))
        ]
        hits = []
        for a, b, criterion in self._keywords.within(start, end):
            if any(x < b and a < y for x, y in blocked):
                continue
            if not labels and self.in_product_name(a, b, start):
                continue
            hits.append((a, b, criterion))
        return hits

    def in_product_name(self, a, b, piece_start):
        """A capitalised keyword next to a capitalised word that is no framework's name
        ("the Fetch API", "Web Storage API") is part of a product's name."""
        if not self.text[a].isupper():
            return False
        before = re.search(r"([A-Za-z]+)[ \t-]+$", self.text[max(piece_start, a - 30) : a])
        after = re.match(r"[ \t-]+([A-Za-z]+)", self.text[b : b + 30])
        for neighbour, at in ((before, "before"), (after, "after")):
            if not neighbour:
                continue
            word = neighbour.group(1)
            if at == "before" and a - len(neighbour.group(0)) <= piece_start:
                continue  # the first word of a sentence is capitalised anyway
            if (
                CAPITALISED.fullmatch(word)
                and word.lower() not in self.known_names
                and word not in self.cues.stop_words
            ):
                return True
        return False

    def enter_heading(self, segment):
        own = (*segment.headings, self.text[segment.start : segment.end])
        self.heading, self.section = heading_frameworks(self, own)
        self.topic = self.lead = None
        innermost = own[-1]
        self.heading_criterion = None
        hits = [hit for hit in self.keywords.find(innermost) if hit[2] != "overall-verdict"]
        if hits:
            counts = Counter(criterion for *_, criterion in hits)
            self.heading_criterion = counts.most_common(1)[0][0]
        self.leaning = (
            "weakness" if CONS.search(innermost) else "strength" if PROS.search(innermost) else None
        )
        if self.leaning is None:  # a heading that evaluates ("Secure", "Steep learning curve")
            leaning = stance_of(innermost, 0, len(innermost), self.cues)
            self.leaning = leaning if leaning != "neutral" else None

    def enter_piece(self, segment):
        if segment.block != self.block:
            self.topic = None  # a new paragraph: its own words say whose it is
            if segment.kind != "item":
                self.lead = None
        self.block = segment.block
        named = unique(slug for *_, slug in self.mentions(segment.start, segment.end))
        if segment.first and named:
            self.topic = named[0]
        if segment.lead:  # "Django:" or "Django gives you:" before a list
            self.lead = named[0] if len(named) == 1 else None
        self.subject = self.topic or (self.lead if segment.kind == "item" else None) or self.heading
        owner = POSSESSIVE.match(self.text, segment.start, segment.end)
        if owner and not self.names.find(owner.group(1)):
            # "Starlette's router is fast" under FastAPI: about another thing's feature (a
            # toolkit the framework is built on), not the framework's
            self.subject = None

    def section_together(self):
        """The frameworks a "both" or an implicit comparison refers to here."""
        return self.section if len(self.section) >= 2 else self.together


def heading_frameworks(reading, headings):
    """(the framework the innermost heading naming any names alone, or None; the frameworks
    it names)."""
    for text in reversed(headings):
        named = unique(slug for _, _, slug in reading.names.find(text))
        if named:
            return (named[0] if len(named) == 1 else None), tuple(named)
    return None, ()


def compared_frameworks(reading, title, segments):
    """The frameworks the title names, else the two the body names most (at least twice)."""
    in_title = unique(slug for _, _, slug in reading.names.find(title or ""))
    if len(in_title) >= 2:
        return tuple(in_title)
    counts = Counter()
    for segment in segments:
        counts.update(slug for *_, slug in reading.mentions(segment.start, segment.end))
    ranked = [slug for slug, count in counts.most_common() if count >= 2]
    return tuple(unique([*in_title, *ranked]))[:2]
