"""Scrape noise: the lines a web page adds around an article that are not the article's words.

Every rule removes whole lines (or a block of whole lines) and never edits a line it keeps, so
what is left is the article's own text, line for line. Rules match a line with its surrounding
whitespace and markdown emphasis taken off; fenced code blocks are never touched.

The rules are one table, each with the reason it exists, so that adding a rule (or finding out
why a line vanished) means reading one place.
"""

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class NoiseRule:
    name: str
    pattern: re.Pattern  # must match the whole (normalised) line
    why: str
    then: re.Pattern | None = None  # the following lines it also removes, while they match
    through: re.Pattern | None = None  # a block: removes lines up to one matching this...
    inside: re.Pattern | None = None  # ...when every line in between matches this


def rule(name, pattern, why, *, flags=re.IGNORECASE, **more):
    compiled = {key: re.compile(value, flags) for key, value in more.items()}
    return NoiseRule(name=name, pattern=re.compile(pattern, flags), why=why, **compiled)


CSS_DECLARATION = r"[-\w]+\s*:[^;{}]*;?"
CSS_SELECTOR = r"[.#@*][^{}\s][^{}]{0,200}|[a-z][\w\-]*[\s,>+~.#:\[\]\w\-()]{0,200}"
LIST_ITEM = r"(?:[-*+•]|\d{1,3}[.)])\s+.*"

RULES = (
    rule(
        "css",
        rf"(?:(?:{CSS_SELECTOR})\s*\{{\s*(?:{CSS_DECLARATION}\s*)+\}}\s*)+",
        "A page's stylesheet leaks into the text when a styled widget (often a table) is lost.",
        flags=0,
    ),
    rule(
        "css-block",
        rf"[.#@][^{{}}\s][^{{}}]{{0,200}}\{{\s*(?:{CSS_DECLARATION}\s*)*",
        "The same over several lines: '.selector {', declarations, then the closing brace.",
        through=rf"(?:{CSS_DECLARATION}\s*)*\}}",
        inside=rf"(?:{CSS_DECLARATION}\s*)*",
        flags=0,
    ),
    rule(
        "image-caption",
        r"This is image title",
        "A placeholder caption some blog platforms print under every image.",
    ),
    rule(
        "image-alt",
        r"An? (?:infographic|collage|screenshot|illustration|diagram|photo|photograph|picture"
        r"|image|chart|graphic|comparison table)\b.{0,40}?\b(?:listing|showing|showcasing"
        r"|displaying|featuring|depicting|illustrating|comparing)\b.*",
        "An image's alt text, kept by the scraper where the image was: a description, not prose.",
    ),
    rule(
        "audio-player",
        r"Listen to this (?:content|article|story|post)",
        "The label of a text-to-speech player.",
    ),
    rule(
        "share",
        r"Share(?: this)?(?: (?:article|post|story|page))?:?|Share on \w+|Tweet|Pin it",
        "Share buttons.",
    ),
    rule(
        "reading-time",
        r"(?:\d+\s*)?(?:min|mins|minutes?)\s+(?:to\s+)?read",
        "A reading-time counter ('5 min read', or 'minutes read' with its number lost).",
    ),
    rule(
        "counter",
        r"\d[\d.,]*\s*[km]?\s+(?:geeks?|views?|likes?|claps?|shares?|reads?)",
        "A views/likes counter, like dev.to-style '52.80 GEEK'.",
    ),
    rule(
        "newsletter",
        r"(?:(?:Subscribe|Sign up)(?: to| for)? (?:our|the) newsletter|Join (?:our|the) newsletter"
        r"|By subscribing,? you agree|Thank you! Your submission has been received"
        r"|Oops! Something went wrong while submitting the form).{0,200}"
        r"|Enter your e-?mail(?: address)?|Subscribe(?: now| today)?!?",
        "Newsletter boxes and the form messages that come with them.",
    ),
    rule(
        "download-offer",
        r"Down?load (?:the |our |a |your )?(?:free )?(?:\d{4} )?[\w ]{0,40}"
        r"(?:report|e-?book|guide|whitepaper|checklist)",
        "A lead-magnet button ('Download 2024 SaaS Report'), spelling slips included.",
    ),
    rule(
        "cookies",
        r"(?:Accept|Allow|Reject|Decline)(?: all)? cookies|Cookie (?:settings|preferences|policy)"
        r"|(?:We|This (?:web)?site) uses? cookies\b.{0,300}",
        "Cookie banners.",
    ),
    rule(
        "related-link",
        r"(?:You (?:may|might) also like|Read also|Also read|Read more|Related(?: reading| articles?"
        r"| posts?)?|See also|Worth checking|Recommended(?: reading)?)\s*:.+",
        "A link to another post, dropped into the article by the site.",
    ),
    rule(
        "related-list",
        r"(?:Also check (?:these|our) posts|Related (?:posts|articles)|More (?:posts|articles)"
        r"(?: like this)?|You (?:may|might) also like)\s*:?",
        "A heading over links to other posts: removed with the list under it.",
        then=rf"\s*|{LIST_ITEM}",
    ),
    rule(
        "hashtags",
        r"(?:#\w+\s*){2,}",
        "A row of tags ('#python #Flask #Django') from the page footer.",
    ),
    rule(
        "widget-label",
        r"(?:[\w-]+ )?icon|Previously at|My LinkedIn|Follow (?:me|us)(?: on \w+)?",
        "Labels of profile and layout widgets ('time icon', 'My LinkedIn').",
    ),
    rule(
        "flag-alt",
        r"Flag(?: of)? [A-Z][a-z]+(?: [A-Z][a-z]+){0,2}",
        "A country flag's alt text on an author card.",
        flags=0,
    ),
)

