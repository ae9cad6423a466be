"""Findings: claims on the same framework and criterion that say the same thing, stated once.

Five articles saying "Django ships with an admin panel" in five wordings are one finding with
five citations, not five lines. Findings are stored (Claim.finding) and recomputed here when
claims are loaded, published or edited, never while a page is read.

How two summaries are judged to say the same thing:

- Only claims with the same framework, criterion and stance can share a finding.
- Each summary is reduced to what it adds to its topic: lower case; the words of the
  criterion's name ("admin", "panel", "ORM", "databases", by their stems) and the framework
  names removed, since every claim of the group is about them (not the criterion's keywords:
  "large projects" and "Pinterest" are keywords of their criteria and the very point a claim
  makes); negations ("lacks", "without", "no") made one word; function words, words that only
  say a framework *has* the thing ("includes", "ships with", "built-in") and the generic nouns
  a feature is named by ("interface", "site", "system") dropped; a crude suffix stemming
  ("easier" and "easy" alike).
- rapidfuzz's token_sort_ratio compares what is left. Two summaries that reduce to nothing
  both say "has it" (or, with a negation, "lacks it") and are the same; otherwise they are the
  same at SIMILARITY_THRESHOLD or above (tests/articles/test_findings.py justifies the figure
  on labelled pairs).
- A claim joins the first finding whose every claim it matches (complete linkage, so a chain
  of small differences cannot pull unlike claims together), in reading order.

A claim that merely restates a comparison's outcome ("Loses the admin panel comparison to
Django", "Wins the database comparison") adds no point of its own: it joins the finding of the
same stance its own source already makes (its article's "No built-in admin panel"), or else the
largest finding of that stance; only alone does it stand as a finding of its own.

Curators' decisions win: a pinned finding (merged, split or edited in the admin) keeps its
claims through recomputation, and new claims may join it.
"""

import re
from collections import defaultdict

from django.db import connection, transaction
from rapidfuzz import fuzz

from criteria.models import Criterion, Framework

from .cache import knowledge_base_changed
from .models import Claim, Finding

# Chosen by tests/articles/test_findings.py on the labelled pairs of finding_pairs.py: the
# paraphrases there score 65 and up, the different points 62 and below.
SIMILARITY_THRESHOLD = 64

FUNCTION_WORDS = frozenset(
    """a an the is are was were be been being it its this that these those of to for and or
    with by on in at as from into than so also very much more most can could which who whose
    you your their there here out box own""".split()  # noqa: SIM905
)
# Words that say only that a framework has the thing the criterion names.
PRESENCE_WORDS = frozenset(
    """has have had having include includes included including ship ships shipped come comes
    offer offers offered provide provides provided give gives built ready
    support supports system systems feature features interface interfaces site area dashboard
    layer package module tool tools""".split()  # noqa: SIM905 (a word list reads best as words)
)
FIXED_PHRASES = re.compile(r"\b(?:ready[- ]to[- ]use|out[- ]of[- ]the[- ]box|built[- ]in)\b")
NEGATION = re.compile(r"\b(?:lacks?|lacking|without|missing|doesn ?t|does not|no|not|none)\b")
# What is left of a summary that only reports who won: "wins the X comparison", "loses ... to Y".
VERDICT_WORDS = frozenset({"win", "won", "lose", "los", "lost", "comparison", "beat", "no"})
SUFFIXES = (
    ("iest", "y"),
    ("ier", "y"),
    ("ily", "y"),
    ("ies", "y"),
    ("ing", ""),
    ("ed", ""),
    ("er", ""),
    ("es", ""),
    ("s", ""),
)


def stem(word):
    for suffix, replacement in SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)] + replacement
    return word


