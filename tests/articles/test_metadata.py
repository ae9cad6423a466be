"""Metadata derived from an article's text: taken where the text states it, otherwise unknown."""

import datetime

import pytest

from articles.reading.metadata import derive, parse_date
from articles.reading.noise import strip_noise
from tests.conftest import FIXTURES

MARCH_2 = datetime.date(2023, 3, 2)


@pytest.mark.parametrize(
    "text",
    [
        "March 2, 2023",
        "2 March 2023",
        "2023-03-02",
        "Mar 2, 2023",
        "Mar. 2nd, 2023",
        "2nd March, 2023",
    ],
)
def test_dates_in_the_usual_spellings(text):
    assert parse_date(text) == MARCH_2


@pytest.mark.parametrize(
    "text", ["", "March 2023", "2023", "Febtober 2, 2023", "2023-02-30", "soon"]
)
def test_what_is_not_a_whole_date_is_none(text):
    assert parse_date(text) is None


@pytest.mark.parametrize(
    "text",
    [
        "# Django vs FastAPI\n\nFastAPI is async first.",
        "Django vs FastAPI\n=================\n\nFastAPI is async first.",
        "<!-- a note -->\n\n# **Django vs FastAPI** #\n\nFastAPI is async first.",
    ],
)
def test_a_markdown_title_is_the_first_level_one_heading(text):
    assert derive(text, markdown=True)["title"] == "Django vs FastAPI"


def test_a_second_level_heading_is_not_a_title():
    text = "## Admin\n\nDjango comes with an admin. Flask does not.\n"
    assert derive(text, markdown=True)["title"] == ""


def test_a_heading_inside_fenced_code_is_not_a_title():
    text = "Intro sentence.\n\n```\n# not a title\n```\n"
    assert derive(text, markdown=True)["title"] == ""


@pytest.mark.parametrize(
    ("text", "author"),
    [
        ("Written by Ada Lovelace\n\nBody.", "Ada Lovelace"),
        ("Written by\nAda Lovelace\n\nBody.", "Ada Lovelace"),
        ("By Ada Lovelace\n\nBody.", "Ada Lovelace"),
        ("*By [Ada Lovelace](https://example.org/ada)*\n\nBody.", "Ada Lovelace"),
        ("Author: Guido van Rossum\n\nBody.", "Guido van Rossum"),
        ("By Ada Lovelace, Content Specialist\n\nBody.", "Ada Lovelace"),
        ("By design, Django has many batteries.\n\nBody.", ""),
        ("By subscribing you agree to our Privacy Policy.\n\nBody.", ""),
        ("By 2025 everyone will use Django\n\nBody.", ""),
        ("Django was written by Adrian and Simon.\n\nBody.", ""),
        ("Nothing about who wrote this.", ""),
    ],
)
def test_an_author_comes_only_from_a_short_byline(text, author):
    assert derive(text, markdown=True)["author"] == author


@pytest.mark.parametrize(
    ("text", "published"),
    [
        ("Published on March 2, 2023\n\nBody.", MARCH_2),
        ("Published on\nMarch 2, 2023\n\nBody.", MARCH_2),
        ("published 2 March 2023\n\nBody.", MARCH_2),
        ("Published: 2023-03-02\n\nBody.", MARCH_2),
        ("Updated on March 2, 2023\n\nBody.", None),
        ("As of March 2024 Django leads.\n\nBody.", None),
        ("The paper was published on March 2, 2023 and says a great deal about frameworks.", None),
        ("Published on\nsome sunny day\n\nBody.", None),
    ],
)
def test_a_date_comes_only_from_a_published_line(text, published):
    assert derive(text, markdown=True)["published"] == published


def test_a_plain_text_title_is_the_headline_above_the_first_paragraph():
    text = (
        "Site Menu\n\nPyramid vs. Flask: The Honest Comparison\n\nBoth are small. Both are good.\n"
    )
    assert derive(text, markdown=False)["title"] == "Pyramid vs. Flask: The Honest Comparison"


def test_a_text_that_opens_with_a_sentence_has_no_title():
    text = "Pyramid and Flask are both small.\nWhat Is Pyramid?\nA framework.\n"
    assert derive(text, markdown=False)["title"] == ""


def test_a_byline_is_never_taken_for_a_title():
    text = "Written by\nAda Lovelace Longname Here\nShort Title\n\nThe article starts here.\n"
    metadata = derive(text, markdown=False)
    assert metadata["title"] == "Short Title"
    assert metadata["author"] == "Ada Lovelace Longname Here"


def test_nothing_stated_means_everything_unknown():
    text = "Pyramid is flexible. Django is complete.\n"
    assert derive(text, markdown=False) == {"title": "", "author": "", "published": None}


# The seed articles' README: what each raw text gives. 002 and 003 name their authors only in a bio
# after the article ("Hi! I’m Emma Johnson", "Alex has assisted"), not in a byline: left to curators.
SEED_TABLE = {
    "000": ("Flask vs. Django - which framework to choose?", "Olha Kurinna", MARCH_2),
    "001": ("Flask vs. Django: Choose Your Python Web Framework", "", None),
    "002": ("", "", None),
    "003": ("Django vs. Flask: The Best Python Framework for Web Development in 2024", "", None),
    "004": ("Flask vs. Django: Choosing the Right Framework for Your Project", "", None),
}


@pytest.mark.parametrize(
    "path", sorted((FIXTURES / "originals").glob("*.txt")), ids=lambda p: p.stem
)
def test_the_seed_originals_give_what_their_readme_says(path):
    stripped, _ = strip_noise(path.read_text(encoding="utf-8"))
    metadata = derive(stripped, markdown=False)
    assert (metadata["title"], metadata["author"], metadata["published"]) == SEED_TABLE[
        path.name[:3]
    ]
