"""Criteria a sentence gives without a keyword (issue 12, fourth round): measured in aggregate on
the seed and development articles, shown here on small texts of the project's own."""

from articles.extraction import CriterionTerms

from .extraction_helpers import CRITERIA, propose, stances

WITH_ARCHITECTURE = [
    *CRITERIA,
    CriterionTerms(slug="architecture", name="Architecture", keywords=("full-stack",)),
]


def test_a_sentence_saying_what_kind_of_thing_a_framework_is_speaks_of_its_architecture():
    body = (
        "Pyramid is a small web framework written in Python.\n\n"
        "Both Django and Flask are frameworks for making sites.\n"
    )
    found = stances(propose(body, title="Notes", criteria=WITH_ARCHITECTURE))
    assert found == {
        ("pyramid", "architecture"): "neutral",
        ("django", "architecture"): "neutral",
        ("flask", "architecture"): "neutral",
    }


def test_a_kind_said_of_something_else_or_late_in_the_sentence_is_no_architecture():
    body = (
        "Pyramid has a plugin that is a framework of its own.\n\n"
        "We wrote our first three sites with Django, a framework we like.\n"
    )
    assert propose(body, title="Notes", criteria=WITH_ARCHITECTURE) == []


def test_without_that_criterion_a_kind_gives_no_draft():
    assert propose("Pyramid is a small web framework.\n", title="Notes") == []


WITH_ADOPTION = [
    *CRITERIA,
    CriterionTerms(slug="adoption", name="Adoption", keywords=("companies", "used by")),
]


def test_companies_building_on_a_framework_speak_for_it():
    body = "Several large companies run Pyramid in production.\n"
    found = stances(propose(body, title="Notes", criteria=WITH_ADOPTION))
    assert found == {("pyramid", "adoption"): "strength"}


def test_a_sentence_about_a_company_alone_credits_no_framework():
    # the paragraph is about Pyramid, but this sentence speaks of the companies only
    body = "Pyramid is sound. Most of these companies sell shoes.\n"
    found = stances(propose(body, title="Notes", criteria=WITH_ADOPTION))
    assert ("pyramid", "adoption") not in found


def test_a_cue_against_still_wins_over_the_credit():
    body = "Few companies trust Pyramid, and it is hard to hire for.\n"
    found = stances(propose(body, title="Notes", criteria=WITH_ADOPTION))
    assert found == {("pyramid", "adoption"): "weakness"}