def topic_pattern(criterion_name, names):
    """One regular expression for the words every claim of a group shares: the words of its
    criterion's name, by stem ("databases" takes "database"), and the framework names."""
    parts = []
    for word in re.findall(r"[a-z0-9]+", criterion_name.lower()):
        if word not in FUNCTION_WORDS and len(word) > 2:
            parts.append(re.escape(stem(word)) + r"\w*")
    for name in sorted(names, key=len, reverse=True):
        name = name.strip().lower()
        if name:
            parts.append(re.escape(name) + r"(?:'s)?")
    if not parts:
        return None
    return re.compile(r"(?<!\w)(?:" + "|".join(parts) + r")(?!\w)")


def reduce_summary(summary, topic=None):
    """What a summary says beyond its topic, as space-separated stemmed words."""
    text = summary.lower().replace("’", "'")
    if topic is not None:
        text = topic.sub(" ", text)
    text = FIXED_PHRASES.sub(" ", text)
    text = re.sub(r"(?<=\w)[-‑](?=\w)", " ", text)
    text = NEGATION.sub(" no ", text)
    words = []
    for word in re.findall(r"[a-z0-9]+", text):
        if word in FUNCTION_WORDS or word in PRESENCE_WORDS:
            continue
        word = stem(word)
        if word not in FUNCTION_WORDS and word not in PRESENCE_WORDS:
            words.append(word)
    return " ".join(words)


def similarity(a, b, *, cutoff=0):
    """0-100: how alike two reduced summaries are. Two that reduce to the same words (nothing
    included: both say "has it") are 100; nothing against something is 0. Below `cutoff`, 0
    (rapidfuzz stops early)."""
    if a == b:
        return 100.0
    if not a or not b:
        return 0.0
    return fuzz.token_sort_ratio(a, b, score_cutoff=cutoff)


def restates_verdict(reduced):
    words = set(reduced.split())
    return (
        bool(words)
        and words <= VERDICT_WORDS
        and bool(words & {"win", "won", "lose", "los", "lost", "beat"})
    )


def cluster(items, *, threshold=SIMILARITY_THRESHOLD, seeds=()):
    """Group `items` ((key, source_id, reduced summary), in reading order) into lists of keys.

    `seeds` are existing groups (pinned findings: lists of (key, source_id, reduced)) that new
    items may join but never leave. Returns [(seed index or None, [keys])] with the seeds first.
    """
    groups = [(index, list(seed)) for index, seed in enumerate(seeds)]
    restating = []
    # An item whose reduced summary an earlier one had joins that one's group: the same words
    # score the same against every member, and a group an earlier item skipped cannot take it
    # either. At scale most of a large group's summaries repeat, so this skips most comparisons.
    placed = {}
    for item in items:
        if restates_verdict(item[2]):
            restating.append(item)
            continue
        members = placed.get(item[2])
        if members is not None:
            members.append(item)
            continue
        for _, members in groups:
            if all(
                similarity(item[2], other[2], cutoff=threshold) >= threshold for other in members
            ):
                members.append(item)
                break
        else:
            members = [item]
            groups.append((None, members))
        placed[item[2]] = members
    for item in restating:
        same_source = [m for _, m in groups if any(o[1] == item[1] for o in m)]
        candidates = same_source or [m for _, m in groups]
        if candidates:
            max(candidates, key=len).append(item)
        else:
            groups.append((None, [item]))
    return [(seed, [key for key, _, _ in members]) for seed, members in groups]


def representative(claims):
    """The claim whose summary a finding shows: one that states a point (not only who won), the
    most often said, then the most like the others, then the shortest."""
    if len(claims) == 1:
        return claims[0]
    stating = [claim for claim in claims if not restates_verdict(claim.reduced)] or claims
    reduced = [claim.reduced for claim in stating]
    said = defaultdict(int)
    for claim in stating:
        said[claim.summary.lower()] += 1
    return max(
        stating,
        key=lambda claim: (
            said[claim.summary.lower()],
            sum(similarity(claim.reduced, other) for other in reduced),
            -len(claim.summary),
            -claim.pk,
        ),
    )


