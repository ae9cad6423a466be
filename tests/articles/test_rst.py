"""reStructuredText articles through docutils, Sphinx markup degraded to its text."""

import pytest

from articles.reading import read_article
from articles.reading.rst import looks_like_rst

LIMIT = 1_000_000

SPHINX = """\
Pyramid and Bottle Side by Side
===============================

.. sidebar:: Why compare

   Both are small WSGI frameworks.

Pyramid is described in :doc:`the narrative docs <narrative/intro>`; see
:ref:`bottle-routing` for routes and :class:`~pyramid.config.Configurator`
for setup.

.. versionadded:: 2.1
   Views can be declared as classes.

.. code-block:: python
   :linenos:

   config = Configurator()

.. toctree::
   :maxdepth: 2

   other/page

.. _bottle-routing:

Routing
-------

Bottle routes with decorators::

    @route('/hello')
    def hello():
        return "Hi"

An unknown :term:`WSGI` role and :unknownthing:`raw text` stay as words.
"""


@pytest.fixture
def document(tmp_path):
    path = tmp_path / "pyramid-and-bottle.rst"
    path.write_text(SPHINX, encoding="utf-8")
    return read_article(path, max_bytes=LIMIT)


def test_the_title_is_the_documents_title(document):
    assert document.metadata["title"] == "Pyramid and Bottle Side by Side"
    assert document.body.startswith("# Pyramid and Bottle Side by Side\n")


def test_sphinx_roles_become_their_text(document):
    body = document.body
    assert "Pyramid is described in the narrative docs; see bottle-routing for routes" in body
    assert "`Configurator`" in body
    assert "An unknown WSGI role and raw text stay as words." in body


def test_sphinx_directives_become_their_text_and_nothing_reports_an_error(document):
    body = document.body
    assert "New in version 2.1: Views can be declared as classes." in body
    assert "```\nconfig = Configurator()\n```" in body
    assert "other/page" not in body  # the toctree drives a build: dropped
    assert "Both are small WSGI frameworks." in body
    for leftover in ("System Message", "system-message", "problematic", ":doc:", ".. "):
        assert leftover not in body


def test_literal_blocks_stay_code_and_paragraphs_are_joined(document):
    assert "```\n@route('/hello')\ndef hello():\n    return \"Hi\"\n```" in document.body
    assert "Pyramid is described in the narrative docs; see bottle-routing" in document.body
    assert "## Routing" in document.body


def test_a_txt_file_that_is_rst_is_read_as_rst(tmp_path):
    path = tmp_path / "notes.txt"
    path.write_text(SPHINX, encoding="utf-8")
    assert read_article(path, max_bytes=LIMIT).metadata["title"] == (
        "Pyramid and Bottle Side by Side"
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (SPHINX, True),
        ("Title\n=====\n\nSee `the docs`_.\n\n.. _the docs: https://example.org\n", True),
        ("Falcon vs Hug\n\nFalcon is fast.\nHug wraps Falcon.\n", False),
        ("Results\n=======\n\nFalcon won on latency; Hug on ergonomics.\n", False),
        ("Price: 5 :) or 6 :(\n-----\n", False),
    ],
)
def test_rst_is_recognised_by_two_of_its_signs(text, expected):
    assert looks_like_rst(text) is expected
