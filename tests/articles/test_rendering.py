"""Article bodies: markdown rendered and sanitised, every claim's passage marked in place."""

import re
from collections import Counter, defaultdict
from html.parser import HTMLParser

import pytest

from articles.models import Claim, Source
from articles.rendering import (
    MARKUP_OPENERS_PER_BLOCK,
    Passage,
    defuse_crowded_blocks,
    passage_in_context,
    plain_text,
    render_article,
    render_markdown,
)
from articles.selectors import source_reader

VOID = {"br", "hr", "img", "input", "meta", "link", "wbr", "col", "source"}


class MarkedHTML(HTMLParser):
    """Parses rendered HTML: tag balance, ids, and the text inside each claim's marks."""

    def __init__(self, text):
        super().__init__(convert_charrefs=True)
        self.open = []
        self.errors = []
        self.ids = Counter()
        self.id_tags = {}
        self.tags = Counter()
        self.marks = []  # the claims (data-claims) of each open mark
        self.nested_marks = 0
        self.passages_of = defaultdict(set)  # the marks (by data-claims) each claim is in
        self.in_note = 0  # depth inside a claim note, whose text is not the passage's
        self.mark_text = defaultdict(list)
        self.segments = defaultdict(list)  # the text of each of a claim's marks, in order
        self.mark_count = Counter()
        self.refs_in_marks = 0
        self.nested_links = 0
        self.feed(text)
        self.close()
        if self.open:
            self.errors.append(f"unclosed {self.open}")

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        self.tags[tag] += 1
        if "id" in attributes:
            self.ids[attributes["id"]] += 1
            self.id_tags[attributes["id"]] = tag
        if tag == "a" and "a" in self.open:
            self.nested_links += 1
        if tag == "a" and "claim-ref" in (attributes.get("class") or "") and self.marks:
            self.refs_in_marks += 1
        if tag == "mark":
            if self.marks:
                self.nested_marks += 1
            claims = (attributes.get("data-claims") or "").split()
            self.marks.append(claims)
            for claim in claims:
                self.passages_of[claim].add(attributes.get("data-claims"))
            for claim in claims:
                self.segments[claim].append("")
                self.mark_count[claim] += 1
        if self.in_note or attributes.get("class") == "claim-note":
            self.in_note += 1
        if tag not in VOID:
            self.open.append(tag)

    def handle_endtag(self, tag):
        if tag in VOID:
            return
        if not self.open or self.open[-1] != tag:
            self.errors.append(f"</{tag}> closes {self.open[-1:] or 'nothing'}")
            return
        self.open.pop()
        if self.in_note:
            self.in_note -= 1
        if tag == "mark":
            self.marks.pop()

    def handle_data(self, data):
        if self.in_note:
            return
        for claim in {claim for claims in self.marks for claim in claims}:
            self.mark_text[claim].append(data)
            self.segments[claim][-1] += data

    def text_of(self, pk):
        return "".join(self.mark_text[str(pk)])

    def words_of(self, pk):
        """The marks' text with whitespace normalised: a mark reopens after a tag or another
        claim's end at the next word, so the space before that word is outside it."""
        return " ".join(" ".join(self.segments[str(pk)]).split())


def squeezed(text):
    """Text with markdown's markers and all whitespace removed, to compare quote and marks."""
    text = re.sub(r"(?m)^[ \t]*(?:[-*+]|\d+[.)])[ \t]+", "", text)
    return re.sub(r"[\s|*_`#>]", "", text)


def collapsed(text):
    return " ".join(text.split())


def spells(segments, quote):
    """Whether the marks' segments, in order, spell the quote: words exact, and whitespace
    only where the quote has it (a segment may begin or end at a space left outside the mark)."""
    rest = collapsed(quote)
    for segment in segments:
        segment = collapsed(segment)
        if not rest.startswith(segment):
            return False
        rest = rest[len(segment) :].lstrip()
    return rest == ""


