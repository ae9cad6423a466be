"""Load articles (and the vocabulary and curated claims beside them) into the knowledge base."""

import datetime
import errno
import os
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError, transaction

from articles.reading import (
    SUFFIXES,
    TEXT_LIMITS,
    ArticleError,
    is_url,
    is_web_address,
    referenced_originals,
    unstorable,
)
from articles.services import article_load
from criteria.loading import VocabularyError, load_criteria, load_frameworks

VOCABULARY = (("frameworks.toml", load_frameworks), ("criteria.toml", load_criteria))
METADATA_OPTIONS = ("title", "author", "publisher", "url", "published")
STATUS_ORDER = ("published", "draft", "rejected")
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
        self.traceback = options.get("traceback", False)
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
        unreadable = [
            path_problem(path) for path in paths if not is_url(path) and not path.exists()
        ]
        if unreadable:
            raise CommandError("; ".join(unreadable))
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
            and not any(self.article_files([folder]))
            and not any((folder / name).is_file() for name, _ in VOCABULARY)
        ]
        if empty:
            raise CommandError(
                f"Nothing to load in {', '.join(empty)}: no articles "
                f"({', '.join(sorted(SUFFIXES))}) and no vocabulary files."
            )
        articles, self.unread = self.article_files(paths)
        if overrides and len(articles) != 1:
            given = ", ".join(f"--{name}" for name in overrides)
            raise CommandError(
                f"{given} describe one article, but {len(articles)} were found: "
                "name a single article file."
            )

        changed = self.load_vocabulary(vocabulary_files)
        tally, claims, articles_changed = self.load_each(articles, overrides)
        changed |= articles_changed

        summary = summary_line(tally, claims, dry_run=dry_run)
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
            except DatabaseError as error:  # say so, never a traceback: no article loads after
                raise CommandError(f"{path}: {unexpected(error)}") from None
            changed |= outcome.created > 0
            self.say(f"{'(dry run) ' if self.dry_run else ''}{outcome}", level=1)
        return changed

    def load_each(self, articles, overrides):
        """Each article in its own transaction; a failure is reported and the others still load.

        Any failure counts, an unexpected one (a database error, a bug) included: it is named
        with its article, the run goes on, and the command ends in an error.
        """
        tally = dict.fromkeys(("created", "updated", "unchanged", "duplicate", "failed"), 0)
        claims = dict.fromkeys(("created", "proposed", "flagged", "conflicts"), 0)
        changed = False
        for problem in self.unread:
            tally["failed"] += 1
            self.stderr.write(self.style.ERROR(f"failed     {problem}"))
        progress = Progress(self.stderr, len(articles), shown=self.wants_progress(articles))
        for number, path in enumerate(articles, 1):
            try:
                outcome = article_load(path=path, dry_run=self.dry_run, overrides=overrides)
            except ArticleError as error:
                self.failed(tally, progress, str(error))
            except Exception as error:  # noqa: BLE001 - one article's fault never stops the run
                if self.traceback:
                    raise
                self.failed(tally, progress, f"{path}: {unexpected(error)}")
            else:
                tally[outcome.status] += 1
                claims["created"] += outcome.claims_created
                claims["proposed"] += outcome.claims_proposed
                claims["flagged"] += len(outcome.claims_flagged)
                claims["conflicts"] += len(outcome.conflicts)
                changed |= outcome.changed
                progress.clear()
                self.report(outcome)
            progress.draw(number, path if is_url(path) else path.name)
        progress.clear()
        return tally, claims, changed

    def failed(self, tally, progress, message):
        tally["failed"] += 1
        progress.clear()
        self.stderr.write(self.style.ERROR(f"failed     {message}"))

    def metadata_overrides(self, options):
        """The metadata options given, checked; a bad value stops the run before any write."""
        overrides = {}
        for name in METADATA_OPTIONS:
            value = options.get(name)
            if value is None:
                continue
            value = value.strip()
            if what := unstorable(value):
                raise CommandError(f"--{name} holds {what}: is the terminal's encoding UTF-8?")
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
        """(article files, why each file in the folders that is not read is not).

        A symbolic link in a folder that leads out of it is not followed: a folder someone else
        put together could otherwise publish any file this account can read (name the file on
        its own to load it).
        """
        found, unread = [], []
        for path in paths:
            if is_url(path) or not path.is_dir():
                found.append(path)
                continue
            root = path.resolve()
            for candidate in sorted(path.rglob("*")):
                if (
                    candidate.suffix.lower() not in SUFFIXES
                    or candidate.stem.upper() in FOLDER_DOCUMENTS
                    or any(part.startswith(".") for part in candidate.relative_to(path).parts)
                ):
                    continue
                if candidate.is_file() and not candidate.resolve().is_relative_to(root):
                    unread.append(
                        f"{candidate}: a symbolic link to {candidate.resolve()}, outside "
                        f"{path}, so not read (name it on its own to load it)"
                    )
                elif candidate.is_file():
                    found.append(candidate)
                elif is_symlink_loop(candidate):
                    unread.append(path_problem(candidate))
        originals = referenced_originals(found)
        unique = dict.fromkeys(p for p in found if is_url(p) or p.resolve() not in originals)
        return list(unique), unread

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
        if self.dry_run and status in ("created", "updated"):
            status = {"created": "would create", "updated": "would update"}[status]
        if outcome.status == "duplicate":
            self.say(
                f"{'same':<10} {outcome.path}: the same article as {outcome.same_as} "
                f"(loaded from {outcome.same_as_origin}), so nothing was loaded. "
                f"{held(outcome.claims_by_status)}",
                level=1,
            )
            return
        if outcome.changed:
            line = f"{status:<10} {outcome.slug}: {outcome.claims_created} claim(s) created"
            if outcome.claims_unchanged:
                line += f", {outcome.claims_unchanged} already there"
        else:
            line = f"{status:<10} {outcome.slug}: nothing new"
        if outcome.claims_reanchored:
            line += f", {outcome.claims_reanchored} re-anchored"
        if outcome.claims_proposed:
            line += f", {outcome.claims_proposed} draft(s) proposed"
        if outcome.frameworks_created:
            names = ", ".join(str(framework) for framework in outcome.frameworks_created)
            line += f"; new framework(s): {names}"
        line += f". {held(outcome.claims_by_status)}"
        if outcome.moved_from:
            line += f" Its file was moved here from {outcome.moved_from}."
        style = self.style.SUCCESS if outcome.changed else (lambda text: text)
        self.say(style(line), level=1)
        for conflict in outcome.conflicts:
            self.stderr.write(self.style.WARNING(conflict_line(outcome.slug, conflict)))
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


