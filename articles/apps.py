from django.apps import AppConfig


class ArticlesConfig(AppConfig):
    """The evidence: articles kept verbatim and the claims anchored in them."""

    name = "articles"
    verbose_name = "Articles and claims"
