"""Text no database stores (a NUL character, a lone surrogate) that escapes, a reStructuredText
unicode directive, a terminal or a file name can make: the file is refused, naming the file and
where, the same on SQLite and PostgreSQL, before anything is written. A number JSON cannot hold
(YAML's .nan, TOML's inf) is kept as its text: front matter is never refused for a key."""

import os
from pathlib import Path

import pytest

from articles.models import Claim, Source
from tests.articles.reloading import write_small
from tests.conftest import load, load_failing

pytestmark = pytest.mark.django_db

BODY = "Django comes with a ready-to-use admin panel. Flask is small.\n"


@pytest.mark.parametrize(
    ("name", "text", "complaint"),
    [
        (
            "yaml.md",
            '---\ntitle: "Django \\0 Flask"\ntags: [web]\n---\n\n' + BODY,
            "its title holds a NUL character",
        ),
        (
            "toml.md",
            '+++\ntitle = "Django"\nauthor = "Ann\\u0000"\n+++\n\n' + BODY,
            "its author holds a NUL character",
        ),
        (
            "extra.md",
            '---\ntitle: Django\nnotes: {seen: ["x \\udc80"]}\n---\n\n' + BODY,
            "the front matter's 'notes' holds a lone surrogate (U+DC80)",
        ),
        (
            "directive.rst",
            "Title\n=====\n\n.. |s| unicode:: 0xD800\n\nDjango |s| has ``code``.\n",
            "the article's text holds a lone surrogate (U+D800)",
        ),
    ],
)
def test_an_escape_that_makes_unstorable_text_is_refused_naming_it(
    vocabulary, tmp_path, name, text, complaint
):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    _, output = load_failing(path)
    assert f"{path}: {complaint}" in output
    assert "database error" not in output and "unexpected error" not in output
    assert not Source.objects.exists()


def test_a_claims_file_escape_that_makes_a_nul_is_refused_naming_the_claim(
    article_folder,
):
    path = write_small(article_folder)
    claims_file = path.with_name("small-comparison.claims.toml")
    toml = claims_file.read_text(encoding="utf-8")
    claims_file.write_text(toml.replace("Faster than", "Faster\\u0000 than"), encoding="utf-8")
    _, output = load_failing(article_folder)
    assert f"{claims_file}, claim #2: 'summary' holds a NUL character" in output
    assert not Source.objects.exists() and not Claim.objects.exists()


def test_an_option_in_another_encoding_is_refused_before_anything_loads(vocabulary, tmp_path):
    path = tmp_path / "one.md"
    path.write_text(BODY, encoding="utf-8")
    author = os.fsdecode("M\N{LATIN SMALL LETTER U WITH DIAERESIS}ller".encode("latin-1"))
    _, output = load_failing(path, author=author)
    assert "--author holds a lone surrogate (U+DCFC)" in output
    assert not Source.objects.exists()


def test_a_file_name_in_another_encoding_is_refused_naming_the_file(vocabulary, tmp_path):
    path = Path(os.fsdecode(bytes(tmp_path) + b"/caf\xe9.md"))
    path.write_text(BODY, encoding="utf-8")
    _, output = load_failing(tmp_path)
    assert "a file or folder name not in UTF-8; rename it" in output
    assert "unexpected error" not in output
    assert not Source.objects.exists()


@pytest.mark.parametrize(
    ("front_matter", "kept"),
    [
        ("---\ntitle: Django\nscore: .nan\nlimits: [.inf, -.inf]\n---", ["nan", ["inf", "-inf"]]),
        ("+++\ntitle = 'Django'\nscore = nan\nlimits = [inf, -inf]\n+++", ["nan", ["inf", "-inf"]]),
    ],
)
def test_numbers_json_cannot_hold_are_kept_as_their_text(vocabulary, tmp_path, front_matter, kept):
    path = tmp_path / "numbers.md"
    path.write_text(f"{front_matter}\n\n{BODY}", encoding="utf-8")
    load(path)
    extra = Source.objects.get().extra_metadata
    assert [extra["score"], extra["limits"]] == kept
