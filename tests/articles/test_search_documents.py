"""On PostgreSQL, the stored search documents of public claims and of sources (migration
articles/0011) stay exactly what a search would otherwise build per row, whatever writes a
claim, source, framework or criterion, and the search ranks by them as it ranked before."""

import pytest
from django.db import connection

from articles import search
from articles.models import Claim, Source
from criteria.models import Criterion, Framework

from .test_search import BODY, SENTENCES, add_claim, add_source

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's stored documents"),
]


@pytest.fixture
def kb(vocabulary):
    notes = add_source("notes", BODY, title="Field notes")
    s = SENTENCES
    return {
        "django_summary": add_claim(
            notes, "django", "templating", s["bundles"], "Renders quokka templates quickly"
        ),
        "django_quote": add_claim(notes, "django", "templating", s["admin"], "Keeps the admin"),
        "flask_summary": add_claim(notes, "flask", "templating", s["jinja"], "Quokka fans"),
        "flask_quote": add_claim(notes, "flask", "admin-panel", s["extension"], "Extension"),
        "draft": add_claim(
            notes, "django", "templating", s["draft"], "Draft quokka", status="draft"
        ),
        "rejected": add_claim(
            notes, "flask", "routing", s["rejected"], "Rejected quokka", status="rejected"
        ),
    }


def stored():
    with connection.cursor() as cursor:
        cursor.execute("SELECT claim_id, document::text FROM articles_claim_search")
        return dict(cursor.fetchall())


def built():
    """Each public claim's document as the search built it before it was stored."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT a.id, (a.search_document || f.search_document || c.search_document)::text "
            "FROM articles_claim a JOIN criteria_framework f ON f.id = a.framework_id "
            "JOIN criteria_criterion c ON c.id = a.criterion_id"
        )
        documents = dict(cursor.fetchall())
    return {pk: documents[pk] for pk in Claim.objects.public().values_list("pk", flat=True)}


def test_the_documents_follow_every_write_to_claims_and_names(kb):
    assert stored() == built() and len(stored()) == 4

    draft = kb["draft"]
    draft.status = Claim.Status.PUBLISHED
    draft.save()
    assert draft.pk in stored()
    Claim.objects.filter(pk=draft.pk).update(needs_review=True)
    assert draft.pk not in stored()
    Claim.objects.filter(pk=draft.pk).update(needs_review=False, summary="Numbat notes")
    assert "'numbat':1A" in stored()[draft.pk]
    Claim.objects.filter(pk=kb["django_quote"].pk).update(
        framework=Framework.objects.get(slug="flask"), status=Claim.Status.REJECTED
    )
    Claim.objects.filter(pk=kb["flask_quote"].pk).update(
        criterion=Criterion.objects.get(slug="security")
    )
    assert stored() == built()

    Framework.objects.filter(slug="flask").update(name="Flask Wombat")
    Criterion.objects.filter(slug="templating").update(name="Templating and bilbies")
    assert stored() == built()
    assert "'wombat'" in stored()[kb["flask_summary"].pk]
    assert "'bilbi'" in stored()[kb["django_summary"].pk]

    kb["flask_summary"].delete()
    assert stored() == built() and kb["flask_summary"].pk not in stored()


def sources_stored():
    with connection.cursor() as cursor:
        cursor.execute("SELECT source_id, document::text FROM articles_source_search")
        return dict(cursor.fetchall())


def sources_built():
    with connection.cursor() as cursor:
        cursor.execute("SELECT id, search_document::text FROM articles_source")
        return dict(cursor.fetchall())


def test_the_sources_documents_follow_every_write_to_sources(kb):
    assert sources_stored() == sources_built() and len(sources_stored()) == 1
    other = add_source("other", "Plain words.\n", title="Other")
    Source.objects.filter(pk=other.pk).update(title="Numbat notes")
    assert "'numbat':1A" in sources_stored()[other.pk]
    other.refresh_from_db()
    other.body = "Bilby words.\n"
    other.save()
    assert "'bilbi'" in sources_stored()[other.pk]
    assert sources_stored() == sources_built()
    other.delete()
    assert sources_stored() == sources_built() and other.pk not in sources_stored()


def test_emptying_the_tables_empties_their_documents(kb):
    with connection.cursor() as cursor:
        # The deferred foreign-key checks of the rows just written first: TRUNCATE waits for none.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute("TRUNCATE articles_claim CASCADE")
        assert stored() == {} and sources_stored() != {}
        cursor.execute("TRUNCATE articles_source CASCADE")
    assert sources_stored() == {}


def test_ranks_are_those_of_the_documents_built_per_row(kb):
    """The order a search shows is the order of ts_rank over the concatenation it replaced."""
    kb["draft"].status = Claim.Status.PUBLISHED
    kb["draft"].save()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT a.id FROM articles_claim a "
            "JOIN criteria_framework f ON f.id = a.framework_id "
            "JOIN criteria_criterion c ON c.id = a.criterion_id, "
            "websearch_to_tsquery('english', %s) AS query "
            "WHERE a.status = 'published' AND NOT a.needs_review "
            "AND (a.search_document || f.search_document || c.search_document) @@ query "
            "ORDER BY ts_rank(a.search_document || f.search_document || c.search_document, "
            "query) DESC, a.id",
            ["quokka or templating"],
        )
        expected = [pk for (pk,) in cursor.fetchall()]
    page = search.search_claims("quokka or templating")
    assert [claim.pk for claim in page.rows] == expected and len(expected) == 5
    assert page.total == 5
