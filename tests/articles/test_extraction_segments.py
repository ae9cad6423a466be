"""Segmentation: prose only, hard-wrapped paragraphs read whole, quotes never shorter than a
clause nor starting inside bold markup; every quote exact at its offsets (failure patterns
2, 5 and 6 of issue 12)."""

import pytest

from articles.extraction import discover_framework_names, split_segments
from articles.extraction.blanking import blank_non_prose

from .extraction_helpers import FRAMEWORKS, propose, quotes, stances


def pieces(body):
    return [(s.kind, body[s.start : s.end]) for s in split_segments(body)]


def test_a_hard_wrapped_sentence_is_one_quote_and_keeps_its_negation():
    body = (
        "Our team tried Flask for a year. We found that it does\n"
        "not make the ORM any easier to set up than the\n"
        "alternatives do.\n"
    )
    proposals = propose(body)
    assert quotes(proposals) == {
        "We found that it does\nnot make the ORM any easier to set up than the\nalternatives do."
    }
    assert stances(proposals) == {("flask", "orm"): "weakness"}
    for p in proposals:
        assert body[p.quote_start : p.quote_end] == p.quote


def test_the_reading_text_keeps_every_offset():
    body = "Flask ```x``` is [fast](https://example.com/fast) <b>here</b> :x:.\n"
    text = blank_non_prose(body)
    assert len(text) == len(body)
    assert "https" not in text and "<b>" not in text and ":x:" not in text
    assert text.index("Flask") == 0 and text.index("fast") == body.index("fast")


def test_a_block_is_blanked_to_its_closer_and_an_unclosed_one_leaves_the_text_as_prose():
    body = (
        "Flask {# a note #} stays. <!-- gone --> Bottle <PRE class=x>code</pre > too; "
        "{{#each}}x{{/each}} and {% if %} end, then {{ unclosed and Django {#x#} follow."
    )
    text = blank_non_prose(body)
    assert len(text) == len(body)
    for blanked in ("a note", "gone", "code", "#each", "/each", "if %", "#x#"):
        assert blanked not in text
    assert "{{ unclosed and Django" in text  # no closer after it: prose, as it was
    assert "Bottle" in text and "too;" in text and " end, then" in text and "follow." in text


def test_an_address_is_blanked_and_a_run_of_openers_before_it_is_left():
    body = "Read [the docs](https://a.example/x_(y)) and [x]([x]([x](see) here.\n"
    text = blank_non_prose(body)
    assert "https" not in text and "a.example" not in text
    assert "the docs" in text and "here." in text


def test_code_link_definitions_shortcodes_and_markup_are_not_quoted():
    body = (
        "---\ntitle: A header that is no prose at all\n---\n\n"
        "[flask-site]: https://flask.example.org/ORM-docs\n"
        ".. _pyramid: https://pyramid.example.org/\n\n"
        "    def view(request):\n        return Flask.orm(request)\n\n"
        "{{< note >}}Flask has a database layer{{< /note >}}\n\n"
        '!!! info "Flask ORM tip"\n\n'
        "<ul><li>Django ORM</li><li>Flask ORM</li></ul>\n\n"
        "Django has a great ORM for every database you meet.\n"
    )
    assert quotes(propose(body)) == {"Django has a great ORM for every database you meet."}


def test_headings_navigation_and_tables_of_contents_are_not_claims():
    body = (
        "# Django ORM versus Flask database access\n\n"
        "## Contents\n\n"
        "- [Django admin panel](#django-admin)\n"
        "- [Flask admin panel](#flask-admin)\n\n"
        "Setext heading about the Django ORM\n"
        "===================================\n\n"
        "Flask ships no admin panel of its own.\n"
    )
    assert quotes(propose(body)) == {"Flask ships no admin panel of its own."}


def test_a_sentence_announcing_the_comparison_is_no_claim():
    body = (
        "In this article we will compare Django and Flask on admin panel, ORM and routing. "
        "This page compares the performance of Django and Flask.\n"
    )
    assert propose(body) == []


def test_quotes_are_at_least_a_clause_and_never_start_inside_bold():
    body = "- ORM\n- Django ORM rocks\n\n**Django. The ORM is excellent** for most teams.\n"
    found = quotes(propose(body))
    assert "ORM" not in found
    for quote in found:
        assert not quote.startswith(("ORM is excellent", "The ORM is excellent"))
        assert quote.count("**") % 2 == 0


def test_an_html_comparison_table_gives_each_column_its_stance():
    body = (
        "<table>\n<tr><th>Feature</th><th>Django</th><th>Flask</th></tr>\n"
        "<tr><td><strong>Admin panel</strong></td><td> :white_check_mark: </td><td> :x: </td></tr>\n"
        "<tr><td>ORM</td><td>yes</td><td>yes</td></tr>\n</table>\n"
    )
    proposals = propose(body)
    assert stances(proposals) == {
        ("django", "admin-panel"): "strength",
        ("flask", "admin-panel"): "weakness",
        ("django", "orm"): "neutral",  # alike in every column: the row tells them apart in nothing
        ("flask", "orm"): "neutral",
    }
    assert quotes(proposals) == {"Admin panel", "ORM"}


def test_pieces_of_a_wrapped_list_item_stay_one_item():
    body = "- Django has a very good\n  admin panel built in\n- Flask has none\n"
    assert pieces(body) == [
        ("item", "Django has a very good\n  admin panel built in"),
        ("item", "Flask has none"),
    ]


@pytest.mark.parametrize(
    "run",
    ["[x](", "![x](", "<https:", "{{", "<!--", "<pre>", "Flask-", "|x|\n" + " " * 1_000_000],
)
def test_an_article_that_repeats_one_pattern_for_a_megabyte_is_read_through(run):
    """Some patterns were retried from every repeat of such a run (a link's or image's
    address, an unclosed comment, template tag or code element, a name in "Flask-Flask-", a
    table rule over a line of spaces): quadratic or worse, hours for a file under the size
    limit. Each run is now scanned once: discovery and proposing read it through."""
    body = "Django vs Flask\n\nDjango " + run * max(1, 1_000_000 // len(run)) + " x\n"
    assert discover_framework_names(body=body, title="Django vs Flask", frameworks=FRAMEWORKS) == []
    assert propose(body) == []