def group_pairs(claims):
    return {(claim.framework_id, claim.criterion_id) for claim in claims}


def findings_refresh(*, pairs=None):
    """Recompute the findings of these (framework id, criterion id) pairs, or of every pair.

    Public claims are grouped; a claim that is not public leaves an unpinned finding (a pinned
    one keeps it, for when it is published again). Returns the number of findings written.
    """
    with transaction.atomic():
        claims = Claim.objects.order_by("source_id", "quote_start", "pk").only(
            "pk",
            "framework_id",
            "criterion_id",
            "source_id",
            "stance",
            "summary",
            "status",
            "needs_review",
            "finding_id",
        )
        if pairs is not None:
            pairs = set(pairs)
            if not pairs:
                return 0
            frameworks = {framework for framework, _ in pairs}
            criteria = {criterion for _, criterion in pairs}
            claims = claims.filter(framework_id__in=frameworks, criterion_id__in=criteria)
        findings = Finding.objects.all()
        if pairs is not None:
            findings = findings.filter(framework_id__in=frameworks, criterion_id__in=criteria)
        findings = list(findings.only("pk", "framework_id", "criterion_id", "pinned"))
        pinned = {finding.pk: finding for finding in findings if finding.pinned}
        names = [
            name
            for framework in Framework.objects.only("name", "aliases")
            for name in (framework.name, *framework.alias_list)
        ]
        criterion_names = dict(Criterion.objects.values_list("pk", "name"))

        by_group = defaultdict(list)
        for claim in claims:
            if pairs is not None and (claim.framework_id, claim.criterion_id) not in pairs:
                continue
            by_group[(claim.framework_id, claim.criterion_id, claim.stance)].append(claim)
        # An unpinned finding whose claims come out the same is kept as it is: reloading
        # unchanged articles writes nothing.
        members_of = defaultdict(set)
        for group in by_group.values():
            for claim in group:
                if claim.finding_id is not None and claim.finding_id not in pinned:
                    members_of[claim.finding_id].add(claim.pk)
        unpinned = {frozenset(pks): pk for pk, pks in members_of.items()}
        summaries = dict(
            Finding.objects.filter(pk__in=list(members_of)).values_list("pk", "summary")
        )
        topics = {}
        assignments, new_findings, kept, renamed = [], [], set(), []
        for (framework_id, criterion_id, stance), group in by_group.items():
            if criterion_id not in topics:
                topics[criterion_id] = topic_pattern(criterion_names[criterion_id], names)
            for claim in group:
                claim.reduced = reduce_summary(claim.summary, topics[criterion_id])
            seeds, seed_ids, free = defaultdict(list), [], []
            for claim in group:
                if claim.finding_id in pinned:
                    if claim.finding_id not in seeds:
                        seed_ids.append(claim.finding_id)
                    seeds[claim.finding_id].append(claim)
                elif claim.status == Claim.Status.PUBLISHED and not claim.needs_review:
                    free.append(claim)
                else:
                    assignments.append((None, [claim]))  # not public: in no finding
            by_pk = {claim.pk: claim for claim in group}
            result = cluster(
                [(claim.pk, claim.source_id, claim.reduced) for claim in free],
                seeds=[[(c.pk, c.source_id, c.reduced) for c in seeds[pk]] for pk in seed_ids],
            )
            for seed, keys in result:
                members = [by_pk[key] for key in keys]
                if seed is not None:
                    assignments.append((pinned[seed_ids[seed]].pk, members))
                    continue
                summary = representative(members).summary
                existing = unpinned.get(frozenset(keys))
                if existing is not None:
                    kept.add(existing)
                    if summaries[existing] != summary:
                        renamed.append(Finding(pk=existing, summary=summary))
                    assignments.append((existing, members))
                    continue
                finding = Finding(
                    framework_id=framework_id,
                    criterion_id=criterion_id,
                    stance=stance,
                    summary=summary,
                )
                new_findings.append(finding)
                assignments.append((finding, members))
        stale = [
            finding.pk
            for finding in findings
            if not finding.pinned
            and finding.pk not in kept
            and (pairs is None or (finding.framework_id, finding.criterion_id) in pairs)
        ]
        removed, _ = Finding.objects.filter(pk__in=stale).delete()
        Finding.objects.bulk_create(new_findings)
        Finding.objects.bulk_update(renamed, ["summary"])
        changed = []
        for finding, members in assignments:
            pk = finding.pk if isinstance(finding, Finding) else finding
            for claim in members:
                if claim.finding_id != pk:
                    claim.finding_id = pk
                    changed.append(claim)
        claims_point_at_findings(changed)
        if changed or new_findings or renamed or removed:
            knowledge_base_changed()
        return len(new_findings)


