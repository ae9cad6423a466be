"""Curators reviewing claims in the admin: lists, filters, bulk actions, the change form."""

import html
import re

import pytest
from bs4 import BeautifulSoup
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from articles.curation import CURATORS_GROUP
from articles.models import Claim, Source
from criteria.models import Criterion, Framework
from tests.curating import (
    CURATOR_PASSWORD,
    admin_login,
    form_data,
    generated_claims,
    source_with_body,
)

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:articles_claim_changelist")


def change_url(claim):
    return reverse("admin:articles_claim_change", args=[claim.pk])


def listed_pks(response):
    """The claims a changelist page shows, by their selection checkboxes."""
    return {
        int(value)
        for value in re.findall(r'name="_selected_action" value="(\d+)"', response.content.decode())
    }


def history(claim):
    return LogEntry.objects.filter(object_id=str(claim.pk), content_type__model="claim")


def django_flask_claims(count):
    """Published seed claims about Django or Flask, each in a different comparison cell."""
    claims, cells = [], set()
    for claim in Claim.objects.published().filter(framework__slug__in=["django", "flask"]):
        if (claim.framework_id, claim.criterion_id) not in cells:
            cells.add((claim.framework_id, claim.criterion_id))
            claims.append(claim)
        if len(claims) == count:
            return claims
    raise AssertionError("the seed content has too few cells")


def to_draft(claims):
    for claim in claims:
        claim.status = Claim.Status.DRAFT
        claim.save()


# The whole review: filter to drafts, publish two, see them on the comparison page ---------------


def test_a_curator_filters_to_drafts_publishes_two_and_they_appear_on_the_comparison(
    client, seeded, curator
):
    drafts = django_flask_claims(3)
    to_draft(drafts)
    comparison = reverse("compare:compare", args=["django-vs-flask"])
    before = client.get(comparison).content.decode()
    assert not any(f'#claim-{claim.pk}"' in before for claim in drafts)

    assert admin_login(client, "curator", CURATOR_PASSWORD)
    listing = client.get(CHANGELIST, {"status__exact": "draft"})
    assert listing.status_code == 200
    assert listed_pks(listing) == {claim.pk for claim in drafts}

    chosen, left = drafts[:2], drafts[2]
    response = client.post(
        CHANGELIST + "?status__exact=draft",
        {"action": "publish", "_selected_action": [claim.pk for claim in chosen]},
        follow=True,
    )
    assert response.status_code == 200
    assert "2 claims published." in response.content.decode()

    for claim in chosen:
        claim.refresh_from_db()
        assert claim.status == Claim.Status.PUBLISHED
        assert claim.reviewed_by == curator
        assert timezone.now() - claim.reviewed_at < timezone.timedelta(minutes=1)
        # The comparison narrowed to its criterion cites every claim of the row.
        after = client.get(f"{comparison}?criterion={claim.criterion.slug}").content.decode()
        assert f'#claim-{claim.pk}"' in after
        entry = history(claim).get()
        assert (entry.user, entry.action_flag) == (curator, CHANGE)
        assert "published" in entry.get_change_message()
        shown = client.get(reverse("admin:articles_claim_history", args=[claim.pk]))
        rows = BeautifulSoup(shown.content, "html.parser").select("#change-history tbody tr")
        assert ["curator" in row.get_text() and "published" in row.get_text() for row in rows] == [
            True
        ]
    left.refresh_from_db()
    assert left.status == Claim.Status.DRAFT and left.reviewed_by is None
    assert f'#claim-{left.pk}"' not in after


@pytest.mark.parametrize(
    ("action", "status"), [("reject", "rejected"), ("send_back_to_draft", "draft")]
)
def test_the_other_bulk_actions_record_who_and_when(
    curator_client, curator, seeded, action, status
):
    claims = django_flask_claims(2)
    curator_client.post(
        CHANGELIST, {"action": action, "_selected_action": [claim.pk for claim in claims]}
    )
    for claim in claims:
        claim.refresh_from_db()
        assert (claim.status, claim.reviewed_by) == (status, curator)
        assert history(claim).filter(user=curator).count() == 1


def test_bulk_actions_save_each_claim_so_its_signals_fire(curator_client, seeded):
    from django.db.models.signals import post_save

    claims = django_flask_claims(3)
    saved = []

    def record(sender, instance, **kwargs):
        saved.append(instance.pk)

    post_save.connect(record, sender=Claim)
    try:
        curator_client.post(
            CHANGELIST, {"action": "reject", "_selected_action": [claim.pk for claim in claims]}
        )
    finally:
        post_save.disconnect(record, sender=Claim)
    assert sorted(saved) == sorted(claim.pk for claim in claims)


