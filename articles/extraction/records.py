"""The extractor's database side: its vocabulary as curators edit it in the admin, the
frameworks it finds (never one a curator rejected), and the draft claims it proposes, inserted
at once. Called inside the loader's transaction."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils.text import slugify

from criteria.models import Criterion, Framework, RejectedFrameworkName
from criteria.validators import validate_framework_slug

from ..cache import knowledge_base_changed
from ..models import Claim
from .discovery import discover_framework_names
from .proposer import propose_claims
from .vocabulary import CriterionTerms, FrameworkTerms


def framework_terms(framework):
    return FrameworkTerms(
        slug=framework.slug, names=tuple(dict.fromkeys([framework.name, *framework.alias_list]))
    )


def vocabulary_from_db():
    """(frameworks, criteria) as the extractor reads them: names and aliases, keywords."""
    frameworks = [framework_terms(f) for f in Framework.objects.order_by("pk")]
    criteria = [
        CriterionTerms(slug=c.slug, name=c.name, keywords=tuple(c.keyword_list))
        for c in Criterion.objects.in_display_order()
    ]
    return frameworks, criteria


def framework_slug_valid(slug):
    try:
        validate_framework_slug(slug)
    except ValidationError:
        return False
    return True


def frameworks_discover(*, source, frameworks):
    """Create the frameworks the source names that the knowledge base lacks, flagged for a
    curator, named as the article names them (by the full name it gives, the short one it
    uses an alias).

    Returns (the frameworks created, those a load running at the same time created first).
    """
    created, raced = [], []
    rejected = RejectedFrameworkName.objects.names()
    for name, aliases in discover_framework_names(
        body=source.body, title=source.title, frameworks=frameworks, rejected=rejected
    ):
        slug = slugify(name).replace("_", "-")[:100].strip("-")
        if not framework_slug_valid(slug):
            continue  # a name no address could carry ("Vs", say): left for a curator
        same = Q(slug=slug) | Q(name__iexact=name[:100])
        if Framework.objects.filter(same).exists():
            continue
        framework = Framework(
            name=name[:100],
            slug=slug,
            aliases="\n".join(dict.fromkeys([name, *aliases])),  # "Ruby on Rails", "Rails"
            needs_review=True,
        )
        # Uniqueness is the database's to decide: a concurrent load may add the same name
        # between any check made here and the insert.
        framework.full_clean(validate_unique=False)
        try:
            with transaction.atomic():  # a savepoint: a refused insert leaves the load going
                framework.save()
        except IntegrityError:
            # PostgreSQL made the insert wait for the other load's, then refused it: theirs is
            # the framework, and this article's proposals use it.
            existing = Framework.objects.filter(same).order_by("pk").first()
            if existing is None:
                raise
            raced.append(existing)
            continue
        created.append(framework)
    return created, raced


def claims_propose(*, source, outcome):
    """Propose draft claims for a source that has no curated claims.

    A proposal already in the database (same framework, criterion and passage), whatever a
    curator made of it since, is left alone: a rejected proposal is never proposed again.
    """
    frameworks, criteria = vocabulary_from_db()
    created, raced = frameworks_discover(source=source, frameworks=frameworks)
    for framework in [*created, *raced]:
        frameworks.append(framework_terms(framework))
    outcome.frameworks_created.extend(framework.name for framework in created)
    proposals = propose_claims(
        body=source.body, title=source.title, frameworks=frameworks, criteria=criteria
    )
    framework_rows = Framework.objects.in_bulk(field_name="slug")
    criterion_rows = Criterion.objects.in_bulk(field_name="slug")
    existing = set(
        source.claims.values_list("framework__slug", "criterion__slug", "quote_start", "quote_end")
    )
    drafts = []
    summary_max = Claim._meta.get_field("summary").max_length
    for proposal in proposals:
        key = (proposal.framework, proposal.criterion, proposal.quote_start, proposal.quote_end)
        if key in existing:
            continue
        draft = Claim(
            source=source,
            framework=framework_rows[proposal.framework],
            criterion=criterion_rows[proposal.criterion],
            stance=proposal.stance,
            summary=proposal.summary[:summary_max],
            quote=proposal.quote,
            quote_start=proposal.quote_start,
            quote_end=proposal.quote_end,
            status=Claim.Status.DRAFT,
            origin=Claim.Origin.EXTRACTED,
        )
        draft.check_anchor()  # bulk_create skips save(), which checks it
        drafts.append(draft)
        existing.add(key)
    # One insert for the article's drafts keeps its transaction, and its lock, short.
    Claim.objects.bulk_create(drafts)
    if drafts:
        knowledge_base_changed()  # bulk_create sends no post_save
    outcome.claims_proposed += len(drafts)
