"""Which criterion a draft is filed under (issue 12, third round): measured in aggregate on the
seed and development articles, shown here on small texts of the project's own."""

from .extraction_helpers import propose, stances


def test_each_framework_gets_the_criterion_of_the_clause_about_it():
    body = "Django ships a rich ORM and database layer, while Flask has faster routing.\n"
    found = stances(propose(body))
    assert ("django", "orm") in found
    assert ("flask", "orm") not in found
    assert ("flask", "performance") in found or ("flask", "routing") in found


def test_one_framework_in_two_clauses_keeps_the_sentence_wide_choice():
    # a sentence about one framework only: every clause is its, nothing to split
    body = "Django has a great ORM, and its database migrations are reliable.\n"
    assert set(stances(propose(body))) == {("django", "orm")}


def test_a_merely_named_second_criterion_adds_no_draft_to_a_judged_one():
    # "faster" judges performance; the database is only named
    body = "Django is faster on the database side.\n"
    assert set(stances(propose(body, title="Notes"))) == {("django", "performance")}


def test_two_plainly_named_criteria_still_give_two_drafts_when_judged():
    body = "Django keeps its database layer clean, and its URL patterns are good.\n"
    found = stances(propose(body))
    assert set(found) == {("django", "orm"), ("django", "routing")}
    assert set(found.values()) == {"strength"}
