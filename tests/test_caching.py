"""Cached pages: served from the cache while nothing changes, fresh on the next view after a
curator's edit, in every process (the version lives in the database)."""

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from articles.cache import current_version, knowledge_base_changed
from articles.models import Claim, Source
from criteria.models import Framework

pytestmark = pytest.mark.django_db

URL = "/compare/django-vs-flask/"


def get(client, url=URL):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return response, len(queries)


def test_a_cached_page_costs_one_query_and_is_the_same_page(client, seeded, page_cache):
    first, first_queries = get(client)
    again, again_queries = get(client)
    assert first_queries > 1
    assert again_queries == 1  # the knowledge base's version
    assert again.content == first.content
    assert again["Content-Type"] == first["Content-Type"]
    assert again["X-Frame-Options"] == first["X-Frame-Options"]  # middleware still runs


def test_the_address_and_its_query_key_the_page(client, seeded, page_cache):
    plain, _ = get(client)
    filtered, queries = get(client, URL + "?stance=weakness")
    assert queries > 1 and filtered.content != plain.content
    reordered, _ = get(client, URL + "?group=fit&stance=weakness")
    same, queries = get(client, URL + "?stance=weakness&group=fit")
    assert queries == 1 and same.content == reordered.content
    other, queries = get(client, "/compare/flask-vs-django/")
    assert queries > 1 and other.content != plain.content


def test_a_csv_export_keeps_its_file_name_when_cached(client, seeded, page_cache):
    first, _ = get(client, "/compare/django-vs-flask.csv")
    again, queries = get(client, "/compare/django-vs-flask.csv")
    assert queries == 1
    assert again["Content-Disposition"] == first["Content-Disposition"]
    assert again["Content-Type"].startswith("text/csv")


def test_a_curators_edit_shows_on_the_next_page_view(
    client, seeded, page_cache, django_capture_on_commit_callbacks
):
    claim = Claim.objects.published().filter(framework__slug="django").first()
    # The comparison narrowed to the claim's criterion lists every claim of its row.
    row = f"{URL}?criterion={claim.criterion.slug}"
    assert f"/claims/{claim.pk}/" in get(client, row)[0].content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        claim.summary = "Edited by a curator just now"
        claim.save()
    assert "Edited by a curator just now" in get(client, row)[0].content.decode()
    reader = f"/claims/{claim.pk}/"
    assert get(client, reader)[0].status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        claim.status = Claim.Status.REJECTED
        claim.save()
    assert "Edited by a curator just now" not in get(client, row)[0].content.decode()
    assert client.get(reader).status_code == 404


def test_renaming_a_framework_or_deleting_a_claim_shows_everywhere(
    client, seeded, page_cache, django_capture_on_commit_callbacks
):
    home, _ = get(client, "/")
    assert "Flask" in home.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        flask = Framework.objects.get(slug="flask")
        flask.name = "Flask (renamed)"
        flask.save()
    assert "Flask (renamed)" in get(client, "/")[0].content.decode()
    claim = Claim.objects.published().filter(framework__slug="django").first()
    row = f"{URL}?criterion={claim.criterion.slug}"
    assert f"/claims/{claim.pk}/" in get(client, row)[0].content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        claim.delete()
    assert f"/claims/{claim.pk}/" not in get(client, row)[0].content.decode()


def test_the_version_changes_once_per_transaction_and_not_on_rollback(
    seeded, committed, django_capture_on_commit_callbacks
):
    committed()
    claims = list(Claim.objects.published()[:3])
    with django_capture_on_commit_callbacks(execute=True) as callbacks, transaction.atomic():
        for claim in claims:
            claim.summary += " (edited)"
            claim.save()
        Source.objects.first().save()
    assert len(callbacks) == 1

    before = current_version()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        try:
            with transaction.atomic():
                claims[0].save()
                raise RuntimeError("the edit fails")
        except RuntimeError:
            pass
    assert callbacks == [] and current_version() == before

    with django_capture_on_commit_callbacks(execute=True):
        knowledge_base_changed()  # after a bulk write that sends no signals
    assert current_version() != before


def test_the_version_is_a_fresh_token_each_time(db, django_capture_on_commit_callbacks):
    seen = {current_version()}
    for _ in range(3):
        with django_capture_on_commit_callbacks(execute=True):
            knowledge_base_changed()
        seen.add(current_version())
    assert len(seen) == 4 and all(len(token) == 32 for token in seen)


def test_pages_other_than_complete_answers_are_not_cached(client, seeded, page_cache):
    assert client.get("/compare/django-vs-nothing/").status_code == 404
    assert client.get("/compare/django-vs-nothing/").status_code == 404
    assert not page_cache._cache  # nothing kept for a 404


def test_a_page_that_used_a_csrf_token_or_the_session_is_never_cached(rf, db, page_cache):
    from django.contrib.sessions.backends.db import SessionStore
    from django.http import HttpResponse
    from django.middleware.csrf import get_token

    from articles.cache import cached_page

    rendered = []

    @cached_page("personal")
    def view(request):
        rendered.append(request)
        if request.GET.get("use") == "csrf":
            return HttpResponse(get_token(request))
        request.session.get("anything")
        return HttpResponse("hello")

    for use in ("csrf", "session"):
        for _ in range(2):
            request = rf.get("/personal/", {"use": use})
            request.session = SessionStore()
            assert view(request).status_code == 200
    assert len(rendered) == 4
    assert not page_cache._cache


def test_a_reload_that_adds_curated_claims_shows_them_on_the_next_view(
    client, page_cache, committed, article_folder
):
    # The loader inserts an article's new claims in one bulk insert, which sends no post_save:
    # the page must still be fresh after the reload.
    from django.core.management import call_command

    from tests.conftest import write_article

    body = "Django ships an admin panel. Flask keeps its core small and adds extensions."
    first = {"framework": "django", "criterion": "admin-panel", "stance": "strength"}
    first |= {"summary": "Ships an admin panel", "quote": "Django ships an admin panel."}
    write_article(article_folder, "bulk-reload", body, claims=[first])
    call_command("load_articles", str(article_folder), verbosity=0)
    committed()
    before, _ = get(client)
    cached, queries = get(client)
    assert queries == 1 and cached.content == before.content

    second = {"framework": "flask", "criterion": "extensions", "stance": "strength"}
    second |= {"summary": "A small core grown by extensions (bulk reload)"}
    second |= {"quote": "Flask keeps its core small and adds extensions."}
    write_article(article_folder, "bulk-reload", body, claims=[first, second])
    call_command("load_articles", str(article_folder), verbosity=0)
    committed()
    after, queries = get(client)
    assert queries > 1
    assert b"A small core grown by extensions (bulk reload)" in after.content
