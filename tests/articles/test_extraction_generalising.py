"""Changes measured on the development articles in aggregate (issue 12), each shown here on
small texts of the project's own."""

from articles.extraction import discover_frameworks

from .extraction_helpers import FRAMEWORKS


def test_a_name_the_body_compares_with_others_is_discovered():
    body = (
        "# About\n\nThis page helps you compare Quillet to other web frameworks.\n\n"
        "Quillet keeps its routes in one place.\n"
    )
    assert discover_frameworks(body=body, title="About", frameworks=FRAMEWORKS) == ["Quillet"]


def test_comparing_two_ordinary_words_discovers_nothing():
    body = "You can compare the results to those of last year.\n"
    assert discover_frameworks(body=body, title="Notes", frameworks=FRAMEWORKS) == []
