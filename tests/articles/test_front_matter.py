"""Front matter of blog engines (YAML and TOML) read into metadata, never refused for a key."""

import datetime
import json

import pytest

from articles.models import Source
from articles.reading import ArticleError, read_article
from tests.conftest import load

LIMIT = 1_000_000

JEKYLL = """---
layout: post
title: "Tornado or Sanic: notes from a rewrite"
date: 2019-06-19T23:30:00-07:00
categories: [python, web]
authors:
  - Kim Park
  - Lee Jones
permalink: /blog/tornado-or-sanic/
description: Two async servers side by side.
comments: true
---
Tornado came first. Sanic borrowed its request
handlers from Flask.
"""

HUGO = """+++
title = "Gin vs Echo"
description = "Routing in two Go frameworks"
date = 2021-03-04T01:15:00+09:00
draft = false
weight = 3

[extra]
toc = true
+++

Gin and Echo both route with a radix tree.
"""


def test_yaml_front_matter_maps_known_keys_and_keeps_the_others(tmp_path):
    path = tmp_path / "tornado-or-sanic.md"
    path.write_text(JEKYLL, encoding="utf-8")
    document = read_article(path, max_bytes=LIMIT)
    metadata = document.metadata
    assert metadata["title"] == "Tornado or Sanic: notes from a rewrite"
    # The date as the article states it, in its own time zone (UTC would be the 20th).
    assert metadata["published"] == datetime.date(2019, 6, 19)
    assert metadata["author"] == "Kim Park, Lee Jones"
    assert metadata["url"] == ""  # a relative permalink is no address...
    extra = document.extra_metadata
    assert extra["permalink"] == "/blog/tornado-or-sanic/"  # ...so it is kept as given
    assert extra["layout"] == "post"
    assert extra["categories"] == ["python", "web"]
    assert extra["description"] == "Two async servers side by side."
    assert extra["comments"] is True
    assert "title" not in extra and "date" not in extra and "authors" not in extra
    json.dumps(extra)  # storable in a JSON field
    # The body is raw markdown: no header line in it, its wrapped paragraph joined.
    assert document.body == "Tornado came first. Sanic borrowed its request handlers from Flask."
    assert not document.metadata_from_header


def test_toml_front_matter_is_read_not_taken_for_the_text(tmp_path):
    path = tmp_path / "gin-vs-echo.md"
    path.write_text(HUGO, encoding="utf-8")
    document = read_article(path, max_bytes=LIMIT)
    assert document.metadata["title"] == "Gin vs Echo"
    assert document.metadata["published"] == datetime.date(2021, 3, 4)
    assert document.body == "Gin and Echo both route with a radix tree."
    assert document.extra_metadata == {
        "description": "Routing in two Go frameworks",
        "draft": False,
        "weight": 3,
        "extra": {"toc": True},
    }


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        ("pubDate: 'Jul 02 2022'\nauthor: Sam Roe", {"published": datetime.date(2022, 7, 2)}),
        ("published: 2020-01-31\npublisher: Example Weekly", {"publisher": "Example Weekly"}),
        ("canonical_url: https://example.org/a\nurl: /a/", {"url": "https://example.org/a"}),
        ("author:\n  name: Ana Lima\n  twitter: ana", {"author": "Ana Lima"}),
        ("site: Example Docs\ndate: 2018-05-06 10:00:00 +0200", {"publisher": "Example Docs"}),
    ],
)
def test_the_keys_people_use_for_each_column(tmp_path, lines, expected):
    path = tmp_path / "keys.md"
    path.write_text(f"---\n{lines}\nsidebar: docs\n---\nSome text here.\n", encoding="utf-8")
    metadata = read_article(path, max_bytes=LIMIT).metadata
    assert {key: metadata[key] for key in expected} == expected


def test_jekylls_published_switch_is_front_matter_not_a_bad_date(tmp_path):
    path = tmp_path / "draft.md"
    path.write_text("---\ntitle: Phoenix and Rails\npublished: true\n---\nText.\n", "utf-8")
    document = read_article(path, max_bytes=LIMIT)
    assert document.metadata["title"] == "Phoenix and Rails"
    assert document.metadata["published"] is None
    assert document.extra_metadata == {"published": True}


def test_broken_front_matter_names_its_line(tmp_path):
    path = tmp_path / "broken.md"
    path.write_text("---\nlayout: post\ntitle: [unclosed\n---\nText.\n", encoding="utf-8")
    with pytest.raises(ArticleError, match="not valid YAML") as raised:
        read_article(path, max_bytes=LIMIT)
    assert raised.value.line is not None and raised.value.line >= 3
    path.write_text("+++\ntitle = \n+++\nText.\n", encoding="utf-8")
    with pytest.raises(ArticleError, match="not valid TOML"):
        read_article(path, max_bytes=LIMIT)


def test_a_front_matter_key_given_twice_is_refused_with_its_line(tmp_path):
    """Not the last one taken silently: TOML and the project's header refuse it too."""
    path = tmp_path / "twice.md"
    path.write_text(
        "---\ntitle: First\ntags: [a]\nauthor: {name: A, name: B}\n---\nText.\n", encoding="utf-8"
    )
    with pytest.raises(ArticleError, match="the key 'name' is given twice") as raised:
        read_article(path, max_bytes=LIMIT)
    assert raised.value.line == 4
    path.write_text("---\ntitle: First\ntags: [a]\ntitle: Second\n---\nText.\n", "utf-8")
    with pytest.raises(ArticleError, match="the key 'title' is given twice") as raised:
        read_article(path, max_bytes=LIMIT)
    assert raised.value.line == 4


def test_the_projects_own_header_is_still_a_prepared_copy(tmp_path):
    body = "Share this article\n\nA line   \nkept as written.\n"
    path = tmp_path / "prepared.md"
    path.write_text(f"---\ntitle: A: B\npublished: 2024-02-03\n---\n{body}", encoding="utf-8")
    document = read_article(path, max_bytes=LIMIT)
    assert document.metadata_from_header
    assert document.body == body.strip()
    assert document.metadata["title"] == "A: B"
    assert document.extra_metadata == {}


def test_a_front_matter_article_loads_with_its_extra_metadata(article_folder, db):
    (article_folder / "tornado-or-sanic.md").write_text(JEKYLL, encoding="utf-8")
    load(article_folder)
    source = Source.objects.get(slug="tornado-or-sanic")
    assert (source.title, source.published) == (
        "Tornado or Sanic: notes from a rewrite",
        datetime.date(2019, 6, 19),
    )
