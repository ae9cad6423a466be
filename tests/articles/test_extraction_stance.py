"""Stance: neutral for description, evaluation with negation scope, contrast, comparatives,
rankings and verdicts (failure patterns 1, 7, 8 and 10 of issue 12)."""

import pytest

from .extraction_helpers import propose, stances


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # Description is neutral, whatever the criterion.
        ("Flask is a micro web framework with a URL router.", {("flask", "routing"): "neutral"}),
        ("Django stores sessions in the database.", {("django", "orm"): "neutral"}),
        # Negation scope: the negation turns the cue it governs.
        (
            "With Django you don't need to write boilerplate.",
            {("django", "development-speed"): "strength"},
        ),
        ("Flask is not easy to learn for beginners.", {("flask", "learning-curve"): "weakness"}),
        (
            "Flask doesn't come with any built-in admin panel.",
            {("flask", "admin-panel"): "weakness"},
        ),
        ("Flask supports an admin panel through plugins.", {("flask", "admin-panel"): "neutral"}),
        ("Flask doesn't support an admin panel.", {("flask", "admin-panel"): "weakness"}),
        # Contrast: each side of "but", "while", "although" keeps its own cues.
        (
            "Django has an excellent ORM, but Flask leaves the database to you.",
            {("django", "orm"): "strength", ("flask", "orm"): "neutral"},
        ),
        (
            "Although Flask routing is simple, Django URL routing is clumsy.",
            {("flask", "routing"): "strength", ("django", "routing"): "weakness"},
        ),
        # Comparatives read for each framework they name.
        (
            "Flask is faster than Django for tiny sites.",
            {("flask", "performance"): "strength", ("django", "performance"): "weakness"},
        ),
    ],
)
def test_stance_is_read_from_evaluative_language(sentence, expected):
    assert stances(propose(sentence, title="Notes")) == expected


def test_a_ranking_is_read_for_each_framework_it_names():
    sentence = "On raw performance Flask leads, then Pyramid, finally Django."
    assert stances(propose(sentence, title="Notes")) == {
        ("flask", "performance"): "strength",
        ("pyramid", "performance"): "neutral",
        ("django", "performance"): "weakness",
    }


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("I recommend Django for most teams.", {("django", "overall-verdict"): "strength"}),
        (
            "Go with Flask if you want to stay small.",
            {("flask", "overall-verdict"): "strength"},
        ),
        (
            "Django wins, and Flask loses nothing by it.",
            {("django", "overall-verdict"): "strength", ("flask", "overall-verdict"): "weakness"},
        ),
        (
            "For the admin panel, Flask loses to Django.",
            {("flask", "admin-panel"): "weakness", ("django", "admin-panel"): "strength"},
        ),
    ],
)
def test_verdicts_and_recommendations(sentence, expected):
    assert stances(propose(sentence, title="Notes")) == expected


def test_a_list_under_a_cons_heading_leans_weak_without_a_cue():
    body = "## Cons of Flask\n\n- The admin panel is an extension\n"
    assert stances(propose(body)) == {("flask", "admin-panel"): "weakness"}


def test_an_evaluative_heading_leans_the_list_under_it():
    body = (
        "## Flask\n\n### Secure and easy\n\n- Its admin panel add-on\n\n"
        "Flask ships its admin panel as an add-on.\n"
    )
    assert [(p.framework, p.stance, p.quote) for p in propose(body)] == [
        ("flask", "strength", "Its admin panel add-on"),  # a list item leans with its heading
        ("flask", "neutral", "Flask ships its admin panel as an add-on."),  # a paragraph does not
    ]
