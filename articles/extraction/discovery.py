"""Finding frameworks an article names that the knowledge base does not know yet.

A name is taken when the title or a heading sets names against each other ("X vs Y",
"X 2.1 vs. Y 4", "X compared to Y", "comparison with X"), when the body compares it with others ("compare X to
other frameworks"), when a heading names it alone and the
body uses it again, when the body lists it among frameworks ("frameworks like X, Y or Z"), or
when the body calls it a framework, or sets it against a known one, often enough. A name a
curator rejected ("not a framework") is never taken.
"""

import re
from collections import Counter

from .blanking import blank_non_prose
from .html_tables import TAG, html_tables
from .segments import TABLE_RULE
from .vocabulary import Matcher, load_cues

# A name starts a word: in a long run like "Flask-Flask-..." it is tried once, not at every capital.
WORD = r"(?<![\w.+#-])(?:[A-Z][\w.+#-]*[\w+#]|[A-Z])"
VERSION = r"(?:\s+v?\d+(?:\.\d+)*(?:\.x)?)?"
NAME = rf"(?:{WORD})(?:(?:\s+on)?\s+(?:{WORD})){{0,2}}"
VERSUS = re.compile(
    rf"({NAME}){VERSION}\s*(?:,\s*)?(?:vs\.?|versus|or|compared (?:to|with)|against)\s+(?=({NAME}))"
)
COMPARISON_WITH = re.compile(
    rf"\b(?:[Cc]omparison|[Cc]ompared?|[Mm]igrating|[Mm]oving|[Ss]witching)\s+(?:from\s+{NAME}\s+)?"
    rf"(?:with|to)\s+(?=({NAME}))"
)
CALLED_FRAMEWORK = re.compile(
    rf"\b({NAME})(?:\s+is\s+an?(?:\s+[\w-]+){{0,4}}?)?\s+(?:web\s+)?(?:micro-?)?framework\b"
)
FRAMEWORK_LIST = re.compile(
    rf"\b(?:micro)?frameworks?,?\s+(?:like|such\s+as|including)\s+((?:{NAME})(?:\s*(?:,|\bor\b|\band\b)\s*(?:{NAME}))*)"
)
# "compare X to other web frameworks", "comparing X with Y": the article sets X against others.
COMPARE_NAME = re.compile(rf"\b[Cc]ompar(?:e|es|ing)\s+({NAME})\s+(?:to|with|against)\b")
BETWEEN = re.compile(rf"\b(?:between|[Bb]oth)\s+({NAME})\s+and\s+({NAME})")
HEADING_NAME = re.compile(rf"\s*({NAME}){VERSION}\s*(?:\([^)]*\))?\s*$")
HEADING_LINE = re.compile(r"^ {0,3}#{1,6}\s+(.+)$|^(.+)\n {0,3}([=\-~^])\3{2,}\s*$", re.M)


def discover_frameworks(*, body, title, frameworks, cues=None, rejected=()):
    """Names of frameworks the article names that are not among `frameworks`, as found.

    `rejected` holds names curators marked as not frameworks: they are never returned.
    """
    return [
        name
        for name, _aliases in discover_framework_names(
            body=body, title=title, frameworks=frameworks, cues=cues, rejected=rejected
        )
    ]


def discover_framework_names(*, body, title, frameworks, cues=None, rejected=()):
    """(name, aliases) of each framework the article names that `frameworks` lack: the full
    name when the text gives it ("Ruby on Rails"), the short one it mostly uses ("Rails") then
    an alias, so both name the one framework."""
    found = found_names(body, title, frameworks, cues, rejected)
    text = re.sub(r"[*_\[\]]", " ", blank_non_prose(body))
    titles = "\n".join(
        [title or "", *(m.group(1) or m.group(2) for m in HEADING_LINE.finditer(text))]
    )
    known = Matcher.of_phrases((f.slug, f.names) for f in frameworks)
    refused = {name.lower() for name in rejected}
    named = {}
    for name in found:
        full = (
            full_name(titles, name)  # "Ruby on Rails (Ruby)" as a heading
            or full_name(text, name, mid_sentence=True)
        )
        if full and not known.find(full) and full.lower() not in refused:
            named.setdefault(full, []).append(name)
        else:
            named.setdefault(name, [])
    return [(name, tuple(aliases)) for name, aliases in named.items()]


def full_name(text, name, *, mid_sentence=False):
    """The longer name the text gives a framework it mostly calls by a short one: "Ruby on
    Rails" for "Rails" ("X on Name", the way such names are made); None when there is none.
    In the body only a use inside a sentence counts: "Relying on Rails ..." opens one."""
    before = r"(?<=[a-z,;:(] )" if mid_sentence else r"\b"
    name = re.escape(name)
    match = re.search(rf"{before}([A-Z][\w.+#-]*\s+on\s+{name})(?![\w-])", text)
    return " ".join(match.group(1).split()) if match else None


