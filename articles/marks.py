"""How claims are marked in an article's HTML: one mark per passage, however many claims cite it.

Claims whose spans overlap (or coincide) are merged into one passage before any sentinel goes
in (`group_passages`), so marks never nest and a reader meets one quiet underline per passage,
its stance told by the line's style (solid, dashed, dotted, double) as well as its colour, and
one compact reference after it: the stance's shape and the claims' numbers in the sidebar.

Where a passage starts, each of its claims leaves an empty anchor (`id="claim-<pk>"`, the
address comparison pages and permalinks cite), followed by a note naming the claims. The note is
hidden until one of those anchors is the page's :target, so following a citation shows the
claim right beside its passage, without JavaScript (the CSS is in static/css/site.css).
"""

import html
import re
from dataclasses import dataclass, field

SENTINEL = "\ue000"
EVENT_BASE = 0xF0000
SENTINEL_PAIR = re.compile(f"{SENTINEL}([\U000f0000-\U000ffffd])")
OPEN, CLOSE, CLOSE_EMPTY = 1, 0, 2  # sort order of events at one position
TAG_OR_TEXT = re.compile(r"(<(?:[^>\"']|\"[^\"]*\"|'[^']*')*>)")
HEADING_TAG = re.compile(r"^<(/?)h([1-6])(?=[\s>])")
NON_SPACE = re.compile(r"\S")

STANCES = {
    "strength": ("▲", "Strength"),
    "weakness": ("▼", "Weakness"),
    "neutral": ("●", "Neutral"),
    "mixed": ("◆", "Mixed stances"),
}


@dataclass(frozen=True)
class Passage:
    """One claim's span in the raw markdown body, and where its reference links point."""

    pk: int
    start: int
    end: int
    stance: str
    permalink: str
    comparison_url: str | None = None
    label: str = ""  # who and what the claim is about ("Django, Admin panel")
    summary: str = ""
    number: int | None = None  # its place in the page's list of claims


@dataclass
class PassageGroup:
    """Claims whose spans overlap, marked as one passage from the first start to the last end."""

    start: int
    end: int
    claims: list = field(default_factory=list)

    @property
    def pk(self):
        return self.claims[0].pk

    @property
    def stance(self):
        stances = {claim.stance for claim in self.claims}
        return stances.pop() if len(stances) == 1 else "mixed"


def group_passages(passages):
    """Passages merged wherever their spans overlap, in reading order."""
    groups = []
    for passage in sorted(passages, key=lambda item: (item.start, item.end, item.pk)):
        if groups and passage.start < groups[-1].end:
            groups[-1].end = max(groups[-1].end, passage.end)
            groups[-1].claims.append(passage)
        else:
            groups.append(PassageGroup(passage.start, passage.end, [passage]))
    for group in groups:
        # In the order of the page's numbered list of claims, which the reference cites.
        group.claims.sort(key=lambda claim: (claim.number is None, claim.number or 0, claim.pk))
    return groups


