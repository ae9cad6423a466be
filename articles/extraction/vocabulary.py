"""The extractor's vocabulary: framework names and criterion keywords (from the database, as
plain objects) and the stance cues (from stance_cues.toml), compiled into word matchers."""

import re
import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

CUES_PATH = Path(__file__).with_name("stance_cues.toml")
STANCE_LABELS = ("positive", "negative", "neutral")


@dataclass(frozen=True)
class FrameworkTerms:
    slug: str
    names: tuple  # the name and its aliases


@dataclass(frozen=True)
class CriterionTerms:
    slug: str
    name: str
    keywords: tuple


def phrase_pattern(phrases, *, plurals=False):
    """One regex matching any phrase as whole words, any case, hyphen and space alike."""
    return _phrase_pattern(tuple(phrases), plurals)


@cache
def _phrase_pattern(phrases, plurals):
    parts = []
    for phrase in sorted({p.strip() for p in phrases if p.strip()}, key=len, reverse=True):
        stem = phrase.endswith("*")  # "customi*": any word that starts so
        words = [re.escape(word) for word in re.split(r"[\s-]+", phrase.rstrip("*"))]
        body = r"[\s-]+".join(words).replace("’", "['’]").replace("'", "['’]")
        if phrase.isupper():  # an acronym ("REST", "DRY") is not the word ("rest", "dry")
            body = f"(?-i:{body})"
        if stem:
            body += r"\w*"
        elif plurals and phrase[-1].isalpha() and not phrase.isupper():
            body = body[: -len(words[-1])] + variants(words[-1])
        elif plurals and phrase[-1].isalpha():
            body += "(?:s|es)?"
        parts.append(body)
    if not parts:
        return re.compile(r"(?!x)x")
    return re.compile(r"(?<![\w-])(?:" + "|".join(parts) + r")(?![\w])", re.IGNORECASE)


SUFFIXES = ("ing", "ies", "ied", "ed", "es", "s", "e", "y")
ENDINGS = ("ability", "able", "ation", "ate", "ing", "ed", "es", "s", "e", "ies", "y", "")


def variants(word):
    """A pattern for the word and its inflections: "coupling" also matches "coupled" and
    "couples", "scalability" "scalable", "deploy" "deployed" and "deploying"."""
    stem = word
    for suffix in SUFFIXES:
        if suffix[0] in "iy" and word[-len(suffix) - 1 : -len(suffix)] in "aeiou":
            continue  # "deploy" keeps its y
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            stem = word[: -len(suffix)]
            break
    if stem == word and len(word) < 4:
        return word + "(?:s|es)?"
    endings = "|".join(re.escape(e) for e in ENDINGS)
    return f"{stem}(?:{endings})"


TOKEN = re.compile(r"\w+")
KEY_LENGTH = 4


def first_word_key(phrase):
    """The lower-cased start of a phrase's first word: only where a word starts so is any
    phrase tried."""
    first = re.split(r"[\s\-'’]+", phrase.strip().rstrip("*"))[0].lower()
    # The text is read word by word (\w+): "ASP.NET" and "Vue.js" start at the word "asp", "vue"
    word = TOKEN.match(first)
    return (word.group() if word else first)[:KEY_LENGTH]


class Matcher:
    """Finds which of several labelled vocabularies occur in a text, and where."""

    def __init__(self, labelled_patterns, keys=None):
        self.patterns = list(labelled_patterns)
        self.keys = keys  # first-word key -> the indexes of the patterns with such a phrase
        self.memo = {}  # a word's start -> the patterns to try there
        self.any = re.compile("|".join(p.pattern for _, p in self.patterns) or r"(?!x)x", re.I)

    @classmethod
    def of_phrases(cls, labelled_phrases, *, plurals=False):
        return _matcher(tuple((label, tuple(p)) for label, p in labelled_phrases), plurals)

    def starts(self, text, start, end):
        """(where, patterns): the words whose start is some phrase's first word's, and the
        patterns to try there."""
        everything = range(len(self.patterns))
        if self.keys is None:
            position = start
            while match := self.any.search(text, position, end):
                yield match.start(), everything
                position = match.start() + 1
            return
        memo = self.memo
        for token in TOKEN.finditer(text, start, end):
            head = token.group()[:KEY_LENGTH].lower()
            candidates = memo.get(head)
            if candidates is None:
                candidates = memo[head] = self.candidates(head)
            if candidates:
                yield token.start(), candidates

    def candidates(self, head):
        """The patterns with a phrase whose first word starts as a word starting `head` may."""
        found = set()
        for length in range(1, len(head) + 1):
            found.update(self.keys.get(head[:length], ()))
        return sorted(found)

    def find(self, text, start=0, end=None):
        """(start, end, label) of every match, longest first where matches overlap; a match
        inside a longer one ("SQL" inside "SQL injection") is left out. Linear in the text."""
        end = len(text) if end is None else end
        found = []
        for position, indexes in self.starts(text, start, end):
            for index in indexes:
                label, pattern = self.patterns[index]
                if hit := pattern.match(text, position, end):
                    found.append((hit.start(), hit.end(), label))
        found.sort(key=lambda hit: (hit[0], -(hit[1] - hit[0])))
        kept, reach = [], -1
        for hit in found:
            # Sorted by start, longest first: a hit is inside an earlier, longer one exactly
            # when it ends before the furthest end seen (or at it, from a later start).
            if kept and (hit[1] < reach or (hit[1] == reach and hit[:2] != kept[-1][:2])):
                continue
            kept.append(hit)
            reach = max(reach, hit[1])
        return kept