def test_a_claim_flagged_for_review_is_not_published(curator_client, seeded):
    flagged, fine = django_flask_claims(2)
    to_draft([flagged, fine])
    Claim.objects.filter(pk=flagged.pk).update(needs_review=True)

    response = curator_client.post(
        CHANGELIST,
        {"action": "publish", "_selected_action": [flagged.pk, fine.pk]},
        follow=True,
    )
    content = response.content.decode()
    assert "1 claim published." in content
    assert "Not published" in content and change_url(flagged) in content
    flagged.refresh_from_db()
    fine.refresh_from_db()
    assert (flagged.status, fine.status) == ("draft", "published")


# The change form --------------------------------------------------------------------------------


def claim_form(client, claim):
    response = client.get(change_url(claim))
    assert response.status_code == 200
    return form_data(response.content.decode(), "claim_form")


def test_a_quote_that_is_not_in_the_article_is_refused_showing_the_closest_passage(
    curator_client, seeded
):
    claim = Claim.objects.filter(quote="Django comes with a ready-to-use admin panel.").first()
    before = Claim.objects.filter(pk=claim.pk).values().get()
    data = claim_form(curator_client, claim)
    data["quote"] = "Django comes with a ready to use admin panels."
    data["summary"] = "A changed summary that must not be saved."

    response = curator_client.post(change_url(claim), data)

    assert response.status_code == 200
    errors = BeautifulSoup(response.content, "html.parser").select(".field-quote .errorlist li")
    assert len(errors) == 1
    message = errors[0].get_text()
    assert "do not occur" in message
    assert "“Django comes with a ready-to-use admin panel.”" in message
    assert Claim.objects.filter(pk=claim.pk).values().get() == before


def test_a_new_claim_with_a_bad_quote_or_no_source_is_refused_not_crashed(curator_client, seeded):
    source = Source.objects.get(slug="trio-django-vs-flask-2024")
    data = {
        "source": source.pk,
        "framework": Framework.objects.get(slug="django").pk,
        "criterion": Criterion.objects.get(slug="admin-panel").pk,
        "stance": "strength",
        "summary": "Ships an admin.",
        "status": "draft",
        "quote": "Django comes with a ready to use admin panels.",
    }
    count = Claim.objects.count()
    response = curator_client.post(reverse("admin:articles_claim_add"), data)
    assert response.status_code == 200
    assert "“Django comes with a ready-to-use admin panel.”" in html.unescape(
        response.content.decode()
    )
    response = curator_client.post(reverse("admin:articles_claim_add"), {**data, "source": ""})
    assert response.status_code == 200
    assert "This field is required." in response.content.decode()
    assert Claim.objects.count() == count


def test_a_quote_with_nothing_close_says_so(curator_client, seeded):
    claim = Claim.objects.published().first()
    data = claim_form(curator_client, claim)
    data["quote"] = "Zebras quietly graze beyond the horizon at dusk."
    response = curator_client.post(change_url(claim), data)
    assert response.status_code == 200
    assert "Nothing in its text comes close." in response.content.decode()


def test_editing_the_quote_recomputes_its_offsets(curator_client, curator, seeded):
    claim = Claim.objects.published().select_related("source").first()
    body = claim.source.body
    # Another passage of the same article, written with the line breaks a browser sends.
    other = next(
        line.strip()
        for line in body.splitlines()
        if len(line.strip()) > 40
        and body.count(line.strip()) == 1
        and not Claim.objects.filter(quote=line.strip()).exists()
    )
    data = claim_form(curator_client, claim)
    data["quote"] = other
    data["quote_start"], data["quote_end"] = "3", "9"  # not fields: a curator never types them

    response = curator_client.post(change_url(claim), data)

    assert response.status_code == 302, response.content.decode()[:2000]
    claim.refresh_from_db()
    start = body.index(other)
    assert (claim.quote, claim.quote_start, claim.quote_end) == (other, start, start + len(other))
    assert claim.reviewed_by == curator and claim.reviewed_at is not None
    assert "Quote" in history(claim).get().get_change_message()


