"""A data check: rows saved before slugs were validated (or by a bulk write that skips
validation) may hold a slug no address can carry. `manage.py check --database default` (and
`migrate`) lists each, for a curator to correct in the admin."""

from django.apps import apps
from django.core import checks
from django.core.exceptions import ValidationError
from django.db import DatabaseError

# Each model with a validated slug, as app_label.ModelName.
SLUGGED_MODELS = ("criteria.Framework", "criteria.Criterion", "articles.Source")


@checks.register(checks.Tags.database)
def slugs_conform(app_configs=None, databases=None, **kwargs):
    if not databases:
        return []
    problems = []
    for label in SLUGGED_MODELS:
        model = apps.get_model(label)
        field = model._meta.get_field("slug")
        for database in databases:
            try:
                rows = list(model._default_manager.using(database).values_list("pk", "slug"))
            except DatabaseError:
                return []  # not migrated yet: nothing stored to check
            for pk, slug in rows:
                try:
                    field.run_validators(slug)
                except ValidationError as error:
                    problems.append(
                        checks.Warning(
                            f"{model._meta.verbose_name.capitalize()} {pk} has the slug {slug!r}, "
                            f"which its pages' addresses cannot carry: {error.messages[0]}",
                            hint=f"Give it a valid slug in the admin ({label}).",
                            obj=label,
                            id="criteria.W001",
                        )
                    )
    return problems
