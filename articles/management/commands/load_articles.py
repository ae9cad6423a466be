"""Load articles (and the vocabulary and curated claims beside them) into the knowledge base."""

import datetime
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from articles.reading import (
    SUFFIXES,
    TEXT_LIMITS,
    ArticleError,
    is_url,
    is_web_address,
    referenced_originals,
    slug_for,
)
from articles.services import article_load
from criteria.loading import VocabularyError, load_criteria, load_frameworks

VOCABULARY = (("frameworks.toml", load_frameworks), ("criteria.toml", load_criteria))
METADATA_OPTIONS = ("title", "author", "publisher", "url", "published")
PROGRESS_FROM = 20  # files; fewer load quickly enough to need no bar


class Command(BaseCommand):
    help = (
        "Load article files and folders: a folder's frameworks.toml and criteria.toml first, then "
        "every article under it (markdown, plain text or HTML) with its curated SLUG.claims.toml. "
        "Each article loads in its own transaction; reloading an unchanged article changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "paths",
            nargs="+",
            type=path_or_url,
            help="Article files or folders, or http(s) addresses of article pages.",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Report what would change; write nothing."
        )
        group = parser.add_argument_group(
            "metadata", "For a single article: these win over its header and its text."
        )
        for name in METADATA_OPTIONS:
            group.add_argument(f"--{name}", metavar=name.upper())

    def handle(self, *args, paths, dry_run, **options):
        self.verbosity = options["verbosity"]
        self.dry_run = dry_run
        if not dry_run:
            return self.load(paths, options)
        # A dry run does everything inside one transaction that is then rolled back, so the
        # articles see the vocabulary it would load and nothing at all is written.
        with transaction.atomic():
            try:
                return self.load(paths, options)
            finally:
                transaction.set_rollback(True)

    def load(self, paths, options):
        dry_run = self.dry_run
        missing = [str(path) for path in paths if not is_url(path) and not path.exists()]
        if missing:
            raise CommandError(f"No such file or folder: {', '.join(missing)}")
        overrides = self.metadata_overrides(options)

        vocabulary_files = [
            (folder / name, loader)
            for folder in paths
            if not is_url(folder) and folder.is_dir()
            for name, loader in VOCABULARY
            if (folder / name).is_file()
        ]
        empty = [
            str(folder)
            for folder in paths
            if not is_url(folder)
            and folder.is_dir()
            and not self.article_files([folder])
            and not any((folder / name).is_file() for name, _ in VOCABULARY)
        ]
        if empty:
            raise CommandError(
                f"Nothing to load in {', '.join(empty)}: no articles "
                f"({', '.join(sorted(SUFFIXES))}) and no vocabulary files."
            )
        articles = self.article_files(paths)
        if overrides and len(articles) != 1:
            given = ", ".join(f"--{name}" for name in overrides)
            raise CommandError(
                f"{given} describe one article, but {len(articles)} were found: "
                "name a single article file."
            )

        changed = self.load_vocabulary(vocabulary_files)
        tally, claims, articles_changed = self.load_each(articles, overrides)
        changed |= articles_changed

        prefix = "Dry run, nothing written. Would have loaded" if dry_run else "Loaded"
        summary = (
            f"{prefix} {len(articles)} article(s): "
            + ", ".join(f"{count} {status}" for status, count in tally.items())
            + f"; claims: {claims['created']} created, {claims['proposed']} proposed as drafts, "
            f"{claims['flagged']} flagged for review."
        )
        if tally["failed"]:
            raise CommandError(summary)
        self.say(self.style.SUCCESS(summary), level=0)
        if not changed:
            self.say("Nothing changed: everything was already loaded.", level=0)

    def load_vocabulary(self, vocabulary_files):
        """Frameworks and criteria first, so that articles can name them; True when any is new."""
        changed = False
        for path, loader in vocabulary_files:
            try:
                outcome = loader(path)
            except VocabularyError as error:
                raise CommandError(str(error)) from None
            changed |= outcome.created > 0
            self.say(f"{'(dry run) ' if self.dry_run else ''}{outcome}", level=1)
        return changed

    def load_each(self, articles, overrides):
        """Each article in its own transaction; a failure is reported and the others still load."""
        tally = dict.fromkeys(("created", "updated", "unchanged", "failed"), 0)
        claims = dict.fromkeys(("created", "proposed", "flagged"), 0)
        changed = False
        progress = Progress(self.stderr, len(articles), shown=self.wants_progress(articles))
        first_with_slug = {}
        for number, path in enumerate(articles, 1):
            first = first_with_slug.setdefault(slug_for(path), path)
            try:
                if first != path:
                    raise ArticleError(path, f"the same slug as {first}: rename one of them")
                outcome = article_load(path=path, dry_run=self.dry_run, overrides=overrides)
            except ArticleError as error:
                tally["failed"] += 1
                progress.clear()
                self.stderr.write(self.style.ERROR(f"failed     {error}"))
            else:
                tally[outcome.status] += 1
                claims["created"] += outcome.claims_created
                claims["proposed"] += outcome.claims_proposed
                claims["flagged"] += len(outcome.claims_flagged)
                changed |= outcome.changed
                progress.clear()
                self.report(outcome)
            progress.draw(number, path if is_url(path) else path.name)
        progress.clear()
        return tally, claims, changed

    def metadata_overrides(self, options):
        """The metadata options given, checked; a bad value stops the run before any write."""
        overrides = {}
        for name in METADATA_OPTIONS:
            value = options.get(name)
            if value is None:
                continue
            value = value.strip()
            if len(value) > TEXT_LIMITS.get(name, len(value)):
                raise CommandError(
                    f"--{name} is {len(value)} characters; the limit is {TEXT_LIMITS[name]}."
                )
            if name == "url" and value and not is_web_address(value):
                raise CommandError(f"--url must be an http(s) address, not {value!r}.")
            if name == "published" and value:
                try:
                    value = datetime.date.fromisoformat(value)
                except ValueError:
                    raise CommandError(
                        f"--published must be a date as YYYY-MM-DD, not {value!r}."
                    ) from None
            overrides[name] = value or (None if name == "published" else "")
        return overrides

    def article_files(self, paths):
        found = []
        for path in paths:
            if not is_url(path) and path.is_dir():
                found.extend(
                    sorted(
                        candidate
                        for candidate in path.rglob("*")
                        if candidate.suffix.lower() in SUFFIXES
                        and candidate.is_file()
                        and not any(
                            part.startswith(".") for part in candidate.relative_to(path).parts
                        )
                    )
                )
            else:
                found.append(path)
        originals = referenced_originals(found)
        unique = dict.fromkeys(p for p in found if is_url(p) or p.resolve() not in originals)
        return list(unique)

    def wants_progress(self, articles):
        """A bar only for a person watching a long run: never in a log, a pipe or a test."""
        return (
            len(articles) >= PROGRESS_FROM
            and self.verbosity >= 1
            and self.stdout.isatty()
            and self.stderr.isatty()
        )

    def report(self, outcome):
        status = outcome.status
        if self.dry_run and status != "unchanged":
            status = {"created": "would create", "updated": "would update"}[status]
        line = (
            f"{status:<10} {outcome.slug}: {outcome.claims_created} claim(s) created, "
            f"{outcome.claims_unchanged} unchanged"
        )
        if outcome.claims_reanchored:
            line += f", {outcome.claims_reanchored} re-anchored"
        if outcome.claims_proposed:
            line += f", {outcome.claims_proposed} draft(s) proposed"
        if outcome.frameworks_created:
            names = ", ".join(str(framework) for framework in outcome.frameworks_created)
            line += f"; new framework(s): {names}"
        style = self.style.SUCCESS if outcome.changed else (lambda text: text)
        self.say(style(line), level=1)
        flag = "would flag" if self.dry_run else "flagged"
        for claim in outcome.claims_flagged:
            self.stderr.write(
                self.style.WARNING(
                    f"{flag:<10} {outcome.slug}: claim {claim.pk} ({claim.framework.slug}/"
                    f"{claim.criterion.slug}) lost its quote {claim.quote[:60]!r}; kept for review"
                )
            )

    def say(self, text, *, level):
        if self.verbosity >= level:
            self.stdout.write(text)


def path_or_url(value):
    """An http(s) address as given (a Path would fold its '//'), anything else as a path."""
    return value if is_url(value) else Path(value)


class Progress:
    """A one-line bar on a terminal, redrawn in place and cleared before any other line is written.

    When not shown, every call does nothing, so the loop above needs no conditions.
    """

    WIDTH = 30

    def __init__(self, stream, total, *, shown):
        self.stream, self.total, self.shown = stream, total, shown

    def draw(self, done, label):
        filled = self.WIDTH * done // self.total
        bar = "#" * filled + "-" * (self.WIDTH - filled)
        self.write(f"\r[{bar}] {done}/{self.total} {label[:40]}")

    def clear(self):
        self.write("\r\033[K")  # back to the line's start, then erase it

    def write(self, text):
        if self.shown:
            self.stream.write(text, style_func=lambda plain: plain, ending="")
            self.stream.flush()
