"""What the render-cost work must not change: escaping in the tags that replaced includes, the
cache of rendered article bodies, clustering's shortcut for repeated summaries, and the
findings writer that replaced bulk_update."""

import inspect
import random

import pytest
from django.core.cache import caches
from django.test import override_settings
from django.utils.html import escape as django_escape
from hypothesis import given
from hypothesis import strategies as st

from articles import rendering
from articles.findings import cluster, findings_refresh, similarity
from articles.models import Claim
from articles.rendering import Passage, render_article
from articles.templatetags.claim_lines import claim_line, stance_marker
from articles.templatetags.evidence import escape as tag_escape
from articles.templatetags.evidence import evidence_cell, verdict_cell
from comparator.selectors.cited import CITED_FIELDS, CitedClaim
from comparator.selectors.comparison import Cell, FindingView, Row

HOSTILE = '<script>alert("x")</script> & "quoted"'


class Bare:
    """An object with just the attributes a tag reads."""

    def __init__(self, **attributes):
        self.__dict__.update(attributes)


def test_claim_line_and_stance_escape_every_value():
    claim = Bare(
        pk=7,
        stance="strength",
        summary=HOSTILE,
        citation_url='/sources/a/?compare=x"y#claim-7',
        permalink="/claims/7/",
        source=Bare(display_title=HOSTILE),
    )
    html = claim_line(claim, 3)
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert 'href="/sources/a/?compare=x&quot;y#claim-7"' in html
    assert ">[3]</a>" in html and 'aria-label="Claim 7 permalink"' in html
    assert ">[source]</a>" in claim_line(claim)
    assert stance_marker("weakness").endswith("▼</span> Weakness</span>")
    assert stance_marker("other").endswith("●</span> Neutral</span>")
    assert "stance-&lt;b&gt;" in stance_marker("<b>")


def comparison_cell(*, contested, findings=2, shown=1):
    framework = Bare(name=HOSTILE, slug="django")
    criterion = Bare(name=HOSTILE, slug="admin panel")
    claims = [
        Bare(
            pk=pk,
            summary=HOSTILE,
            quote=HOSTILE,
            permalink=f"/claims/{pk}/",
            citation_url=f"/sources/s/#claim-{pk}",
            citation_label=f"{pk}′",
        )
        for pk in (1, 2)
    ]
    found = [
        FindingView(key=n, stance="strength", facts=claims, source_count=2, summary=HOSTILE)
        for n in range(findings)
    ]
    for finding in found:
        finding.claims = claims
    cell = Cell(
        framework=framework,
        anchor="cell-admin-django",
        verdict="mixed" if contested else "favoured",
        sources_for=2,
        sources_against=1 if contested else 0,
        source_count=3 if contested else 2,
        claim_count=4,
        findings=found[:shown],
        finding_count=findings,
    )
    row = Row(criterion=criterion, cells=[cell], favoured={}, even=0, source_count=3, leader=None)
    return cell, row


@pytest.mark.parametrize("contested", [True, False])
def test_evidence_cell_escapes_and_links_to_the_whole_row(contested):
    cell, row = comparison_cell(contested=contested)
    html = evidence_cell(cell, row, Bare(criterion=None), "stance=strength&year=2024")
    assert "<script>" not in html and html.count("&lt;script&gt;") >= 3
    # The filters kept, escaped once, and the criterion's slug URL-encoded.
    assert (
        'href="?stance=strength&amp;year=2024&amp;criterion=admin%20panel#cell-admin-django"'
        in html
    )
    assert "All 2 findings (4 claims)" in html
    assert ('<q class="finding-quote">' in html) == contested
    assert ("2 sources for, 1 against" in html) == contested


def test_evidence_cell_on_one_criterion_lists_every_claims_quote():
    cell, row = comparison_cell(contested=False, findings=1)
    html = evidence_cell(cell, row, Bare(criterion=row.criterion), "")
    assert html.count("<q>&lt;script&gt;") == 2
    assert 'href="/claims/2/">claim 2</a>' in html
    assert "All " not in html  # nothing capped


def test_verdict_cell_says_no_evidence_or_the_sources_behind_it():
    cell, _ = comparison_cell(contested=True)
    assert "2 for, 1 against" in verdict_cell(cell)
    assert 'href="#cell-admin-django"' in verdict_cell(cell)
    cell.source_count = 0
    assert "no evidence" in verdict_cell(cell)


LOCAL = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "render-cost"}


@override_settings(CACHES={"default": LOCAL, "html": LOCAL}, ARTICLE_HTML_CACHE="html")
def test_a_rendered_body_is_reused_until_its_text_or_marks_change(monkeypatch):
    caches["html"].clear()
    calls = []
    real = rendering.clean_html
    monkeypatch.setattr(rendering, "clean_html", lambda text: calls.append(text) or real(text))
    body = "# Title\n\nDjango has an *admin*. Flask does not.\n"
    start = body.index("Django")
    passage = Passage(
        pk=1,
        start=start,
        end=start + 22,
        stance="strength",
        permalink="/claims/1/",
        comparison_url=None,
        label="Django · Admin",
        summary="Has an admin.",
        number=1,
    )
    first = render_article(body, [passage])
    assert render_article(body, [passage]) == first and len(calls) == 1
    # A mark moved: rendered afresh, and marked where it now is.
    moved = Passage(**{**passage.__dict__, "start": body.index("Flask"), "end": len(body) - 1})
    assert "Flask does not" in render_article(body, [moved]).split("<mark")[1]
    assert len(calls) == 2
    # The text changed: rendered afresh.
    render_article(body.replace("admin", "ORM"), [])
    assert len(calls) == 3