def claims_point_at_findings(claims, *, batch_size=1000):
    """Save each claim's finding_id: one UPDATE ... FROM (VALUES ...) per batch.

    bulk_update builds a CASE WHEN expression per claim in Python, which took most of a minute
    for the scale corpus's 100,000 claims; a VALUES list joined by id is the same write with
    nothing to build (PostgreSQL, and SQLite since 3.33, both take UPDATE ... FROM; a VALUES
    list's columns are column1, column2 in both).
    """
    table = connection.ops.quote_name(Claim._meta.db_table)
    column = connection.ops.quote_name(Claim._meta.get_field("finding").column)
    key = connection.ops.quote_name(Claim._meta.pk.column)
    with connection.cursor() as cursor:
        for start in range(0, len(claims), batch_size):
            batch = claims[start : start + batch_size]
            rows = ", ".join(["(%s, %s)"] * len(batch))
            cursor.execute(
                f"UPDATE {table} SET {column} = CAST(v.column2 AS BIGINT) "
                f"FROM (VALUES {rows}) AS v WHERE {table}.{key} = CAST(v.column1 AS BIGINT)",
                [value for claim in batch for value in (claim.pk, claim.finding_id)],
            )


def findings_merge(*, findings):
    """One pinned finding holding every claim of `findings` (same framework, criterion and
    stance); ValueError when they differ. Keeps the first finding's summary."""
    findings = sorted(findings, key=lambda finding: finding.pk)
    kinds = {(f.framework_id, f.criterion_id, f.stance) for f in findings}
    if len(kinds) != 1:
        raise ValueError("Only findings on the same framework, criterion and stance can merge.")
    with transaction.atomic():
        kept, others = findings[0], findings[1:]
        Claim.objects.filter(finding__in=others).update(finding=kept)
        Finding.objects.filter(pk__in=[f.pk for f in others]).delete()
        kept.pinned = True
        kept.save(update_fields=["pinned", "updated_at"])
        knowledge_base_changed()
    return kept


def findings_split(*, findings):
    """Each claim of `findings` in a pinned finding of its own, its summary its own."""
    created = []
    with transaction.atomic():
        for finding in findings:
            claims = list(finding.claims.order_by("source_id", "quote_start", "pk"))
            finding.pinned = True
            if claims:
                finding.summary = claims[0].summary
            finding.save(update_fields=["pinned", "summary", "updated_at"])
            for claim in claims[1:]:
                alone = Finding.objects.create(
                    framework_id=finding.framework_id,
                    criterion_id=finding.criterion_id,
                    stance=finding.stance,
                    summary=claim.summary,
                    pinned=True,
                )
                claim.finding = alone
                claim.save(update_fields=["finding"])
                created.append(alone)
        knowledge_base_changed()
    return created


def findings_refresh_for_source(*, source):
    """Recompute the findings a source's claims take part in (after loading or editing it)."""
    pairs = set(source.claims.values_list("framework_id", "criterion_id").distinct())
    return findings_refresh(pairs=pairs) if pairs else 0
