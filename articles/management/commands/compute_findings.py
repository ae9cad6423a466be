"""Recompute every finding: for a knowledge base loaded before findings existed, or written
by a bulk tool that bypasses the loader (the scale corpus)."""

from django.core.management.base import BaseCommand

from articles.findings import findings_refresh
from articles.models import Finding


class Command(BaseCommand):
    help = (
        "Group the published claims on each framework and criterion that say the same thing "
        "into findings. Findings curators merged or split keep their claims."
    )

    def handle(self, *args, **options):
        findings_refresh()
        total = Finding.objects.count()
        pinned = Finding.objects.filter(pinned=True).count()
        self.stdout.write(
            self.style.SUCCESS(f"{total} finding(s), {pinned} of them kept as curators set them.")
        )
