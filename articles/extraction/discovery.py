"""Finding frameworks an article names that the knowledge base does not know yet.

Conservative on purpose: a name is taken only when the title sets it against a known framework
("Django vs Rails", "Flask or Bottle"), or when the body calls it a framework, or sets it
against a known one, often enough ("Rails is a ... framework", "the Rails framework").
"""

import re
from collections import Counter

from .vocabulary import Matcher, load_cues

WORD = r"[A-Z][\w.+#]*[\w+#]"
NAME = rf"{WORD}(?:(?:\s+on)?\s+{WORD}){{0,2}}"
VERSUS = re.compile(rf"({NAME})\s+(?:vs\.?|versus|or)\s+(?=({NAME}))")
CALLED_FRAMEWORK = re.compile(
    rf"\b({NAME})(?:\s+is\s+an?(?:\s+[\w-]+){{0,4}}?)?\s+(?:web\s+)?(?:micro-?)?framework\b"
)


def discover_frameworks(*, body, title, frameworks, cues=None):
    """Names of frameworks the article names that are not among `frameworks`, as found."""
    cues = cues or load_cues()
    known = Matcher.of_phrases((f.slug, f.names) for f in frameworks)
    known_names = {name.lower() for f in frameworks for name in f.names}
    found = []
    for left, right in versus_pairs(title or ""):
        found.extend(unknown_side(left, right, known, cues))
    counts = Counter()
    for left, right in versus_pairs(body):
        counts.update(unknown_side(left, right, known, cues))
    for match in CALLED_FRAMEWORK.finditer(body):
        name = clean_name(match.group(1), cues)
        if name and not known.find(name):
            counts[name] += 1
    found.extend(name for name, count in counts.items() if count >= cues.min_mentions)
    return [name for name in dict.fromkeys(found) if name.lower() not in known_names]


def versus_pairs(text):
    return [(m.group(1), m.group(2)) for m in VERSUS.finditer(text)]


def unknown_side(left, right, known, cues):
    """The side of a pair that is a new name, when the other side is a known framework."""
    for this, other in ((left, right), (right, left)):
        name = clean_name(this, cues)
        if name and not known.find(this) and known.find(other):
            yield name


def clean_name(text, cues):
    """The name without the capitalised common words around it ("Why Rails" -> "Rails");
    None when nothing name-like is left."""
    words = text.split()
    while words and (words[0] in cues.stop_words or not words[0][0].isupper()):
        words.pop(0)
    while words and (words[-1] in cues.stop_words or not words[-1][0].isupper()):
        words.pop()
    name = " ".join(words)
    return name if name and len(name) > 1 else None