def test_a_multi_line_quote_sent_with_crlf_anchors(curator_client, vocabulary):
    body = "Intro line.\n\nDjango ships an admin.\nIt is generated from models.\n\nEnd."
    source = source_with_body(body, slug="lines", title="Lines")
    quote = "Django ships an admin.\nIt is generated from models."
    data = {
        "source": source.pk,
        "framework": Framework.objects.get(slug="django").pk,
        "criterion": Criterion.objects.get(slug="admin-panel").pk,
        "stance": "strength",
        "summary": "Ships an admin generated from models.",
        "status": "draft",
        "quote": quote.replace("\n", "\r\n"),
    }
    response = curator_client.post(reverse("admin:articles_claim_add"), data)
    assert response.status_code == 302
    claim = Claim.objects.get(source=source)
    assert body[claim.quote_start : claim.quote_end] == claim.quote == quote
    assert claim.origin == Claim.Origin.CURATED and claim.reviewed_by is not None


def test_the_same_claim_twice_is_refused_with_a_form_error(curator_client, seeded):
    claim = Claim.objects.published().first()
    data = claim_form(curator_client, claim)
    count = Claim.objects.count()
    response = curator_client.post(reverse("admin:articles_claim_add"), data)
    assert response.status_code == 200
    assert f"Claim {claim.pk} already says this" in response.content.decode()
    assert Claim.objects.count() == count


def test_a_flagged_claim_can_be_rejected_without_finding_its_quote(curator_client, seeded):
    claim = Claim.objects.published().first()
    Claim.objects.filter(pk=claim.pk).update(
        needs_review=True,
        quote="Words the article no longer has.",
        quote_end=claim.quote_start + 32,
    )
    data = claim_form(curator_client, claim)
    data["status"] = "published"
    refused = curator_client.post(change_url(claim), data)
    assert refused.status_code == 200
    assert "set its status to Rejected" in refused.content.decode()

    data["status"] = "rejected"
    assert curator_client.post(change_url(claim), data).status_code == 302
    claim.refresh_from_db()
    assert (claim.status, claim.needs_review) == ("rejected", True)


def test_the_change_form_shows_the_quote_in_context_and_a_public_link(curator_client, seeded):
    claim = Claim.objects.filter(quote="Django comes with a ready-to-use admin panel.").first()
    content = curator_client.get(change_url(claim)).content.decode()
    passage = BeautifulSoup(content, "html.parser").select_one(".field-passage .claim-passage")
    assert passage.mark.get_text() == claim.quote
    text = " ".join(passage.get_text(" ").split())
    # The sentences on either side, as the article has them.
    after = claim.source.body[claim.quote_end :].split(".")[0].strip()
    assert after and after in text
    assert text.index(claim.quote) > 0  # something comes before it
    assert f'href="{claim.get_absolute_url()}"' in content

    to_draft([claim])
    content = curator_client.get(change_url(claim)).content.decode()
    assert "Not shown on the public site while draft." in content
    assert f'href="{claim.get_absolute_url()}"' not in content


def test_article_text_in_the_change_form_is_escaped(curator_client, vocabulary):
    # Markup is dropped from the context, and what reads as markup once entities are decoded
    # (the words an article writes about HTML) is shown as text, never run.
    body = (
        'Before <script>alert("x")</script> it, &lt;script&gt;alert("y")&lt;/script&gt; too. '
        "Django has &lt;b&gt;an admin&lt;/b&gt;. After <img src=x onerror=alert(1)>."
    )
    source = source_with_body(body, slug="hostile")
    quote = "Django has &lt;b&gt;an admin&lt;/b&gt;."
    start = body.index(quote)
    claim = Claim.objects.create(
        source=source,
        framework=Framework.objects.get(slug="django"),
        criterion=Criterion.objects.get(slug="admin-panel"),
        stance="strength",
        summary="Has an admin.",
        quote=quote,
        quote_start=start,
        quote_end=start + len(quote),
    )
    content = curator_client.get(change_url(claim)).content.decode()
    passage = re.search(r'<blockquote class="claim-passage">.*?</blockquote>', content, re.S)
    assert passage
    markup = passage.group()
    assert "<script" not in markup and "<img" not in markup and "<b>" not in markup
    assert "&lt;script&gt;" in markup  # the article's words about a script tag, as text
    shown = BeautifulSoup(markup, "html.parser")
    assert shown.mark.get_text() == "Django has <b>an admin</b>."


# The list -----------------------------------------------------------------------------------------


