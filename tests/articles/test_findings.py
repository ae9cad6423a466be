"""Findings: the similarity threshold justified on labelled pairs, findings kept fresh by every
write path, and curators' merges and splits surviving recomputation."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from articles import curation
from articles.findings import (
    SIMILARITY_THRESHOLD,
    cluster,
    findings_merge,
    findings_refresh,
    findings_split,
    reduce_summary,
    restates_verdict,
    similarity,
    topic_pattern,
)
from articles.models import Claim, Finding
from tests.articles.finding_pairs import PAIRS

NAMES = ["Django", "Flask", "FastAPI"]


def pair_scores():
    scores = []
    for criterion, first, second, same in PAIRS:
        topic = topic_pattern(criterion, NAMES)
        scores.append(
            (similarity(reduce_summary(first, topic), reduce_summary(second, topic)), same)
        )
    return scores


def accuracy(threshold, scores):
    return sum((score >= threshold) == same for score, same in scores) / len(scores)


def test_the_threshold_separates_every_labelled_pair_and_is_the_best_choice():
    scores = pair_scores()
    assert sum(same for _, same in scores) >= 15 and sum(not same for _, same in scores) >= 15
    same = sorted(score for score, is_same in scores if is_same)
    different = sorted(score for score, is_same in scores if not is_same)
    print(f"paraphrases score {same[0]:.0f} and up; different points at most {different[-1]:.0f}")
    assert accuracy(SIMILARITY_THRESHOLD, scores) == 1.0
    assert different[-1] < SIMILARITY_THRESHOLD <= same[0]
    # No other threshold does better, and one 10 points either side does worse.
    assert all(accuracy(t, scores) <= 1.0 for t in range(0, 101))
    assert accuracy(SIMILARITY_THRESHOLD - 10, scores) < 1.0
    assert accuracy(SIMILARITY_THRESHOLD + 10, scores) < 1.0


def test_a_summary_is_reduced_to_what_it_adds_to_its_topic():
    topic = topic_pattern("Admin panel", NAMES)
    assert reduce_summary("Ships with a ready-to-use admin panel.", topic) == ""
    assert reduce_summary("Lacks a built-in admin interface.", topic) == "no"
    assert (
        reduce_summary("Its admin is easier to customise than Flask's.", topic) == "easy customise"
    )
    assert restates_verdict(reduce_summary("Loses the admin panel comparison to Django.", topic))
    assert not restates_verdict(reduce_summary("No built-in admin panel.", topic))


def test_clustering_is_complete_linkage_and_restated_verdicts_join_their_sources_point():
    items = [
        (1, 10, "large"),
        (2, 11, "larg community"),  # not like 1 enough on its own
        (3, 12, "large"),
        (4, 10, "los comparison"),  # "loses the ... comparison": source 10's own point
        (5, 13, "win comparison"),  # alone in its stance: stays a finding
    ]
    groups = [keys for _, keys in cluster(items[:4])]
    assert groups == [[1, 3, 4], [2]]
    assert [keys for _, keys in cluster(items[4:])] == [[5]]


@pytest.mark.django_db
def test_the_seed_load_groups_repeated_points_and_leaves_distinct_ones_apart(seeded):
    admin = Claim.objects.filter(framework__slug="django", criterion__slug="admin-panel")
    presence = admin.get(summary="Includes an admin interface.").finding
    assert presence is not None
    assert set(presence.claims.values_list("summary", flat=True)) >= {
        "Has a built-in admin panel.",
        "Ships with a ready-to-use admin panel.",
        "Includes an admin panel.",
        "Includes an admin interface.",
    }
    customised = admin.get(summary__startswith="The admin interface can be customised")
    assert customised.finding != presence
    assert presence.summary in set(presence.claims.values_list("summary", flat=True))
    assert not presence.summary.startswith("Wins")
    # Every public claim is in a finding of its own framework, criterion and stance.
    assert not Claim.objects.public().filter(finding__isnull=True).exists()
    for claim in Claim.objects.public().select_related("finding")[:200]:
        finding = claim.finding
        assert (finding.framework_id, finding.criterion_id, finding.stance) == (
            claim.framework_id,
            claim.criterion_id,
            claim.stance,
        )
    assert Finding.objects.count() < Claim.objects.public().count() * 0.95


@pytest.mark.django_db
def test_publishing_and_editing_through_curation_recompute_findings(seeded, curator):
    claim = Claim.objects.get(framework__slug="django", summary="Includes an admin interface.")
    members = set(claim.finding.claims.values_list("pk", flat=True))
    assert len(members) > 2
    outcome = curation.claims_set_status(claims=[claim], status="draft", user=curator)
    assert outcome.changed
    claim.refresh_from_db()
    assert claim.finding is None
    others = Claim.objects.get(pk=(members - {claim.pk}).pop()).finding
    assert set(others.claims.values_list("pk", flat=True)) == members - {claim.pk}
    curation.claims_set_status(claims=[claim], status="published", user=curator)
    claim.refresh_from_db()
    assert set(claim.finding.claims.values_list("pk", flat=True)) == members
    claim.summary = "The admin can be restyled with themes."
    curation.claim_save(claim=claim, user=curator, changed_fields=["summary"])
    claim.refresh_from_db()
    assert claim.finding.claims.count() == 1
    assert claim.finding.summary == "The admin can be restyled with themes."


@pytest.mark.django_db
def test_merges_and_splits_survive_recomputation(seeded):
    admin = Claim.objects.filter(framework__slug="flask", criterion__slug="admin-panel")
    apart = list(Finding.objects.filter(pk__in=admin.filter(stance="weakness").values("finding")))
    assert len(apart) >= 2
    kept = findings_merge(findings=apart)
    findings_refresh()
    call_command("compute_findings", verbosity=0)
    kept.refresh_from_db()
    assert kept.pinned
    assert set(kept.claims.values_list("pk", flat=True)) == set(
        admin.filter(stance="weakness").values_list("pk", flat=True)
    )
    created = findings_split(findings=[kept])
    findings_refresh()
    assert len(created) == admin.filter(stance="weakness").count() - 1
    for claim in admin.filter(stance="weakness"):
        assert claim.finding.pinned and claim.finding.claims.count() == 1
    with pytest.raises(ValueError):
        findings_merge(findings=list(Finding.objects.filter(criterion__slug="admin-panel")))


@pytest.mark.django_db
def test_curators_merge_and_split_in_the_admin(client, seeded, curator):
    client.force_login(curator)
    changelist = reverse("admin:articles_finding_changelist")
    admin = Claim.objects.filter(framework__slug="flask", criterion__slug="admin-panel")
    apart = set(admin.filter(stance="weakness").values_list("finding", flat=True))
    response = client.post(
        changelist, {"action": "merge", "_selected_action": list(apart)}, follow=True
    )
    assert "Merged into" in response.content.decode()
    merged = set(admin.filter(stance="weakness").values_list("finding", flat=True))
    assert len(merged) == 1
    page = client.get(reverse("admin:articles_finding_change", args=[merged.pop()]))
    assert page.status_code == 200
    for pk in admin.filter(stance="weakness").values_list("pk", flat=True):
        assert reverse("admin:articles_claim_change", args=[pk]) in page.content.decode()
    response = client.post(
        changelist,
        {"action": "split", "_selected_action": list(set(admin.values_list("finding", flat=True)))},
        follow=True,
    )
    assert "Split:" in response.content.decode()
    assert admin.values("finding").distinct().count() == admin.count()


@pytest.mark.django_db
def test_compute_findings_fills_in_a_knowledge_base_loaded_without_them(seeded):
    Claim.objects.update(finding=None)
    Finding.objects.all().delete()
    call_command("compute_findings", verbosity=0)
    assert not Claim.objects.public().filter(finding__isnull=True).exists()
