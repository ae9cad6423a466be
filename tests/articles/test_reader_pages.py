"""The sources list, the article reader and the claim permalink pages."""

import html
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from articles.models import Claim, Source
from criteria.links import comparison_url
from criteria.models import Criterion, Framework

from .test_rendering import MarkedHTML, squeezed

pytestmark = pytest.mark.django_db

LARGEST = "trio-django-vs-flask-2024"


def page(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def text(content):
    return html.unescape(re.sub(r"<[^>]+>", "", content))


def article_frameworks(source):
    """The default comparison for an article: its published claims' frameworks, by name."""
    return list(
        Framework.objects.filter(claims__source=source, claims__status="published")
        .order_by("name")
        .values_list("slug", flat=True)
        .distinct()
    )


def aside_of(content):
    match = re.search(r"<aside[^>]*>(.*?)</aside>", content, re.S)
    assert match, "no <aside>"
    return match.group(1)


# /sources/ -------------------------------------------------------------------------------------


def test_source_list_shows_every_article_with_metadata_and_published_counts(client, seeded):
    draft = Claim.objects.filter(source__slug=LARGEST).first()
    Claim.objects.filter(pk=draft.pk).update(status=Claim.Status.DRAFT)

    content = page(client, reverse("articles:source-list"))

    entries = re.findall(r'<li class="source-entry">(.*?)</li>', content, re.S)
    assert len(entries) == Source.objects.count() == 5
    for source in Source.objects.all():
        entry = next(e for e in entries if f'href="{source.get_absolute_url()}"' in e)
        published = Claim.objects.published().filter(source=source).count()
        assert f"{published} published claim" in entry
        plain = text(entry)
        assert source.display_title in plain
        for label, value in (("Author", source.author), ("Publisher", source.publisher)):
            assert re.search(rf"{label}\s*{re.escape(value or 'unknown')}", plain)
        if source.published is None:
            assert re.search(r"Published\s*unknown", plain)
        else:
            assert f'datetime="{source.published.isoformat()}"' in entry
        assert re.search(r"Original\s*unknown", plain)  # no seed article gives its address
    total = Claim.objects.published().count()
    assert f"the {total} published claims" in content


def test_source_list_is_a_fixed_number_of_queries_however_many_claims(
    client, seeded, django_assert_max_num_queries
):
    # The version, the count and ids of the sources, the page's sources, their claim counts and
    # the public claims per framework for the total (tests/test_query_bounds.py at two sizes).
    with django_assert_max_num_queries(6):
        client.get(reverse("articles:source-list"))


def test_source_list_links_an_articles_original_address(client, seeded):
    Source.objects.filter(slug=LARGEST).update(url="https://trio.example/django-vs-flask")
    content = page(client, reverse("articles:source-list"))
    assert (
        '<a class="source-url" href="https://trio.example/django-vs-flask" '
        'rel="nofollow noopener noreferrer">'
    ) in content


# /sources/<slug>/ ------------------------------------------------------------------------------


def test_reader_marks_every_published_claim_and_lists_them_in_reading_order(client, seeded):
    source = Source.objects.get(slug=LARGEST)
    claims = list(
        source.claims.published()
        .select_related("framework", "criterion")
        .order_by("quote_start", "quote_end", "framework__name", "criterion__name", "pk")
    )

    content = page(client, source.get_absolute_url())

    parsed = MarkedHTML(content)
    assert parsed.errors == []
    assert parsed.tags["h1"] == 1
    assert (
        f'<h1 id="article-title">{html.escape(source.display_title, quote=False)}</h1>' in content
    )
    for claim in claims:
        assert parsed.ids[f"claim-{claim.pk}"] == 1
        assert parsed.id_tags[f"claim-{claim.pk}"] == "span"
        assert squeezed(claim.quote) in squeezed(parsed.text_of(claim.pk))
    # One mark per passage, one reference after it: fewer than the claims, which share some.
    passages = {group for found in parsed.passages_of.values() for group in found}
    assert content.count('class="claim-ref') == len(passages) < len(claims)
    assert "claim-refs" not in content and ">compare</a>" not in content
    # A key to the underlines' styles, each with its shape and word.
    key = re.search(r'<p class="meta mark-key">(.*?)</p>', content, re.S).group(1)
    for shape, word in (("▲", "strength"), ("▼", "weakness"), ("●", "neutral"), ("◆", "mixed")):
        assert f'<span class="key key-{word}">{shape} {word}</span>' in key

    aside = aside_of(content)
    assert '<h2 id="claims-heading">Claims in this article</h2>' in aside
    items = re.findall(r"<li>(.*?)</li>", aside, re.S)
    assert len(items) == len(claims) == source.claims.published().count()
    for item, claim in zip(items, claims, strict=True):
        assert f'href="#claim-{claim.pk}"' in item  # its passage, whose note has the permalink
        assert f"stance-{claim.stance}" in item
        plain = text(item)
        assert claim.summary in plain
        assert f"{claim.framework.name} · {claim.criterion.name}" in plain


def test_reader_headings_start_below_the_title(client, seeded):
    content = page(client, reverse("articles:source-detail", args=[LARGEST]))
    body = content.split('<div class="article-body">')[1].split("</div>")[0]
    assert "<h1" not in body
    assert "<h2>Django vs. Flask: Side-by-Side Comparison</h2>" in body
    assert "<h3>Admin Panel</h3>" in body


def test_reader_links_each_passage_to_its_permalink_and_comparison_cell(client, seeded):
    source = Source.objects.get(slug=LARGEST)
    slugs = article_frameworks(source)
    assert slugs == ["django", "flask"]

    content = page(client, source.get_absolute_url())

    for claim in source.claims.published().select_related("framework", "criterion"):
        cell = comparison_url(
            slugs, criterion_slug=claim.criterion.slug, framework_slug=claim.framework.slug
        )
        # The note shown beside the passage when a citation leads to it.
        note = re.search(
            rf'<span class="claim-anchor" id="claim-{claim.pk}"></span>.*?'
            r'(<span class="claim-note">.*?)<mark ',
            content,
        )
        assert note, claim.pk
        assert f'<a href="/claims/{claim.pk}/">' in note.group(1)
        assert f'<a href="{cell}">' in note.group(1)
        assert claim.summary in html.unescape(note.group(1))
    assert 'href="/compare/django-vs-flask/#cell-admin-panel-django"' in content


@pytest.mark.parametrize(
    ("compare", "django_pair", "flask_pair"),
    [
        ("flask-vs-django", "flask-vs-django", "flask-vs-django"),
        ("django-vs-fastapi", "django-vs-fastapi", "django-vs-flask"),  # flask not in it
        ("fastapi-vs-pyramid", "django-vs-flask", "django-vs-flask"),
        ("django-vs-nope", "django-vs-flask", "django-vs-flask"),
        ("django-vs-django", "django-vs-flask", "django-vs-flask"),
        ("django", "django-vs-flask", "django-vs-flask"),
        ("<script>", "django-vs-flask", "django-vs-flask"),
        ("-vs-" * 300, "django-vs-flask", "django-vs-flask"),
    ],
)
def test_reader_honours_only_a_valid_compare_parameter(
    client, seeded, compare, django_pair, flask_pair
):
    url = reverse("articles:source-detail", args=[LARGEST])
    response = client.get(url, {"compare": compare})
    assert response.status_code == 200
    content = response.content.decode()
    assert f'href="/compare/{django_pair}/#cell-admin-panel-django"' in content
    assert f'href="/compare/{flask_pair}/#cell-admin-panel-flask"' in content
    assert "<script>" not in content.split("<main")[1]


def test_reader_is_a_bounded_number_of_queries_whatever_the_claim_count(
    client, seeded, django_assert_max_num_queries
):
    largest = reverse("articles:source-detail", args=[LARGEST])
    smallest = Source.objects.with_claim_counts().order_by("published_claim_count").first()
    with django_assert_max_num_queries(3):
        client.get(largest)
    with django_assert_max_num_queries(4):
        client.get(largest, {"compare": "flask-vs-django"})
    counts = []
    for url in (largest, smallest.get_absolute_url()):
        with CaptureQueriesContext(connection) as queries:
            client.get(url)
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_reader_of_an_unknown_article_is_404(client, seeded):
    assert (
        client.get(reverse("articles:source-detail", args=["no-such-article"])).status_code == 404
    )


def test_reader_does_not_mark_drafts_rejected_or_lost_passages(client, seeded):
    source = Source.objects.get(slug=LARGEST)
    draft, rejected, *rest = source.claims.order_by("pk")
    Claim.objects.filter(pk=draft.pk).update(status=Claim.Status.DRAFT)
    Claim.objects.filter(pk=rejected.pk).update(status=Claim.Status.REJECTED)

    content = page(client, source.get_absolute_url())

    for claim in (draft, rejected):
        assert f'id="claim-{claim.pk}"' not in content
        assert f'data-claim="{claim.pk}"' not in content
        assert f"/claims/{claim.pk}/" not in content
    assert f"{len(rest)} published claims" in content


def test_reader_leaves_out_a_published_claim_whose_passage_the_text_lost(client, seeded):
    source = Source.objects.get(slug="flask-vs-django-choosing-the-right-framework")
    Source.objects.filter(pk=source.pk).update(body="Rewritten. " + source.body)
    source.claims.update(needs_review=True)
    claim = source.claims.published().first()

    content = page(client, source.get_absolute_url())

    assert "<mark" not in content
    assert f'href="/claims/{claim.pk}/"' not in content
    assert client.get(claim.get_absolute_url()).status_code == 404


def test_reader_sanitises_a_hostile_article(client, vocabulary):
    body = (
        "# Hostile\n\nDjango is safe.<script>alert(1)</script> <img src=x onerror=alert(1)>\n\n"
        "[x](javascript:alert(1)) <iframe src=//evil></iframe> <p style=color:red>s</p>"
    )
    source = Source.objects.create(
        slug="hostile", title="Hostile", body=body, original_text=body,
        original_sha256="b" * 64, imported_at=timezone.now(),
    )  # fmt: skip
    Claim.objects.create(
        source=source, framework=Framework.objects.get(slug="django"),
        criterion=Criterion.objects.get(slug="admin-panel"),
        stance="strength", summary="Safe.", quote="Django is safe.",
        quote_start=body.index("Django"), quote_end=body.index("Django") + 15, status="published",
    )  # fmt: skip

    content = page(client, source.get_absolute_url()).split("<main")[1]

    for forbidden in ("<script", "onerror", "javascript:", "<iframe", "style="):
        assert forbidden not in content
    assert re.search(r'<span class="claim-anchor" id="claim-\d+"></span>', content)
    assert '<mark class="claim stance-strength"' in content


# /claims/<pk>/ ---------------------------------------------------------------------------------


def test_claim_page_shows_the_claim_its_passage_in_context_and_a_citation(client, seeded):
    claim = Claim.objects.select_related("source", "framework", "criterion").get(
        quote="Django comes with a ready-to-use admin panel."
    )
    source = claim.source

    content = page(client, claim.get_absolute_url())
    plain = text(content)

    assert f'<h1 id="claim-title">{html.escape(claim.summary, quote=False)}</h1>' in content
    assert f'href="{claim.framework.get_absolute_url()}"' in content
    assert f'href="{claim.criterion.get_absolute_url()}"' in content
    assert f'href="{source.get_absolute_url()}#claim-{claim.pk}"' in content
    assert 'href="/compare/django-vs-flask/#cell-admin-panel-django"' in content
    assert f"stance-{claim.stance}" in content
    passage = re.search(r'<blockquote class="passage-context">(.*?)</blockquote>', content, re.S)
    assert f'<mark class="claim stance-strength">{claim.quote}</mark>' in passage.group(1)
    context = text(passage.group(1))
    assert "A framework’s admin panel is important" in context  # the sentence before
    assert "Developers can customize their admin interface" in context  # the sentence after
    assert '<h2 id="cite-heading">Cite this claim</h2>' in content
    assert (
        f"Alex, “{source.display_title}”, Trio, unknown, unknown — quoted in the Framework "
        f"comparison knowledge base, claim {claim.pk}, http://testserver/claims/{claim.pk}/"
    ) in plain


def test_claim_page_cites_a_dated_article_with_its_address(client, seeded):
    Source.objects.filter(slug="apptension-flask-vs-django").update(
        url="https://apptension.example/a"
    )
    claim = Claim.objects.published().filter(source__slug="apptension-flask-vs-django").first()
    plain = text(page(client, claim.get_absolute_url()))
    assert (
        "Olha Kurinna, “Flask vs. Django - which framework to choose?”, Apptension, 2 March 2023, https://apptension.example/a — quoted"
        in plain
    )


def test_claim_page_uses_a_valid_compare_parameter(client, seeded):
    claim = Claim.objects.published().filter(framework__slug="flask").first()
    content = client.get(claim.get_absolute_url(), {"compare": "flask-vs-django"}).content.decode()
    assert f'href="/compare/flask-vs-django/#cell-{claim.criterion.slug}-flask"' in content
    content = client.get(claim.get_absolute_url(), {"compare": "bogus"}).content.decode()
    assert f'href="/compare/django-vs-flask/#cell-{claim.criterion.slug}-flask"' in content


@pytest.mark.parametrize("status", [Claim.Status.DRAFT, Claim.Status.REJECTED])
def test_claim_page_is_404_unless_published(client, seeded, status):
    claim = Claim.objects.first()
    Claim.objects.filter(pk=claim.pk).update(status=status)
    assert client.get(claim.get_absolute_url()).status_code == 404


def test_claim_page_of_an_unknown_claim_is_404(client, seeded):
    assert client.get(reverse("articles:claim-detail", args=[10**9])).status_code == 404


def test_claim_page_is_a_bounded_number_of_queries(client, seeded, django_assert_max_num_queries):
    claim = Claim.objects.published().first()
    with django_assert_max_num_queries(3):  # including the page cache's version
        client.get(claim.get_absolute_url())