def test_the_list_shows_what_curators_sort_by_and_filters_on_it(curator_client, seeded):
    response = curator_client.get(CHANGELIST)
    soup = BeautifulSoup(response.content, "html.parser")
    headers = [" ".join(th.get_text().split()) for th in soup.select("#result_list thead th")]
    for column in ("Summary", "Framework", "Criterion", "Stance", "Source", "Status", "Changed"):
        assert column in headers
    filters = " ".join(soup.select_one("#changelist-filter").get_text().split())
    for name in ("status", "framework", "criterion", "stance", "source"):
        assert f"By {name}" in filters

    django = Framework.objects.get(slug="django")
    weakness = curator_client.get(
        CHANGELIST, {"framework__id__exact": django.pk, "stance__exact": "weakness"}
    )
    expected = Claim.objects.filter(framework=django, stance="weakness")
    assert len(listed_pks(weakness)) == min(expected.count(), 50)
    assert listed_pks(weakness) <= set(expected.values_list("pk", flat=True))


def test_search_covers_summaries_and_quotes(curator_client, seeded):
    claim = Claim.objects.filter(quote="Django comes with a ready-to-use admin panel.").first()
    by_quote = curator_client.get(CHANGELIST, {"q": "ready-to-use admin panel"})
    assert claim.pk in listed_pks(by_quote)
    by_summary = curator_client.get(CHANGELIST, {"q": claim.summary})
    assert claim.pk in listed_pks(by_summary)


def test_framework_criterion_and_source_are_chosen_by_autocomplete(curator_client, seeded):
    content = curator_client.get(reverse("admin:articles_claim_add")).content.decode()
    for field in ("framework", "criterion", "source"):
        assert re.search(
            rf'<select[^>]*name="{field}"[^>]*admin-autocomplete', content
        ) or re.search(rf'<select[^>]*admin-autocomplete[^>]*name="{field}"', content)
    response = curator_client.get(
        reverse("admin:autocomplete"),
        {"app_label": "articles", "model_name": "claim", "field_name": "framework", "term": "fla"},
    )
    assert response.status_code == 200
    assert [item["text"] for item in response.json()["results"]] == ["Flask"]


def test_the_list_of_two_thousand_claims_costs_no_query_per_row(curator_client, vocabulary):
    def queries_for(params):
        with CaptureQueriesContext(connection) as captured:
            response = curator_client.get(CHANGELIST, params)
        assert response.status_code == 200
        return len(captured), response

    generated_claims(20, slug="small")
    small, _ = queries_for({})
    generated_claims(2000, slug="large")
    assert Claim.objects.count() == 2020

    for params in ({}, {"status__exact": "draft"}, {"q": "Sentence 1999"}, {"o": "-8"}):
        count, _ = queries_for(params)
        assert count == small <= 12, (params, count)
    _, response = queries_for({})
    assert len(listed_pks(response)) == 50
    assert "2020 claims" in response.content.decode()


# Who may do what ----------------------------------------------------------------------------------


def test_the_curators_group_holds_exactly_what_curating_needs():
    codenames = set(
        Group.objects.get(name=CURATORS_GROUP).permissions.values_list(
            "content_type__app_label", "codename"
        )
    )
    assert codenames == {
        (app, f"{action}_{model}")
        for app, model in [
            ("articles", "claim"),
            ("articles", "source"),
            ("criteria", "framework"),
            ("criteria", "criterion"),
        ]
        for action in ("view", "add", "change")
    } | {("articles", "view_finding"), ("articles", "change_finding")}


@pytest.mark.parametrize(
    "url", ["/admin/auth/user/", "/admin/auth/group/", "/admin/auth/user/add/"]
)
def test_a_curator_cannot_open_users_or_groups(curator_client, url):
    assert curator_client.get(url).status_code == 403


def test_a_curator_cannot_delete_a_source_or_a_claim(curator_client, seeded):
    source = Source.objects.first()
    claim = Claim.objects.first()
    for url in (
        reverse("admin:articles_source_delete", args=[source.pk]),
        reverse("admin:articles_claim_delete", args=[claim.pk]),
    ):
        assert curator_client.get(url).status_code == 403
        assert curator_client.post(url, {"post": "yes"}).status_code == 403
    listing = curator_client.get(CHANGELIST).content.decode()
    assert 'value="delete_selected"' not in listing
    assert Source.objects.filter(pk=source.pk).exists()
    assert Claim.objects.filter(pk=claim.pk).exists()


def test_the_admin_names_the_knowledge_base(curator_client):
    content = curator_client.get(reverse("admin:index")).content.decode()
    title = html.unescape(re.search(r"<title>(.*?)</title>", content, re.S).group(1))
    assert title.strip().endswith("| Framework comparison knowledge base")
    branding = BeautifulSoup(content, "html.parser").select_one("#site-name").get_text()
    assert " ".join(branding.split()) == "Framework comparison knowledge base"
    # A curator sees what curating needs, and not the accounts.
    assert reverse("admin:articles_claim_changelist") in content
    assert "/admin/auth/" not in content