def passage(body, quote, pk=1, *, stance="strength", occurrence=1, comparison=None, number=None):
    start = -1
    for _ in range(occurrence):
        start = body.index(quote, start + 1)
    return Passage(
        pk=pk,
        start=start,
        end=start + len(quote),
        stance=stance,
        permalink=f"/claims/{pk}/",
        comparison_url=comparison,
        label="Django · Admin panel",
        summary=f"Summary of claim {pk}.",
        number=number,
    )


def well_formed(html):
    parsed = MarkedHTML(html)
    assert parsed.errors == []
    assert parsed.nested_links == 0
    assert parsed.refs_in_marks == 0
    assert parsed.nested_marks == 0
    return parsed


# Sanitising ---------------------------------------------------------------------------------

HOSTILE = [
    "<script>alert('x')</script>",
    '<img src="x.png" onerror="alert(1)">',
    '<p onclick="alert(1)" style="position:fixed">hi</p>',
    "[click](javascript:alert(1))",
    '<a href="javascript:alert(1)">click</a>',
    "[data](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    '<a href="JaVaScRiPt:alert(1)">mixed case</a>',
    '<iframe src="https://evil.example/"></iframe>',
    "<style>body { display: none }</style>",
    '<svg onload="alert(1)"><circle r="1"/></svg>',
    '<object data="x.swf"></object><embed src="x.swf">',
    '<form action="/steal"><input name="p"></form>',
    "![img](javascript:alert(1))",
    "<!-- a curator's note -->",
]
FORBIDDEN = re.compile(
    r"<script|onerror|onclick|onload|javascript:|data:|<iframe|<style|style=|<svg|<img"
    r"|<object|<embed|<form|<input|curator",
    re.I,
)


@pytest.mark.parametrize("payload", HOSTILE)
def test_hostile_markup_never_survives(payload):
    body = f"Django has an admin.\n\n{payload}\n\nFlask has {payload} none."
    html = render_article(body, [passage(body, "Flask has"), passage(body, "none.", pk=2)])
    assert not FORBIDDEN.search(html)
    well_formed(html)


def test_a_claim_spanning_hostile_markup_still_leaves_it_out():
    body = "Before <script>alert(1)</script> the <iframe src=x></iframe> after."
    html = render_article(body, [passage(body, body)])
    assert not FORBIDDEN.search(html)
    assert well_formed(html).ids["claim-1"] == 1


def test_links_keep_only_href_and_title_and_get_a_safe_rel():
    html = render_markdown(
        '[docs](https://docs.example/ "The docs") <a href="https://x.example/" class="c" id="i">x</a>'
        " [mail](mailto:a@example.org) [ftp](ftp://example.org/)"
    )
    assert (
        '<a href="https://docs.example/" title="The docs" rel="nofollow noopener noreferrer">'
        in html
    )
    assert 'class="c"' not in html and 'id="i"' not in html
    assert 'href="mailto:a@example.org"' in html
    assert "ftp:" not in html


def test_allowed_blocks_survive():
    html = render_markdown(
        "## Head\n\n> quoted\n\n1. one\n2. two\n\n```python\nx = 1 < 2\n```\n\n"
        "| a | b |\n|---|---|\n| *c* | **d** |\n\n---\n\n`code`"
    )
    for tag in ("h2", "blockquote", "ol", "li", "pre", "code", "table", "thead", "tbody", "em"):
        assert f"<{tag}>" in html
    assert "<strong>d</strong>" in html and "<hr>" in html and "x = 1 &lt; 2" in html


def test_headings_are_demoted_so_the_highest_becomes_h2():
    html = render_markdown("# Top\n\n## Section\n\n### Sub\n\ntext")
    assert "<h1" not in html
    assert "<h2>Top</h2>" in html and "<h3>Section</h3>" in html and "<h4>Sub</h4>" in html


def test_a_body_whose_highest_heading_is_h3_starts_at_h2():
    html = render_markdown("### Sub\n\n#### Subsub\n\n###### Deep")
    assert "<h2>Sub</h2>" in html and "<h3>Subsub</h3>" in html and "<h5>Deep</h5>" in html