FENCE = re.compile(r"^\s*(```|~~~)")
EMPHASIS = re.compile(r"[*_`]+")
BLOCK_LIMIT = 200  # lines a multi-line rule may span; an unclosed block removes nothing


def normalise(line):
    return EMPHASIS.sub("", line).strip()


@dataclass(frozen=True)
class Removed:
    line: int  # 1-based line number in the text given
    text: str
    rule: str


def strip_noise(text):
    """The text without its noise lines, and what was removed (line, text, rule) in order.

    Blank lines left behind are collapsed so that paragraphs stay separated by one blank line.
    """
    lines = text.split("\n")
    keep = [True] * len(lines)
    removed = []
    in_code = False
    index = 0
    while index < len(lines):
        line = lines[index]
        if FENCE.match(line):
            in_code = not in_code
        if in_code or not line.strip():
            index += 1
            continue
        span = match_rule(lines, index)
        if span is None:
            index += 1
            continue
        end, name = span
        for number in range(index, end):
            if lines[number].strip():
                removed.append(Removed(line=number + 1, text=lines[number], rule=name))
            keep[number] = False
        index = end
    kept = "\n".join(line for line, wanted in zip(lines, keep, strict=True) if wanted)
    return re.sub(r"\n[ \t]*\n(?:[ \t]*\n)+", "\n\n", kept), removed


def match_rule(lines, index):
    """(index after the noise, rule name) when a rule matches lines[index], else None."""
    line = normalise(lines[index])
    for noise in RULES:
        if not noise.pattern.fullmatch(line):
            continue
        end = index + 1
        if noise.through is not None:
            closing = next(
                (
                    number
                    for number in range(index + 1, min(len(lines), index + BLOCK_LIMIT))
                    if noise.through.fullmatch(lines[number].strip())
                ),
                None,
            )
            if closing is None or not all(
                noise.inside is None or noise.inside.fullmatch(lines[number].strip())
                for number in range(index + 1, closing)
            ):
                continue
            end = closing + 1
        if noise.then is not None:
            while end < len(lines) and noise.then.fullmatch(lines[end].strip()):
                end += 1
            while end > index + 1 and not lines[end - 1].strip():
                end -= 1
        return end, noise.name
    return None
