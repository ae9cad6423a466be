from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save


class ArticlesConfig(AppConfig):
    """The evidence: articles kept verbatim and the claims anchored in them."""

    name = "articles"
    verbose_name = "Articles and claims"

    def ready(self):
        # Signals only for cache invalidation, and that only on commit (articles/cache.py).
        from criteria.models import Criterion, Framework

        from .cache import knowledge_base_row_changed
        from .models import Claim, Source

        for model in (Framework, Criterion, Source, Claim):
            for signal in (post_save, post_delete):
                signal.connect(
                    knowledge_base_row_changed,
                    sender=model,
                    dispatch_uid=f"knowledge-base-changed-{signal is post_save}-{model.__name__}",
                )