def test_html_comments_vanish_even_with_a_claim_boundary_in_them():
    body = "Visible words. <!-- hidden note --> More words."
    html = render_article(body, [passage(body, "hidden note")])
    assert "hidden note" not in html
    parsed = well_formed(html)
    # Nothing of the passage is text, but links to it still land somewhere.
    assert parsed.ids["claim-1"] == 1 and parsed.id_tags["claim-1"] == "span"


# Marking -------------------------------------------------------------------------------------


def test_a_passage_is_marked_with_its_anchor_note_stance_and_one_compact_reference():
    body = "Intro.\n\nDjango comes with a ready-to-use admin panel. Flask does not."
    claim = passage(
        body,
        "Django comes with a ready-to-use admin panel.",
        pk=7,
        comparison="/compare/django-vs-flask/#cell-admin-panel-django",
        number=2,
    )
    html = render_article(body, [claim])
    anchor, note_and_mark = html.split("<p>")[2].split("</span>", 1)
    assert anchor == '<span class="claim-anchor" id="claim-7">'
    note, rest = note_and_mark.split('<mark class="claim stance-strength" data-claims="7">')
    assert note.startswith('<span class="claim-note">')
    assert "Summary of claim 7." in note and "Django · Admin panel" in note
    assert '<a href="/claims/7/">Claim 2</a>' in note
    assert (
        '<a href="/compare/django-vs-flask/#cell-admin-panel-django">Claim 2 in the comparison</a>'
        in note
    )
    assert rest.startswith(
        "Django comes with a ready-to-use admin panel.</mark>"
        '<a class="claim-ref stance-strength" href="#claim-7"><span aria-hidden="true">▲</span>'
        '<span class="visually-hidden">Claim </span>2'
        '<span class="visually-hidden"> (strength)</span></a> Flask does not.'
    )
    assert html.count("<mark") == 1 and html.count("claim-ref") == 1


def test_a_quote_spanning_a_table_rows_cells_is_marked_cell_by_cell():
    body = "| Feature | Flask | Django |\n|---|---|---|\n| Built-in Admin | No | Yes |\n| ORM | Optional | Included |\n"
    html = render_article(body, [passage(body, "Built-in Admin | No | Yes", pk=3)])
    parsed = well_formed(html)
    assert parsed.tags["td"] == 6  # the table is still a table
    assert parsed.mark_count["3"] == 3
    assert html.count('id="claim-3"') == 1
    assert parsed.text_of(3) == "Built-in AdminNoYes"
    assert squeezed(parsed.text_of(3)) == squeezed("Built-in Admin | No | Yes")


def test_a_quote_from_a_row_edge_pipe_still_leaves_the_table_intact():
    body = "| a | b |\n|---|---|\n| one | two |\n| three | four |\n"
    html = render_article(body, [passage(body, "| one | two |\n| three")])
    parsed = well_formed(html)
    assert parsed.tags["td"] == 4
    assert parsed.text_of(1) == "onetwothree"


def test_a_quote_spanning_two_list_items_keeps_the_list():
    body = "Intro:\n\n- first item here\n- second item here\n- third\n"
    html = render_article(body, [passage(body, "item here\n- second item")])
    parsed = well_formed(html)
    assert parsed.tags["ul"] == 1 and parsed.tags["li"] == 3
    assert parsed.mark_count["1"] == 2
    assert squeezed(parsed.text_of(1)) == squeezed("item here\n- second item")


def test_a_quote_starting_at_a_list_marker_or_heading_does_not_break_the_block():
    body = "## Admin panel\n\n- Built-in admin panel\n- ORM\n\n1. Admin Panel\n2. Web\n"
    html = render_article(
        body,
        [
            passage(body, "## Admin panel", pk=1),
            passage(body, "- Built-in admin panel", pk=2),
            passage(body, "1. Admin Panel", pk=3),
        ],
    )
    parsed = well_formed(html)
    assert parsed.tags["h2"] == 1 and parsed.tags["ul"] == 1 and parsed.tags["ol"] == 1
    assert '<h2><span class="claim-anchor" id="claim-1">' in html
    assert [parsed.text_of(pk) for pk in (1, 2, 3)] == [
        "Admin panel",
        "Built-in admin panel",
        "Admin Panel",
    ]