# A folder's own documents (its README, licence, changelog) describe the folder, not an article:
# skipped when a folder is walked, loaded when named on their own.
FOLDER_DOCUMENTS = {"README", "LICENSE", "LICENCE", "COPYING", "CHANGELOG", "CONTRIBUTING"}


def is_symlink_loop(path):
    try:
        path.stat()
    except OSError as error:
        return error.errno == errno.ELOOP
    return False


def path_problem(path):
    """Why a path named for loading cannot be read, in words."""
    if is_symlink_loop(path):
        return f"{path}: a symbolic link that loops back on itself, so it names no file"
    if path.is_symlink():
        return f"{path}: a symbolic link to {os.readlink(path)}, which does not exist"
    return f"No such file or folder: {path}"


def unexpected(error):
    """An error no check foresaw, named by its kind; the article is left as it was."""
    kind = "database error" if isinstance(error, DatabaseError) else "unexpected error"
    detail = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
    return f"{kind} ({type(error).__name__}): {detail}; nothing of it was written"


def held(counts):
    """What an article's claims are now: "47 claim(s): 45 draft, 2 published"."""
    total = sum(count for status, count in counts.items() if status != "flagged")
    if not total:
        return "It has no claims."
    parts = [f"{counts[status]} {status}" for status in STATUS_ORDER if counts.get(status)]
    flagged = f" ({counts['flagged']} flagged for review)" if counts.get("flagged") else ""
    return f"It has {total} claim(s): {', '.join(parts)}{flagged}."


def shown(value, limit=60):
    if value in ("", None):
        return "(empty)"
    text = str(value)
    if len(text) > limit:
        return repr(text[:limit] + "…")
    return repr(text)


def conflict_line(slug, conflict):
    if conflict.field == "body":
        detail = (
            f"the file's text ({len(conflict.file_value):,} characters) differs from the "
            f"curator's ({len(conflict.kept_value):,})"
        )
    else:
        detail = (
            f"the file says {shown(conflict.file_value)}, "
            f"the curator's {shown(conflict.kept_value)} is kept"
        )
    return f"{'conflict':<10} {slug}: {conflict.field}: {detail}"


def summary_line(tally, claims, *, dry_run):
    """One line for the whole run; it never counts as loaded an article that was not."""
    loaded = tally["created"] + tally["updated"] + tally["unchanged"]
    total = loaded + tally["duplicate"] + tally["failed"]
    verb = "Dry run, nothing written. Would have loaded" if dry_run else "Loaded"
    if loaded == total:
        head = f"{verb} {total} article(s)"
    elif loaded == 0:
        head = f"{verb} none of {total} article(s)"
    else:
        head = f"{verb} {loaded} of {total} article(s)"
    counts = [f"{tally[status]} {status}" for status in ("created", "updated", "unchanged")]
    if tally["duplicate"]:
        counts.append(f"{tally['duplicate']} already loaded under another name")
    counts.append(f"{tally['failed']} failed")
    line = (
        f"{head}: {', '.join(counts)}; claims: {claims['created']} created, "
        f"{claims['proposed']} proposed as drafts, {claims['flagged']} flagged for review."
    )
    if claims["conflicts"]:
        line += f" {claims['conflicts']} curator edit(s) kept over the file's values (see above)."
    return line


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
