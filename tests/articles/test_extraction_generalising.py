"""Changes measured on the development articles in aggregate (issue 12), each shown here on
small texts of the project's own."""

import tomllib

import pytest
from django.conf import settings

from articles.extraction import (
    CriterionTerms,
    FrameworkTerms,
    discover_framework_names,
    discover_frameworks,
)

from .extraction_helpers import FRAMEWORKS, propose, stances


def test_a_name_the_body_compares_with_others_is_discovered():
    body = (
        "# About\n\nThis page helps you compare Quillet to other web frameworks.\n\n"
        "Quillet keeps its routes in one place.\n"
    )
    assert discover_frameworks(body=body, title="About", frameworks=FRAMEWORKS) == ["Quillet"]


def test_comparing_two_ordinary_words_discovers_nothing():
    body = "You can compare the results to those of last year.\n"
    assert discover_frameworks(body=body, title="Notes", frameworks=FRAMEWORKS) == []


def test_a_sentence_naming_two_criteria_alike_is_filed_under_both():
    body = "Django keeps its database layer clean, and its URL patterns are easy to read.\n"
    assert set(stances(propose(body))) == {("django", "orm"), ("django", "routing")}


def test_a_sentence_mostly_about_one_criterion_is_filed_under_it_alone():
    body = "Django's ORM maps each database table to a class, and each row has a URL.\n"
    assert set(stances(propose(body))) == {("django", "orm")}


def test_a_sentence_naming_three_criteria_gives_no_second_draft():
    body = "Django handles the database, the URL layer and the admin panel well.\n"
    assert len(propose(body)) <= 1


def fixture_vocabulary():
    """The criteria as fixtures/criteria.toml seeds a fresh database."""
    data = tomllib.loads((settings.BASE_DIR / "fixtures" / "criteria.toml").read_text("utf-8"))
    return [
        CriterionTerms(slug=c["slug"], name=c["name"], keywords=tuple(c["keywords"]))
        for c in data["criteria"]
    ]


@pytest.mark.parametrize(
    ("sentence", "criterion"),
    [
        ("Flask lets you choose the pieces you need.", "flexibility"),
        ("Flask stays agnostic about the client it serves.", "flexibility"),
        ("Pyramid lets you decide how big the project grows.", "flexibility"),
        ("Pyramid lets you mount one small app inside another.", "flexibility"),
        ("Flask works with the session store of choice.", "flexibility"),
        ("Django can render pages on the server.", "templating"),
    ],
)
def test_general_vocabulary_names_the_criterion(sentence, criterion):
    proposals = propose(sentence + "\n", criteria=fixture_vocabulary())
    assert {p.criterion for p in proposals} == {criterion}


def test_scores_side_by_side_compare_the_frameworks_they_score():
    body = (
        "## Performance\n\n"
        "- **Flask performance score**: 58 out of 100\n"
        "- **Django performance score**: 94 out of 100\n"
    )
    assert stances(propose(body)) == {
        ("flask", "performance"): "weakness",
        ("django", "performance"): "strength",
    }


def test_close_scores_are_even_and_a_score_alone_evaluates_nothing():
    close = (
        "## Performance\n\n"
        "- **Flask performance score**: 90 out of 100\n"
        "- **Django performance score**: 94 out of 100\n"
    )
    alone = "## Performance\n\nThe Flask performance score was 31 out of 100 on our test.\n"
    assert set(stances(propose(close)).values()) == {"neutral"}
    assert set(stances(propose(alone)).values()) == {"neutral"}


def test_the_framework_a_migration_leaves_takes_no_stance():
    body = "Moving the URL layer from Flask to Django is easy.\n"
    assert stances(propose(body)) == {("django", "routing"): "strength"}


def test_a_to_without_a_move_keeps_both_frameworks():
    body = "Flask maps each URL to a function, and Django is easy to route with too.\n"
    assert {slug for slug, _ in stances(propose(body))} == {"flask", "django"}


def test_a_name_with_a_dot_after_a_short_word_is_found():
    frameworks = [*FRAMEWORKS, FrameworkTerms(slug="quill-net", names=("QL.NET",))]
    body = "QL.NET has an excellent admin panel.\n"
    assert stances(propose(body, title="Notes", frameworks=frameworks)) == {
        ("quill-net", "admin-panel"): "strength"
    }