def test_a_quote_crossing_emphasis_and_a_link_stays_balanced_and_refs_leave_the_link():
    body = "Django is **very** fast, see [the docs](https://docs.example/) now."
    html = render_article(body, [passage(body, "very** fast, see [the docs")])
    parsed = well_formed(html)
    assert parsed.segments["1"] == ["very", "fast, see ", "the docs"]
    assert parsed.words_of(1) == "very fast, see the docs"
    assert spells(parsed.segments["1"], "very fast, see the docs")
    assert not spells(parsed.segments["1"], "very fast, see the docs now")
    assert html.index("the docs</mark></a>") < html.index('class="claim-ref')
    assert well_formed(html).tags["a"] == 3  # the article's link, the reference, the permalink

    # A passage starting inside a link: its note holds no link (links do not nest).
    body = "Django is fast, see [the docs here](https://docs.example/) now."
    html = render_article(body, [passage(body, "docs here")])
    assert well_formed(html).tags["a"] == 2  # the article's link and the reference after it
    assert "Summary of claim 1." in html


def test_overlapping_and_identical_passages_share_one_mark_and_one_reference():
    body = "One two three four five. Six seven."
    claims = [
        passage(body, "One two three", pk=1, number=1),
        passage(body, "two three four", pk=2, stance="weakness", number=2),
        passage(body, "two three four", pk=3, stance="neutral", number=3),
        passage(body, "Six seven.", pk=4, number=4),
    ]
    html = render_article(body, claims)
    parsed = well_formed(html)
    assert {key: parsed.ids[key] for key in ("claim-1", "claim-2", "claim-3")} == dict.fromkeys(
        ("claim-1", "claim-2", "claim-3"), 1
    )
    assert html.count("<mark") == 2 and html.count('class="claim-ref') == 2
    assert '<mark class="claim stance-mixed" data-claims="1 2 3">One two three four</mark>' in html
    assert '<span class="visually-hidden">Claims </span>1–3' in html
    # All three anchors lead to the one passage, and its note names all three claims.
    assert (
        html.index('id="claim-3"') < html.index('<span class="claim-note">') < html.index("<mark")
    )
    assert html.split("<mark")[0].count('class="claim-note-item"') == 3


def test_marks_open_only_before_text_not_around_whitespace_between_blocks():
    body = "First paragraph ends here.\n\nSecond paragraph starts here."
    html = render_article(body, [passage(body, "here.\n\nSecond")])
    well_formed(html)
    assert "<mark" not in html.split("</p>")[1].split("<p>")[0]  # nothing between the blocks


def test_sentinel_look_alikes_in_a_body_cannot_forge_marks():
    forged = "\ue000\U000f0000"
    body = f"Plain {forged}text with a claim{forged} and more."
    html = render_article(body, [passage(body, "claim", pk=9)])
    parsed = well_formed(html)
    assert parsed.mark_count == Counter({"9": 1})
    assert parsed.text_of(9) == "claim"
    assert "\ufffd" in html and "\ue000" not in html and "\U000f0000" not in html
    assert "\ue000" not in render_markdown(forged)


def test_passages_outside_the_body_are_ignored():
    body = "Short body."
    html = render_article(body, [Passage(1, 5, 500, "neutral", "/claims/1/")])
    assert "<mark" not in html


# Plain text and context ------------------------------------------------------------------------


def test_plain_text_drops_markup_and_decodes_entities():
    assert plain_text("## A *b* & [c](https://x)  <script>d</script>") == "A b & c"


def test_passage_in_context_gives_the_sentences_around_the_quote():
    body = "## Admin\n\nFirst one. Second one. The quote here. After it. Later still.\n\nNext para."
    start = body.index("The quote")
    context = passage_in_context(body, start, start + len("The quote here."))
    assert context == {
        "lines_before": [],
        "before": "Second one. ",
        "quote": "The quote here.",
        "after": " After it.",
        "lines_after": [],
    }


