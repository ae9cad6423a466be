"""Markdown nested hundreds deep (lists, blockquotes, both) is flattened before Python-Markdown's
recursion sees it: the reader answers with every word, never a 500."""

import re

import pytest
from django.test import Client

from articles.rendering import MAX_NESTING, flatten_deep_nesting, plain_text, render_markdown
from tests.curating import source_with_body

DEPTH = 500
SHAPES = {
    "indented list": lambda n: "\n".join("    " * i + f"- word{i}" for i in range(n)),
    "two-space list": lambda n: "\n".join("  " * i + f"- word{i}" for i in range(n)),
    "tab-indented numbered list": lambda n: "\n".join("\t" * i + f"1. word{i}" for i in range(n)),
    "list of quotes": lambda n: "\n".join("    " * i + f"- > word{i}" for i in range(n)),
    "markers on one line": lambda n: "- " * n + "word0",
    "numbers on one line": lambda n: "1. " * n + "word0",
    "blockquote": lambda n: "> " * n + "word0",
    "quoted lists": lambda n: "> - " * n + "word0",
}


def words(html):
    return set(re.findall(r"word\d+", html))


@pytest.mark.parametrize("shape", SHAPES)
def test_deep_nesting_renders_every_word(shape):
    text = SHAPES[shape](DEPTH)
    expected = words(text)
    assert words(render_markdown(text)) == expected
    assert words(plain_text(text)) == expected


def test_nesting_within_the_limit_is_left_exactly_as_written():
    text = "\n".join("    " * i + f"- word{i}" for i in range(MAX_NESTING)) + "\n\n> > quoted\n"
    assert flatten_deep_nesting(text) == text


@pytest.mark.django_db
@pytest.mark.parametrize("shape", ["indented list", "two-space list", "list of quotes"])
def test_the_reader_shows_an_article_nested_500_deep(shape):
    body = "# Deep\n\n" + SHAPES[shape](DEPTH) + "\n"
    source = source_with_body(body, title="Deep", slug="deep")
    response = Client(raise_request_exception=False).get(source.get_absolute_url())
    assert response.status_code == 200
    assert words(response.content.decode()) == words(body)
