"""A small vocabulary the extractor tests share, and a shortcut to propose with it."""

from articles.extraction import CriterionTerms, FrameworkTerms, propose_claims

FRAMEWORKS = [
    FrameworkTerms(slug="django", names=("Django",)),
    FrameworkTerms(slug="flask", names=("Flask",)),
    FrameworkTerms(slug="pyramid", names=("Pyramid",)),
]
CRITERIA = [
    CriterionTerms(slug="admin-panel", name="Admin panel", keywords=("admin panel", "admin")),
    CriterionTerms(slug="orm", name="ORM", keywords=("ORM", "database")),
    CriterionTerms(slug="performance", name="Performance", keywords=("performance", "faster")),
    CriterionTerms(slug="learning-curve", name="Learning curve", keywords=("learning", "learn")),
    CriterionTerms(slug="routing", name="Routing", keywords=("routing", "URL")),
    CriterionTerms(slug="rest-apis", name="REST APIs", keywords=("API", "APIs")),
    CriterionTerms(slug="maintainability", name="Maintainability", keywords=("coupling",)),
    CriterionTerms(slug="development-speed", name="Speed", keywords=("boilerplate",)),
    CriterionTerms(slug="overall-verdict", name="Overall verdict", keywords=("recommend",)),
]


def propose(body, title="Django vs. Flask", frameworks=FRAMEWORKS, criteria=CRITERIA, **kw):
    return propose_claims(body=body, title=title, frameworks=frameworks, criteria=criteria, **kw)


def stances(proposals):
    return {(p.framework, p.criterion): p.stance for p in proposals}


def quotes(proposals):
    return {p.quote for p in proposals}