def found_names(body, title, frameworks, cues, rejected):
    cues = cues or load_cues()
    known = Matcher.of_phrases((f.slug, f.names) for f in frameworks)
    known_names = {name.lower() for f in frameworks for name in f.names}
    refused = {name.lower() for name in rejected}
    text = re.sub(r"[*_\[\]]", " ", blank_non_prose(body))
    headings = [m.group(1) or m.group(2) for m in HEADING_LINE.finditer(text)]
    in_title = [name for name in set_against(title or "", known, cues) if is_name(name, "")]
    found = []
    for line in headings:
        found.extend(set_against(line, known, cues))
    counts = Counter()
    for left, right in versus_pairs(text):
        counts.update(unknown_side(left, right, known, cues))
    for match in CALLED_FRAMEWORK.finditer(text):
        name = clean_name(match.group(1), cues)
        if name and not known.find(name):
            counts[name] += 1
    for match in FRAMEWORK_LIST.finditer(text):
        for part in re.split(r"\s*(?:,|\bor\b|\band\b)\s*", match.group(1)):
            name = clean_name(part, cues)
            if name and not known.find(name):
                counts[name] += cues.min_mentions  # listed as a framework by the article
    for match in COMPARE_NAME.finditer(text):
        name = clean_name(match.group(1), cues)
        if name and not known.find(name):
            counts[name] += cues.min_mentions  # the article compares it with others
    found.extend(name for name, count in counts.items() if count >= cues.min_mentions)
    described = []  # "Laravel (PHP)": a heading that names one and says what it is written in
    for line in headings:
        name = heading_name(line, cues)
        if name and not known.find(name) and (counts[name] or "(" in line):
            (described if "(" in line else found).append(name)
    # A heading among sibling headings that each name a framework ("Django (Python)",
    # "Laravel (PHP)", "ASP.NET") names one too.
    alone = [name for name in map(lambda line: heading_name(line, cues), headings) if name]
    if sum(1 for name in alone if known.find(name) or name in described) >= 2:
        found.extend(name for name in alone if not known.find(name))
    described.extend(table_columns(body, known, cues, [*in_title, *found, *described]))
    described.extend(emphasised_names(blank_non_prose(body), known, cues))
    for left, right in BETWEEN.findall(text):  # "between Roda and Sinatra", "both X and Y"
        for this, other in ((left, right), (right, left)):
            name = clean_name(this, cues)
            if name and clean_name(other, cues) in [*in_title, *found] and not known.find(name):
                found.append(name)
    found = [
        *in_title,
        *(name for name in described if is_name(name, "")),
        *(name for name in dict.fromkeys(found) if is_name(name, text)),
    ]
    found = list(dict.fromkeys(found))
    return [
        name
        for name in found
        if name.lower() not in known_names
        and name.lower() not in refused
        and not any(name.startswith(other + " ") for other in found)  # "Astro Performance"
    ]


# A name set in emphasis ("*web2py*", "_Emmett_"): one word, whatever its case.
EMPHASISED = re.compile(r"(?<![\w*_])([*_])([A-Za-z][\w.+#-]*[\w+#])\1(?![\w*_])")
EMPHASIS_USES = 2


def emphasised_names(text, known, cues):
    """Names an article sets in emphasis the way it sets known frameworks' ("I tried *django*,
    then *web2py*"): a word emphasised at least twice that looks like a name (capitalised, or
    letters and digits), in an article that emphasises some framework's name; lower-case
    names ("web2py") are found no other way."""
    words = [m.group(2) for m in EMPHASISED.finditer(text)]
    if not any(known.find(word) for word in words):
        return []
    counts = Counter(words)
    return [
        word
        for word, count in counts.items()
        if count >= EMPHASIS_USES
        and not known.find(word)
        and word not in cues.stop_words
        and (word[0].isupper() or (re.search(r"\d", word) and re.search(r"[a-z]{2}", word)))
    ]


def is_name(name, text):
    """A name used as one inside the article's sentences, not an acronym of a protocol."""
    if re.fullmatch(r"[A-Z]{2,5}", name):
        return False
    return not text or mid_sentence_uses(text, name) >= 1


def set_against(line, known, cues):
    """The names a title or heading sets against each other that are not known yet."""
    for left, right in versus_pairs(line):
        for side in (left, right):
            name = clean_name(side, cues)
            if name and not known.find(side):
                yield name
    for match in COMPARISON_WITH.finditer(line):
        name = clean_name(match.group(1), cues)
        if name and not known.find(name):
            yield name


def table_columns(body, known, cues, found):
    """The column names of a comparison table (markdown or HTML) whose other columns name
    frameworks: they are frameworks too."""
    headers = [
        [cell.strip() for cell in line.strip().strip("|").split("|")]
        for line, rule in zip(body.split("\n"), body.split("\n")[1:], strict=False)
        if line.lstrip().startswith("|") and TABLE_RULE.match(rule)
    ]
    headers += [
        [" ".join(TAG.sub(" ", body[a:b]).split()) for a, b in rows[0]]
        for _, _, rows in html_tables(body)
        if rows
    ]
    names = []
    for cells in headers:
        columns = [clean_name(cell, cues) for cell in cells[1:]]
        if any(c and (known.find(c) or c in found) for c in columns):
            names.extend(c for c in columns if c and not known.find(c) and c not in found)
    return names


def heading_name(line, cues):
    """The name a heading consists of ("Pyramid", "Laravel (PHP)"), or None."""
    match = HEADING_NAME.match(line)
    if not match:
        return None
    name = clean_name(match.group(1), cues)
    # "Ruby on Rails (Ruby)" names "Rails": the name, a language's name before it left out
    return name if name and match.group(1).strip().endswith(name) else None


def mid_sentence_uses(text, name):
    """How often the name is used inside a sentence (not as its first word)."""
    return len(re.findall(rf"(?<=[a-z,;:(] ){re.escape(name)}(?![\w-])", text))


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
    words = re.sub(r"\s+v?\d+(?:\.\d+)*(?:\.x)?\b", "", text).split()
    while words and (words[0] in cues.stop_words or not words[0][0].isupper()):
        words.pop(0)
    while words and (words[-1] in cues.stop_words or not words[-1][0].isupper()):
        words.pop()
    name = " ".join(words).strip(".,;:")
    if not name or len(name) < 2 or name.upper() == name and len(name) <= 2:
        return None
    return name