@cache
def _matcher(labelled_phrases, plurals):
    """Compiled once per vocabulary: loading many articles reuses it."""
    keys = {}
    for index, (_, group) in enumerate(labelled_phrases):
        for phrase in group:
            if phrase.strip():
                keys.setdefault(first_word_key(phrase), set()).add(index)
    if any(not TOKEN.match(key) for key in keys):
        keys = None  # a phrase that starts with no word: search for every phrase instead
    return Matcher(
        ((label, phrase_pattern(p, plurals=plurals)) for label, p in labelled_phrases), keys
    )


@dataclass(frozen=True, eq=False)
class Cues:
    abbreviations: frozenset
    together: re.Pattern
    pronouns: re.Pattern
    connectors: re.Pattern
    stance: Matcher  # labels: positive, negative, neutral
    negations: re.Pattern
    not_negations: re.Pattern
    diminishers: re.Pattern
    negation_window: int
    comparisons: re.Pattern
    comparatives: re.Pattern
    short_comparison_words: int
    asides: re.Pattern
    verdicts: re.Pattern
    tie: re.Pattern
    default: str
    table_positive: re.Pattern
    table_negative: re.Pattern
    stop_words: frozenset
    min_mentions: int
    recommendations: re.Pattern
    losses: re.Pattern
    rankings: re.Pattern
    not_keywords: re.Pattern
    kind_of: re.Pattern
    kind_criterion: str
    creditable: frozenset
    product_exceptions: frozenset
    virtues: re.Pattern
    negatable: re.Pattern


@cache
def load_cues(path=CUES_PATH):
    data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    stance, clauses = data["stance"], data["clauses"]
    marks = "|".join(re.escape(mark) for mark in clauses["marks"])
    connectors = "|".join(
        r"[\s-]+".join(map(re.escape, c.split()))
        for c in sorted(clauses["connectors"], key=len)[::-1]
    )
    return Cues(
        abbreviations=frozenset(a.lower() for a in data["abbreviations"]),
        together=phrase_pattern(data["frameworks"]["together"]),
        pronouns=re.compile(
            r"(?:" + "|".join(map(re.escape, data["frameworks"]["pronouns"])) + r")\b", re.I
        ),
        connectors=re.compile(rf"(?:{marks})|,?\s+\b(?:{connectors})\b", re.I),
        stance=Matcher.of_phrases((label, stance[label]) for label in STANCE_LABELS),
        negations=phrase_pattern(stance["negations"]),
        not_negations=phrase_pattern(stance["not_negations"]),
        diminishers=phrase_pattern(stance["diminishers"]),
        negation_window=stance["negation_window"],
        comparisons=phrase_pattern(stance["comparisons"]),
        comparatives=phrase_pattern(stance["comparatives"]),
        short_comparison_words=stance["short_comparison_words"],
        asides=phrase_pattern(data["sentences"]["asides"]),
        verdicts=phrase_pattern(stance["verdicts"]),
        tie=phrase_pattern(stance["ties"]),
        default=stance["default"],
        table_positive=phrase_pattern(data["table"]["positive"]),
        table_negative=phrase_pattern(data["table"]["negative"]),
        stop_words=frozenset(data["discovery"]["stop_words"]),
        min_mentions=data["discovery"]["min_mentions"],
        recommendations=phrase_pattern(stance["recommendations"]),
        losses=phrase_pattern(stance["losses"]),
        rankings=phrase_pattern(stance["rankings"]),
        not_keywords=phrase_pattern(data["criteria"]["not_keywords"]),
        kind_of=re.compile(
            r"\s*(?:\([^()]*\)\s*)?(?:is|are)\s+(?:both\s+|also\s+)?(?:an?\s+|the\s+)?"
            r"(?:[\w.+#-]+\s+){0,5}?" + phrase_pattern(data["criteria"]["kinds"]).pattern,
            re.I,
        ),
        kind_criterion=data["criteria"]["kind_criterion"],
        creditable=frozenset(data["criteria"]["creditable"]),
        product_exceptions=frozenset(data["frameworks"]["product_exceptions"]),
        negatable=phrase_pattern(stance["negatable"]),
        virtues=re.compile(
            r"\b(?:" + "|".join(map(re.escape, stance["offering"])) + r")\s+(?:[\w-]+\s+){0,2}?"
            r"(?:" + "|".join(map(re.escape, stance["virtues"])) + r")\b",
            re.I,
        ),
    )