def test_a_heading_among_headings_naming_frameworks_names_one_too():
    body = (
        "## Some frameworks\n\n### Django (Python)\n\nDjango is big.\n\n"
        "### Flask (Python)\n\nFlask is small.\n\n### Go on Quillet\n\n"
        "Apps built with Quillet start fast.\n\n### Pyramid\n\nPyramid scales.\n"
    )
    # "Go on Quillet" is the full name (as "Ruby on Rails" is), "Quillet" its alias
    assert discover_frameworks(body=body, title="Overview", frameworks=FRAMEWORKS) == [
        "Go on Quillet"
    ]


def test_of_criteria_named_as_often_the_one_the_sentence_judges_wins():
    body = "Flask is faster, with an ORM, a URL map and an admin panel to add.\n"
    assert stances(propose(body, title="Flask notes")) == {("flask", "performance"): "strength"}


@pytest.mark.parametrize(
    ("sentence", "stance"),
    [
        ("Django is used by many teams that need an admin panel.", "strength"),
        ("Flask does not require a database to get started with the ORM.", "strength"),
        ("Pyramid requires a separate tool to set up the ORM.", "weakness"),
        ("Django supports only one ORM.", "weakness"),
        ("Flask has advanced URL handling.", "strength"),
    ],
)
def test_general_evaluative_words(sentence, stance):
    assert set(stances(propose(sentence + "\n")).values()) == {stance}


@pytest.mark.parametrize(
    "sentence",
    [
        "Let's examine how Django handles the admin panel in a great way.",
        "One key difference between the two: Flask has a great ORM.",
        "Performance is a measure of how fast Django answers.",
    ],
)
def test_sentences_about_the_comparison_itself_are_asides(sentence):
    assert propose(sentence + "\n") == []


def test_a_comparative_with_nothing_after_it_compares_with_the_other_framework():
    body = "Besides being tidy, the Flask approach to each URL is also faster overall.\n"
    found = stances(propose(body))
    assert found[("flask", "performance")] == "strength"
    assert found[("django", "performance")] == "weakness"


def test_a_likeness_is_a_neutral_statement_about_each_framework_it_names():
    body = "Its URL scheme makes Quillet much like Django or Pyramid.\n"
    frameworks = [*FRAMEWORKS, FrameworkTerms(slug="quillet", names=("Quillet",))]
    found = stances(propose(body, title="Quillet", frameworks=frameworks))
    assert found[("django", "routing")] == found[("pyramid", "routing")] == "neutral"


def test_a_framework_named_as_an_example_of_a_kind_is_background():
    body = "Big sites like Pinterest run on Django for their URL routing.\n"
    assert stances(propose(body, title="Notes")) == {}


def test_a_description_naming_two_criteria_is_filed_under_one():
    body = "Django keeps its database layer and its URL patterns in separate files.\n"
    assert len(propose(body)) == 1


def test_the_full_name_a_body_gives_a_short_name_becomes_the_framework_s_name():
    body = "Many shops still run Ruby on Rails in production. Rails ships with generators.\n"
    assert discover_framework_names(body=body, title="Django vs Rails", frameworks=FRAMEWORKS) == [
        ("Ruby on Rails", ("Rails",))
    ]


def test_a_sentence_opening_with_a_verb_on_a_name_gives_no_full_name():
    body = "Relying on Rails is common. Rails ships with generators.\n"
    assert discover_framework_names(body=body, title="Django vs Rails", frameworks=FRAMEWORKS) == [
        ("Rails", ())
    ]


def test_a_lower_case_name_emphasised_like_known_frameworks_is_discovered():
    body = (
        "First I tried *django*, which felt heavy. Then I found *quill3*, and it was light.\n\n"
        "Later *quill3* grew a plugin system, and I stayed with it. It felt *solid*.\n"
    )
    assert discover_frameworks(body=body, title="Notes", frameworks=FRAMEWORKS) == ["quill3"]


def test_emphasis_alone_names_no_framework_when_no_framework_is_emphasised():
    body = "I tried *quill3* once. Later *quill3* grew, and Django stayed plain.\n"
    assert discover_frameworks(body=body, title="Notes", frameworks=FRAMEWORKS) == []
