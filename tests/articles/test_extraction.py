"""The extractor on its own: sentences, frameworks, criteria, stances, exact quotes; no database."""

import pytest

from articles.extraction import (
    CriterionTerms,
    FrameworkTerms,
    discover_frameworks,
    load_cues,
    propose_claims,
    split_segments,
)

FRAMEWORKS = [
    FrameworkTerms(slug="django", names=("Django",)),
    FrameworkTerms(slug="flask", names=("Flask",)),
]
CRITERIA = [
    CriterionTerms(slug="admin-panel", name="Admin panel", keywords=("admin panel", "admin")),
    CriterionTerms(slug="orm", name="ORM", keywords=("ORM", "database")),
    CriterionTerms(slug="performance", name="Performance", keywords=("performance", "faster")),
    CriterionTerms(slug="learning-curve", name="Learning curve", keywords=("learning curve",)),
    CriterionTerms(slug="routing", name="Routing", keywords=("routing", "URL")),
]


def propose(body, title="Django vs. Flask", frameworks=FRAMEWORKS, criteria=CRITERIA):
    return propose_claims(body=body, title=title, frameworks=frameworks, criteria=criteria)


def stances(proposals):
    return {(p.framework, p.criterion): p.stance for p in proposals}


def test_the_body_is_cut_into_clean_quotable_pieces():
    body = (
        "# Django vs. Flask\n\n"
        "Django vs. Flask is an old question. Which one wins?\n\n"
        "- Flask has routing built in;\n"
        "2. Django ships an admin panel\n\n"
        "| Feature | Flask | Django |\n"
        "|---|---|---|\n"
        "| Admin | No | Yes |\n\n"
        "```python\nFlask(__name__)  # never quoted\n```\n\n"
        "<!-- A curator's note. -->\n"
        "→ Django clearly wins.\n"
    )
    segments = split_segments(body, abbreviations=load_cues().abbreviations)
    pieces = [(s.kind, body[s.start : s.end]) for s in segments]
    assert pieces == [
        ("heading", "Django vs. Flask"),
        ("sentence", "Django vs. Flask is an old question."),
        ("sentence", "Which one wins?"),
        ("item", "Flask has routing built in"),
        ("item", "Django ships an admin panel"),
        ("row", "Admin | No | Yes"),
        ("sentence", "Django clearly wins."),
    ]
    row = segments[5]
    assert [body[a:b] for a, b in row.cells] == ["Admin", "No", "Yes"]
    assert row.columns == ("Feature", "Flask", "Django")


def test_every_proposal_is_an_exact_quote_with_a_short_summary():
    body = (
        "## Admin\n\nDjango comes with a ready-to-use admin panel. "
        "Flask lacks a built-in admin panel, and its ORM is optional.\n\n"
        "- **Django**: a steeper learning curve\n"
    )
    proposals = propose(body)
    assert proposals
    for proposal in proposals:
        assert body[proposal.quote_start : proposal.quote_end] == proposal.quote
        assert proposal.quote == proposal.quote.strip() and not proposal.quote.startswith("-")
        assert 0 < len(proposal.summary) <= 120


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        (
            "Flask is faster than Django for small sites.",
            {("flask", "performance"): "strength", ("django", "performance"): "weakness"},
        ),
        (
            "Django has a steeper learning curve than Flask.",
            {("django", "learning-curve"): "weakness", ("flask", "learning-curve"): "strength"},
        ),
        ("Flask lacks an admin panel.", {("flask", "admin-panel"): "weakness"}),
        ("Flask has no built-in ORM.", {("flask", "orm"): "weakness"}),
        ("Django requires manual URL routing.", {("django", "routing"): "weakness"}),
        (
            "Flask is flexible about the database, while Django is limited to its own ORM.",
            {("flask", "orm"): "strength", ("django", "orm"): "weakness"},
        ),
        (
            "Django vs. Flask for admin panels: Django wins.",
            {("django", "admin-panel"): "strength", ("flask", "admin-panel"): "weakness"},
        ),
        (
            "Django vs. Flask for performance: it's a tie.",
            {("django", "performance"): "neutral", ("flask", "performance"): "neutral"},
        ),
    ],
)
def test_the_stance_is_read_from_each_frameworks_side(sentence, expected):
    assert stances(propose(sentence)) == expected


def test_a_sentence_naming_no_framework_belongs_to_its_heading_or_paragraph():
    body = (
        "## Pros of Flask\n\n"
        "- Flexible URL routing\n"
        "- An admin panel through an extension\n\n"
        "Its performance is excellent.\n\n"
        "## Learning\n\n"
        "Django is big. It has a steep learning curve.\n\n"
        "The learning curve of any tool is steep at first.\n"
    )
    assert stances(propose(body)) == {
        ("flask", "routing"): "strength",
        ("flask", "admin-panel"): "strength",
        ("flask", "performance"): "strength",
        ("django", "learning-curve"): "weakness",
    }


def test_both_stands_for_the_frameworks_the_title_names():
    found = stances(propose("Both have excellent database support.", title="Flask or Django?"))
    assert found == {("flask", "orm"): "strength", ("django", "orm"): "strength"}


def test_a_comparison_table_gives_each_column_its_stance():
    body = "| Feature | Flask | Django |\n|---|---|---|\n| Admin panel | No | Built-in |\n"
    proposals = propose(body)
    assert stances(proposals) == {
        ("flask", "admin-panel"): "weakness",
        ("django", "admin-panel"): "strength",
    }
    assert {p.quote for p in proposals} == {"Admin panel | No | Built-in"}


def test_the_vocabulary_is_whatever_it_is_given():
    body = "Flask has a lovely back office."
    assert propose(body) == []
    criteria = [CriterionTerms(slug="admin-panel", name="Admin", keywords=("back office",))]
    frameworks = [FrameworkTerms(slug="flask", names=("Flask", "Pallets Flask"))]
    assert stances(propose(body, frameworks=frameworks, criteria=criteria)) == {
        ("flask", "admin-panel"): "neutral"
    }


def test_questions_and_asides_propose_nothing():
    body = (
        "Is Django faster than Flask? "
        "The biggest difference between Flask and Django is their admin panel."
    )
    assert propose(body) == []


@pytest.mark.parametrize(
    ("title", "body", "found"),
    [
        ("Django vs Rails: which to pick", "Rails is fine.", ["Rails"]),
        ("Django vs. Ruby on Rails", "", ["Ruby on Rails"]),  # the full name, "Rails" its alias
        ("Flask or Bottle?", "", ["Bottle"]),
        ("Choosing Between Django And Flask", "", []),
        ("Python vs Django", "", []),
        (
            "Web frameworks",
            "Sanic is a fast async framework. The Sanic framework is young. "
            "Sanic is a Python framework too.",
            ["Sanic"],
        ),
        (
            "Web frameworks",
            "The framework is small. This framework is new. The Python framework is here. "
            "Sanic is a framework.",
            [],
        ),
    ],
)
def test_unknown_frameworks_are_found_conservatively(title, body, found):
    assert discover_frameworks(body=body, title=title, frameworks=FRAMEWORKS) == found