def test_repeated_summaries_cluster_as_comparing_each_would():
    rng = random.Random(5)
    words = ["fast", "slow", "easy", "admin", "orm", "large", "small", "docs"]
    items = [(n, n % 7, " ".join(rng.sample(words, rng.randint(1, 3)))) for n in range(300)]

    def plain(items, threshold=80):
        groups = []
        for item in items:
            for members in groups:
                if all(similarity(item[2], other[2]) >= threshold for other in members):
                    members.append(item)
                    break
            else:
                groups.append([item])
        return [[key for key, _, _ in members] for members in groups]

    assert [keys for _, keys in cluster(items, threshold=80)] == plain(items)


@pytest.mark.django_db
def test_findings_are_written_to_every_claim_and_a_second_refresh_changes_nothing(seeded):
    Claim.objects.update(finding=None)
    assert findings_refresh() > 0
    public = Claim.objects.public()
    assert not public.filter(finding__isnull=True).exists()
    for claim in public.select_related("finding")[:50]:
        assert claim.finding.framework_id == claim.framework_id
        assert claim.finding.criterion_id == claim.criterion_id
    before = dict(Claim.objects.values_list("pk", "finding_id"))
    assert findings_refresh() == 0
    assert dict(Claim.objects.values_list("pk", "finding_id")) == before


def test_claim_group_tags_escape_every_value_and_link_to_all_when_capped():
    from articles.templatetags.claim_groups import groups_by_criterion, groups_by_framework
    from articles.templatetags.reader import claim_index

    claims = [
        Bare(
            pk=pk,
            stance="strength",
            summary=HOSTILE,
            citation_url=f"/sources/s/#claim-{pk}",
            permalink=f"/claims/{pk}/",
            citation_number=1,
            source=Bare(display_title=HOSTILE),
        )
        for pk in (1, 2)
    ]
    heading = Bare(name=HOSTILE, slug="admin-panel")
    capped = Bare(heading=heading, claims=claims, claim_count=9, capped=True)
    by_criterion = groups_by_criterion([capped])
    by_framework = groups_by_framework([capped], Bare(name=HOSTILE))
    for html in (by_criterion, by_framework):
        assert "<script>" not in html and "&lt;script&gt;" in html
        assert html.count('<li><span class="claim-line">') == 2
    assert '<a href="/criteria/admin-panel/">' in by_criterion
    assert (
        'href="?criterion=admin-panel#criterion-admin-panel">All 9 claims on &lt;' in by_criterion
    )
    assert '<a href="/frameworks/admin-panel/">' in by_framework
    assert (
        'href="?framework=admin-panel#framework-admin-panel">All 9 claims on &lt;' in by_framework
    )
    assert "All 9" not in groups_by_criterion([Bare(**{**capped.__dict__, "capped": False})])

    unanchored = Bare(
        pk=3, number=1, stance="weakness", summary=HOSTILE, anchored=False, permalink="/claims/3/",
        framework=Bare(name=HOSTILE), criterion=Bare(name="Speed"),
    )  # fmt: skip
    anchored = Bare(**{**unanchored.__dict__, "pk": 4, "anchored": True})
    index = claim_index([unanchored, anchored])
    assert "<script>" not in index and index.count("&lt;script&gt;") == 4
    assert '<a class="permalink" href="/claims/3/">' in index
    assert '<a class="claim-summary" href="#claim-4">' in index


def test_search_results_tag_escapes_names_and_titles_and_keeps_the_marks():
    from django.utils.safestring import mark_safe

    from articles.templatetags.search_results import search_claim_groups

    claim = Bare(
        pk=5,
        stance="neutral",
        summary_html=mark_safe("Has an <mark>ORM</mark> &amp; more"),
        excerpt_html=mark_safe("&lt;b&gt;<mark>ORM</mark>"),
        source=Bare(display_title=HOSTILE),
        passage_link="/sources/s/#claim-5",
        permalink="/claims/5/",
    )
    groups = [
        {
            "framework": Bare(name=HOSTILE, slug="django"),
            "count": 1,
            "criteria": [
                {"criterion": Bare(name=HOSTILE, slug="orm"), "results": [{"claim": claim}]}
            ],
        }
    ]
    html = search_claim_groups(groups)
    assert "<script>" not in html and html.count("&lt;script&gt;") == 4
    assert "Has an <mark>ORM</mark> &amp; more" in html and "“&lt;b&gt;<mark>ORM</mark>”" in html
    assert '<a href="/frameworks/django/">' in html and '<a href="/criteria/orm/">' in html
    assert "1 claim</span>" in html and 'id="result-claim-5"' in html


@given(st.one_of(st.text(), st.integers(), st.sampled_from(["a&b", "<>", "'\"", "plain-slug"])))
def test_the_tags_escape_writes_what_djangos_escape_does(value):
    assert tag_escape(value) == django_escape(value)


def test_a_cited_claim_takes_its_values_in_cited_fields_order():
    parameters = list(inspect.signature(CitedClaim).parameters)
    assert parameters == list(CITED_FIELDS)
    claim = CitedClaim(*range(len(CITED_FIELDS)))
    assert [getattr(claim, name) for name in CITED_FIELDS] == list(range(len(CITED_FIELDS)))
