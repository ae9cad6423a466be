from django.apps import AppConfig


class CriteriaConfig(AppConfig):
    """The axes of a comparison: the frameworks compared and the criteria they are compared on."""

    name = "criteria"
    verbose_name = "Frameworks and criteria"

    def ready(self):
        from . import checks  # noqa: F401  (registers the slug data check)
