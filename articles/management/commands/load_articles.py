"""Load articles (and the vocabulary and curated claims beside them) into the knowledge base."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from articles.documents import ArticleError, referenced_originals
from articles.services import article_load
from criteria.loading import VocabularyError, load_criteria, load_frameworks

ARTICLE_SUFFIXES = {".md", ".markdown"}
VOCABULARY = (("frameworks.toml", load_frameworks), ("criteria.toml", load_criteria))


class Command(BaseCommand):
    help = (
        "Load article files and folders: a folder's frameworks.toml and criteria.toml first, then "
        "every markdown article under it with its curated SLUG.claims.toml. Each article loads in "
        "its own transaction; reloading an unchanged article changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", type=Path, help="Article files or folders.")
        parser.add_argument(
            "--dry-run", action="store_true", help="Report what would change; write nothing."
        )

    def handle(self, *args, paths, dry_run, **options):
        self.verbosity = options["verbosity"]
        missing = [str(path) for path in paths if not path.exists()]
        if missing:
            raise CommandError(f"No such file or folder: {', '.join(missing)}")

        vocabulary_files = [
            (folder / name, loader)
            for folder in paths
            if folder.is_dir()
            for name, loader in VOCABULARY
            if (folder / name).is_file()
        ]
        articles = self.article_files(paths)
        if not articles and not vocabulary_files:
            raise CommandError(
                f"Nothing to load in {', '.join(map(str, paths))}: no markdown articles."
            )

        changed = False
        for path, loader in vocabulary_files:
            try:
                outcome = loader(path)
            except VocabularyError as error:
                raise CommandError(str(error)) from None
            changed |= outcome.created > 0
            self.say(str(outcome), level=1)

        tally = {"created": 0, "updated": 0, "unchanged": 0, "failed": 0}
        for path in articles:
            try:
                outcome = article_load(path=path, dry_run=dry_run)
            except ArticleError as error:
                tally["failed"] += 1
                self.stderr.write(self.style.ERROR(f"failed     {error}"))
                continue
            tally[outcome.status] += 1
            changed |= outcome.changed
            self.report(outcome)

        prefix = "Dry run, nothing written. Would have loaded" if dry_run else "Loaded"
        summary = f"{prefix} {len(articles)} article(s): " + ", ".join(
            f"{count} {status}" for status, count in tally.items()
        )
        if tally["failed"]:
            raise CommandError(summary)
        self.say(self.style.SUCCESS(summary), level=0)
        if not changed:
            self.say("Nothing changed: everything was already loaded.", level=0)

    def article_files(self, paths):
        found = []
        for path in paths:
            if path.is_dir():
                found.extend(sorted(p for p in path.rglob("*") if p.suffix in ARTICLE_SUFFIXES))
            else:
                found.append(path)
        originals = referenced_originals(found)
        unique = dict.fromkeys(p for p in found if p.resolve() not in originals)
        return list(unique)

    def report(self, outcome):
        line = (
            f"{outcome.status:<10} {outcome.slug}: {outcome.claims_created} claim(s) created, "
            f"{outcome.claims_unchanged} unchanged"
        )
        if outcome.claims_reanchored:
            line += f", {outcome.claims_reanchored} re-anchored"
        style = self.style.SUCCESS if outcome.changed else (lambda text: text)
        self.say(style(line), level=1)
        for claim in outcome.claims_flagged:
            self.stderr.write(
                self.style.WARNING(
                    f"flagged    {outcome.slug}: claim {claim.pk} ({claim.framework.slug}/"
                    f"{claim.criterion.slug}) lost its quote {claim.quote[:60]!r}; kept for review"
                )
            )

    def say(self, text, *, level):
        if self.verbosity >= level:
            self.stdout.write(text)
