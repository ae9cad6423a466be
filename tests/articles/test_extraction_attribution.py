"""Attribution: the framework a piece is about, products named after frameworks, and the
discovery of frameworks the knowledge base lacks (failure pattern 3 of issue 12)."""

import pytest

from articles.extraction import FrameworkTerms, discover_frameworks

from .extraction_helpers import FRAMEWORKS, propose, stances


@pytest.mark.parametrize(
    "sentence",
    [
        "Flask-Login makes the admin panel secure and easy.",
        "Django Ninja gives you a great API in minutes.",
        "The Django REST framework has a great API browser.",
    ],
)
def test_a_product_named_after_a_framework_is_not_the_framework(sentence):
    assert propose(sentence, title="Notes") == []


def test_a_sentence_naming_none_belongs_to_its_paragraph_then_its_section():
    body = (
        "## Pyramid\n\n"
        "The admin panel is a clumsy add-on here.\n\n"
        "Django is older. Its admin panel is excellent.\n\n"
        "The admin panel is a plain add-on here.\n"
    )
    # A neutral statement is proposed only for the frameworks it names itself.
    assert stances(propose(body)) == {
        ("pyramid", "admin-panel"): "weakness",
        ("django", "admin-panel"): "strength",
    }


def test_a_line_introducing_a_list_says_whose_the_list_is():
    body = "Flask:\n\n- Fast routing\n- Excellent small admin\n\nDjango:\n\n- Excellent ORM\n"
    found = {(p.framework, p.quote) for p in propose(body, title="Notes")}
    assert found == {
        ("flask", "Fast routing"),
        ("flask", "Excellent small admin"),
        ("django", "Excellent ORM"),
    }


@pytest.mark.parametrize(
    ("title", "body", "found"),
    [
        ("Django 5.1 vs Rails 7.2", "", ["Rails"]),
        ("Sinatra 4 vs. Roda 3.1: routing trees", "", ["Sinatra", "Roda"]),
        ("Comparison with Bottle", "We like Bottle a lot.", ["Bottle"]),
        (
            "Notes",
            "## Hanami vs. Padrino\n\nWe tried Hanami and Padrino for a month.\n",
            ["Hanami", "Padrino"],
        ),
        ("Notes", "### Laravel (PHP)\n\nTeams pick Laravel for its tooling.\n", ["Laravel"]),
        (
            "Notes",
            "Small frameworks like Bottle, CherryPy or Falcon exist.\n",
            ["Bottle", "CherryPy", "Falcon"],
        ),
        ("Notes", "## Overview\n\nThe Overview is short.\n", []),
        ("ASGI vs WSGI", "", []),
    ],
)
def test_frameworks_set_against_each_other_are_discovered(title, body, found):
    assert discover_frameworks(body=body, title=title, frameworks=FRAMEWORKS) == found


def test_a_name_a_curator_rejected_is_never_discovered():
    found = discover_frameworks(
        body="", title="Django vs Jinja2 vs Rails", frameworks=FRAMEWORKS, rejected=["jinja2"]
    )
    assert found == ["Rails"]


def test_claims_about_a_discovered_framework_are_not_credited_to_the_known_one():
    frameworks = [*FRAMEWORKS, FrameworkTerms(slug="rails", names=("Rails",))]
    body = "Rails has an excellent admin panel.\n"
    assert stances(propose(body, title="Django vs Rails", frameworks=frameworks)) == {
        ("rails", "admin-panel"): "strength"
    }


def test_a_neutral_statement_is_proposed_for_its_subject_not_a_passing_name():
    body = "Django maps every URL through a routing table like the one people coming from Flask know.\n"
    assert stances(propose(body, title="Notes")) == {("django", "routing"): "neutral"}


def test_the_columns_of_a_comparison_table_are_discovered_beside_known_ones():
    body = (
        "| Feature | Django | Rails | Phoenix |\n|---|---|---|---|\n| Admin | Yes | No | No |\n\n"
        "<table><tr><th>Feature</th><th>Flask</th><th>Sinatra</th></tr>"
        "<tr><td>Routing</td><td>yes</td><td>yes</td></tr></table>\n"
    )
    found = discover_frameworks(body=body, title="Notes", frameworks=FRAMEWORKS)
    assert found == ["Rails", "Phoenix", "Sinatra"]


def test_a_toolkits_feature_is_not_credited_to_the_framework_built_on_it():
    body = (
        "## FastAPI\n\nFastAPI is fast and pleasant for every API.\n\n"
        "Starlette's routing is excellent and simple.\n"
    )
    frameworks = [FrameworkTerms(slug="fastapi", names=("FastAPI",))]
    found = {(p.framework, p.quote) for p in propose(body, title="Notes", frameworks=frameworks)}
    assert found == {("fastapi", "FastAPI is fast and pleasant for every API.")}


def test_a_framework_named_after_the_subject_is_what_the_subject_uses_not_judged():
    # Pyramid is the subject; Flask is only what it is built on
    body = "Pyramid is built on ideas taken from Flask and has an excellent URL scheme.\n"
    assert stances(propose(body, title="Notes")) == {("pyramid", "routing"): "strength"}


def test_frameworks_joined_to_the_subject_are_subjects_too():
    body = "Lately, Flask, Pyramid and Django have excellent URL schemes.\n"
    assert stances(propose(body, title="Notes")) == {
        ("flask", "routing"): "strength",
        ("pyramid", "routing"): "strength",
        ("django", "routing"): "strength",
    }


def test_a_framework_on_the_far_side_of_a_comparison_keeps_its_stance():
    body = "Pyramid has much better URL routing than the one Flask has.\n"
    found = stances(propose(body, title="Notes"))
    assert found == {("pyramid", "routing"): "strength", ("flask", "routing"): "weakness"}