class MarkWriter:
    """Walks sanitised HTML, turning sentinels into marks, anchors, notes and references."""

    def __init__(self, events, heading_shift):
        self.events = events
        self.heading_shift = heading_shift
        self.out = []
        self.group = None  # the passage whose span we are in
        self.mark_open = False
        self.anchored = set()  # groups whose anchors are written
        self.done = set()
        self.link_depth = 0
        self.pending_refs = []  # references ending inside a link wait for it to close

    def write(self, cleaned):
        for token in TAG_OR_TEXT.split(cleaned):
            if token.startswith("<"):
                self.tag(token)
            elif token:
                self.text(token)
        self.close_mark()
        self.out.extend(reference(group) for group in self.pending_refs)
        return "".join(self.out)

    def tag(self, token):
        # A sentinel can only reach an attribute if the markdown put a boundary there; the
        # event still counts, after the tag.
        events = SENTINEL_PAIR.findall(token)
        token = SENTINEL_PAIR.sub("", token)
        self.close_mark()
        self.out.append(self.demote(token))
        if re.match(r"<a[\s>]", token):
            self.link_depth += 1
        elif token.startswith("</a") and self.link_depth:
            self.link_depth -= 1
            if not self.link_depth:
                self.out.extend(reference(group) for group in self.pending_refs)
                self.pending_refs.clear()
        for event in events:
            self.event(event)

    def demote(self, token):
        match = HEADING_TAG.match(token)
        if not match or not self.heading_shift:
            return token
        level = min(6, max(2, int(match.group(2)) + self.heading_shift))
        return f"<{match.group(1)}h{level}" + token[match.end() :]

    def text(self, token):
        parts = SENTINEL_PAIR.split(token)
        for number, part in enumerate(parts):
            if number % 2:
                self.event(part)
            elif part:
                self.write_text(part)

    def write_text(self, text):
        first = NON_SPACE.search(text) if self.group and not self.mark_open else None
        if first is None:
            self.out.append(text)
            return
        self.out.append(text[: first.start()])
        self.write_anchors()
        self.out.append(
            f'<mark class="claim stance-{self.group.stance}" '
            f'data-claims="{" ".join(str(claim.pk) for claim in self.group.claims)}">'
        )
        self.mark_open = True
        self.out.append(text[first.start() :])

    def write_anchors(self):
        if id(self.group) in self.anchored:
            return
        self.anchored.add(id(self.group))
        self.out.extend(
            f'<span class="claim-anchor" id="claim-{claim.pk}"></span>'
            for claim in self.group.claims
        )
        # A note inside an article's link may not hold links of its own.
        self.out.append(note(self.group, links=not self.link_depth))

    def event(self, character):
        kind, group = self.events[ord(character) - EVENT_BASE]
        if id(group) in self.done:
            return
        if kind == OPEN:
            self.group = group
            return
        self.close_mark()
        if self.group is not group:
            return
        # Nothing of the passage rendered as text: keep its anchors so links still land.
        self.write_anchors()
        self.done.add(id(group))
        self.group = None
        if self.link_depth:
            self.pending_refs.append(group)
        else:
            self.out.append(reference(group))

    def close_mark(self):
        if self.mark_open:
            self.out.append("</mark>")
            self.mark_open = False


def numbers(group):
    """The claims' numbers in the page's list: "3", "3–5" when consecutive, else "3, 7"."""
    found = [claim.number if claim.number is not None else claim.pk for claim in group.claims]
    if len(found) > 2 and found == list(range(found[0], found[0] + len(found))):
        return f"{found[0]}–{found[-1]}"
    return ", ".join(str(number) for number in found)


def reference(group):
    """The compact link after a passage: its stance's shape and its claims' numbers.

    It leads to the passage's first anchor, which shows the note beside the passage. Its
    accessible name is its visible text with words around it ("Claims 3–5 (mixed stances)"), so
    what a speech-input user reads off the screen names the link.
    """
    shape, word = STANCES.get(group.stance, STANCES["neutral"])
    noun = "Claim" if len(group.claims) == 1 else "Claims"
    return (
        f'<a class="claim-ref stance-{group.stance}" href="#claim-{group.pk}">'
        f'<span aria-hidden="true">{shape}</span><span class="visually-hidden">{noun} </span>'
        f'{numbers(group)}<span class="visually-hidden"> ({word.lower()})</span></a>'
    )


def note(group, *, links=True):
    """The claims citing a passage, shown beside it when one of them is followed (CSS :target)."""
    items = []
    for claim in group.claims:
        shape, word = STANCES.get(claim.stance, STANCES["neutral"])
        number = claim.number if claim.number is not None else claim.pk
        parts = [
            f'<span class="stance stance-{html.escape(claim.stance)}">'
            f'<span aria-hidden="true">{shape}</span> {word}</span>',
            f"<strong>{html.escape(claim.summary)}</strong>",
            f'<span class="claim-note-about">{html.escape(claim.label)}</span>',
        ]
        if links:
            parts.append(
                f'<a href="{html.escape(claim.permalink)}">Claim {number}</a>'
                + (
                    f' · <a href="{html.escape(claim.comparison_url)}">'
                    f"Claim {number} in the comparison</a>"
                    if claim.comparison_url
                    else ""
                )
            )
        items.append(f'<span class="claim-note-item">{" ".join(parts)}</span>')
    return f'<span class="claim-note">{"".join(items)}</span>'
