"""closest_passage: what the article does say, when a curator's quote is not in it."""

import pytest

from articles.anchoring import closest_passage
from tests.conftest import ARTICLES

BODY = (
    "# Two frameworks\n\n"
    "Flask is a micro web framework. Django comes with a ready-to-use admin panel. "
    "Developers can customise the **admin interface** to fit their needs.\n\n"
    "- Pyramid sits somewhere in between.\n"
)


@pytest.mark.parametrize(
    ("quote", "expected"),
    [
        # a word changed, punctuation and case lost
        ("django comes with a ready to use admin panels", "Django comes with a ready-to-use admin panel."),
        # markup in the text is no obstacle; the result keeps it, so it anchors
        ("Developers can customise the admin interface to fit their need.",
         "Developers can customise the **admin interface** to fit their needs."),
        # a word left out
        ("Flask is a web framework.", "Flask is a micro web framework."),
        ("Pyramid sits somewhere between", "Pyramid sits somewhere in between."),
    ],
)  # fmt: skip
def test_the_closest_passage_is_the_articles_own_words(quote, expected):
    passage = closest_passage(BODY, quote)
    assert passage == expected
    assert passage in BODY


@pytest.mark.parametrize("quote", ["Zebras graze at dusk.", "", "   ", "!!!"])
def test_nothing_close_or_nothing_to_compare_gives_none(quote):
    assert closest_passage(BODY, quote) is None


def test_an_empty_article_gives_none():
    assert closest_passage("", "Django has an admin.") is None


def test_a_quote_longer_than_the_article_finds_the_whole_text():
    body = "Django has an admin."
    assert closest_passage(body, "Django has an admin; Flask not.") == body


def test_it_finds_a_slightly_misquoted_sentence_in_a_real_article():
    body = (ARTICLES / "trio-django-vs-flask-2024.md").read_text(encoding="utf-8")
    sentence = "Django comes with a ready-to-use admin panel."
    assert body.count(sentence) == 1
    assert closest_passage(body, "Django ships with a ready to use admin panel") == sentence
