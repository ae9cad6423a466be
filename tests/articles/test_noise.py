"""Scrape noise goes; the article's own lines stay exactly as written, in order."""

import pytest

from articles.reading.noise import RULES, strip_noise
from tests.conftest import FIXTURES

ORIGINALS = sorted((FIXTURES / "originals").glob("*.txt"))

ARTICLE = [
    "Django vs. Pyramid",
    "Django ships an admin; Pyramid leaves that to you.",
    "Pyramid scales from a single file to a large application.",
    "By design, both frameworks support *any* database you like.",
]
NOISE = [
    ".table-wrapper { display: grid; grid-column-gap: 0px; } .table-header { border-top: 1px solid black; }",
    "This is image title",
    "Listen to this content",
    "Share this article",
    "5 min read",
    "minutes read",
    "52.80 GEEK",
    "Subscribe to our newsletter and never miss a post",
    "By subscribing you agree to our Privacy Policy.",
    "Thank you! Your submission has been received!",
    "Oops! Something went wrong while submitting the form.",
    "Accept all cookies",
    "We use cookies to give you the best experience on our site.",
    "Download our 2024 Python Report",
    "You may also like: Ten Django tips",
    "Read also: Pyramid in production",
    "#python #django #pyramid",
    "An infographic listing the advantages of Pyramid, with icons.",
    "time icon",
    "Flag Argentina",
]


def interleave(article, noise):
    lines = []
    for index, line in enumerate(article):
        lines.append(line)
        lines.extend(noise[index :: len(article)])
        lines.append("")
    return "\n".join(lines)


def kept_lines(text):
    return [line for line in text.split("\n") if line.strip()]


def test_every_planted_noise_line_goes_and_every_article_line_stays():
    text, removed = strip_noise(interleave(ARTICLE, NOISE))
    assert kept_lines(text) == ARTICLE
    assert sorted(item.text for item in removed) == sorted(NOISE)


def test_removed_lines_are_reported_with_their_line_number_and_rule():
    text = "Pyramid is flexible.\nThis is image title\nDjango is complete.\n"
    _, removed = strip_noise(text)
    assert [(item.line, item.text, item.rule) for item in removed] == [
        (2, "This is image title", "image-caption")
    ]


def test_a_multi_line_css_block_goes_from_selector_to_closing_brace():
    text = "Before the table.\n.logo-grid {\n  display: grid;\n  gap: 4px;\n}\nAfter the table.\n"
    stripped, _ = strip_noise(text)
    assert kept_lines(stripped) == ["Before the table.", "After the table."]


def test_a_block_that_never_closes_removes_nothing():
    text = "Before.\n.logo-grid {\n  display: grid;\nThe article goes on here.\n"
    stripped, removed = strip_noise(text)
    assert stripped == text and removed == []


def test_code_with_braces_is_not_taken_for_css():
    text = "function hello() {\n  return 'hi';\n}\nconst options = { debug: true };\n"
    stripped, removed = strip_noise(text)
    assert stripped == text and removed == []


def test_fenced_code_is_never_stripped():
    text = "A stylesheet:\n\n```css\n.card { display: grid; }\nThis is image title\n```\n"
    stripped, removed = strip_noise(text)
    assert stripped == text and removed == []


def test_a_related_posts_heading_goes_with_its_list_and_nothing_after_it():
    text = (
        "The verdict: it depends.\n"
        "Also Check These Posts\n"
        "- Ten unrelated things for 2026\n"
        "- Another unrelated thing\n"
        "\n"
        "Pyramid remains a solid choice.\n"
    )
    stripped, _ = strip_noise(text)
    assert kept_lines(stripped) == ["The verdict: it depends.", "Pyramid remains a solid choice."]


@pytest.mark.parametrize(
    "line",
    [
        "Django comes with a ready-to-use admin panel.",
        "Share your thoughts on Django in the comments.",
        "Read also the official tutorial before you start",
        "We use cookie-cutter templates for new projects.",
        "Subscribe to events with Django signals.",
        "A diagram would help here, but the idea is simple.",
        "variables: {{ … }}",
        "tags: {% … %}",
        "3 reasons to choose Flask",
    ],
)
def test_lines_that_only_resemble_noise_are_kept(line):
    stripped, removed = strip_noise(line)
    assert stripped == line and removed == []


def test_noise_is_removed_only_as_whole_lines():
    text = "Django is fast. This is image title in a sentence stays.\n"
    assert strip_noise(text) == (text, [])


def test_every_rule_says_why_it_exists():
    assert all(rule.why.strip() for rule in RULES)
    assert len({rule.name for rule in RULES}) == len(RULES)


@pytest.mark.parametrize("path", ORIGINALS, ids=lambda p: p.stem)
def test_the_seed_originals_lose_only_whole_lines(path):
    original = path.read_text(encoding="utf-8")
    stripped, removed = strip_noise(original)
    original_lines = original.split("\n")
    kept = kept_lines(stripped)
    assert all(line in original_lines for line in kept)
    assert len(kept) + len(removed) == len(kept_lines(original))
    assert removed, "every seed original carries some scrape noise"


def test_the_noise_the_seed_readme_lists_is_gone():
    """The seed articles' README names the noise each file carries."""
    expected_gone = {
        "000": [
            "Oops! Something went wrong",
            ".table-wrapper {",
            "You may also like:",
            "Read also:",
        ],
        "001": ["This is image title", "52.80 GEEK"],
        "002": ["Also Check These Posts", "- Methadone vs Suboxone"],
        "003": ["Listen to this content", "An infographic listing"],
        "004": ["Flag Argentina", "time icon"],
    }
    for path in ORIGINALS:
        stripped, _ = strip_noise(path.read_text(encoding="utf-8"))
        for start in expected_gone[path.name[:3]]:
            assert not any(line.startswith(start) for line in stripped.split("\n")), start
