"""The Atom feed of new claims and the sitemap: valid XML, published claims only, live links."""

from urllib.parse import urlsplit
from xml.etree import ElementTree

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from articles.feeds import FEED_SIZE
from articles.models import Claim, Source
from comparator.sitemaps import ClaimSitemap
from criteria.models import Criterion, Framework

pytestmark = pytest.mark.django_db

ATOM = {"atom": "http://www.w3.org/2005/Atom"}
SITEMAP = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}


@pytest.fixture
def draft(seeded):
    """An unpublished claim created after every published one: the newest claim of all."""
    claim = Claim.objects.published().select_related("source").first()
    body = claim.source.body
    start = next(
        i
        for i in range(0, len(body) - 40)
        if not Claim.objects.filter(source=claim.source, quote_start=i).exists()
    )
    return Claim.objects.create(
        source=claim.source,
        framework=claim.framework,
        criterion=claim.criterion,
        stance="weakness",
        summary="DRAFT-ONLY summary that must stay private",
        quote=body[start : start + 40],
        quote_start=start,
        quote_end=start + 40,
        status=Claim.Status.DRAFT,
    )


def path_of(url):
    return urlsplit(url).path


def feed_entries(client):
    response = client.get(reverse("articles:claims-feed"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ElementTree.fromstring(response.content)
    assert root.tag == "{http://www.w3.org/2005/Atom}feed"
    return root.findall("atom:entry", ATOM)


def entry_link(entry):
    return path_of(entry.find("atom:link", ATOM).get("href"))


def test_feed_lists_the_newest_published_claims_only(client, draft):
    entries = feed_entries(client)

    expected = list(Claim.objects.published().order_by("-published_at", "-pk")[:FEED_SIZE])
    assert len(entries) == FEED_SIZE == len(expected)
    assert [entry_link(entry) for entry in entries] == [c.get_absolute_url() for c in expected]
    assert draft.get_absolute_url() not in [entry_link(entry) for entry in entries]


def test_feed_entries_carry_title_description_dates_and_author(client, seeded):
    entry = feed_entries(client)[0]
    claim = (
        Claim.objects.published()
        .select_related("framework", "criterion", "source")
        .order_by("-published_at", "-pk")
        .first()
    )

    title = entry.find("atom:title", ATOM).text
    assert title == f"{claim.framework.name} on {claim.criterion.name}: {claim.summary}"
    summary = entry.find("atom:summary", ATOM).text
    assert claim.get_stance_display() in summary
    assert escape(claim.quote) in summary
    assert escape(claim.source.display_title) in summary
    assert entry.find("atom:published", ATOM).text.startswith(claim.published_at.date().isoformat())
    assert entry.find("atom:updated", ATOM).text.startswith(claim.updated_at.date().isoformat())
    author = entry.find("atom:author/atom:name", ATOM)
    if claim.source.author:
        assert author.text == claim.source.author
    else:
        assert author is None


def test_feed_escapes_markup_and_survives_control_characters(client, vocabulary):
    body = "Intro.\n\nDjango <script>alert(1)</script> & co\x0b ship it.\n"
    source = Source.objects.create(
        slug="hostile",
        title="Tags <b>bold</b> & more",
        body=body,
        original_text=body,
        original_sha256="c" * 64,
        imported_at=timezone.now(),
    )
    quote = "Django <script>alert(1)</script> & co\x0b ship it."
    start = body.index(quote)
    Claim.objects.create(
        source=source,
        framework=Framework.objects.get(slug="django"),
        criterion=Criterion.objects.get(slug="security"),
        stance="neutral",
        summary="Markup <i>in</i> a summary & more",
        quote=quote,
        quote_start=start,
        quote_end=start + len(quote),
        status="published",
    )

    (entry,) = feed_entries(client)

    assert entry.find("atom:title", ATOM).text.endswith("Markup <i>in</i> a summary & more")
    summary = entry.find("atom:summary", ATOM).text
    # The summary is HTML: the quote's markup arrives as text, never as tags.
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; co ship it." in summary
    assert "<script>" not in summary
    assert entry.find("atom:author", ATOM) is None  # the source names no author


def test_feed_survives_control_characters_in_framework_and_criterion_names(client, seeded):
    """A name pasted in the admin with a stray control character (its forms refuse only NUL) is
    an entry's category too: it must not make the whole feed invalid XML."""
    newest = Claim.objects.public().order_by("-published_at", "-pk").first()
    Framework.objects.filter(pk=newest.framework_id).update(name="Django\x0c")
    Criterion.objects.filter(pk=newest.criterion_id).update(name="Admin\x1b panel")

    entry = feed_entries(client)[0]

    terms = [category.get("term") for category in entry.findall("atom:category", ATOM)]
    assert terms == ["Django", "Admin panel"]
    assert entry.find("atom:title", ATOM).text.startswith("Django on Admin panel: ")


def test_a_draft_published_by_a_curator_leads_the_feed_dated_when_published(client, seeded):
    from articles.curation import claims_set_status
    from tests.curating import make_curator

    older = Claim.objects.published().order_by("created_at", "pk").first()
    claims_set_status(claims=[older], status="draft", user=make_curator())
    older.refresh_from_db()
    assert older.published_at is None
    assert older.get_absolute_url() not in [entry_link(e) for e in feed_entries(client)]

    claims_set_status(claims=[older], status="published", user=make_curator("cura2"))
    older.refresh_from_db()
    assert older.published_at > older.created_at
    first = feed_entries(client)[0]
    assert entry_link(first) == older.get_absolute_url()
    published = first.find("atom:published", ATOM).text
    assert published.startswith(older.published_at.date().isoformat())


def test_every_loaded_published_claim_is_dated_and_no_other(seeded):
    assert not Claim.objects.published().filter(published_at__isnull=True).exists()
    assert not Claim.objects.exclude(status="published").filter(published_at__isnull=False).exists()


def test_feed_entry_links_resolve(client, seeded):
    for entry in feed_entries(client):
        assert client.get(entry_link(entry)).status_code == 200


def test_feed_runs_in_a_bounded_number_of_queries(client, seeded, django_assert_max_num_queries):
    with django_assert_max_num_queries(3):
        client.get(reverse("articles:claims-feed"))


def sitemap_sections(client):
    """The section sitemaps the index at /sitemap.xml points at, as paths with their query."""
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    root = ElementTree.fromstring(response.content)
    assert root.tag == f"{{{SITEMAP['sm']}}}sitemapindex"
    addresses = [
        urlsplit(entry.find("sm:loc", SITEMAP).text)
        for entry in root.findall("sm:sitemap", SITEMAP)
    ]
    return [address.path + (f"?{address.query}" if address.query else "") for address in addresses]


def sitemap_locations(client):
    """Every address the sitemaps list, following the index to each section and page."""
    locations = []
    for section in sitemap_sections(client):
        response = client.get(section)
        assert response.status_code == 200, section
        root = ElementTree.fromstring(response.content)
        locations += [
            (path_of(url.find("sm:loc", SITEMAP).text), url.find("sm:lastmod", SITEMAP))
            for url in root.findall("sm:url", SITEMAP)
        ]
    return locations


def test_sitemap_lists_every_public_page_and_no_draft(client, draft):
    paths = [path for path, _ in sitemap_locations(client)]

    assert len(paths) == len(set(paths))
    for name in ("home", "compare:form", "compare:framework-list", "compare:criterion-list"):
        assert reverse(name) in paths
    assert reverse("articles:source-list") in paths
    for framework in Framework.objects.all():
        assert framework.get_absolute_url() in paths
    for criterion in Criterion.objects.all():
        assert criterion.get_absolute_url() in paths
    for source in Source.objects.all():
        assert source.get_absolute_url() in paths
    claim_paths = {path for path in paths if path.startswith("/claims/")}
    assert claim_paths == {claim.get_absolute_url() for claim in Claim.objects.published()}
    assert draft.get_absolute_url() not in paths
    # Only django and flask have published claims: one comparison, no pair with pyramid.
    assert [path for path in paths if path.startswith("/compare/") and "-vs-" in path] == [
        "/compare/django-vs-flask/"
    ]


def test_sitemap_gives_lastmod_where_a_date_exists(client, seeded):
    lastmods = dict(sitemap_locations(client))
    claim = Claim.objects.published().first()
    assert lastmods[claim.get_absolute_url()].text == claim.updated_at.date().isoformat()
    assert lastmods["/compare/django-vs-flask/"] is not None
    assert lastmods["/frameworks/pyramid/"] is None  # no published claim to date it
    assert lastmods[reverse("home")] is None


def test_sitemap_drops_a_comparison_when_a_framework_loses_its_last_published_claim(client, seeded):
    Claim.objects.filter(framework__slug="flask").update(status=Claim.Status.REJECTED)
    paths = [path for path, _ in sitemap_locations(client)]
    assert not [path for path in paths if path.startswith("/compare/") and "-vs-" in path]


def test_sitemap_runs_in_a_bounded_number_of_queries(client, seeded, django_assert_max_num_queries):
    # The index reads each section's size and last change from a few grouped counts (not its
    # items); a section page is a count and a fetch at most.
    with django_assert_max_num_queries(6):
        sections = sitemap_sections(client)
    for section in sections:
        with django_assert_max_num_queries(3):
            client.get(section)


def test_a_section_longer_than_its_page_size_is_split_into_listed_pages(
    client, seeded, monkeypatch
):
    published = {claim.get_absolute_url() for claim in Claim.objects.published()}
    page_size = len(published) // 3
    monkeypatch.setattr(ClaimSitemap, "limit", page_size)
    claim_pages = [path for path in sitemap_sections(client) if "claims" in path]
    assert len(claim_pages) == -(-len(published) // page_size)  # ceiling division
    listed = [path for path, _ in sitemap_locations(client) if path.startswith("/claims/")]
    assert sorted(listed) == sorted(published)


def test_every_sitemap_location_answers(client, seeded):
    failures = [
        (path, status)
        for path, _ in sitemap_locations(client)
        if (status := client.get(path).status_code) != 200
    ]
    assert failures == []