def test_passage_in_context_crosses_lines_and_drops_table_pipes_and_comments():
    body = "| a | b |\n|---|---|\n| c | d |\n| e | f |\n\n<!-- note -->"
    start = body.index("c | d")
    context = passage_in_context(body, start, start + len("c | d"))
    assert context["lines_before"] == ["a | b"]
    assert context["quote"] == "c | d"
    assert context["lines_after"] == ["e | f"]


# The seed articles -----------------------------------------------------------------------------


@pytest.mark.django_db
def test_every_published_claim_of_every_seed_article_is_marked_exactly_once(seeded):
    for source in Source.objects.all():
        html = str(source_reader(source.slug)["article_html"])
        parsed = well_formed(html)
        claims = list(source.claims.published())
        assert claims
        claim_ids = {f"claim-{claim.pk}" for claim in claims}
        assert {key for key in parsed.ids if key.startswith("claim-")} == claim_ids
        for claim in claims:
            key = f"claim-{claim.pk}"
            assert parsed.ids[key] == 1, key
            assert parsed.id_tags[key] == "span", key
            # The claim's mark may be shared with claims quoting overlapping words: it holds
            # the claim's quote, in one run of marks.
            text = parsed.text_of(claim.pk)
            assert squeezed(claim.quote) in squeezed(text), (claim.pk, text, claim.quote)
        # One mark per passage: each claim belongs to one passage, with one reference after it.
        assert all(len(parsed.passages_of[str(claim.pk)]) == 1 for claim in claims)
        passages = {group for found in parsed.passages_of.values() for group in found}
        assert html.count('class="claim-ref') == len(passages) <= len(claims)


@pytest.mark.django_db
def test_drafts_and_rejected_claims_are_not_marked(seeded):
    source = Source.objects.get(slug="trio-django-vs-flask-2024")
    draft, rejected = source.claims.order_by("pk")[:2]
    Claim.objects.filter(pk=draft.pk).update(status=Claim.Status.DRAFT)
    Claim.objects.filter(pk=rejected.pk).update(status=Claim.Status.REJECTED)

    reader = source_reader(source.slug)
    parsed = well_formed(str(reader["article_html"]))

    for claim in (draft, rejected):
        assert f"claim-{claim.pk}" not in parsed.ids
        assert parsed.mark_count[str(claim.pk)] == 0
        assert f"/claims/{claim.pk}/" not in reader["article_html"]
    assert {claim.pk for claim in reader["claims"]} == set(
        source.claims.published().values_list("pk", flat=True)
    )


@pytest.mark.parametrize("opener", ["[", "![", "[x](", "<a ", "<http://"])
def test_a_block_crowded_with_link_or_tag_openers_renders_as_its_own_text(opener):
    # Thousands of openers in one paragraph would make markdown's inline scan quadratic; the
    # block is shown as the characters it holds, and the claim inside it is still marked.
    crowded = "Flask is small. " + opener * 3000 + " Django is big."
    body = "A normal [link](https://example.org/) first.\n\n" + crowded
    claim = passage(body, "Django is big.", pk=3)
    html = render_article(body, [claim])
    parsed = MarkedHTML(html)
    assert parsed.errors == []
    # The normal paragraph's link, the passage's reference and its note's permalink.
    assert parsed.tags["a"] == 1 + 1 + 1
    assert "".join(parsed.segments["3"]) == "Django is big."
    assert opener * 3000 in plain_text(html)


def test_a_block_below_the_opener_limit_keeps_its_links():
    body = " ".join(f"[link {n}](https://example.org/{n})" for n in range(60))
    assert MarkedHTML(render_markdown(body)).tags["a"] == 60


def test_only_the_crowded_block_has_its_openers_written_as_entities():
    normal = "See [the docs](https://example.org/) and <https://example.org/>."
    crowded = "x[" * (MARKUP_OPENERS_PER_BLOCK + 1)
    defused = defuse_crowded_blocks(f"{normal}\n\n{crowded}\n\n{normal}")
    first, middle, last = defused.split("\n\n")
    assert first == last == normal
    assert "[" not in middle and middle.count("&#91;") == MARKUP_OPENERS_PER_BLOCK + 1
