import re

from django.db import models
from django.db.models import Case, IntegerField, Value, When
from django.urls import reverse
from django.utils.text import slugify

from .validators import validate_framework_slug, validate_slug


def split_lines(text):
    """Aliases and keywords are edited one per line; blank lines and padding are ignored."""
    return [line.strip() for line in text.splitlines() if line.strip()]


# A comparison names two to eight frameworks, each once.
MAX_COMPARED = 8
SLUG_SHAPE = re.compile(r"[-a-zA-Z0-9_]{1,100}")


class FrameworkQuerySet(models.QuerySet):
    def for_comparison(self, slugs, *, among=None):
        """The frameworks a comparison names, in its order; None if any is unknown or repeated,
        or if there are too few or too many. `among`: every framework, already read (the
        comparison page reads them all for its picker), to find them in without a query."""
        if not 2 <= len(slugs) <= MAX_COMPARED or len(set(slugs)) != len(slugs):
            return None
        # Only slug-shaped values reach the database (PostgreSQL refuses NUL bytes, for one).
        if not all(SLUG_SHAPE.fullmatch(slug) for slug in slugs):
            return None
        if among is None:
            found = self.in_bulk(slugs, field_name="slug")
        else:
            found = {framework.slug: framework for framework in among if framework.slug in slugs}
        if len(found) != len(slugs):
            return None
        return [found[slug] for slug in slugs]

    def by_slug_or_former(self, slugs):
        """{slug: framework} for the slugs files name, a framework renamed in the admin included.

        A slug is the framework's own, else one it had before a curator renamed it, else the
        slug of its name (a slug renamed before former slugs were kept).
        Only a slug that points at exactly one framework resolves; the rest are left out.
        """
        slugs = set(slugs)
        found = self.in_bulk(slugs, field_name="slug")
        missing = slugs - set(found)
        if not missing:
            return found
        everyone = list(self.all())  # a vocabulary: tens of rows, not thousands
        for lookup in (Framework.former_slug_list, Framework.name_slugs):
            candidates = {}
            for framework in everyone:
                for slug in set(lookup(framework)) & missing:
                    candidates.setdefault(slug, []).append(framework)
            for slug, frameworks in candidates.items():
                if len(frameworks) == 1:
                    found[slug] = frameworks[0]
            missing -= set(found)
            if not missing:
                break
        return found


class Framework(models.Model):
    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(max_length=100, unique=True, validators=[validate_framework_slug])
    language = models.CharField(max_length=50, blank=True)
    first_release_year = models.PositiveSmallIntegerField(null=True, blank=True)
    homepage = models.URLField(blank=True)
    description = models.TextField(blank=True)
    aliases = models.TextField(
        blank=True, help_text="Names that identify the framework in article text, one per line."
    )
    needs_review = models.BooleanField(
        default=False,
        help_text="Created by the loader from a name found in an article; a curator should "
        "confirm its name, slug and aliases.",
    )
    former_slugs = models.JSONField(
        default=list,
        blank=True,
        help_text="Slugs the framework had before a curator renamed it: article and claims "
        "files that still use one keep naming this framework.",
    )

    objects = FrameworkQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(first_release_year__isnull=True)
                | models.Q(first_release_year__gte=1990, first_release_year__lte=2100),
                name="framework_release_year_plausible",
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("compare:framework-detail", args=[self.slug])

    @property
    def alias_list(self):
        return split_lines(self.aliases)

    def former_slug_list(self):
        return list(self.former_slugs or [])

    def name_slugs(self):
        # The name only: an alias may well be the slug of another framework still to be added.
        return [slugify(self.name)] if slugify(self.name) else []

    def slug_renamed(self, former):
        """Remember FORMER as a slug of this framework's (its current one is never kept)."""
        kept = [slug for slug in self.former_slug_list() if slug != self.slug]
        if former and former != self.slug and former not in kept:
            kept.append(former)
        self.former_slugs = kept


class CriterionGroup(models.TextChoices):
    BUILT_IN_FEATURES = "built-in-features", "Built-in features"
    DEVELOPER_EXPERIENCE = "developer-experience", "Developer experience"
    OPERATIONS = "operations", "Operations"
    ECOSYSTEM = "ecosystem", "Ecosystem"
    FIT = "fit", "Fit for the project"


class CriterionQuerySet(models.QuerySet):
    def in_display_order(self):
        """Groups in their declared order, then each criterion's order within its group."""
        rank = Case(
            *(
                When(group=value, then=Value(index))
                for index, value in enumerate(CriterionGroup.values)
            ),
            default=Value(len(CriterionGroup.values)),
            output_field=IntegerField(),
        )
        return self.annotate(group_rank=rank).order_by("group_rank", "order", "name")

    def listed_in_display_order(self):
        """in_display_order() as a list, its groups put in order here rather than by the CASE
        expression, which took Django longer to compile than the query took to run (a
        comparison reads every criterion: 1.0 -> 0.3 ms on the seed content)."""
        rank = {value: index for index, value in enumerate(CriterionGroup.values)}
        criteria = list(self.order_by("order", "name"))
        criteria.sort(key=lambda criterion: rank.get(criterion.group, len(rank)))  # stable
        return criteria


class Criterion(models.Model):
    Group = CriterionGroup

    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(max_length=100, unique=True, validators=[validate_slug])
    description = models.TextField(blank=True)
    group = models.CharField(max_length=30, choices=CriterionGroup.choices)
    order = models.PositiveIntegerField(default=0, help_text="Position within its group.")
    keywords = models.TextField(
        blank=True, help_text="Words that identify the criterion in article text, one per line."
    )

    objects = CriterionQuerySet.as_manager()

    class Meta:
        ordering = ["group", "order", "name"]
        verbose_name_plural = "criteria"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(group__in=CriterionGroup.values),
                name="criterion_group_valid",
            ),
        ]
        indexes = [models.Index(fields=["group", "order"], name="criterion_group_order")]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("compare:criterion-detail", args=[self.slug])

    @property
    def keyword_list(self):
        return split_lines(self.keywords)


class RejectedFrameworkNameQuerySet(models.QuerySet):
    def names(self):
        """Every rejected name, as the extractor compares them (lower case)."""
        return {name.lower() for name in self.values_list("name", flat=True)}


class RejectedFrameworkName(models.Model):
    """A name the extractor took for a framework and a curator said is not one ("Jinja2",
    "Netflix"): discovery never creates a framework of that name again."""

    name = models.CharField(max_length=100, unique=True)
    rejected_at = models.DateTimeField(auto_now_add=True)

    objects = RejectedFrameworkNameQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = "name that is not a framework"
        verbose_name_plural = "names that are not frameworks"

    def __str__(self):
        return self.name
