"""The learned judge over the extractor's candidates (benchmarks/judge.py): fitted on
curated articles, it proposes the kind of claim curators published; without training data it
proposes what the rules propose. Small texts of the project's own."""

import pytest

from articles.extraction import CriterionTerms, propose_claims
from benchmarks.judge import Judge

from .extraction_helpers import CRITERIA, FRAMEWORKS

DOCS = CriterionTerms(slug="documentation", name="Documentation", keywords=("documentation",))
VOCABULARY = [*CRITERIA, DOCS]
NAMES = {"django": "Django", "flask": "Flask", "pyramid": "Pyramid"}
# What curators publish: a framework's tutorials and guides are its documentation, though no
# keyword says so; what they pass over: where and when a framework was born.
TAUGHT = [
    "{name} offers tutorials and guides for every step.",
    "The tutorials of {name} walk a beginner through a whole project.",
    "{name} has guides and tutorials written with care.",
]
PASSED_OVER = [
    "{name} was first released a long time ago in another country.",
    "The first release of {name} came out on a Tuesday afternoon.",
]


def article(slug, sentences):
    """(body, title, claims): one paragraph per sentence about the framework; the taught
    sentences curated as documentation strengths."""
    body, claims = "", []
    for index, template in enumerate(sentences):
        sentence = template.format(name=NAMES[slug])
        start = len(body)
        body += sentence + "\n\n"
        if template in TAUGHT:
            claims.append((slug, "documentation", "strength", start, start + len(sentence)))
        if index == 0:
            start = len(body)
            body += f"{NAMES[slug]} is a web framework with a fast ORM.\n\n"
            claims.append((slug, "orm", "strength", start, len(body) - 2))
    return body, f"About {NAMES[slug]}", claims


def corpus():
    found = []
    for slug in NAMES:
        for shift in range(2):
            order = TAUGHT[shift:] + PASSED_OVER + TAUGHT[:shift]
            found.append(article(slug, order))
    return found


@pytest.fixture(scope="module")
def judge():
    return Judge(FRAMEWORKS, VOCABULARY).fit(corpus())


def test_without_training_data_the_judge_proposes_what_the_rules_propose():
    body = "Django has a great ORM.\n\nFlask routing is faster than most.\n"
    judged = Judge(FRAMEWORKS, VOCABULARY).fit([]).propose(body=body, title="Notes")
    rules = propose_claims(body=body, title="Notes", frameworks=FRAMEWORKS, criteria=VOCABULARY)
    assert judged == rules
    assert judged


def test_the_judge_prefers_the_kind_of_claim_it_was_taught(judge):
    body = (
        "Pyramid offers tutorials and guides for every step.\n\n"
        "Pyramid was first released a long time ago in another country.\n"
    )
    rules = propose_claims(body=body, title="Notes", frameworks=FRAMEWORKS, criteria=VOCABULARY)
    assert not any(p.criterion == "documentation" for p in rules)  # no keyword says so
    found = {
        (p.framework, p.criterion, p.stance, p.quote)
        for p in judge.propose(body=body, title="Notes")
    }
    assert (
        "pyramid",
        "documentation",
        "strength",
        "Pyramid offers tutorials and guides for every step.",
    ) in found
    assert not any("released" in quote for *_, quote in found)


def test_every_proposal_quotes_the_body_at_its_offsets(judge):
    body = (
        "# Notes\n\n"
        "- **Flask** offers tutorials and guides\n  for every step.\n"
        "- Django has a great ORM, but its admin panel is slow.\n\n"
        "| Feature | Django | Flask |\n|---|---|---|\n| ORM | Yes | No |\n\n"
        "The tutorials of Django walk a beginner through a whole project.\n"
    )
    proposals = judge.propose(body=body, title="Django vs. Flask")
    assert proposals
    for p in proposals:
        assert p.quote == body[p.quote_start : p.quote_end]


def test_the_article_cap_holds(judge):
    body = "".join(f"Django offers tutorials and guides for step {n}.\n\n" for n in range(40))
    assert len(judge.propose(body=body, title="Notes", limit=7)) == 7
