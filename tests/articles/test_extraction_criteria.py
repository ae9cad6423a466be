"""Criteria: whole-word keywords on prose only, with variants; one proposal per framework per
sentence on its best criterion; a cap per article (failure patterns 4 and 9 of issue 12)."""

import pytest

from articles.extraction import CriterionTerms

from .extraction_helpers import CRITERIA, propose, stances


@pytest.mark.parametrize(
    "sentence",
    [
        "Django is used a lot in machine learning shops.",  # "learning" means something else
        "Flask docs live at https://flask.example.org/api/routing/ for everyone.",  # in a URL
        "Django pairs well with the Stripe Payments API for shops.",  # in a product's name
        "Flask is great for `database` snippets in your notes.",  # in code
        "Djangonauts love their ORMs.",  # not the framework's name as a word
    ],
)
def test_keywords_match_whole_words_in_prose_only(sentence):
    assert propose(sentence, title="Notes") == []


def test_a_keyword_matches_its_variants():
    found = stances(propose("Pyramid views are loosely coupled to their models.", title="Notes"))
    assert found == {("pyramid", "maintainability"): "neutral"}
    found = stances(propose("Flask routes are declared on the view.", title="Notes"))
    assert found == {("flask", "routing"): "neutral"}


def test_one_proposal_per_framework_per_sentence_on_its_best_criterion():
    sentence = "Django has an excellent ORM, database migrations and an admin panel."
    proposals = propose(sentence, title="Notes")
    assert [(p.framework, p.criterion, p.stance) for p in proposals] == [
        ("django", "orm", "strength")
    ]


def test_the_section_heading_gives_the_criterion_of_a_sentence_naming_none():
    body = "## Routing\n\nPyramid is clearly excellent here.\n"
    assert stances(propose(body)) == {("pyramid", "routing"): "strength"}


def test_only_the_innermost_heading_gives_a_criterion():
    # the subsection has a topic of its own that no keyword names: not routing's
    body = "## Routing\n\n### A worked example\n\nPyramid is clearly excellent here.\n"
    assert propose(body) == []
    body = "## Routing\n\n### A worked example\n\nPyramid has an excellent URL scheme.\n"
    assert stances(propose(body)) == {("pyramid", "routing"): "strength"}


def test_an_article_gives_at_most_the_cap_of_proposals():
    body = "\n\n".join(f"Django has an excellent ORM number {n}." for n in range(60))
    assert len(propose(body, title="Notes", limit=25)) == 25
    assert len(propose(body, title="Notes")) == 60


def test_proposals_hold_exact_offsets_in_a_long_list():
    body = "".join(f"- Flask item {n} has a clean URL router\n" for n in range(300))
    proposals = propose(body, title="Notes")
    assert proposals and len(proposals) <= 250
    for p in proposals:
        assert body[p.quote_start : p.quote_end] == p.quote


def test_an_empty_vocabulary_proposes_nothing():
    assert propose("Django has a great ORM.", criteria=[CriterionTerms("x", "X", ())]) == []
    assert CRITERIA  # the shared vocabulary is not empty
